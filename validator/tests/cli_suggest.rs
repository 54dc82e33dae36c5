//! End-to-end runs of `acs-logs suggest`: proposals for the bundled drifted samples, with types
//! inferred from the values, and `--apply` writing schemas that leave no field undocumented.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{acs_logs, root, schema_copy};
use serde_json::Value;
use std::path::Path;

const DRIFTED: [&str; 3] = [
    "examples/exports/log-analytics/all-categories-drift.ndjson",
    "examples/exports/gzip/usage.ndjson.gz",
    "examples/exports/eventhubs/call-automation.json",
];

fn undocumented(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["id"] == "undocumented-field")
        .map(|finding| {
            format!(
                "{}.{}",
                finding["category"].as_str().unwrap(),
                finding["field"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn suggestions_infer_types_and_apply_leaves_nothing_undocumented() {
    let schemas = schema_copy();
    let dir = schemas.path().to_str().unwrap();
    let before = acs_logs(
        &[
            &["check", "--format", "json", "--schemas", dir][..],
            &DRIFTED[..],
        ]
        .concat(),
    )
    .json();
    let undocumented_before = undocumented(&before);
    assert!(
        undocumented_before.contains(&"Usage.StartTime".to_owned()),
        "{undocumented_before:?}"
    );

    let patch_file = schemas.path().join("patch.json");
    let run = acs_logs(
        &[
            &[
                "suggest",
                "--apply",
                "--schemas",
                dir,
                "--patch",
                patch_file.to_str().unwrap(),
            ][..],
            &DRIFTED[..],
        ]
        .concat(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("Rows for the table under \"Usage logs schema\" in `sms-logs.md`"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("| `StartTime` | Not yet documented: seen in"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("updated"), "{}", run.stderr);

    // Every undocumented field has a proposal, with the type its values had.
    let patch: Value =
        serde_json::from_str(&std::fs::read_to_string(&patch_file).unwrap()).unwrap();
    let proposed = |file: &str, field: &str| -> Value {
        patch[file]
            .as_array()
            .unwrap()
            .iter()
            .find(|op| op["path"] == format!("/properties/{field}"))
            .map_or_else(
                || panic!("no proposal for {file} {field}"),
                |op| op["value"].clone(),
            )
    };
    let count: usize = patch
        .as_object()
        .unwrap()
        .values()
        .map(|ops| ops.as_array().unwrap().len())
        .sum();
    assert_eq!(count, undocumented_before.len());
    let start = proposed("Usage.schema.json", "StartTime");
    assert_eq!(
        (start["type"].as_str(), start["format"].as_str()),
        (Some("string"), Some("date-time"))
    );
    // A column the table reference lists takes its Kusto type (EndTime is null, no value, in
    // instant events: the type is the reference's, not a guess from the rows that have it).
    let end = proposed("Usage.schema.json", "EndTime");
    assert_eq!(
        (
            end["type"].as_str(),
            end["format"].as_str(),
            end["x-kusto-type"].as_str()
        ),
        (Some("string"), Some("date-time"), Some("datetime")),
        "{end}"
    );
    let count = proposed("RoomsOperational.schema.json", "RoomParticipantsCount");
    assert_eq!(
        (count["type"].as_str(), count["x-kusto-type"].as_str()),
        (Some("integer"), Some("int"))
    );
    // A column no source documents is typed from its values.
    let segments = proposed("SMSOperational.schema.json", "SegmentsCount");
    assert_eq!(segments["type"], "integer");
    assert!(segments.get("x-kusto-type").is_none());
    // StartTime is in every Usage record the samples hold.
    let usage_records = before["summary"]["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|category| category["category"] == "Usage")
        .unwrap()["records"]["total"]
        .clone();
    assert_eq!(start["x-observed"]["types"]["string"], usage_records);
    assert_eq!(start["x-observed"]["records"], usage_records);

    // The schemas it wrote: still a valid set, and they document every field the samples carry.
    let after = acs_logs(
        &[
            &["check", "--format", "json", "--schemas", dir][..],
            &DRIFTED[..],
        ]
        .concat(),
    )
    .json();
    assert_eq!(undocumented(&after), Vec::<String>::new());
    assert_eq!(
        after["summary"]["records"]["total"],
        before["summary"]["records"]["total"]
    );
    // The published pages are never written.
    let pages_untouched = std::fs::read_to_string(root().join("docs/source/sms-logs.md")).unwrap();
    assert!(!pages_untouched.contains("Not yet documented"));
}

#[test]
fn apply_needs_a_schema_directory_and_clean_data_needs_nothing() {
    let run = acs_logs(&[
        "suggest",
        "--apply",
        "examples/exports/log-analytics/sms-clean.ndjson",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--schemas"), "{}", run.stderr);
    let clean = acs_logs(&["suggest", "examples/exports/log-analytics/sms-clean.ndjson"]);
    assert_eq!(clean.code, 0);
    assert!(
        clean.stdout.contains("Nothing to suggest"),
        "{}",
        clean.stdout
    );
    assert!(Path::new(&root().join("schemas/acs/SMSOperational.schema.json")).is_file());
}

#[test]
fn suggestions_say_what_data_they_rest_on_and_name_what_was_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, b"").unwrap();
    // Nothing read is never "every documented field was seen".
    let nothing = acs_logs(&["suggest", empty.to_str().unwrap()]);
    assert_eq!(nothing.code, 0);
    assert!(
        nothing.stdout.contains(
            "From 0 record(s) read in 0 of 1 input(s); some inputs or records were not read"
        ),
        "{}",
        nothing.stdout
    );
    assert!(
        nothing
            .stdout
            .contains("Nothing to suggest: no record was read.")
    );
    assert!(!nothing.stdout.contains("every documented field was seen"));
    assert!(
        nothing.stdout.contains("- empty-input: `"),
        "{}",
        nothing.stdout
    );

    // Part read: the proposals say so, and each kind of loss is named with its first place.
    let clean =
        std::fs::read_to_string(root().join("examples/exports/log-analytics/sms-clean.ndjson"))
            .unwrap();
    let first = clean.lines().next().unwrap();
    let damaged = dir.path().join("damaged.ndjson");
    std::fs::write(&damaged, format!("{first}\n{{\"Category\":\n{first}\n")).unwrap();
    let part = acs_logs(&[
        "suggest",
        damaged.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(part.code, 0);
    assert!(
        part.stdout.contains(
            "From 2 record(s) read in 1 of 2 input(s); some inputs or records were not read"
        ),
        "{}",
        part.stdout
    );
    let not_read = part.stdout.split("## Not read").nth(1).unwrap();
    assert!(not_read.contains("- unreadable-record: `"), "{not_read}");
    assert!(not_read.contains("damaged.ndjson:2"), "{not_read}");
    assert!(not_read.contains("- empty-input: `"), "{not_read}");

    // Every input not read is named, not one and a count.
    let missing = dir.path().join("nope.ndjson");
    let many = acs_logs(&[
        "suggest",
        damaged.to_str().unwrap(),
        empty.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert!(
        many.stdout
            .contains("From 2 record(s) read in 1 of 3 input(s)"),
        "{}",
        many.stdout
    );
    let not_read = many.stdout.split("## Not read").nth(1).unwrap();
    assert!(not_read.contains("nope.ndjson`"), "{not_read}");
    assert!(!not_read.contains("more not listed"), "{not_read}");
}

/// Keys holding a pipe or backticks are written as rows that read back as those keys: the pipe
/// escaped, the backticks inside a longer fence. Pasted into the Rooms table, `docs check` reads
/// each row as two cells and names each key as it is.
#[test]
fn rows_for_keys_with_pipes_and_backticks_read_back_as_those_keys() {
    let run = acs_logs(&[
        "suggest",
        "validator/tests/fixtures/suggest/rooms-odd-keys.ndjson",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for row in ["| `Odd\\|Key` | ", "| `` `tick` `` | ", "| `new thing` | "] {
        assert!(run.stdout.contains(row), "{row}: {}", run.stdout);
    }
    let rows: String = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("| `"))
        .flat_map(|line| [line, "\n"])
        .collect();
    let published = std::fs::read_to_string(root().join("docs/source/rooms-logs.md")).unwrap();
    let last_row = "| `PstnDialOutEnabled` | Indicates whether a room has the ability to make PSTN calls to invite people to a meeting. |\n";
    let pasted = published.replacen(last_row, &format!("{last_row}{rows}"), 1);
    assert_ne!(pasted, published);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("rooms-logs.md");
    std::fs::write(&page, pasted).unwrap();
    let report = acs_logs(&["docs", "check", "--format", "json", page.to_str().unwrap()]).json();
    let fields = |id: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|finding| finding["id"] == id)
            .map(|finding| finding["field"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    // Only the published page's own malformed row (`.RoomId`).
    assert_eq!(fields("malformed-table-row"), ["RoomId"]);
    let new = fields("doc-field-not-in-schema");
    for key in ["Odd|Key", "`tick`", "new thing", "NewThing"] {
        assert!(new.contains(&key.to_owned()), "{key}: {new:?}");
    }
}
