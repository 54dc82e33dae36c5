//! False alarms and silent drops a new user met on real-shaped data (fixtures under
//! `tests/fixtures/truth2/`): every finding must be true drift, and no record may be dropped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{acs_logs, counts, finding_lines};
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

/// A Log Analytics row never carries a column its table lacks (`Category` for
/// `ACSCallAutomationIncomingOperations`), whatever other files the run holds.
#[test]
fn la_row_is_not_missing_a_column_its_table_lacks() {
    let alone = check(&[&case("la-beside-archive/la-rows.ndjson")]);
    let beside = check(&[&case("la-beside-archive")]);
    assert_eq!(counts(&alone["summary"]["records"]).0, 1);
    assert!(counts(&beside["summary"]["records"]).0 > 1);
    for report in [&alone, &beside] {
        let lines = finding_lines(report);
        assert!(
            !lines
                .iter()
                .any(|line| line
                    .contains("missing-required-field CallAutomationOperational Category")),
            "{lines:#?}"
        );
    }
}

/// `category` and `location` are envelope fields of every resource log: not drift for Rooms,
/// whose page documents neither; and an "E.g." operation list is no closed set.
#[test]
fn rooms_archive_envelope_fields_and_operation_names_are_not_drift() {
    let report = check(&[&case("rooms-archive")]);
    assert_eq!(counts(&report["summary"]["records"]).0, 2);
    let lines = finding_lines(&report);
    assert!(
        !lines
            .iter()
            .any(|line| line.contains("undocumented-field")
                || line.contains("undocumented-enum-value")),
        "{lines:#?}"
    );
    let suggest = acs_logs(&["suggest", &case("rooms-archive")]);
    assert!(
        !suggest.stdout.contains("`Category`") && !suggest.stdout.contains("`Location`"),
        "{}",
        suggest.stdout
    );
}

/// `properties` as a JSON string holding an object is read (and said); anything else that is not
/// an object is reported and counted, never dropped.
#[test]
fn properties_not_an_object_is_read_or_reported() {
    let report = check(&[&case("properties-string")]);
    let (total, _valid, _drifted, unreadable) = counts(&report["summary"]["records"]);
    assert_eq!((total, unreadable), (3, 2), "{report:#}");
    let all = messages(&report).join("\n");
    assert!(all.contains("JSON string holding an object"), "{all}");
    assert!(
        all.contains("a string that does not hold a JSON object"),
        "{all}"
    );
    assert!(all.contains("`properties` is an array"), "{all}");
    // The encoded object was read: its thread id counts as seen.
    assert!(!all.contains("\"ChatThreadId\" is documented"), "{all}");
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

/// A Log Analytics row checked against the Kusto type says so: the pages allow a boolean for
/// `IsHardBounce`, the table's column is Kusto `string`.
#[test]
fn a_kusto_type_mismatch_names_the_kusto_type() {
    let report = check(&[&case("kusto-types")]);
    let finding = common::find(&report, "type-mismatch", Some("IsHardBounce"));
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("Kusto `string` column in the Log Analytics table"),
        "{message}"
    );
    assert!(!message.contains("documented as boolean"), "{message}");
    // A page's example is a property bag, not a Log Analytics row: the boolean the page's
    // `IsHardBounce == true` reads is no drift there.
    let docs = acs_logs(&[
        "docs",
        "check",
        "--format",
        "json",
        "validator/tests/fixtures/docs-cases/03-email-samples-by-section/email-logs.md",
    ]);
    let docs = docs.json();
    assert!(
        !docs["findings"].as_array().unwrap().iter().any(|finding| {
            finding["id"] == "type-mismatch"
                && finding["field"]
                    .as_str()
                    .unwrap_or("")
                    .contains("IsHardBounce")
        }),
        "{docs:#}"
    );
}

/// Keys spelled as the SMS page's table rows spell them (`CorrelationID`, `MessageID`) are
/// told they differ from the schema's key (the table reference's column), never that they
/// differ from "the documented" name: the page documents exactly that spelling.
#[test]
fn a_key_spelled_as_the_pages_table_row_is_not_said_to_differ_from_the_docs() {
    let report = check(&[&case("sms-page-spellings.ndjson")]);
    let titles: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["id"] == "name-case-mismatch")
        .map(|finding| finding["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "`CorrelationID` is spelled as the page's table row has it, but differs from the schema's key `CorrelationId`, the column of the Azure Monitor table reference (1 record(s))",
            "`MessageID` is spelled as the page's table row has it, but differs from the schema's key `MessageId`, the column of the Azure Monitor table reference (1 record(s))",
        ]
    );
}

/// An address column's note says what the value is not, branch by branch; an international
/// email address is an email address (`idn-email`: the page says only "the email address").
#[test]
fn an_address_that_is_not_one_is_said_to_be_neither_and_an_international_one_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let first = |path: &str, category: &str| -> serde_json::Map<String, Value> {
        std::fs::read_to_string(common::root().join(path))
            .unwrap()
            .lines()
            .map(|line| serde_json::from_str::<serde_json::Map<String, Value>>(line).unwrap())
            .find(|record| record.get("Category").and_then(Value::as_str) == Some(category))
            .unwrap()
    };
    let mut sms = first(
        "examples/exports/log-analytics/sms-clean.ndjson",
        "SMSOperational",
    );
    sms.insert("CallerIpAddress".into(), "203.0.113.5:443".into());
    let mut email = first(
        "examples/exports/log-analytics/all-categories-drift.ndjson",
        "EmailStatusUpdateOperational",
    );
    let mut lines = vec![Value::Object(sms).to_string()];
    for recipient in ["josé@example.com", "用户@例子.广告", "not-an-email"] {
        email.insert("RecipientId".into(), recipient.into());
        lines.push(Value::Object(email.clone()).to_string());
    }
    let path = dir.path().join("addresses.ndjson");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let report = check(&[path.to_str().unwrap()]);
    let mut notes: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["id"] == "format-violation")
        .flat_map(|finding| {
            finding["locations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|location| {
                    (
                        finding["field"].as_str().unwrap().to_owned(),
                        location["note"].as_str().unwrap().to_owned(),
                    )
                })
        })
        .collect();
    notes.sort();
    assert_eq!(
        notes,
        [
            (
                "CallerIpAddress".to_owned(),
                "\"203.0.113.5:443\" is not an IPv4 address, nor an IPv6 address, nor empty"
                    .to_owned()
            ),
            (
                "RecipientId".to_owned(),
                "\"not-an-email\" is not an email address, nor empty".to_owned()
            ),
        ],
        "{report}"
    );
}
