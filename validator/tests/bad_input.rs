//! Damaged input: each case gives a clear finding (or error) naming the file and the place, the
//! other records and files are still checked and counted, and nothing panics. Large and deep
//! inputs are generated at run time in a temporary directory, never checked in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{acs_logs, counts, find, root};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The first `count` lines of the clean SMS sample.
fn good_lines(count: usize) -> Vec<String> {
    std::fs::read_to_string(root().join("examples/exports/log-analytics/sms-clean.ndjson"))
        .unwrap()
        .lines()
        .take(count)
        .map(str::to_owned)
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn check_json(paths: &[&Path]) -> (i32, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths.iter().map(|path| path.to_str().unwrap()));
    let run = acs_logs(&args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.json())
}

#[test]
fn invalid_json_on_one_line_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = good_lines(3);
    lines.insert(
        1,
        r#"{"Category": "SMSOperational", "DurationMs": oops}"#.to_owned(),
    );
    let path = write(dir.path(), "mixed.ndjson", lines.join("\n").as_bytes());
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report["summary"]["records"]), (4, 3, 0, 1));
    let finding = find(&report, "unreadable-record", None);
    let location = &finding["locations"][0];
    assert_eq!(location["file"], path.to_str().unwrap());
    assert_eq!(
        (location["line"].as_u64(), location["column"].as_u64()),
        (Some(2), Some(46))
    );
    assert_eq!(location["note"], "invalid JSON: expected value");
}

#[test]
fn a_truncated_gzip_file_is_reported_and_the_rest_of_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_lines(24).join("\n") + "\n";
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    let truncated = write(
        dir.path(),
        "a-truncated.ndjson.gz",
        &compressed[..compressed.len() * 2 / 3],
    );
    let good = write(dir.path(), "b-good.ndjson", text.as_bytes());
    let (code, report) = check_json(&[&truncated, &good]);
    assert_eq!(code, 1);
    let finding = find(&report, "unreadable-input", None);
    let location = &finding["locations"][0];
    assert_eq!(location["file"], truncated.to_str().unwrap());
    let line = location["line"].as_u64().unwrap();
    assert!(
        location["note"]
            .as_str()
            .unwrap()
            .starts_with(&format!("the stream breaks off in line {line} ")),
        "{location}"
    );
    let inputs = report["summary"]["inputs"].as_array().unwrap();
    // The complete lines before the break were checked, and the line the break cut is an
    // unreadable record (unless the break fell exactly at a line end); the other file entirely.
    let (total, valid, _, unreadable) = counts(&inputs[0]["records"]);
    assert_eq!(valid, line - 1);
    assert!(unreadable <= 1 && total == valid + unreadable, "{inputs:?}");
    assert!(line > 1 && line < 24, "{line}");
    assert_eq!(counts(&inputs[1]["records"]), (24, 24, 0, 0));
}

#[test]
fn invalid_utf8_is_an_unreadable_record_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let lines = good_lines(3);
    let mut bytes = Vec::new();
    bytes.extend_from_slice(lines[0].as_bytes());
    bytes.extend_from_slice(b"\n{\"Category\":\"SMSOperational\",\"Country\":\"\xff\xfe\"}\n");
    bytes.extend_from_slice(lines[1].as_bytes());
    let path = write(dir.path(), "latin1.ndjson", &bytes);
    let (_, report) = check_json(&[&path]);
    assert_eq!(counts(&report["summary"]["records"]), (3, 2, 0, 1));
    let location = &find(&report, "unreadable-record", None)["locations"][0];
    assert_eq!(location["line"], 2);
    assert!(
        location["note"]
            .as_str()
            .unwrap()
            .contains("invalid unicode"),
        "{location}"
    );
}

