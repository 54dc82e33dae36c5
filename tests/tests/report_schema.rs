//! The JSON report's schema (`validator/report.schema.json`) is generated from the report types
//! with schemars; this test fails when the checked-in file is stale. Regenerate it with
//! `ACS_LOGS_BLESS=1 cargo test -p acs-log-tests --test report_schema`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use acs_log_validator::Report;
use std::path::Path;

#[test]
fn the_checked_in_report_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../validator/report.schema.json");
    let mut generated = serde_json::to_string_pretty(&Report::json_schema()).unwrap();
    generated.push('\n');
    if std::env::var_os("ACS_LOGS_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "{} is stale: run ACS_LOGS_BLESS=1 cargo test -p acs-log-tests --test report_schema",
        path.display()
    );
}

#[test]
fn a_report_validates_against_its_schema() {
    let report = acs_log_validator::check_str(
        "{\"Category\":\"SMSOperational\",\"TimeGenerated\":\"yesterday\",\"Extra\":1}\nnot json\n",
    )
    .unwrap();
    let schema = Report::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let instance = serde_json::to_value(&report).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|error| error.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(report.summary.records.total, 2);
    assert_eq!(report.summary.records.unreadable, 1);
}
