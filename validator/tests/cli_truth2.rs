//! False alarms and silent drops a new user met on real-shaped data (fixtures under
//! `tests/fixtures/truth2/`): every finding must be true drift, and no record may be dropped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::acs_logs;
use serde_json::Value;

const CASES: &str = "validator/tests/fixtures/truth2";

fn check(args: &[&str]) -> Value {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = acs_logs(&all);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.json()
}

fn case(path: &str) -> String {
    format!("{CASES}/{path}")
}

fn messages(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| serde_json::to_string(finding).unwrap())
        .collect()
}

/// The portal-date note quotes the file's own value, and a bad display date is reported as the
/// file has it, not as an ISO rewrite.
#[test]
fn portal_dates_are_quoted_as_the_file_has_them() {
    let report = check(&[&case("portal-dates")]);
    let all = messages(&report).join("\n");
    assert!(all.contains("5/1/2024, 12:00:00.083 AM"), "{all}");
    assert!(!all.contains("7/30/2024"), "{all}");
    assert!(all.contains("2/29/2023, 9:32:49.469 AM"), "{all}");
    assert!(!all.contains("2023-02-29T"), "{all}");
}
