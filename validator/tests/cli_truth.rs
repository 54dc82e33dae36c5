//! End-to-end runs of `acs-logs check` on the truth cases (`tests/fixtures/truth/`, copied from
//! the field reports in `../shared/cases/truth/`): real-shaped exports of every kind, where every
//! finding must be real drift against the pages. Each test asserts the complete finding list
//! (level, id, category, field, count), the places, the record counts and the coverage.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{acs_logs, acs_logs_with_stdin, counts, find, finding_lines, root};
use serde_json::Value;

const CASES: &str = "tests/fixtures/truth";

fn check(args: &[&str]) -> (i32, Value) {
    // Each case folder keeps its README beside the inputs; the walk reports it as a skipped
    // path, which is not what these cases are about (validator/tests/reliability.rs is).
    let mut all = vec![
        "check",
        "--format",
        "json",
        "--config",
        "validator/tests/fixtures/skipped-path-off.toml",
    ];
    all.extend_from_slice(args);
    let run = acs_logs(&all);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.json())
}

fn case(path: &str) -> String {
    format!("{CASES}/{path}")
}

/// (line, record) of each location of a finding.
fn places(finding: &Value) -> Vec<(Option<u64>, Option<u64>)> {
    finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| (location["line"].as_u64(), location["record"].as_u64()))
        .collect()
}

fn has_finding(report: &Value, id: &str) -> bool {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|finding| finding["id"] == id)
}

fn coverage(report: &Value) -> (u64, u64) {
    let coverage = &report["summary"]["categories"][0]["coverage"];
    (
        coverage["seen"].as_u64().unwrap(),
        coverage["documented"].as_u64().unwrap(),
    )
}

#[test]
fn case_01_call_automation_data_export_one_finding_per_drift() {
    let (code, report) = check(&[&case("01-call-automation-data-export")]);
    assert_eq!(code, 0, "warnings and notes only");
    assert_eq!(
        finding_lines(&report),
        [
            "warning undocumented-field CallAutomationOperational OperationId 3",
            "warning name-case-mismatch CallAutomationOperational SdkType 3",
            "warning name-case-mismatch CallAutomationOperational SdkVersion 3",
            "info documented-field-never-seen CallAutomationOperational Category 3",
            "info documented-field-never-seen CallAutomationOperational ParticipantId 3",
        ]
    );
    // The recased SDK columns are the documented ones, seen: 17 documented, 2 absent.
    assert_eq!(coverage(&report), (15, 17));
    let operation_id = find(&report, "undocumented-field", Some("OperationId"));
    assert!(
        operation_id["message"].as_str().unwrap().ends_with(
            "the Azure Monitor table reference for ACSCallAutomationIncomingOperations documents it (Kusto string)"
        ),
        "{operation_id}"
    );
    assert_eq!(
        places(operation_id),
        [(Some(1), None), (Some(2), None), (Some(3), None)]
    );
    let sdk = find(&report, "name-case-mismatch", Some("SdkType"));
    assert_eq!(sdk["documentation"]["name"], "SDKType");
}

#[test]
fn case_01_the_category_comes_from_the_data_export_folder() {
    // A row without its `Type` column is still a Call Automation row in `am-<table>/`.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir
        .path()
        .join("am-acscallautomationincomingoperations/y=2024/m=07/d=30/h=09/m=00");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("PT1H.json"),
        r#"{"TimeGenerated":"2024-07-30T09:00:00Z","OperationName":"AnswerCall"}"#,
    )
    .unwrap();
    let (_, report) = check(&[dir.path().to_str().unwrap()]);
    assert_eq!(
        report["summary"]["categories"][0]["category"],
        "CallAutomationOperational"
    );
    assert!(!has_finding(&report, "unknown-category"));
}

