//! The same report in every format: SARIF validated against the OASIS SARIF 2.1.0 schema
//! (vendored), `JUnit` parsed as XML, JSON validated against the report's own checked-in schema,
//! GitHub workflow commands and Markdown checked for their shape.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{acs_logs, root};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

fn schema_validator(path: &std::path::Path) -> jsonschema::Validator {
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // The OASIS SARIF schema's patterns for `language` (`...-[a-zA-Z]{2}]?$`) have a stray `]`
    // that ECMA-262 regex checking rejects, so the schema would not compile. The report never
    // sets `language`; the patterns are dropped in memory, the vendored file stays as published.
    for pointer in [
        "/definitions/run/properties/language",
        "/definitions/toolComponent/properties/language",
    ] {
        if let Some(language) = schema.pointer_mut(pointer) {
            language.as_object_mut().unwrap().remove("pattern");
        }
    }
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn json_output_validates_against_the_checked_in_report_schema() {
    let validator = schema_validator(&root().join("validator/report.schema.json"));
    for args in [
        &["check", "examples/exports/", "--format", "json"][..],
        &[
            "check",
            "tests/fixtures/recall/drift.ndjson",
            "--format",
            "json",
        ][..],
    ] {
        assert_valid(&validator, &acs_logs(args).json());
    }
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let validator =
        schema_validator(&root().join("validator/tests/fixtures/sarif-schema-2.1.0.json"));
    let run = acs_logs(&["check", "examples/exports/", "--format", "sarif"]);
    assert_eq!(run.code, 1);
    let sarif = run.json();
    assert_valid(&validator, &sarif);
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let json = acs_logs(&["check", "examples/exports/", "--format", "json"]).json();
    assert_eq!(results.len(), json["findings"].as_array().unwrap().len());
    let first = &results[0];
    assert_eq!(first["ruleId"], json["findings"][0]["id"]);
    assert_eq!(first["level"], "error");
    assert!(
        first["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
            >= 1
    );
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"undocumented-field") && rules.contains(&"unreadable-record"));
}

#[test]
fn junit_output_is_well_formed_xml_with_one_failure_per_failing_finding() {
    let run = acs_logs(&["check", "examples/exports/", "--format", "junit"]);
    assert_eq!(run.code, 1);
    let mut reader = Reader::from_str(&run.stdout);
    let (mut suites, mut cases, mut failures, mut declared_failures) = (0, 0, 0, None);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(element) => match element.name().as_ref() {
                b"testsuites" => {
                    let attribute = element.try_get_attribute("failures").unwrap().unwrap();
                    declared_failures = Some(
                        attribute
                            .unescape_value()
                            .unwrap()
                            .parse::<usize>()
                            .unwrap(),
                    );
                }
                b"testsuite" => suites += 1,
                b"testcase" => {
                    cases += 1;
                    let name = element.try_get_attribute("name").unwrap().unwrap();
                    let name = name.unescape_value().unwrap();
                    // A case about no category or field is named by its id alone.
                    assert_eq!(name.trim(), name, "test case name {name:?}");
                }
                b"failure" => failures += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let json = acs_logs(&["check", "examples/exports/", "--format", "json"]).json();
    let errors = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["level"] == "error")
        .count();
    assert_eq!(failures, errors);
    assert_eq!(declared_failures, Some(errors));
    // One suite per category seen, and one for the inputs: the README and the script beside
    // the exports are skipped paths.
    assert_eq!(suites, 9, "one suite per category seen, one for the inputs");
    assert_eq!(cases, json["findings"].as_array().unwrap().len() + suites);
}

#[test]
fn github_output_is_one_workflow_command_per_finding_and_a_summary() {
    let run = acs_logs(&[
        "check",
        "examples/exports/log-analytics/all-categories-drift.ndjson",
        "--format",
        "github",
    ]);
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let json = acs_logs(&[
        "check",
        "examples/exports/log-analytics/all-categories-drift.ndjson",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(lines.len(), json["findings"].as_array().unwrap().len() + 1);
    assert!(lines.iter().all(|line| line.starts_with("::error ")
        || line.starts_with("::warning ")
        || line.starts_with("::notice ")));
    let first = lines[0];
    assert!(
        first.starts_with(
            "::error file=examples/exports/log-analytics/all-categories-drift.ndjson,line="
        ),
        "{first}"
    );
    assert!(
        first.contains(",title=missing-required-field SMSOperational.CallerIpAddress::"),
        "{first}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .starts_with("::notice title=acs-logs summary::40 records: 13 valid, 27 with drift")
    );
}

#[test]
fn markdown_output_has_the_findings_and_the_statistics() {
    let run = acs_logs(&["check", "examples/exports/", "--format", "markdown"]);
    assert!(
        run.stdout
            .starts_with("## acs-logs check: ❌ drift fails the check\n")
    );
    assert!(
        run.stdout
            .contains("**172** records: **89** valid, **83** with drift, **0** unreadable.")
    );
    assert!(
        run.stdout
            .contains("| Level | Id | Category | Field | Records | First seen | Documentation |")
    );
    assert!(
        run.stdout.contains(
            "| error | `missing-required-field` | SMSOperational | `CallerIpAddress` | 1 |"
        )
    );
    assert!(
        run.stdout
            .contains("| SMSOperational | ACSSMSIncomingOperations | 51 | 48 | 3 | 22/22 |")
    );
}

#[test]
fn text_output_ends_with_the_statistics_block() {
    let run = acs_logs(&["check", "examples/exports/log-analytics/sms-clean.ndjson"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "Summary\n  24 records: 24 valid, 0 with drift, 0 unreadable\n  SMSOperational: 24 records, 24 valid, 0 with drift; 22/22 documented fields seen\n  examples/exports/log-analytics/sms-clean.ndjson (ndjson, log-analytics): 24 records: 24 valid, 0 with drift, 0 unreadable\n  findings: 0 error, 0 warning, 0 info\n  result: passed (--fail-on error)\n"
    );
}

#[test]
fn github_annotates_every_input_not_read_and_the_summary_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ndjson");
    let damaged = dir.path().join("damaged.ndjson.gz");
    std::fs::write(
        &damaged,
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff],
    )
    .unwrap();
    let run = acs_logs(&[
        "check",
        "examples/exports/log-analytics/sms-clean.ndjson",
        missing.to_str().unwrap(),
        damaged.to_str().unwrap(),
        "--format",
        "github",
    ]);
    let unreadable: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.contains("title=unreadable-input"))
        .collect();
    assert_eq!(unreadable.len(), 2, "{}", run.stdout);
    assert!(unreadable[0].contains("nope.ndjson") && unreadable[0].contains("::cannot read: "));
    assert!(unreadable[1].contains("damaged.ndjson.gz"));
    let summary = run.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("::notice title=acs-logs summary::24 records")
            && summary.ends_with("; 2 input(s) not read"),
        "{summary}"
    );
}
