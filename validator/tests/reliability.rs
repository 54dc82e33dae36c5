//! No record lost, whatever the input: every case of `cases/reliability` (copied under
//! `tests/fixtures/reliability/`) and the cases its README says to make at run time, each with
//! its exact counts, finding ids and places. The kinds: detection that must not swallow a file,
//! damage reported as damage, shapes half-understood, paths that vanish, writes that could leave
//! damage, numbers, output that trusts the data, resources.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{acs_logs, acs_logs_with_stdin, counts, find, root};

// The cases' good record R is a Log Analytics row whose `ResultSignature` is the integer 202;
// the table reference types that column Kusto `string` (a real export writes "202"), so every R
// is counted with drift, not valid, and a run of R records ends with exit code 1 (drift), never
// 2. What these tests are about is that every record is counted once, and where.
use serde_json::Value;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

const CASES: &str = "validator/tests/fixtures/reliability";

fn case(name: &str) -> String {
    format!("{CASES}/{name}")
}

/// Runs `check --format json` on paths; the exit code and the report.
fn check(paths: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    let run = acs_logs(&args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (run.code, run.json())
}

/// Runs `check --format json` on one file with extra arguments; the report.
fn check_with(path: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["check", path.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let run = acs_logs(&args);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.json()
}

/// Where a finding was seen: line, column, record, note.
type Place = (Option<u64>, Option<u64>, Option<u64>, String);

/// The places of a finding's locations.
fn places(finding: &Value) -> Vec<Place> {
    finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| {
            (
                location["line"].as_u64(),
                location["column"].as_u64(),
                location["record"].as_u64(),
                location["note"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn input_format(report: &Value, index: usize) -> &str {
    report["summary"]["inputs"][index]["format"]
        .as_str()
        .unwrap_or("")
}

/// The first `count` lines of the clean SMS sample.
fn good_lines(count: usize) -> Vec<String> {
    std::fs::read_to_string(root().join("examples/exports/log-analytics/sms-clean.ndjson"))
        .unwrap()
        .lines()
        .take(count)
        .map(str::to_owned)
        .collect()
}

/// The first `count` records of the clean SMS sample, each pretty-printed as `jq .` prints it.
fn pretty_records(count: usize) -> Vec<String> {
    good_lines(count)
        .iter()
        .map(|line| {
            serde_json::to_string_pretty(&serde_json::from_str::<Value>(line).unwrap()).unwrap()
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// 1. One early byte must not decide the whole file's fate.

#[test]
fn d01_a_broken_first_line_costs_one_record_not_the_file() {
    let (code, report) = check(&[&case("d01-first-line-broken.ndjson")]);
    assert_eq!(code, 1);
    assert_eq!(input_format(&report, 0), "ndjson");
    assert_eq!(counts(&report["summary"]["records"]), (3, 0, 2, 1));
    let unreadable = places(find(&report, "unreadable-record", None));
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].0, Some(1));
    assert_eq!(unreadable[0].1, Some(31));
    assert!(
        unreadable[0].3.starts_with("truncated JSON"),
        "{unreadable:?}"
    );
}

#[test]
fn d01_a_first_line_that_is_an_array_is_one_unreadable_record() {
    let (_, report) = check(&[&case("d01-first-line-array.ndjson")]);
    assert_eq!(counts(&report["summary"]["records"]), (3, 0, 2, 1));
    let unreadable = places(find(&report, "unreadable-record", None));
    assert_eq!(
        unreadable,
        [(
            Some(1),
            None,
            None,
            "not a JSON object: the value is an array".to_owned()
        )]
    );
}

#[test]
fn d01_cr_only_line_ends_are_line_ends() {
    let (code, report) = check(&[&case("d01-cr-only.ndjson")]);
    assert_eq!(
        code, 1,
        "drift (R's integer ResultSignature), not an error of the run"
    );
    assert_eq!(counts(&report["summary"]["records"]), (2, 0, 2, 0));
}

#[test]
fn cr_line_ends_are_line_ends_when_the_first_line_fills_the_detection_window() {
    // Found by the reader fuzz target: the window (64 KiB) held no CR but its last byte, or
    // none at all, so the file was read as one line and a record lost.
    let dir = tempfile::tempdir().unwrap();
    let second = &good_lines(2)[1];
    for first_length in [65_535, 70_000] {
        let mut first = good_lines(1)[0].clone();
        first.pop();
        let padding = first_length - first.len() - r#","Padding":""}"#.len();
        write!(first, r#","Padding":"{}"}}"#, "x".repeat(padding)).unwrap();
        assert_eq!(first.len(), first_length);
        let path = write(
            dir.path(),
            "cr.ndjson",
            format!("{first}\r{second}\r").as_bytes(),
        );
        for format in ["auto", "ndjson"] {
            let report = check_with(&path, &["--input-format", format]);
            let (total, _, _, unreadable) = counts(&report["summary"]["records"]);
            assert_eq!((total, unreadable), (2, 0), "{first_length} {format}");
        }
    }
}

#[test]
fn cr_line_ends_are_line_ends_wherever_in_the_file_they_start() {
    // `cat a-lf.ndjson b-cr.ndjson`: the detection window sees only LF line ends, and the CR
    // lines come later, past the first chunk too; then CRLF lines, then CR lines again. Plain
    // and gzip (whose reads end at other places), read by one worker and by four.
    let dir = tempfile::tempdir().unwrap();
    let good = good_lines(2);
    let mut lines: Vec<(&str, &str)> = Vec::new();
    while lines.len() < 2_000 {
        lines.push((&good[0], "\n"));
    }
    lines.extend([(good[1].as_str(), "\r"); 500]);
    lines.extend([(good[0].as_str(), "\r\n"); 500]);
    lines.push((r#"{"Category":"SMSOperational","#, "\r"));
    let broken_line = lines.len() as u64;
    lines.extend([(good[1].as_str(), "\r"); 500]);
    let line = lines.len() as u64;
    let text: String = lines
        .iter()
        .flat_map(|(record, end)| [*record, *end])
        .collect();
    assert!(text.len() > 1 << 20, "past the first chunk");
    let plain = write(dir.path(), "mixed.ndjson", text.as_bytes());
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(text.as_bytes()).unwrap();
    let gzip = write(dir.path(), "mixed.ndjson.gz", &encoder.finish().unwrap());
    for path in [&plain, &gzip] {
        for jobs in ["1", "4"] {
            let report = check_with(path, &["--jobs", jobs]);
            let (total, _, _, unreadable) = counts(&report["summary"]["records"]);
            assert_eq!((total, unreadable), (line, 1), "{path:?} --jobs {jobs}");
            let broken = places(find(&report, "unreadable-record", None));
            assert_eq!(broken.len(), 1);
            assert_eq!(broken[0].0, Some(broken_line), "{path:?} --jobs {jobs}");
        }
    }
}

#[test]
fn d02_leading_whitespace_of_any_length_is_skipped_and_lines_keep_their_numbers() {
    let (code, report) = check(&[&case("d02-leading-blank-64k.ndjson")]);
    assert_eq!(
        code, 1,
        "drift (R's integer ResultSignature), not an error of the run"
    );
    assert_eq!(input_format(&report, 0), "ndjson");
    assert_eq!(counts(&report["summary"]["records"]), (2, 0, 2, 0));
    // The same in the document reader, with the break after the whitespace at a known line.
    let dir = tempfile::tempdir().unwrap();
    let mut text = "\n".repeat(100_000);
    text.push_str("{\"Category\":\"SMSOperational\",\"x\n");
    text.push_str(&good_lines(1)[0]);
    let path = write(dir.path(), "blank.json", text.as_bytes());
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (2, 1, 0, 1));
    assert_eq!(
        places(find(&report, "unreadable-record", None))[0].0,
        Some(100_001)
    );
}

#[test]
fn d04_a_nul_byte_makes_its_line_unreadable_not_the_file_binary() {
    let (_, report) = check(&[&case("d04-nul-early.ndjson")]);
    assert_eq!(counts(&report["summary"]["records"]), (5, 0, 4, 1));
    let unreadable = places(find(&report, "unreadable-record", None));
    assert_eq!((unreadable[0].0, unreadable[0].1), (Some(3), Some(7)));
    assert!(unreadable[0].3.contains("control character"));
}

#[test]
fn jq_output_pretty_records_back_to_back_are_records() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for line in good_lines(3) {
        let value: Value = serde_json::from_str(&line).unwrap();
        text.push_str(&serde_json::to_string_pretty(&value).unwrap());
        text.push('\n');
    }
    let path = write(dir.path(), "jq.json", text.as_bytes());
    let (code, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(input_format(&report, 0), "json");
    assert_eq!(counts(&report["summary"]["records"]), (3, 3, 0, 0));
}

#[test]
fn a_pretty_record_cut_short_costs_that_record_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let records = pretty_records(3);
    // The second record breaks off inside a string; the third follows on the next line.
    let cut = &records[1][..records[1].find("\"Succeeded").unwrap() + 4];
    let text = format!("{}\n{cut}\n{}\n", records[0], records[2]);
    let path = write(dir.path(), "cut.json", text.as_bytes());
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (3, 2, 0, 1));
    let unreadable = places(find(&report, "unreadable-record", None));
    let first_lines = records[0].lines().count() as u64;
    assert_eq!(unreadable[0].0, Some(first_lines + 1));
}

#[test]
fn pretty_records_with_line_breaks_anywhere_json_allows_them_are_valid() {
    let records = pretty_records(3);
    // A key on its own line, its colon on the next, its value on the one after, and an
    // object value opened on a line of its own (as Allman-style writers do).
    let layouts = [
        records[1].replacen("  \"Method\": \"POST\",", "  \"Method\"\n  : \"POST\",", 1),
        records[1].replacen("  \"Method\": \"POST\",", "  \"Method\":\n    \"POST\",", 1),
        records[1].replacen(
            "  \"Method\": \"POST\",",
            "  \"Method\":\n  {\n    \"verb\": \"POST\"\n  },",
            1,
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for layout in layouts {
        assert_ne!(layout, records[1]);
        let text = format!("{}\n{layout}\n{}\n", records[0], records[2]);
        let path = write(dir.path(), "layout.json", text.as_bytes());
        let (_, report) = check(&[path.to_str().unwrap()]);
        let (total, _, _, unreadable) = counts(&report["summary"]["records"]);
        assert_eq!((total, unreadable), (3, 0), "{layout}");
    }
}

#[test]
fn a_pretty_record_that_is_not_json_is_one_unreadable_record_at_its_fault() {
    let records = pretty_records(3);
    // Each damage is made in the second record's line `  "Method": "POST",`: what replaces
    // it, and the column (on that line, or `+1` on the next) the fault is reported at.
    let method = "  \"Method\": \"POST\",";
    let damages = [
        (
            "  \"Method\": \"POST\"",
            1,
            3,
            "expected `,` or `}` before this key",
        ),
        (
            "  \"Method\": \"POST\",,",
            0,
            20,
            "a `,` where a key must be",
        ),
        (
            "  'Method': 'POST',",
            0,
            3,
            "expected a key or `}`, found \"'\"",
        ),
        (
            "  Method: \"POST\",",
            0,
            3,
            "expected a key or `}`, found \"M\"",
        ),
        ("  \"Method\": \"POST\", // the verb", 0, 21, "found \"/\""),
        ("  \"Method\": NaN,", 0, 13, "expected value"),
        (
            "  \"Method\": {'nested': [1, 2]},",
            0,
            14,
            "key must be a string",
        ),
        ("  'Method': {'nested': [1,\n  2]},", 0, 3, "found \"'\""),
        (
            "  \"Method\" \"POST\",",
            0,
            12,
            "expected `:` after the key",
        ),
        (
            "  \"Method\": \"PO\nST\",",
            0,
            16,
            "a line end inside a string",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (damage, next_line, column, message) in damages {
        assert!(records[1].contains(method));
        let broken = records[1].replacen(method, damage, 1);
        let text = format!("{}\n{broken}\n{}\n", records[0], records[2]);
        let path = write(dir.path(), "damaged.json", text.as_bytes());
        let (code, report) = check(&[path.to_str().unwrap()]);
        // The damaged record is one record, counted unreadable; the others are read.
        assert_eq!(code, 1, "{damage}");
        assert_eq!(
            counts(&report["summary"]["records"]),
            (3, 2, 0, 1),
            "{damage}"
        );
        let line = (records[0].lines().count()
            + records[1].lines().position(|line| line == method).unwrap()
            + 1
            + next_line) as u64;
        let unreadable = places(find(&report, "unreadable-record", None));
        assert_eq!(
            (unreadable[0].0, unreadable[0].1),
            (Some(line), Some(column)),
            "{damage}: {unreadable:?}"
        );
        assert!(
            unreadable[0].3.contains(message),
            "{damage}: {unreadable:?}"
        );
    }
    // A trailing comma before the record's `}` is placed at the `}`.
    let last_member = records[1].rfind('\n').unwrap();
    let broken = format!(
        "{},{}",
        &records[1][..last_member],
        &records[1][last_member..]
    );
    let text = format!("{}\n{broken}\n{}\n", records[0], records[2]);
    let path = write(dir.path(), "trailing.json", text.as_bytes());
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (3, 2, 0, 1));
    let unreadable = places(find(&report, "unreadable-record", None));
    let closing = (records[0].lines().count() + records[1].lines().count()) as u64;
    assert_eq!((unreadable[0].0, unreadable[0].1), (Some(closing), Some(1)));
    assert!(unreadable[0].3.contains("a trailing comma before `}`"));
}

#[test]
fn a_one_line_query_response_is_a_query_response() {
    let (_, report) = check(&[&case("compact-query-response.json")]);
    assert_eq!(input_format(&report, 0), "la-query");
    assert_eq!(report["summary"]["records"]["total"], 2);
    assert_eq!(
        report["summary"]["categories"][0]["category"],
        "RoomsOperational"
    );
}

// 2. Damage is damage, never emptiness.

#[test]
fn d03_a_damaged_gzip_stream_is_unreadable_input_with_its_offset() {
    let (code, report) = check(&[&case("d03-gzip-bad-deflate.ndjson.gz")]);
    assert_eq!(code, 1);
    assert!(report["summary"]["by_id"].get("empty-input").is_none());
    let damage = places(find(&report, "unreadable-input", None));
    assert_eq!(damage.len(), 1);
    assert!(
        damage[0]
            .3
            .starts_with("the gzip stream is damaged before any data could be read (at byte 0"),
        "{damage:?}"
    );
}

#[test]
fn a_record_cut_by_a_gzip_break_is_an_unreadable_record() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_lines(24).join("\n") + "\n";
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    let compressed = encoder.finish().unwrap();
    // Cut where the decompressed text is mid-line: try cuts until one is.
    for cut in (compressed.len() / 3..compressed.len() - 20).step_by(7) {
        let path = write(dir.path(), "cut.ndjson.gz", &compressed[..cut]);
        let (_, report) = check(&[path.to_str().unwrap()]);
        let (total, valid, drift, unreadable) = counts(&report["summary"]["records"]);
        assert_eq!(total, valid + drift + unreadable);
        if unreadable == 1 {
            let cut_record = places(find(&report, "unreadable-record", None));
            assert_eq!(cut_record[0].0, Some(valid + 1));
            assert!(cut_record[0].3.contains("cut off by the stream break"));
            return;
        }
    }
    panic!("no cut fell inside a line");
}

// 3. Shapes half-understood.

#[test]
fn d06_an_event_hubs_batch_with_an_extra_key_is_read_and_the_key_reported() {
    let (code, report) = check(&[&case("d06-eh-extra-key.ndjson")]);
    assert_eq!(code, 1);
    assert_eq!(input_format(&report, 0), "eventhubs");
    assert_eq!(counts(&report["summary"]["records"]), (3, 0, 3, 0));
    let extra = places(find(&report, "unreadable-input", None));
    assert_eq!(extra[0].0, Some(1));
    assert!(extra[0].3.contains("(\"x\")"), "{extra:?}");
}

#[test]
fn an_event_hubs_document_with_records_not_an_array_is_one_unreadable_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "eh.json", b"{\"records\": {\"a\": 1}}\n");
    let (_, report) = check(&[path.to_str().unwrap()]);
    let (total, valid, drift, unreadable) = counts(&report["summary"]["records"]);
    assert_eq!(total, 1);
    assert_eq!(total, valid + drift + unreadable);
}

#[test]
fn d07_query_rows_longer_than_the_columns_or_not_arrays_are_reported_with_table_and_row() {
    let (_, report) = check(&[&case("d07-laquery-wrong-rows.json")]);
    assert_eq!(input_format(&report, 0), "la-query");
    assert_eq!(counts(&report["summary"]["records"]), (3, 0, 1, 2));
    let rows = places(find(&report, "unreadable-record", None));
    assert_eq!(
        rows,
        [
            (
                Some(140),
                Some(5),
                Some(1),
                "row 1 of query table \"PrimaryResult\" has 27 cells, the table has 26 columns"
                    .to_owned()
            ),
            (
                Some(169),
                Some(5),
                Some(2),
                "row 2 of query table \"PrimaryResult\" is a string, not an array of cells"
                    .to_owned()
            ),
        ]
    );
}

#[test]
fn d08_a_duplicate_key_is_a_finding_naming_both_values() {
    let (code, report) = check(&[&case("d08-duplicate-keys.ndjson")]);
    assert_eq!(code, 1);
    assert_eq!(counts(&report["summary"]["records"]), (1, 0, 1, 0));
    let duplicate = places(find(&report, "duplicate-key", None));
    assert_eq!(duplicate[0].0, Some(1));
    assert!(duplicate[0].3.contains("\"DurationMs\""));
    assert!(duplicate[0].3.contains("\"seventy\""));
    // The value kept is the later one, 70: the record is checked with it and is valid.
}

#[test]
fn a_key_named_twice_inside_properties_is_a_duplicate_key() {
    let batch =
        std::fs::read_to_string(root().join("examples/exports/eventhubs/call-automation.json"))
            .unwrap();
    let batch_line = batch.lines().next().unwrap();
    let first: Value = serde_json::from_str(batch_line).unwrap();
    // One record on a line, as a Storage archive holds it; and the Event Hubs message on one
    // line, with a key named twice at the top of its first record too.
    let archive_line = first["records"][0].to_string();
    let cases = [
        ("PT1H.json", archive_line.as_str(), "properties.SdkType"),
        ("batch.json", batch_line, "records[0].properties.SdkType"),
        ("batch-top.json", batch_line, "records[0].operationName"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, line, key) in cases {
        let named = key.rsplit('.').next().unwrap();
        let doubled = line.replacen(
            &format!("\"{named}\":"),
            &format!("\"{named}\":\"dropped\",\"{named}\":"),
            1,
        );
        assert_ne!(doubled, line);
        let path = write(dir.path(), name, doubled.as_bytes());
        let report = check_with(&path, &[]);
        let duplicate = places(find(&report, "duplicate-key", None));
        assert_eq!(duplicate.len(), 1, "{name}: {duplicate:?}");
        assert_eq!(
            duplicate[0].3,
            format!(
                "the key \"{key}\" appears more than once; the value \"dropped\" was dropped for a later one (a JSON parser keeps only the last)"
            )
        );
    }
}

#[test]
fn a_column_given_two_values_outside_and_inside_properties_is_a_duplicate_key() {
    let batch: Value = serde_json::from_str(
        std::fs::read_to_string(root().join("examples/exports/eventhubs/call-automation.json"))
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let record = batch["records"][0].clone();
    let duration = record["durationMs"].as_u64().unwrap();
    // The same column twice: with another value (lost without a word before), and with the
    // same one (nothing is lost: no finding).
    let mut differs = record.clone();
    differs["properties"]["DurationMs"] = Value::from(duration + 857);
    let mut agrees = record.clone();
    agrees["properties"]["DurationMs"] = Value::from(duration);
    // Two spellings of the envelope key, with two values: the second was written over the
    // first without a word.
    let mut spelled_twice = record;
    spelled_twice["DurationMs"] = Value::from(duration + 857);
    let dir = tempfile::tempdir().unwrap();
    for (name, record, expected) in [
        ("differs.json", differs, 1),
        ("agrees.json", agrees, 0),
        ("spelled-twice.json", spelled_twice, 1),
    ] {
        let text = serde_json::json!({ "records": [record] }).to_string();
        let path = write(dir.path(), name, text.as_bytes());
        let report = check_with(&path, &[]);
        let duplicates = report["summary"]["by_id"]["duplicate-key"]["findings"]
            .as_u64()
            .unwrap_or(0);
        assert_eq!(duplicates, expected, "{name}: {report}");
        if expected > 0 {
            let note = &places(find(&report, "duplicate-key", None))[0].3;
            assert_eq!(
                *note,
                format!(
                    "the column \"DurationMs\" is given twice: \"durationMs\" holds {duration}, and {} holds {}; the first is checked, the second dropped",
                    if name == "differs.json" {
                        "\"properties.DurationMs\""
                    } else {
                        "\"DurationMs\""
                    },
                    duration + 857
                )
            );
        }
    }
}

#[test]
fn d12_arrays_back_to_back_are_all_read() {
    let (code, report) = check(&[&case("d12-array-concat.json")]);
    assert_eq!(
        code, 1,
        "drift (R's integer ResultSignature), not an error of the run"
    );
    assert_eq!(counts(&report["summary"]["records"]), (2, 0, 2, 0));
    // Pretty-printed arrays back to back, and a trailing comma, in the document reader.
    let dir = tempfile::tempdir().unwrap();
    let lines = good_lines(3);
    let text = format!(
        "[\n  {},\n  {},\n]\n[\n  {}\n]\n",
        lines[0], lines[1], lines[2]
    );
    let path = write(dir.path(), "arrays.json", text.as_bytes());
    let (code, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(input_format(&report, 0), "json-array");
    assert_eq!(counts(&report["summary"]["records"]), (3, 3, 0, 0));
}

// 6. Numbers.

#[test]
fn d18_numbers_are_read_and_reported_as_what_they_are() {
    let (_, report) = check(&[&case("d18-numbers.ndjson")]);
    // `1e400` is valid JSON: read, never a parse error.
    assert_eq!(counts(&report["summary"]["records"]), (5, 0, 5, 0));
    let finding = find(&report, "type-mismatch", Some("DurationMs"));
    assert_eq!(finding["count"], 4);
    let notes: Vec<(Option<u64>, String)> = places(finding)
        .into_iter()
        .map(|(line, _, _, note)| (line, note))
        .collect();
    // R is a Log Analytics row, so the column is checked against its Kusto type, and the note
    // says what the number is.
    let beyond = "a Log Analytics column of Kusto type int (Azure Monitor table reference) holds an integer beyond 64 bits, which no 64-bit integer type holds";
    let float = "a Log Analytics column of Kusto type int (Azure Monitor table reference) holds an integral number written as a float (70.0, 7e1), which integer types reject";
    assert_eq!(
        notes,
        [
            (Some(2), beyond.to_owned()),
            (Some(3), float.to_owned()),
            (Some(4), float.to_owned()),
            (Some(5), beyond.to_owned()),
        ]
    );
    // Shown as written, not as the floats they parse to (`1e400` is past the float range).
    assert_eq!(
        finding["examples"],
        serde_json::json!(["1e400", "70.0", "7e1", "18446744073709551616"])
    );
    // The numbers are integers by JSON Schema's count: the heading names their form, not a
    // type that contradicts the column's.
    assert_eq!(
        finding["message"],
        "`DurationMs` is a Kusto `int` column in the Log Analytics table (table reference), but 4 Log Analytics record(s) carry numbers an integer reader rejects as written (with a fraction or an exponent, or past 64 bits)"
    );
}

#[test]
fn d18_numbers_in_a_batch_or_a_one_line_array_are_shown_as_written_too() {
    let text = std::fs::read_to_string(root().join(case("d18-numbers.ndjson"))).unwrap();
    let records: Vec<&str> = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let batch = format!("{{\"records\": [{}]}}\n", records.join(", "));
    let array = format!("[{}]\n", records.join(","));
    for (name, body) in [("batch.ndjson", batch), ("array.ndjson", array)] {
        let path = write(dir.path(), name, body.as_bytes());
        let (_, report) = check(&[path.to_str().unwrap()]);
        let finding = find(&report, "type-mismatch", Some("DurationMs"));
        assert_eq!(
            finding["examples"],
            serde_json::json!(["1e400", "70.0", "7e1", "18446744073709551616"]),
            "{name}"
        );
    }
}

#[test]
fn a_negative_zero_in_an_integer_column_is_said_to_be_one() {
    let dir = tempfile::tempdir().unwrap();
    let line = good_lines(1)
        .remove(0)
        .replacen("\"DurationMs\":97,", "\"DurationMs\":-0,", 1);
    assert!(line.contains("\"DurationMs\":-0,"));
    let path = write(dir.path(), "zero.ndjson", format!("{line}\n").as_bytes());
    let (_, report) = check(&[path.to_str().unwrap()]);
    let finding = find(&report, "type-mismatch", Some("DurationMs"));
    assert!(
        places(finding)[0].3.ends_with("holds a negative zero (-0 or -0.0), which JSON parsers read as a float and integer types reject"),
        "{finding}"
    );
}

// 7. Output that trusts the data.

#[test]
fn d19_every_renderer_escapes_what_it_prints() {
    for format in ["text", "markdown", "github", "junit"] {
        let run = acs_logs(&[
            "check",
            &case("d19-control-keys.ndjson"),
            "--format",
            format,
        ]);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{format}: an ESC reached the output"
        );
        assert!(
            !run.stdout.contains('\u{7}'),
            "{format}: a BEL reached the output"
        );
        assert!(
            !run.stdout.contains('\u{ffff}'),
            "{format}: U+FFFF reached the output"
        );
        assert!(run.stdout.contains("esc\\u001b]0;pwned\\u0007"), "{format}");
    }
    let junit = acs_logs(&[
        "check",
        &case("d19-control-keys.ndjson"),
        "--format",
        "junit",
    ]);
    let mut reader = quick_xml::Reader::from_str(&junit.stdout);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(error) => panic!("invalid XML: {error}"),
        }
    }
}

#[test]
fn standard_error_spells_out_what_a_file_name_would_do_to_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let name = |file: &str| dir.path().join(file).to_string_lossy().into_owned();
    // A page and a schema that cannot be read, and a file that does not exist, each named on
    // standard error by a name holding a colour change, a window-title change and a bidi
    // override.
    let hostile = "e\u{1b}[31mx\u{1b}]0;pwned\u{7}\u{202e}";
    std::fs::write(dir.path().join(format!("{hostile}.md")), [0xff, 0xfe, 0x00]).unwrap();
    std::fs::write(dir.path().join(format!("{hostile}.json")), "{").unwrap();
    // Exit 2 for what does not exist or cannot be generated; 1 for a page that is a finding.
    let runs = [
        (acs_logs(&["check", &name(&format!("{hostile}.ndjson"))]), 2),
        (
            acs_logs(&["docs", "check", &name(&format!("{hostile}.md"))]),
            1,
        ),
        (acs_logs(&["codegen", &name(&format!("{hostile}.json"))]), 2),
    ];
    for (run, code) in &runs {
        assert_eq!(run.code, *code, "{}", run.stderr);
        assert!(
            run.stderr
                .contains("e\\u001b[31mx\\u001b]0;pwned\\u0007\\u202e"),
            "{}",
            run.stderr
        );
        assert!(
            !run.stderr
                .chars()
                .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
            "{:?}",
            run.stderr
        );
    }
}

#[test]
fn an_escaped_value_spells_every_character_one_way() {
    // serde_json escapes BEL in a value's example but leaves U+202E as itself; the renderers
    // spell the rest the same way, so one value never mixes two styles.
    let line = "{\"Category\":\"SMSOperational\",\"DurationMs\":\"x\\u202ey\\u0007\"}\n";
    // (The Markdown table and GitHub annotations show no examples.)
    for format in ["text", "junit"] {
        let run = acs_logs_with_stdin(&["check", "-", "--format", format], Some(line.as_bytes()));
        assert!(
            run.stdout.contains(r"x\u202ey\u0007"),
            "{format}: {}",
            run.stdout
        );
        assert!(!run.stdout.contains('\u{202e}'), "{format}");
    }
    // SARIF's message texts are shown to people by dashboards: spelled the same way.
    let sarif = acs_logs_with_stdin(
        &["check", "-", "--format", "sarif"],
        Some(
            "{\"Category\":\"SMSOperational\",\"TimeGenerated\":\"2024\\u0000-05\\u007f-01\\u009b31m\\u202e\"}\n"
                .as_bytes(),
        ),
    )
    .json();
    let mut texts = Vec::new();
    for result in sarif["runs"][0]["results"].as_array().unwrap() {
        texts.push(result["message"]["text"].as_str().unwrap().to_owned());
        for location in result["locations"].as_array().into_iter().flatten() {
            if let Some(text) = location["message"]["text"].as_str() {
                texts.push(text.to_owned());
            }
        }
    }
    assert!(
        texts
            .iter()
            .any(|text| text.contains(r"2024\u0000-05\u007f-01\u009b31m\u202e")),
        "{texts:#?}"
    );
    for text in &texts {
        assert!(
            !text
                .chars()
                .any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{text:?}"
        );
    }
}

#[test]
fn data_cannot_print_a_line_of_its_own_and_every_quote_is_spelled_one_way() {
    let sms = good_lines(1).remove(0);
    let forged = sms.replacen(
        '{',
        "{\"X\\n\\nSummary\\n  result: passed\\n\":1,\"Tab\\there\":2,",
        1,
    );
    let unknown = "{\"Category\":\"Cat\\u001b[1mX\\u202e\\u2028\",\"TimeGenerated\":\"2024-05-01T00:00:00Z\"}";
    let input = format!("{forged}\n{unknown}\n");
    for format in ["text", "markdown", "github", "junit"] {
        let run = acs_logs_with_stdin(
            &["check", "-", "--fail-on", "warning", "--format", format],
            Some(input.as_bytes()),
        );
        assert_eq!(run.code, 1);
        let forged_lines = run
            .stdout
            .lines()
            .filter(|line| line.trim_start().starts_with("result: passed"))
            .count();
        assert_eq!(forged_lines, 0, "{format}: {}", run.stdout);
        assert!(
            run.stdout.contains(r"X\n\nSummary\n  result: passed\n"),
            "{format}: {}",
            run.stdout
        );
        assert!(run.stdout.contains(r"Tab\there"), "{format}");
        assert!(!run.stdout.contains('\t'), "{format}: a raw tab");
        // No Rust-style escapes anywhere (`\u{1b}`): the JSON spelling, in notes too.
        assert!(!run.stdout.contains(r"\u{"), "{format}: {}", run.stdout);
    }
    let text = acs_logs_with_stdin(&["check", "-"], Some(input.as_bytes())).stdout;
    assert!(
        text.contains(r#"category "Cat\u001b[1mX\u202e\u2028" is not in the catalog"#),
        "{text}"
    );
}

// 8. Resources.

#[test]
fn d20_a_schema_ref_cannot_leave_the_schema_directory() {
    let run = acs_logs(&["codegen", &case("d20-codegen-ref-passwd.schema.json")]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("outside the schema set's directory; references stay inside it"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("root:"));
}

#[cfg(unix)]
#[test]
fn a_schema_ref_to_a_fifo_is_refused_without_opening_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let schema = write(
        dir.path(),
        "s.schema.json",
        br#"{"type":"object","properties":{"a":{"$ref":"pipe.json"}}}"#,
    );
    let run = acs_logs(&["codegen", schema.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn codegen_names_every_bad_schema_and_still_prints_the_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.json",
        br#"{"type":"object","properties":{"a":{"type":"string"}}}"#,
    );
    write(dir.path(), "broken.json", b"{\"type\":\"object\",\n");
    write(
        dir.path(),
        "bad-ref.json",
        br##"{"type":"object","properties":{"b":{"$ref":"#/nope"}}}"##,
    );
    write(
        dir.path(),
        "via-broken.json",
        br#"{"type":"object","properties":{"c":{"$ref":"broken.json"}}}"#,
    );
    write(
        dir.path(),
        "also-good.json",
        br#"{"type":"object","properties":{"d":{"type":"integer"}}}"#,
    );
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let inputs = [
        "broken.json",
        "good.json",
        "bad-ref.json",
        "missing.json",
        "via-broken.json",
        "also-good.json",
    ]
    .map(path);
    let args: Vec<&str> = std::iter::once("codegen")
        .chain(inputs.iter().map(String::as_str))
        .collect();
    let run = acs_logs(&args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    // One error per bad input, in input order, each naming its file and place.
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("acs-logs: error: "))
        .collect();
    assert_eq!(errors.len(), 4, "{}", run.stderr);
    assert!(
        errors[0].contains("broken.json:2:0: not valid JSON"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].contains("bad-ref.json#/properties/b/$ref"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].contains("missing.json: cannot read"),
        "{}",
        errors[2]
    );
    assert!(
        errors[3].contains("via-broken.json#/properties/c/$ref")
            && errors[3].contains("broken.json:2:0"),
        "{}",
        errors[3]
    );
    // The good inputs are generated, and the header names only them.
    assert!(run.stdout.contains("pub struct Good {"), "{}", run.stdout);
    assert!(
        run.stdout.contains("pub struct AlsoGood {"),
        "{}",
        run.stdout
    );
    let header: Vec<&str> = run
        .stdout
        .lines()
        .take_while(|line| line.starts_with("//"))
        .collect();
    assert_eq!(header.len(), 3, "{header:?}");
    assert!(header[1].ends_with("/good.json") && header[2].ends_with("/also-good.json"));
    // Alone, a bad input prints no code.
    let run = acs_logs(&["codegen", &path("broken.json")]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
}
#[test]
fn distinct_keys_are_capped_per_finding_and_every_occurrence_counted() {
    let line = &good_lines(1)[0];
    let mut text = String::new();
    for index in 0..1500 {
        text.push_str(&line[..line.len() - 1]);
        writeln!(text, ",\"Unique{index:05}\":1}}").unwrap();
    }
    let run = acs_logs_with_stdin(&["check", "--format", "json"], Some(text.as_bytes()));
    let report = run.json();
    let undocumented: Vec<&Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["id"] == "undocumented-field")
        .collect();
    assert_eq!(undocumented.len(), 1001, "1000 keys kept, the rest as one");
    let other = find(
        &report,
        "undocumented-field",
        Some("(other keys, past the 1000 kept)"),
    );
    assert_eq!(other["count"], 500);
    // The bucket is said to be one, not a key of the data.
    assert_eq!(
        other["message"],
        "500 more occurrence(s) of undocumented-field in SMSOperational, of keys past the first 1000 kept one by one, counted together"
    );
    // The smallest names are kept, whatever order they came in.
    assert!(
        undocumented
            .iter()
            .any(|finding| finding["field"] == "Unique00999")
    );
    assert!(
        !undocumented
            .iter()
            .any(|finding| finding["field"] == "Unique01000")
    );
    let total: u64 = undocumented
        .iter()
        .map(|finding| finding["count"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 1500);
}

#[test]
fn jobs_are_bounded() {
    let run = acs_logs(&["check", &case("d01-cr-only.ndjson"), "--jobs", "100000"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--jobs"), "{}", run.stderr);
}

#[test]
fn inputs_of_every_size_and_shape_read_by_many_workers_give_one_workers_report() {
    // Workers open inputs side by side: a small input is read whole by detection and handed on
    // as one chunk; larger ones are queued and read in turns. Whatever the mix and however
    // many workers, every record is counted once, at its line, in the same report.
    let dir = tempfile::tempdir().unwrap();
    let lines = good_lines(24);
    let mut big = String::new();
    let mut big_lines = 0u64;
    // Past two chunks (a chunk is 1 MiB) and far past the 64 KiB detection window.
    while big.len() < 2_500_000 {
        for line in &lines {
            big.push_str(line);
            big.push('\n');
            big_lines += 1;
        }
    }
    big.push_str("{\"broken\": \n");
    write(dir.path(), "big.ndjson", big.as_bytes());
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(big.as_bytes()).unwrap();
    write(dir.path(), "big-gzip.ndjson.gz", &encoder.finish().unwrap());
    let mut small_lines = 0u64;
    for index in 0..40 {
        let text = lines[index % 20..index % 20 + 3].join("\n");
        // Leading blank lines, a byte order mark, CRLF, no final line end: the shapes a small
        // file read whole must keep the line numbers of.
        let text = match index % 4 {
            0 => format!("\n\n{text}\n"),
            1 => format!("\u{feff}{text}"),
            2 => text.replace('\n', "\r\n") + "\r\n",
            _ => text,
        };
        write(
            dir.path(),
            &format!("small-{index:02}.ndjson"),
            text.as_bytes(),
        );
        small_lines += 3;
    }
    // A small file's broken line is counted at its own line, past two leading blank lines.
    write(
        dir.path(),
        "small-broken.ndjson",
        format!("\n\n{}\n{{\"broken\": \n", lines[..3].join("\n")).as_bytes(),
    );
    write(
        dir.path(),
        "lone-cr.ndjson",
        lines[..3].join("\r").as_bytes(),
    );
    write(dir.path(), "empty.ndjson", b"");
    let path = dir.path().to_str().unwrap();
    let one = acs_logs(&["check", path, "--format", "json", "--jobs", "1"]);
    let report = one.json();
    let (total, valid, drift, unreadable) = counts(&report["summary"]["records"]);
    // Each big file's records and its cut last line; the small files'; the broken small
    // file's four; the lone-CR file's.
    assert_eq!(total, 2 * (big_lines + 1) + small_lines + 4 + 3);
    assert_eq!(unreadable, 3);
    assert_eq!(total, valid + drift + unreadable);
    let mut cut: Vec<Option<u64>> = places(find(&report, "unreadable-record", None))
        .into_iter()
        .map(|place| place.0)
        .collect();
    cut.sort_unstable();
    assert_eq!(cut, [Some(6), Some(big_lines + 1), Some(big_lines + 1)]);
    assert!(report["summary"]["by_id"].get("empty-input").is_some());
    for jobs in ["2", "3", "8"] {
        let many = acs_logs(&["check", path, "--format", "json", "--jobs", jobs]);
        assert_eq!(many.code, one.code);
        assert_eq!(many.stdout, one.stdout, "--jobs {jobs}");
    }
}

// 4. Paths that vanish.

#[cfg(unix)]
#[test]
fn every_path_the_walk_skips_is_a_finding_and_the_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(tree.join("a")).unwrap();
    std::fs::create_dir_all(tree.join("z")).unwrap();
    let good = good_lines(2).join("\n") + "\n";
    write(&tree.join("a"), "one.ndjson", good.as_bytes());
    write(&tree.join("z"), "two.ndjson", good.as_bytes());
    write(&tree, "logs.ndjson.zst", b"(\xb5/\xfd");
    write(&tree, "logs.ndjson.bz2", b"BZh9");
    write(&tree, ".hidden.ndjson", good.as_bytes());
    assert!(
        std::process::Command::new("mkfifo")
            .arg(tree.join("m-pipe.json"))
            .status()
            .unwrap()
            .success()
    );
    // A linked directory is walked; a dangling link is said.
    let outside = dir.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    write(&outside, "three.ndjson", good.as_bytes());
    std::os::unix::fs::symlink(&outside, tree.join("linked")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("nowhere"), tree.join("dangling.json")).unwrap();
    // A link back up the tree is reported, not walked round.
    std::os::unix::fs::symlink(&tree, tree.join("a").join("loop")).unwrap();

    let (code, report) = check(&[tree.to_str().unwrap()]);
    assert_eq!(code, 0, "skipped paths are warnings");
    // Three files read: a/one, linked/three, z/two; the FIFO was not opened (no hang).
    assert_eq!(counts(&report["summary"]["records"]), (6, 6, 0, 0));
    let skipped = find(&report, "skipped-path", None);
    let mut notes: Vec<(String, String)> = skipped["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| {
            let file = location["file"].as_str().unwrap();
            let name = file
                .strip_prefix(tree.to_str().unwrap())
                .unwrap()
                .to_owned();
            (name, location["note"].as_str().unwrap().to_owned())
        })
        .collect();
    notes.sort();
    let names: Vec<&str> = notes.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "/.hidden.ndjson",
            "/a/loop",
            "/dangling.json",
            "/logs.ndjson.bz2",
            "/logs.ndjson.zst",
        ],
        "{notes:?}"
    );
    // The samples are capped at five; the count says all six.
    assert_eq!(skipped["count"], 6);
    assert!(notes[3].1.starts_with("compressed with bzip2"));
    assert!(notes[4].1.starts_with("compressed with zstd"));
    assert!(notes[1].1.contains("a symbolic link back up the tree"));
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_tree_is_skipped_with_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        std::process::Command::new("mkfifo")
            .arg(dir.path().join("x.json"))
            .status()
            .unwrap()
            .success()
    );
    let (_, report) = check(&[dir.path().to_str().unwrap()]);
    let skipped = places(find(&report, "skipped-path", None));
    assert_eq!(
        skipped[0].3,
        "a FIFO (named pipe), not a regular file; not read"
    );
}

#[test]
fn a_missing_path_is_a_finding_in_every_format_and_the_run_goes_on() {
    let good = "examples/exports/log-analytics/sms-clean.ndjson";
    let missing = "no/such/export.ndjson";
    let (code, report) = check(&[missing, good]);
    assert_eq!(code, 2);
    assert_eq!(counts(&report["summary"]["records"]), (24, 24, 0, 0));
    let finding = places(find(&report, "unreadable-input", None));
    assert!(
        finding[0].3.starts_with("cannot read: No such file"),
        "{finding:?}"
    );
    for format in ["text", "markdown", "sarif", "junit", "github"] {
        let run = acs_logs(&["check", "--format", format, missing, good]);
        assert_eq!(run.code, 2, "{format}");
        assert!(run.stdout.contains(missing), "{format}: {}", run.stdout);
        assert!(!run.stdout.contains("PASSED"), "{format}");
    }
}

// 5. Writes that could leave damage.

#[test]
fn an_unwritable_output_is_found_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no/such/dir/report.json");
    for option in ["--output", "--write-baseline"] {
        let run = acs_logs(&[
            "check",
            "examples/exports/",
            option,
            nowhere.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 2, "{option}");
        assert!(
            run.stderr.contains("cannot write"),
            "{option}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "{option}: no report: the run did not start");
    }
}

#[test]
fn the_output_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "data.ndjson",
        (good_lines(2).join("\n") + "\n").as_bytes(),
    );
    let before = std::fs::read(&input).unwrap();
    let run = acs_logs(&[
        "check",
        input.to_str().unwrap(),
        "--output",
        input.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("would overwrite the input"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_report_and_a_baseline_are_written_whole_with_no_temporary_file_left() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let baseline = dir.path().join("baseline.json");
    std::fs::write(&report, "old").unwrap();
    let run = acs_logs(&[
        "check",
        "examples/exports/",
        "--format",
        "json",
        "--output",
        report.to_str().unwrap(),
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    serde_json::from_str::<Value>(&std::fs::read_to_string(&report).unwrap()).unwrap();
    serde_json::from_str::<Value>(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[cfg(unix)]
#[test]
fn suggest_apply_never_writes_through_a_link_out_of_the_schema_directory() {
    let dir = tempfile::tempdir().unwrap();
    let schemas = dir.path().join("schemas");
    std::fs::create_dir(&schemas).unwrap();
    for entry in std::fs::read_dir(root().join("schemas/acs")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, schemas.join(path.file_name().unwrap())).unwrap();
    }
    // The Usage schema is a link to a file outside the directory.
    let outside = dir.path().join("outside.schema.json");
    std::fs::rename(schemas.join("Usage.schema.json"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, schemas.join("Usage.schema.json")).unwrap();
    let before = std::fs::read(&outside).unwrap();
    let run = acs_logs(&[
        "suggest",
        "--apply",
        "--schemas",
        schemas.to_str().unwrap(),
        "examples/exports/gzip/usage.ndjson.gz",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("leads outside the schema directory"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&outside).unwrap(), before);
}

#[test]
fn an_unwritable_patch_is_found_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no/such/dir/patch.json");
    let run = acs_logs(&[
        "suggest",
        "--patch",
        nowhere.to_str().unwrap(),
        "examples/exports/gzip/usage.ndjson.gz",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write the patch"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_query_response_followed_by_an_array_is_read_to_the_end() {
    // Found by fuzzing: rows of a table and then plain records in one document looped for ever.
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "mixed.json",
        b"{\"tables\":[{\"name\":\"T\",\"columns\":[{\"name\":\"a\",\"type\":\"string\"}],\"rows\":[[\"x\"]]}]}\n[{\"Category\":\"SMSOperational\"}]\n",
    );
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(report["summary"]["records"]["total"], 2);
}

/// `check` with no path and a terminal on standard input says what to give it, instead of
/// waiting for typing. The terminal comes from `script` (util-linux); skipped where it is not.
#[cfg(unix)]
#[test]
fn check_with_nothing_to_read_on_a_terminal_says_what_to_give_it() {
    let binary = env!("CARGO_BIN_EXE_acs-logs");
    let Ok(run) = std::process::Command::new("script")
        .args(["-qec", &format!("{binary} check"), "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
    else {
        return;
    };
    let output = String::from_utf8_lossy(&run.stdout);
    assert!(
        output.contains("nothing to read: give files or directories"),
        "{output}"
    );
    // Piped, standard input is read.
    let piped = acs_logs_with_stdin(&["check", "--format", "json"], Some(b""));
    assert_eq!(
        find(&piped.json(), "empty-input", None)["locations"][0]["file"],
        "-"
    );
}

#[test]
fn unknown_categories_are_capped_and_every_record_counted() {
    let line = &good_lines(1)[0];
    let mut text = String::new();
    for index in 0..1100 {
        let record = line.replacen(
            "\"Category\":\"SMSOperational\"",
            &format!("\"Category\":\"Cat{index:05}\""),
            1,
        );
        let record = record.replacen(
            "\"Type\":\"ACSSMSIncomingOperations\"",
            &format!("\"Type\":\"T{index:05}\""),
            1,
        );
        writeln!(text, "{record}").unwrap();
    }
    let report = acs_logs_with_stdin(&["check", "--format", "json"], Some(text.as_bytes())).json();
    let categories = report["summary"]["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 1001);
    let other = categories
        .iter()
        .find(|category| category["category"] == "(other categories, past the 1000 kept)")
        .unwrap();
    assert_eq!(other["records"]["total"], 100);
    let total: u64 = categories
        .iter()
        .map(|category| category["records"]["total"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 1100);
}

#[test]
fn an_array_element_cut_inside_a_string_costs_only_itself() {
    let dir = tempfile::tempdir().unwrap();
    let lines = good_lines(4);
    let cut = &lines[1][..lines[1].find("Succeeded").unwrap()];
    let text = format!(
        "[\n  {},\n  {cut}\n  {},\n  {}\n]\n",
        lines[0], lines[2], lines[3]
    );
    let path = write(dir.path(), "cut-array.json", text.as_bytes());
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (4, 3, 0, 1));
    assert_eq!(
        places(find(&report, "unreadable-record", None))[0].0,
        Some(3)
    );
}

#[test]
fn the_output_never_overwrites_a_file_found_in_a_directory_given() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "report.json", b"{}\n");
    write(
        dir.path(),
        "data.ndjson",
        (good_lines(1)[0].clone() + "\n").as_bytes(),
    );
    let run = acs_logs(&[
        "check",
        dir.path().to_str().unwrap(),
        "--output",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("would overwrite the input"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read(&report).unwrap(), b"{}\n");
}

#[test]
fn output_to_a_device_writes_through_it_and_leaves_it_a_device() {
    use std::os::unix::fs::FileTypeExt as _;
    let run = acs_logs(&[
        "check",
        "--format",
        "json",
        "--output",
        "/dev/null",
        "examples/exports/log-analytics/sms-clean.ndjson",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Renaming a temporary file over it would have replaced the device with a file.
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is no longer a device");
}

#[test]
fn event_hubs_messages_in_an_array_and_query_columns_without_names_are_never_misread() {
    let dir = tempfile::tempdir().unwrap();
    let lines = good_lines(5);
    // A one-line array of Event Hubs messages: the messages' records, all five.
    let array = format!(
        "[{{\"records\":[{}]}},{{\"records\":[{}]}}]\n",
        lines[..3].join(","),
        lines[3..].join(",")
    );
    let path = write(dir.path(), "messages.json", array.as_bytes());
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (5, 5, 0, 0));
    // A message whose records are not an array is an unreadable record, not a record.
    let path = write(
        dir.path(),
        "damaged.ndjson",
        b"{\"records\":{}}\n{\"records\":null}\n[{\"records\":null},{\"records\":[]}]\n{\"tables\":null}\n",
    );
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (4, 0, 0, 4));
    assert!(
        find(&report, "unreadable-record", None)["locations"][0]["note"]
            .as_str()
            .unwrap()
            .contains("whose \"records\" is an object, not an array of records")
    );
    // Query columns without a name (here `columnName`): the table is unreadable, said once,
    // and its rows are not read under the key "".
    let response: Value = serde_json::from_str(
        &std::fs::read_to_string(
            root().join("examples/exports/log-analytics/chat-query-response.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut renamed = response.clone();
    for column in renamed["tables"][0]["columns"].as_array_mut().unwrap() {
        let name = column.as_object_mut().unwrap().remove("name").unwrap();
        column["columnName"] = name;
    }
    for (name, text) in [
        (
            "pretty.json",
            serde_json::to_string_pretty(&renamed).unwrap(),
        ),
        ("one-line.json", serde_json::to_string(&renamed).unwrap()),
    ] {
        let path = write(dir.path(), name, text.as_bytes());
        let (_, report) = check(&[path.to_str().unwrap()]);
        let problem = find(&report, "unreadable-input", None);
        assert!(
            problem["locations"][0]["note"]
                .as_str()
                .unwrap()
                .starts_with("column 0 of query table \"PrimaryResult\" has no \"name\""),
            "{name}: {problem}"
        );
        assert_eq!(
            counts(&report["summary"]["records"]),
            (12, 0, 0, 12),
            "{name}"
        );
    }
}

#[test]
fn a_csv_separated_by_semicolons_or_tabs_reads_as_the_comma_one_and_json_is_never_csv() {
    let dir = tempfile::tempdir().unwrap();
    let csv =
        std::fs::read_to_string(root().join("examples/exports/log-analytics/rooms-export.csv"))
            .unwrap();
    let (_, comma) = check(&["examples/exports/log-analytics/rooms-export.csv"]);
    let mut reports = Vec::new();
    // Told from the header row, not the name: also under a name that does not say CSV, and
    // on standard input.
    let mut piped = String::new();
    for (name, separator) in [
        ("semicolon.csv", ";"),
        ("tab.csv", "\t"),
        ("semicolon.txt", ";"),
        ("tab.tsv", "\t"),
    ] {
        // Only the separators change: commas inside quoted cells are kept.
        let mut text = String::new();
        for line in csv.lines() {
            let mut quoted = false;
            for c in line.chars() {
                match c {
                    '"' => {
                        quoted = !quoted;
                        text.push(c);
                    }
                    ',' if !quoted => text.push_str(separator),
                    c => text.push(c),
                }
            }
            text.push('\n');
        }
        let path = write(dir.path(), name, text.as_bytes());
        let (_, report) = check(&[path.to_str().unwrap()]);
        assert_eq!(input_format(&report, 0), "csv", "{name}");
        reports.push(report);
        piped = text;
    }
    let run = acs_logs_with_stdin(&["check", "-", "--format", "json"], Some(piped.as_bytes()));
    reports.push(run.json());
    // A separator ending every line makes no column of its own.
    let trailing = piped.replace('\n', "\t\n");
    let path = write(dir.path(), "trailing.tsv", trailing.as_bytes());
    reports.push(check(&[path.to_str().unwrap()]).1);
    for report in &reports {
        assert_eq!(report["summary"]["records"], comma["summary"]["records"]);
        assert_eq!(
            report["summary"]["by_id"], comma["summary"]["by_id"],
            "{report}"
        );
    }
    // JSON Lines forced through the CSV reader: one unreadable input, not 23 records.
    let run = acs_logs(&[
        "check",
        "examples/exports/log-analytics/sms-clean.ndjson",
        "--input-format",
        "csv",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1);
    let report = run.json();
    assert_eq!(counts(&report["summary"]["records"]), (0, 0, 0, 0));
    assert!(
        find(&report, "unreadable-input", None)["locations"][0]["note"]
            .as_str()
            .unwrap()
            .starts_with("not CSV: the first line is JSON")
    );
}

#[test]
fn a_semicolon_csv_reads_real_numbers_written_with_a_decimal_comma() {
    // A Usage row as Excel saves it in a decimal-comma locale: `;` between cells, `,` in
    // `real` columns (`Quantity`, `_BilledSize`).
    let header = "TenantId;TimeGenerated;OperationName;OperationVersion;Category;CorrelationId;\
                  RecordId;UsageType;UnitType;Quantity;StartTime;EndTime;UserIdA;UserIdB;\
                  ParticipantId;SourceSystem;Type;_ResourceId;_SubscriptionId;_BilledSize;_IsBillable";
    let row = |quantity: &str| {
        format!(
            "0b1c4e7a-93d2-4f5e-8a6b-2c3d4e5f6a7b;2024-05-01T00:00:00.0049998Z;Usage;1.0;Usage;\
             7ad25f92-2ed7-44b2-be79-0e8ba0d0e9b4;43b84218-e308-4c7a-b555-30004ba41700;AudioVideo;\
             Minute;{quantity};2024-04-30T23:57:36.3072423Z;2024-05-01T00:40:26.7612423Z;\
             8:acs:1b5cc06b-f352-4571-b1e6-d9b259b7c776_b11f0de6-e634-4c1c-80f9;\
             8:acs:1b5cc06b-f352-4571-b1e6-d9b259b7c776_acc10a6c-85a8-4b9b-930e;\
             ddae9b60-2ca1-46ed-8984-3faac32f9525;Azure;ACSBillingUsage;\
             /subscriptions/7f3c2a10-58c2-4c9b-9a3e-1d2f6e8b0c44/resourcegroups/rg-comms-prod/providers/microsoft.communication/communicationservices/acs-prod-01;\
             7f3c2a10-58c2-4c9b-9a3e-1d2f6e8b0c44;470,0;True"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{header}\n{}\n{}\n{}\n",
        row("42,8409"),
        row("0,5"),
        row("1.234,5")
    );
    let path = write(dir.path(), "usage.txt", text.as_bytes());
    let report = check_with(&path, &[]);
    // Only `1.234,5` (a thousands separator too) is not read back: it is reported as written.
    let quantity = find(&report, "type-mismatch", Some("Quantity"));
    assert_eq!(quantity["count"], 1, "{quantity}");
    assert_eq!(places(quantity)[0].0, Some(4));
    let findings = common::finding_lines(&report);
    assert!(
        !findings.iter().any(|line| line.contains("_BilledSize")),
        "{findings:?}"
    );
    let note = places(find(&report, "format-violation", None));
    assert_eq!(note.len(), 1, "one note for the input: {note:?}");
    assert!(note[0].3.starts_with("Excel's rendering in a decimal-comma locale: numbers with a decimal comma (`Quantity` holds `42,8409`)"), "{note:?}");
    // Excel's tab-separated text in the same locale is read the same way.
    let tab = text.replace(';', "\t");
    let path = write(dir.path(), "usage.tsv", tab.as_bytes());
    let tab_report = check_with(&path, &[]);
    assert_eq!(
        tab_report["summary"]["by_id"], report["summary"]["by_id"],
        "{tab_report}"
    );
    // In a comma-separated file a comma is never a decimal point.
    let comma = text
        .replace(';', ",")
        .replace("42,8409", "\"42,8409\"")
        .replace("0,5", "\"0,5\"")
        .replace("470,0", "470.0")
        .replace("1.234,5", "1234.5");
    let path = write(dir.path(), "usage.csv", comma.as_bytes());
    let comma_report = check_with(&path, &[]);
    assert_eq!(
        find(&comma_report, "type-mismatch", Some("Quantity"))["count"],
        2
    );
}

#[test]
fn an_empty_time_is_no_value_in_csv_az_output_and_json_alike() {
    let record: serde_json::Map<String, Value> = serde_json::from_str(&good_lines(1)[0]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    // JSON Lines: `null`, as the query API writes a datetime with no value.
    let mut json = record.clone();
    json.insert("TimeGenerated".into(), Value::Null);
    let ndjson = write(
        dir.path(),
        "null.ndjson",
        Value::Object(json).to_string().as_bytes(),
    );
    // `az monitor log-analytics query`: every value a string, no value `""`.
    let mut az: serde_json::Map<String, Value> = record
        .iter()
        .map(|(key, value)| {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            (key.clone(), Value::String(text))
        })
        .collect();
    az.insert("TimeGenerated".into(), Value::String(String::new()));
    az.insert("TableName".into(), Value::String("PrimaryResult".into()));
    let az = write(
        dir.path(),
        "az.json",
        Value::Array(vec![Value::Object(az.clone())])
            .to_string()
            .as_bytes(),
    );
    // CSV: an empty cell.
    let mut csv = record.keys().cloned().collect::<Vec<_>>().join(",") + "\n";
    let cells: Vec<String> = record
        .iter()
        .map(|(key, value)| match value {
            _ if key == "TimeGenerated" => String::new(),
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect();
    csv += &(cells.join(",") + "\n");
    let csv = write(dir.path(), "empty.csv", csv.as_bytes());
    let reports: Vec<Value> = [&ndjson, &az, &csv]
        .iter()
        .map(|path| check_with(path, &[]))
        .collect();
    for (report, path) in reports.iter().zip([&ndjson, &az, &csv]) {
        assert_eq!(
            report["summary"]["by_id"],
            reports[0]["summary"]["by_id"],
            "{}: {report}",
            path.display()
        );
        assert!(
            !common::finding_lines(report)
                .iter()
                .any(|line| line.contains("format-violation")),
            "{}",
            path.display()
        );
    }
}

#[test]
fn an_input_read_whole_without_a_record_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let header =
        std::fs::read_to_string(root().join("examples/exports/log-analytics/rooms-export.csv"))
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned();
    let cases: [(&str, String); 3] = [
        ("header-only.csv", format!("{header}\n")),
        (
            "no-rows.json",
            r#"{"tables":[{"name":"PrimaryResult","columns":[{"name":"A","type":"string"}],"rows":[]}]}"#
                .to_owned(),
        ),
        ("empty-array.json", "[]\n".to_owned()),
    ];
    for (name, text) in cases {
        let path = write(dir.path(), name, text.as_bytes());
        let (_, report) = check(&[path.to_str().unwrap()]);
        assert_eq!(
            counts(&report["summary"]["records"]),
            (0, 0, 0, 0),
            "{name}"
        );
        let empty = find(&report, "empty-input", None);
        assert!(
            empty["locations"][0]["note"]
                .as_str()
                .unwrap()
                .starts_with("the input holds no records (read as "),
            "{name}: {empty}"
        );
        assert_eq!(
            report["findings"].as_array().unwrap().len(),
            1,
            "{name}: {report}"
        );
    }
}

/// The note at the first place of the finding `id` (about no field) of a report.
fn first_note(report: &Value, id: &str) -> String {
    find(report, id, None)["locations"][0]["note"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn utf16_text_and_a_stray_byte_are_named_for_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let text = good_lines(3).join("\n") + "\n";
    // What Windows PowerShell 5's `>` writes: UTF-16 LE with a byte order mark.
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = write(dir.path(), "powershell.json", &utf16);
    let (_, report) = check(&[path.to_str().unwrap()]);
    let note = first_note(&report, "unreadable-input");
    assert!(note.starts_with("UTF-16 text"), "{note}");
    assert!(note.contains("iconv -f UTF-16 -t UTF-8"), "{note}");
    // Without the mark, too.
    let path = write(dir.path(), "no-bom.json", &utf16[2..]);
    let (_, report) = check(&[path.to_str().unwrap()]);
    let note = first_note(&report, "unreadable-input");
    assert!(note.starts_with("UTF-16 text"), "{note}");
    // But one NUL early in a UTF-8 record damages that record, not the input.
    let path = write(
        dir.path(),
        "nul-early.ndjson",
        format!("{{\u{0}\"a\":1}}\n{text}").as_bytes(),
    );
    let (_, report) = check(&[path.to_str().unwrap()]);
    assert_eq!(counts(&report["summary"]["records"]), (4, 3, 0, 1));
    // A CSV header in another encoding is said, not read as other column names.
    let csv =
        std::fs::read(root().join("examples/exports/log-analytics/rooms-export.csv")).unwrap();
    let text = String::from_utf8(csv)
        .unwrap()
        .replacen("RoomId", "Room\u{e9}Id", 1);
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let path = write(dir.path(), "latin1.csv", &latin1);
    let (_, report) = check(&[path.to_str().unwrap()]);
    let note = first_note(&report, "unreadable-input");
    assert!(
        note.contains("of the CSV header row is not valid UTF-8"),
        "{note}"
    );
    // A byte that begins no UTF-8 text is shown as a byte, not as a Latin-1 letter.
    let path = write(dir.path(), "latin1.json", b"\xe9{\"a\":1}\n");
    let (_, report) = check(&[path.to_str().unwrap(), "--input-format", "json"]);
    let note = first_note(&report, "unreadable-record");
    assert!(
        note.contains("the byte 0xe9, which does not begin UTF-8 text"),
        "{note}"
    );
}