#[test]
fn an_empty_file_and_an_empty_directory_are_reported_as_empty_input() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.ndjson", b"");
    let blank = write(dir.path(), "blank.json", b"  \n\n");
    let no_logs = dir.path().join("no-logs");
    std::fs::create_dir(&no_logs).unwrap();
    write(&no_logs, "README.md", b"# not a log\n");
    let (code, report) = check_json(&[&empty, &blank, &no_logs]);
    assert_eq!(code, 0, "empty input is a warning");
    let finding = find(&report, "empty-input", None);
    assert_eq!(finding["count"], 3);
    let files: Vec<&str> = finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| location["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            empty.to_str().unwrap(),
            blank.to_str().unwrap(),
            no_logs.to_str().unwrap()
        ]
    );
    assert!(
        finding["locations"][2]["note"]
            .as_str()
            .unwrap()
            .contains("no log files")
    );
    assert_eq!(counts(&report["summary"]["records"]), (0, 0, 0, 0));
    let run = acs_logs(&[
        "check",
        "--fail-on",
        "warning",
        "--quiet",
        no_logs.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
}

#[test]
fn a_binary_file_is_skipped_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let bytes: Vec<u8> = (0..4096u32)
        .map(|index| u8::try_from(index * 7919 % 251).unwrap())
        .collect();
    let binary = write(dir.path(), "core.log", &bytes);
    let good = write(
        dir.path(),
        "good.ndjson",
        good_lines(2).join("\n").as_bytes(),
    );
    let (code, report) = check_json(&[&binary, &good]);
    assert_eq!(code, 1);
    let finding = find(&report, "unreadable-input", None);
    assert_eq!(finding["locations"][0]["file"], binary.to_str().unwrap());
    assert!(
        finding["locations"][0]["note"]
            .as_str()
            .unwrap()
            .starts_with("binary data (control bytes throughout its first bytes)")
    );
    assert_eq!(counts(&report["summary"]["records"]), (2, 2, 0, 0));
}

#[test]
fn a_50_mb_line_is_skipped_without_being_buffered_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ndjson");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let lines = good_lines(2);
    writeln!(file, "{}", lines[0]).unwrap();
    let prefix = br#"{"Category":"SMSOperational","Blob":""#;
    file.write_all(prefix).unwrap();
    let block = vec![b'x'; 1 << 20];
    for _ in 0..50 {
        file.write_all(&block).unwrap();
    }
    file.write_all(b"\"}\n").unwrap();
    writeln!(file, "{}", lines[1]).unwrap();
    drop(file);
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report["summary"]["records"]), (3, 2, 0, 1));
    let location = &find(&report, "unreadable-record", None)["locations"][0];
    assert_eq!(location["line"], 2);
    let size = prefix.len() + 50 * block.len() + 2;
    assert_eq!(
        location["note"],
        format!("the record is {size} bytes long, over the 4194304-byte limit; skipped")
    );
}

#[test]
fn json_nested_10000_deep_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_field = format!(
        r#"{{"Category":"SMSOperational","Nested":{}{}}}"#,
        "{\"a\":".repeat(10_000),
        "}".repeat(10_000)
    );
    let lines = good_lines(1);
    let ndjson = write(
        dir.path(),
        "deep.ndjson",
        format!("{}\n{deep}\n{deep_field}\n", lines[0]).as_bytes(),
    );
    let array = write(
        dir.path(),
        "deep.json",
        format!("[{deep},\n{}]\n", lines[0]).as_bytes(),
    );
    let (code, report) = check_json(&[&ndjson, &array]);
    assert_eq!(code, 1);
    let inputs = report["summary"]["inputs"].as_array().unwrap();
    assert_eq!(counts(&inputs[0]["records"]), (3, 1, 0, 2));
    assert_eq!(counts(&inputs[1]["records"]), (2, 1, 0, 1));
    let finding = find(&report, "unreadable-record", None);
    assert_eq!(finding["count"], 3);
    let places: Vec<(u64, u64)> = finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| {
            (
                location["line"].as_u64().unwrap(),
                location["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(places, [(2, 128), (3, 669), (1, 129)]);
    assert!(
        finding["locations"][0]["note"]
            .as_str()
            .unwrap()
            .contains("recursion limit exceeded")
    );
}

#[test]
fn an_unclosed_json_array_keeps_its_complete_records() {
    let dir = tempfile::tempdir().unwrap();
    let lines = good_lines(3);
    let text = format!("[\n{},\n{},\n{}", lines[0], lines[1], &lines[2][..40]);
    let path = write(dir.path(), "cut.json", text.as_bytes());
    let (code, report) = check_json(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report["summary"]["records"]), (3, 2, 0, 1));
    assert_eq!(
        find(&report, "unreadable-record", None)["locations"][0]["line"],
        4
    );
    assert!(
        find(&report, "unreadable-input", None)["locations"][0]["note"]
            .as_str()
            .unwrap()
            .contains("not closed")
    );
}
