//! End-to-end runs of `acs-logs check` on the bundled samples: every input format, both record
//! shapes, exact findings, summary counts and exit codes, and the CI contract (baseline, config,
//! fail-on, usage errors).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{
    acs_logs, acs_logs_with_stdin, counts, find, finding_ids, finding_lines, golden, root,
};

const SMS_CLEAN: &str = "examples/exports/log-analytics/sms-clean.ndjson";
const EMAIL_ARRAY: &str = "examples/exports/log-analytics/email-send-clean.json";
const CHAT_QUERY: &str = "examples/exports/log-analytics/chat-query-response.json";
const ROOMS_CSV: &str = "examples/exports/log-analytics/rooms-export.csv";
const DRIFT: &str = "examples/exports/log-analytics/all-categories-drift.ndjson";
const EVENTHUBS: &str = "examples/exports/eventhubs/call-automation.json";
const GZIP: &str = "examples/exports/gzip/usage.ndjson.gz";

#[test]
fn the_main_job_checks_every_sample_and_fails_on_the_drifted_ones() {
    let run = acs_logs(&["check", "examples/exports/", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    assert_eq!(counts(&report["summary"]["records"]), (172, 89, 83, 0));
    let inputs: Vec<String> = report["summary"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        // The README and the script beside the exports are skipped paths, with no format.
        .filter(|input| input["format"].is_string())
        .map(|input| {
            format!(
                "{} {} gzip={} la={} rl={} {:?}",
                input["input"].as_str().unwrap().rsplit('/').next().unwrap(),
                input["format"].as_str().unwrap(),
                input["gzip"],
                input["shapes"]["log_analytics"],
                input["shapes"]["resource_log"],
                counts(&input["records"])
            )
        })
        .collect();
    assert_eq!(
        inputs,
        [
            "call-automation.json eventhubs gzip=false la=0 rl=24 (24, 0, 24, 0)",
            "usage.ndjson.gz ndjson gzip=true la=20 rl=0 (20, 0, 20, 0)",
            "all-categories-drift.ndjson ndjson gzip=false la=40 rl=0 (40, 13, 27, 0)",
            "chat-query-response.json la-query gzip=false la=12 rl=0 (12, 12, 0, 0)",
            "email-send-clean.json json-array gzip=false la=20 rl=0 (20, 20, 0, 0)",
            "rooms-export.csv csv gzip=false la=16 rl=0 (16, 4, 12, 0)",
            "sms-clean.ndjson ndjson gzip=false la=24 rl=0 (24, 24, 0, 0)",
            "PT1H.json ndjson gzip=false la=0 rl=16 (16, 16, 0, 0)",
        ]
    );
    golden(
        "examples.findings.txt",
        &(finding_lines(&report).join("\n") + "\n"),
    );
}

#[test]
fn clean_log_analytics_json_lines_pass() {
    let run = acs_logs(&["check", SMS_CLEAN, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = run.json();
    assert_eq!(counts(&report["summary"]["records"]), (24, 24, 0, 0));
    assert_eq!(report["findings"], serde_json::json!([]));
    let category = &report["summary"]["categories"][0];
    assert_eq!(category["category"], "SMSOperational");
    assert_eq!(category["coverage"]["seen"], 22);
    assert_eq!(category["coverage"]["documented"], 22);
}

#[test]
fn a_clean_json_array_passes() {
    let report = acs_logs(&["check", EMAIL_ARRAY, "--format", "json"]).json();
    assert_eq!(report["summary"]["inputs"][0]["format"], "json-array");
    assert_eq!(counts(&report["summary"]["records"]), (20, 20, 0, 0));
}

#[test]
fn a_storage_archive_tree_is_walked_and_read_in_the_resource_log_shape() {
    let run = acs_logs(&["check", "examples/exports/storage", "--format", "json"]);
    assert_eq!(run.code, 0);
    let report = run.json();
    let input = &report["summary"]["inputs"][0];
    assert!(
        input["input"]
            .as_str()
            .unwrap()
            .contains("insights-logs-smsoperational/resourceId=/SUBSCRIPTIONS/")
    );
    assert!(
        input["input"]
            .as_str()
            .unwrap()
            .ends_with("/y=2024/m=05/d=01/h=00/m=00/PT1H.json")
    );
    assert_eq!(input["shapes"]["resource_log"], 16);
    assert_eq!(counts(&report["summary"]["records"]), (16, 16, 0, 0));
}

#[test]
fn a_query_api_response_is_read_row_by_row() {
    // The Chat table's real columns, `null` where an operation has no message id: clean.
    let run = acs_logs(&["check", CHAT_QUERY, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = run.json();
    assert_eq!(report["summary"]["inputs"][0]["format"], "la-query");
    assert_eq!(counts(&report["summary"]["records"]), (12, 12, 0, 0));
    assert_eq!(report["summary"]["categories"][0]["coverage"]["seen"], 17);
    // Query rows have no line; a finding's location names the row.
    let mut text = std::fs::read_to_string(root().join(CHAT_QUERY)).unwrap();
    text = text.replacen("\"UserId\"", "\"UserID\"", 1);
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(text.as_bytes())).json();
    assert_eq!(
        finding_lines(&report),
        ["warning name-case-mismatch ChatOperational UserID 12"]
    );
    let case = find(&report, "name-case-mismatch", Some("UserID"));
    assert_eq!(case["locations"][0]["record"], 0);
    assert_eq!(case["locations"][4]["record"], 4);
    assert_eq!(
        case["documentation"]["page"],
        "communication-services-logs.md"
    );
    assert_eq!(case["documentation"]["table"], "Chat operational logs");
}

#[test]
fn csv_values_are_typed_back_with_the_schema() {
    let run = acs_logs(&["check", ROOMS_CSV, "--format", "json"]);
    assert_eq!(run.code, 0, "only warnings: {}", run.stdout);
    let report = run.json();
    assert_eq!(report["summary"]["inputs"][0]["format"], "csv");
    assert_eq!(
        finding_lines(&report),
        [
            "warning undocumented-field RoomsOperational RoomParticipantsAttendee 12",
            "warning undocumented-field RoomsOperational RoomParticipantsConsumer 12",
            "warning undocumented-field RoomsOperational RoomParticipantsCount 12",
            "warning undocumented-field RoomsOperational RoomParticipantsPresenter 12",
            "info documented-field-never-seen RoomsOperational RemovedRoomParticipantsCount 16",
            "info documented-field-never-seen RoomsOperational UpsertedRoomParticipantsCount 16",
        ]
    );
    // No type-mismatch: "30" in RoomLifespan became 30, "false" became false, and an empty
    // cell is no value, not a missing column.
    let extra = find(&report, "undocumented-field", Some("RoomParticipantsCount"));
    assert_eq!(extra["locations"][0]["line"], 2);
    // A column the pages lack is typed from the table reference (int), not left a string.
    assert_eq!(extra["observed_types"]["integer"], 12);
    assert!(
        extra["message"]
            .as_str()
            .unwrap()
            .contains("table reference for ACSRoomsIncomingOperations documents it (Kusto int)")
    );
    let never = find(
        &report,
        "documented-field-never-seen",
        Some("UpsertedRoomParticipantsCount"),
    );
    assert!(
        never["message"]
            .as_str()
            .unwrap()
            .contains("never carried a value")
    );
    assert_eq!(
        acs_logs(&["check", ROOMS_CSV, "--fail-on", "warning", "--quiet"]).code,
        1
    );
}

#[test]
fn event_hubs_batches_are_unwrapped() {
    let run = acs_logs(&["check", EVENTHUBS, "--format", "json"]);
    assert_eq!(run.code, 0);
    let report = run.json();
    let input = &report["summary"]["inputs"][0];
    assert_eq!(input["format"], "eventhubs");
    assert_eq!(input["shapes"]["resource_log"], 24);
    let finding = find(&report, "undocumented-field", Some("OperationId"));
    assert_eq!(finding["count"], 24);
    // A record of a batch is placed by the batch's line and its index in the batch.
    assert_eq!(finding["locations"][0]["line"], 1);
    assert_eq!(finding["locations"][0]["record"], 0);
}

#[test]
fn gzip_is_read_transparently() {
    let report = acs_logs(&["check", GZIP, "--format", "json"]).json();
    assert_eq!(report["summary"]["inputs"][0]["gzip"], true);
    assert_eq!(counts(&report["summary"]["records"]), (20, 0, 20, 0));
    assert_eq!(
        find(&report, "undocumented-field", Some("StartTime"))["count"],
        20
    );
}

#[test]
fn drift_in_every_category_is_reported_with_its_place_and_its_documentation() {
    let run = acs_logs(&["check", DRIFT, "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = run.json();
    // The injected drifts (gen_acs_logs.py --seed 12 --drift-rate 0.3), each once.
    let case = find(&report, "name-case-mismatch", Some("ChatMessageID"));
    assert_eq!(case["category"], "ChatOperational");
    assert_eq!(case["locations"][0]["file"], DRIFT);
    assert_eq!(case["locations"][0]["line"], 7);
    assert_eq!(case["documentation"]["name"], "ChatMessageId");
    let case = find(&report, "name-case-mismatch", Some("correlationID"));
    assert_eq!(case["category"], "CallAutomationOperational");
    let timestamp = find(&report, "format-violation", Some("TimeGenerated"));
    assert_eq!(timestamp["count"], 1);
    let extra = find(&report, "undocumented-field", Some("SegmentsCount"));
    assert_eq!(extra["documentation"]["page"], "sms-logs.md");
    assert_eq!(extra["observed_types"]["integer"], 1);
    let missing = find(&report, "missing-required-field", Some("CallerIpAddress"));
    assert_eq!(missing["count"], 1);
    assert_eq!(missing["locations"][0]["line"], 22);
    let as_string = find(&report, "type-mismatch", Some("DeliveryAttempts"));
    assert_eq!(as_string["level"], "error");
    assert_eq!(as_string["locations"][0]["line"], 5);
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let bytes = std::fs::read(root().join(SMS_CLEAN)).unwrap();
    let run = acs_logs_with_stdin(&["check", "-", "--format", "json"], Some(&bytes));
    assert_eq!(run.code, 0);
    let report = run.json();
    assert_eq!(report["summary"]["inputs"][0]["input"], "-");
    assert_eq!(counts(&report["summary"]["records"]), (24, 24, 0, 0));
}

#[test]
fn the_input_format_can_be_forced() {
    // Read as JSON documents, JSON Lines are JSON values back to back: every record is read.
    let report = acs_logs(&[
        "check",
        SMS_CLEAN,
        "--input-format",
        "json",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(counts(&report["summary"]["records"]), (24, 24, 0, 0));
    assert_eq!(report["summary"]["inputs"][0]["format"], "json");
    // Read as CSV, they are one header and rows of the wrong shape, not JSON.
    let report = acs_logs(&[
        "check",
        SMS_CLEAN,
        "--input-format",
        "csv",
        "--format",
        "json",
    ])
    .json();
    assert_eq!(report["summary"]["inputs"][0]["format"], "csv");
}

#[test]
fn the_category_comes_from_the_record_or_the_fallback() {
    let record = br#"{"TimeGenerated":"2024-05-01T00:00:00Z","Quantity":"three"}"#;
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(record)).json();
    assert_eq!(find(&report, "unknown-category", None)["count"], 1);
    let report = acs_logs_with_stdin(
        &["check", "--category", "usage", "--format", "json"],
        Some(record),
    )
    .json();
    assert_eq!(
        find(&report, "type-mismatch", Some("Quantity"))["category"],
        "Usage"
    );
    let unknown = br#"{"Category":"VideoOperational","TimeGenerated":"2024-05-01T00:00:00Z"}"#;
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(unknown)).json();
    // A category the pages do not cover is drift to hear about, not a failed run.
    let finding = find(&report, "unknown-category", Some("VideoOperational"));
    assert_eq!(finding["level"], "warning");
    assert_eq!(report["summary"]["categories"][0]["known"], false);
}

#[test]
fn a_number_in_a_kusto_string_column_is_a_type_mismatch() {
    // The table reference types SMS ResultSignature `string`: Log Analytics writes "202".
    let sms = std::fs::read_to_string(root().join(SMS_CLEAN)).unwrap();
    let line = sms.lines().next().unwrap();
    let status = line
        .split("\"ResultSignature\":\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let line = line.replace(
        &format!("\"ResultSignature\":\"{status}\""),
        &format!("\"ResultSignature\":{status}"),
    );
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(line.as_bytes())).json();
    let finding = find(&report, "type-mismatch", Some("ResultSignature"));
    assert_eq!(finding["level"], "error");
    assert_eq!(finding["count"], 1);
    assert!(
        finding["message"]
            .as_str()
            .unwrap()
            .contains("Kusto string in the table reference")
    );
}

#[test]
fn a_baseline_suppresses_known_drift_so_only_new_drift_fails() {
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    // Writing a baseline does not change the verdict; `--fail-on never` seeds it with exit 0.
    let run = acs_logs(&["check", DRIFT, "--write-baseline", baseline, "--quiet"]);
    assert_eq!(run.code, 1);
    let written = std::fs::read(baseline).unwrap();
    let run = acs_logs(&[
        "check",
        DRIFT,
        "--write-baseline",
        baseline,
        "--fail-on",
        "never",
        "--quiet",
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(std::fs::read(baseline).unwrap(), written);
    let run = acs_logs(&["check", DRIFT, "--baseline", baseline, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let report = run.json();
    assert_eq!(report["findings"], serde_json::json!([]));
    assert_eq!(report["summary"]["suppressed_by_baseline"], 32);
    // New drift (a new undocumented field) still fails.
    let sms = std::fs::read_to_string(root().join(SMS_CLEAN)).unwrap();
    let mut text = std::fs::read_to_string(root().join(DRIFT)).unwrap();
    text.push_str(
        &sms.lines()
            .next()
            .unwrap()
            .replace("\"Country\"", "\"RoutingRegion\":\"eu\",\"Country\""),
    );
    let run = acs_logs_with_stdin(
        &[
            "check",
            "-",
            "--baseline",
            baseline,
            "--fail-on",
            "warning",
            "--format",
            "json",
        ],
        Some(text.as_bytes()),
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        common::finding_lines(&run.json()),
        ["warning undocumented-field SMSOperational RoutingRegion 1"]
    );
}

#[test]
fn finding_levels_come_from_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join(".acs-logs.toml");
    std::fs::write(
        &config,
        "[levels]\nundocumented-field = \"error\"\nundocumented-enum-value = \"off\"\n",
    )
    .unwrap();
    let run = acs_logs(&[
        "check",
        ROOMS_CSV,
        "--config",
        config.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(
        find(&report, "undocumented-field", Some("RoomParticipantsCount"))["level"],
        "error"
    );
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|finding| finding["id"] != "undocumented-enum-value")
    );

    std::fs::write(&config, "[levels]\nundocumented-field = \"fatal\"\n").unwrap();
    let run = acs_logs(&["check", ROOMS_CSV, "--config", config.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("levels.undocumented-field"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_is_the_same_whatever_the_number_of_workers() {
    let one = acs_logs(&[
        "check",
        "examples/exports/",
        "--format",
        "json",
        "--jobs",
        "1",
    ]);
    let four = acs_logs(&[
        "check",
        "examples/exports/",
        "--format",
        "json",
        "--jobs",
        "4",
    ]);
    assert_eq!(one.stdout, four.stdout);
    let text_one = acs_logs(&["check", "examples/exports/", "--jobs", "1"]);
    let text_four = acs_logs(&["check", "examples/exports/", "--jobs", "4"]);
    assert_eq!(text_one.stdout, text_four.stdout);
    assert!(
        !text_one.stdout.contains('\u{1b}'),
        "no colour off a terminal"
    );
}

#[test]
fn a_schema_set_on_disk_gives_the_same_report_as_the_embedded_one() {
    let embedded = acs_logs(&["check", "examples/exports/", "--format", "json"]).json();
    let on_disk = acs_logs(&[
        "check",
        "examples/exports/",
        "--format",
        "json",
        "--schemas",
        "schemas/acs",
    ])
    .json();
    assert_eq!(embedded["findings"], on_disk["findings"]);
    assert_eq!(on_disk["schema_set"], "schemas/acs");
}

#[test]
fn the_report_can_be_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("report.md");
    let run = acs_logs(&[
        "check",
        SMS_CLEAN,
        "--format",
        "markdown",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.is_empty());
    assert!(
        std::fs::read_to_string(output)
            .unwrap()
            .starts_with("## acs-logs check: ✅ passed")
    );
}

#[test]
fn usage_and_io_errors_exit_with_2() {
    assert_eq!(acs_logs(&["check", "--no-such-flag"]).code, 2);
    assert_eq!(acs_logs(&["check", "--format", "yaml"]).code, 2);
    assert_eq!(
        acs_logs(&["check", "--category", "Nope", SMS_CLEAN]).code,
        2
    );
    assert_eq!(
        acs_logs(&["check", "--schemas", "no/such/dir", SMS_CLEAN]).code,
        2
    );
    // A missing path is an error, and the other paths are still checked and reported.
    let run = acs_logs(&[
        "check",
        "no-such-file.ndjson",
        SMS_CLEAN,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no-such-file.ndjson"), "{}", run.stderr);
    assert_eq!(counts(&run.json()["summary"]["records"]), (24, 24, 0, 0));
}

#[test]
fn an_unknown_category_is_named_with_the_known_ones_and_no_schema_place() {
    let run = acs_logs(&[
        "check",
        "--category",
        "Nope",
        "examples/exports/log-analytics/sms-clean.ndjson",
    ]);
    assert_eq!(run.code, 2);
    // A flag's value, not a place in a schema file.
    assert!(
        run.stderr
            .starts_with("acs-logs: error: --category Nope: no such category; known: Usage, "),
        "{}",
        run.stderr
    );
}

#[test]
fn a_baseline_never_accepts_a_damaged_empty_or_skipped_input() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    std::fs::copy(root().join(SMS_CLEAN), logs.join("sms.ndjson")).unwrap();
    let damaged = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff];
    std::fs::write(logs.join("old.ndjson.gz"), damaged).unwrap();
    std::fs::write(logs.join("empty.ndjson"), "").unwrap();
    std::fs::write(logs.join("notes.md"), "notes").unwrap();
    let baseline = dir.path().join("baseline.json");
    let (logs, baseline) = (logs.to_str().unwrap(), baseline.to_str().unwrap());
    let run = acs_logs(&[
        "check",
        logs,
        "--write-baseline",
        baseline,
        "--fail-on",
        "never",
        "--quiet",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(baseline).unwrap()).unwrap();
    assert_eq!(written["findings"], serde_json::json!([]), "{written}");
    // Today's damaged file is still reported with the baseline, and so is tomorrow's.
    let run = acs_logs(&["check", logs, "--baseline", baseline, "--format", "json"]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(report["summary"]["suppressed_by_baseline"], 0);
    let ids = finding_ids(&report);
    assert_eq!(ids, ["unreadable-input", "empty-input", "skipped-path"]);
    // Even a baseline that lists them (written by hand, or by an older acs-logs) does not.
    std::fs::write(
        baseline,
        r#"{"version":1,"findings":[{"id":"unreadable-input"},{"id":"empty-input"}]}"#,
    )
    .unwrap();
    let run = acs_logs(&["check", logs, "--baseline", baseline, "--format", "json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["summary"]["suppressed_by_baseline"], 0);
    // A baseline of a version this build does not read is refused.
    std::fs::write(baseline, r#"{"version":99,"findings":[]}"#).unwrap();
    let run = acs_logs(&["check", logs, "--baseline", baseline]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("baseline version 99, but this acs-logs reads version 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_markdown_headline_names_what_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.ndjson");
    let missing = missing.to_str().unwrap();
    let headline = |args: &[&str]| {
        let mut all = vec!["check", "--format", "markdown"];
        all.extend(args);
        acs_logs(&all)
            .stdout
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(
        headline(&[missing]),
        "## acs-logs check: ❌ data not read fails the check"
    );
    assert_eq!(
        headline(&[DRIFT]),
        "## acs-logs check: ❌ drift fails the check"
    );
    assert_eq!(
        headline(&[DRIFT, missing]),
        "## acs-logs check: ❌ drift and data not read fail the check"
    );
    assert_eq!(headline(&[SMS_CLEAN]), "## acs-logs check: ✅ passed");
}