#[test]
fn case_02_portal_csv_with_crlf_keeps_its_lines() {
    let crlf = case("02-rooms-portal-csv-crlf/crlf.csv");
    let (code, report) = check(&[&crlf]);
    assert_eq!(code, 0);
    // AddParticipants (line 3) is no drift: the page's operation names follow "E.g.". A value
    // broken on line 3 (header, CreateRoom, AddParticipants) is reported there, with CRLF as
    // with LF.
    assert!(!has_finding(&report, "undocumented-enum-value"));
    let broken = std::fs::read_to_string(root().join(&crlf))
        .unwrap()
        .replace("2024-07-30T09:00:01Z", "2024-07-30T25:00:01Z");
    let mut line_places = Vec::new();
    for text in [broken.clone(), broken.replace("\r\n", "\n")] {
        let report = acs_logs_with_stdin(
            &["check", "--input-format", "csv", "--format", "json"],
            Some(text.as_bytes()),
        )
        .json();
        line_places.push(places(find(
            &report,
            "format-violation",
            Some("TimeGenerated"),
        )));
    }
    assert_eq!(line_places, [[(Some(3), None)], [(Some(3), None)]]);
    // The two rows lack only columns neither carries: each is one note about the category
    // (documented-field-never-seen), no fault of the rows, which count valid.
    assert_eq!(counts(&report["summary"]["records"]), (2, 2, 0, 0));
    assert!(!has_finding(&report, "missing-required-field"));
    assert!(has_finding(&report, "documented-field-never-seen"));
}

#[test]
fn case_02_portal_csv_display_dates_empty_cells_and_reference_columns() {
    let (code, report) = check(&[&case("02-rooms-portal-csv-crlf/query_data.csv")]);
    assert_eq!(code, 0);
    assert_eq!(
        finding_lines(&report),
        [
            "warning undocumented-field RoomsOperational RoomParticipantsAttendee 2",
            "warning undocumented-field RoomsOperational RoomParticipantsConsumer 2",
            "warning undocumented-field RoomsOperational RoomParticipantsCount 2",
            "warning undocumented-field RoomsOperational RoomParticipantsPresenter 2",
            "info format-violation - - 1",
        ]
    );
    // Columns the pages lack are typed (from the table reference: int), not strings; their
    // empty cell on line 4 is no value.
    let count = find(&report, "undocumented-field", Some("RoomParticipantsCount"));
    assert_eq!(count["observed_types"], serde_json::json!({"integer": 2}));
    assert_eq!(places(count), [(Some(2), None), (Some(3), None)]);
    // The portal's `TimeGenerated [UTC]` display dates: one note about the export, at its
    // first row, and no format finding per row.
    let rendering = find(&report, "format-violation", None);
    assert_eq!(rendering["level"], "info");
    assert_eq!(places(rendering), [(Some(2), None)]);
    assert!(
        rendering["locations"][0]["note"]
            .as_str()
            .unwrap()
            .contains("`TimeGenerated` holds `7/30/2024, 9:32:49.469 AM`")
    );
    // Empty int/bool cells are not missing columns: all 13 documented columns present.
    assert_eq!(coverage(&report), (13, 13));
    assert_eq!(counts(&report["summary"]["records"]), (3, 1, 2, 0));
}

#[test]
fn a_csv_row_longer_than_its_header_is_damaged_and_nothing_is_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long-row.csv");
    std::fs::copy(
        root().join("tests/fixtures/truth-reliability/d07-csv-long-row.csv"),
        &path,
    )
    .unwrap();
    let (code, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report["summary"]["records"]), (2, 1, 0, 1));
    let damaged = find(&report, "unreadable-record", None);
    assert_eq!(places(damaged), [(Some(3), None)]);
    assert!(
        damaged["locations"][0]["note"]
            .as_str()
            .unwrap()
            .contains("27 cell(s) where the header has 26"),
        "{damaged}"
    );
    // An unterminated quote swallows the rest of the input into one short row: reported, with
    // the lines it took in, so that every line is accounted for.
    let text = "TimeGenerated,OperationName,Type\n2024-07-30T09:00:00Z,\"CreateRoom,ACSRoomsIncomingOperations\n\
                2024-07-30T09:00:01Z,CreateRoom,ACSRoomsIncomingOperations\n\
                2024-07-30T09:00:02Z,CreateRoom,ACSRoomsIncomingOperations\n";
    let report = acs_logs_with_stdin(
        &["check", "--input-format", "csv", "--format", "json"],
        Some(text.as_bytes()),
    )
    .json();
    assert_eq!(counts(&report["summary"]["records"]), (1, 0, 0, 1));
    assert!(
        find(&report, "unreadable-record", None)["locations"][0]["note"]
            .as_str()
            .unwrap()
            .ends_with("(an unterminated quote runs to the end of the input? the row takes in the 2 line(s) after it)")
    );
}

