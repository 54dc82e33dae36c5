//! Fuzz target: the record reader, bytes in. Whatever the bytes, nothing panics and the
//! accounting holds: total = valid + with drift + unreadable. When the bytes are made into a
//! file whose records are known (JSON Lines, or pretty-printed JSON values back to back, gzipped
//! or not), the total is exactly the number of records written: every record counted once.
#![no_main]

use acs_log_schemas::SchemaSet;
use acs_log_validator::{Config, FailOn, Index, InputFormat, RunOptions};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::io::Write;
use std::sync::OnceLock;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        Index::build(SchemaSet::acs(), Config::default(), None).expect("the ACS schemas compile")
    })
}

/// Reads `bytes` as one input, as `acs-logs check` reads a file; returns (total, valid, with
/// drift, unreadable).
fn read(bytes: Vec<u8>, format: InputFormat) -> (u64, u64, u64, u64) {
    let index = index();
    let options = RunOptions {
        input_format: format,
        jobs: 1,
        ..RunOptions::default()
    };
    let partial = index
        .check_files([("fuzz".to_owned(), bytes)], &options)
        .expect("an in-memory input is always read");
    let records = index.report(&partial, None, FailOn::Never).summary.records;
    assert_eq!(
        records.total,
        records.valid + records.with_drift + records.unreadable,
        "the accounting does not add up"
    );
    (
        records.total,
        records.valid,
        records.with_drift,
        records.unreadable,
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// How many records a value read as one line (or one array element) is: a batch counts its
/// elements, a query response its rows, a line holding an array of objects its objects.
fn line_records(value: &Value) -> u64 {
    if let Some(records) = value.get("records").and_then(Value::as_array) {
        return records.len() as u64;
    }
    if let Some(tables) = value.get("tables").and_then(Value::as_array) {
        return tables
            .iter()
            .filter_map(|table| table.get("rows").and_then(Value::as_array))
            .map(|rows| rows.len() as u64)
            .sum();
    }
    match value {
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            items.len() as u64
        }
        _ => 1,
    }
}

/// How many records a top-level value of a JSON document is.
fn document_records(value: &Value) -> u64 {
    match value {
        Value::Array(items) => items.iter().map(line_records).sum(),
        Value::Object(map) => {
            // The first `records` or `tables` array, in document order, makes it a container.
            for (key, member) in map {
                match (key.as_str(), member) {
                    ("records", Value::Array(records)) => {
                        return records.iter().map(line_records).sum();
                    }
                    ("tables", Value::Array(tables)) => {
                        return tables
                            .iter()
                            .filter(|table| table.is_object())
                            .filter_map(|table| table.get("rows").and_then(Value::as_array))
                            .map(|rows| rows.len() as u64)
                            .sum();
                    }
                    _ => {}
                }
            }
            1
        }
        _ => 1,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // Raw bytes, every format detected or forced: only the accounting is known.
    let format = match mode % 6 {
        0 => InputFormat::Auto,
        1 => InputFormat::Ndjson,
        2 => InputFormat::Json,
        3 => InputFormat::Eventhubs,
        4 => InputFormat::LaQuery,
        _ => InputFormat::Csv,
    };
    read(rest.to_vec(), format);
    if mode & 0x40 != 0 {
        // A gzip stream cut short.
        let compressed = gzip(rest);
        let cut = usize::from(mode) * compressed.len() / 256;
        read(compressed[..cut].to_vec(), InputFormat::Auto);
    }

    let segments: Vec<&[u8]> = rest.split(|byte| *byte == 0xFF).collect();
    let zipped = mode & 0x80 != 0;
    // JSON Lines: each segment one line; a line that does not parse is one unreadable record.
    let mut text = Vec::new();
    let mut expected = 0u64;
    for (index, segment) in segments.iter().enumerate() {
        let mut line: Vec<u8> = segment
            .iter()
            .copied()
            .filter(|byte| *byte != b'\n' && *byte != b'\r')
            .collect();
        if index == 0 && line.starts_with(&[0xEF, 0xBB, 0xBF]) {
            line.drain(..3);
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        expected += match serde_json::from_slice::<Value>(&line) {
            Ok(value) => line_records(&value),
            // Read as the largest float instead: the model would have to say the same.
            Err(error) if error.to_string().starts_with("number out of range") => return,
            Err(_) => 1,
        };
        text.extend_from_slice(&line);
        text.push(if mode & 1 == 0 { b'\n' } else { b'\r' });
    }
    let text = if zipped { gzip(&text) } else { text };
    let (total, ..) = read(text, InputFormat::Ndjson);
    assert_eq!(
        total, expected,
        "JSON Lines: a record lost or counted twice"
    );

    // The segments that are JSON values, pretty-printed back to back (as `jq .` writes them).
    let values: Vec<Value> = segments
        .iter()
        .filter_map(|segment| serde_json::from_slice::<Value>(segment).ok())
        .collect();
    let mut text = Vec::new();
    for value in &values {
        let _ = serde_json::to_writer_pretty(&mut text, value);
        text.push(b'\n');
    }
    let expected: u64 = values.iter().map(document_records).sum();
    let text = if zipped { gzip(&text) } else { text };
    let (total, ..) = read(text, InputFormat::Json);
    assert_eq!(
        total, expected,
        "JSON documents: a record lost or counted twice"
    );
});