#[test]
fn case_03_query_response_strings_follow_the_table_reference() {
    let (code, report) = check(&[&case("03-email-status-query-response")]);
    assert_eq!(code, 0);
    // SmtpStatusCode "250" and IsHardBounce "False" are Kusto strings: no type finding.
    assert_eq!(
        finding_lines(&report),
        [
            "warning undocumented-field EmailStatusUpdateOperational FailureMessage 4",
            "warning undocumented-field EmailStatusUpdateOperational FailureReason 4",
        ]
    );
    for field in ["FailureMessage", "FailureReason"] {
        let finding = find(&report, "undocumented-field", Some(field));
        assert!(
            finding["message"]
                .as_str()
                .unwrap()
                .ends_with("documents it (Kusto string)")
        );
        assert_eq!(
            places(finding),
            // Each query row at the line it starts on, and its index.
            [
                (Some(84), Some(0)),
                (Some(105), Some(1)),
                (Some(126), Some(2)),
                (Some(147), Some(3))
            ]
        );
    }
    assert_eq!(coverage(&report), (13, 13));
}

#[test]
fn case_04_az_cli_output_is_typed_back_and_its_table_name_known() {
    let (code, report) = check(&[&case("04-sms-az-cli-output")]);
    assert_eq!(code, 0);
    assert_eq!(finding_lines(&report), Vec::<String>::new());
    assert_eq!(counts(&report["summary"]["records"]), (2, 2, 0, 0));
    assert_eq!(coverage(&report), (22, 22));
    // Typed back, a value that does not read as its Kusto type is still reported.
    let text =
        std::fs::read_to_string(root().join(case("04-sms-az-cli-output/az-query-output.json")))
            .unwrap()
            .replacen("\"DurationMs\": \"130\"", "\"DurationMs\": \"slow\"", 1);
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(text.as_bytes())).json();
    assert_eq!(
        finding_lines(&report),
        ["error type-mismatch SMSOperational DurationMs 1"]
    );
    // The CLI writes ISO 8601: a display date there is reported, never read back silently
    // (only the portal's CSV, under a `[UTC]` header, renders dates for display).
    let text =
        std::fs::read_to_string(root().join(case("04-sms-az-cli-output/az-query-output.json")))
            .unwrap()
            .replacen(
                "\"TimeGenerated\": \"2024-07-30T11:02:10.1000000Z\"",
                "\"TimeGenerated\": \"7/30/2024, 11:02:10.100 AM\"",
                1,
            );
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(text.as_bytes())).json();
    assert_eq!(
        finding_lines(&report),
        ["error format-violation SMSOperational TimeGenerated 1"]
    );
}

#[test]
fn a_display_date_is_read_back_only_under_the_portals_utc_header() {
    let csv =
        std::fs::read_to_string(root().join("examples/exports/log-analytics/rooms-export.csv"))
            .unwrap();
    let mut lines: Vec<String> = csv.lines().map(str::to_owned).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_owned).collect();
    cells[1] = "\"7/30/2024, 9:32:49.469 AM\"".to_owned();
    lines[1] = cells.join(",");
    let plain = lines.join("\n") + "\n";
    let report = acs_logs_with_stdin(
        &["check", "--input-format", "csv", "--format", "json"],
        Some(plain.as_bytes()),
    )
    .json();
    let violation = find(&report, "format-violation", Some("TimeGenerated"));
    assert_eq!(violation["level"], "error", "{violation}");
    let headed = plain.replacen(",TimeGenerated,", ",TimeGenerated [UTC],", 1);
    let report = acs_logs_with_stdin(
        &["check", "--input-format", "csv", "--format", "json"],
        Some(headed.as_bytes()),
    )
    .json();
    let note = find(&report, "format-violation", None);
    assert_eq!(note["level"], "info", "{note}");
}

#[test]
fn case_05_query_response_nulls_are_no_value() {
    let (code, report) = check(&[
        "--input-format",
        "la-query",
        &case("05-rooms-query-response-one-line/query-response.json"),
    ]);
    assert_eq!(code, 0);
    assert_eq!(
        finding_lines(&report),
        [
            "warning undocumented-field RoomsOperational RoomParticipantsAttendee 1",
            "warning undocumented-field RoomsOperational RoomParticipantsConsumer 1",
            "warning undocumented-field RoomsOperational RoomParticipantsCount 1",
            "warning undocumented-field RoomsOperational RoomParticipantsPresenter 1",
            "info documented-field-never-seen RoomsOperational AddedRoomParticipantsCount 3",
            "info documented-field-never-seen RoomsOperational RemovedRoomParticipantsCount 3",
            "info documented-field-never-seen RoomsOperational UpsertedRoomParticipantsCount 3",
        ]
    );
    // Null in every record: reported once, as never carrying a value (not as missing).
    let never = find(
        &report,
        "documented-field-never-seen",
        Some("AddedRoomParticipantsCount"),
    );
    assert!(
        never["message"]
            .as_str()
            .unwrap()
            .contains("never carried a value")
    );
    assert_eq!(coverage(&report), (13, 13));
    assert_eq!(counts(&report["summary"]["records"]), (3, 2, 1, 0));
}

#[test]
fn case_05_a_one_line_query_response_is_detected() {
    let (_, report) = check(&[&case("05-rooms-query-response-one-line")]);
    // The case's README is listed too, as a path the walk skipped.
    let inputs: Vec<&Value> = report["summary"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|input| !input["format"].is_null())
        .collect();
    assert_eq!(inputs.len(), 2);
    assert!(inputs.iter().all(|input| input["format"] == "la-query"));
    assert_eq!(
        counts(&inputs[0]["records"]).0,
        2,
        "compact-query-response.json"
    );
    assert_eq!(counts(&inputs[1]["records"]).0, 3, "query-response.json");
    assert!(!has_finding(&report, "unknown-category"));
}

#[test]
fn case_06_numeric_chat_message_ids_are_no_finding() {
    let (code, report) = check(&[&case("06-chat-message-ids")]);
    assert_eq!(code, 0);
    assert_eq!(finding_lines(&report), Vec::<String>::new());
    assert_eq!(counts(&report["summary"]["records"]), (4, 4, 0, 0));
}

#[test]
fn case_07_one_sms_event_in_three_shapes_is_clean() {
    let (code, report) = check(&[&case("07-sms-one-event-three-shapes")]);
    assert_eq!(code, 0);
    assert_eq!(finding_lines(&report), Vec::<String>::new());
    assert_eq!(counts(&report["summary"]["records"]), (3, 3, 0, 0));
    assert_eq!(coverage(&report), (22, 22));
}

#[test]
fn case_08_email_status_in_two_shapes_follows_each_documented_form() {
    let (code, report) = check(&[&case("08-email-status-two-shapes")]);
    assert_eq!(code, 0);
    assert_eq!(
        finding_lines(&report),
        [
            "warning undocumented-field EmailStatusUpdateOperational FailureMessage 6",
            "warning undocumented-field EmailStatusUpdateOperational FailureReason 6",
        ]
    );
    // A Log Analytics row must still carry the Kusto string: a boolean there is drift.
    let row = std::fs::read_to_string(
        root().join(case("08-email-status-two-shapes/log-analytics-rows.ndjson")),
    )
    .unwrap()
    .lines()
    .nth(2)
    .unwrap()
    .replace("\"IsHardBounce\": \"true\"", "\"IsHardBounce\": true");
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(row.as_bytes())).json();
    let mismatch = find(&report, "type-mismatch", Some("IsHardBounce"));
    assert_eq!(mismatch["level"], "error");
    assert!(
        mismatch["locations"][0]["note"]
            .as_str()
            .unwrap()
            .contains("Kusto type string")
    );
}

#[test]
fn case_02_csv_columns_the_pages_lack_are_typed_and_suggested_as_what_they_are() {
    // A column only the table reference knows takes its Kusto type; one nobody documents is
    // read from its text.
    let csv = std::fs::read_to_string(root().join(case("02-rooms-portal-csv-crlf/crlf.csv")))
        .unwrap()
        .replace("Type\r\n", "Type,SegmentsCount\r\n")
        .replace("Operations\r\n", "Operations,2\r\n");
    let report = acs_logs_with_stdin(
        &["check", "--input-format", "csv", "--format", "json"],
        Some(csv.as_bytes()),
    )
    .json();
    let segments = find(&report, "undocumented-field", Some("SegmentsCount"));
    assert_eq!(
        segments["observed_types"],
        serde_json::json!({"integer": 2})
    );
    let run = acs_logs(&["suggest", &case("02-rooms-portal-csv-crlf/query_data.csv")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let proposal = run
        .stdout
        .split("\"path\": \"/properties/RoomParticipantsCount\"")
        .nth(1)
        .unwrap();
    let value = proposal.split("\"examples\"").next().unwrap();
    assert!(value.contains("\"type\": \"integer\""), "{value}");
    assert!(value.contains("\"x-kusto-type\": \"int\""), "{value}");
}
