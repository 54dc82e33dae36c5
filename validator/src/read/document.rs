//! Whole JSON documents: a Log Analytics query API response (`{"tables": [...]}`), an Event Hubs
//! message spread over several lines (`{"records": [...]}`), or one pretty-printed record. Such
//! documents are small by nature (the query API caps responses at 64 MB), so one is read whole,
//! up to [`MAX_DOCUMENT_BYTES`].

use super::{DetectedFormat, Problem, Stream, read_some};
use crate::aggregate::Place;
use crate::finding::FindingId;
use serde_json::{Map, Value};

/// The largest whole document read.
pub const MAX_DOCUMENT_BYTES: usize = 64 << 20;

/// Rows per batch handed to a worker.
const ROWS_PER_BATCH: usize = 2000;

/// Reads a whole document; returns its records in batches and what the document turned out to be.
pub(crate) fn read_document(
    stream: &mut Stream,
    input: u32,
    problems: &mut Vec<Problem>,
) -> (Vec<Vec<(Place, Value)>>, Option<DetectedFormat>) {
    let place = |line: u64, record: Option<u64>| Place {
        input,
        line,
        record,
    };
    let mut bytes = Vec::new();
    if let Err(error) = read_some(stream, &mut bytes, MAX_DOCUMENT_BYTES + 1) {
        let line = memchr::memchr_iter(b'\n', &bytes).count() as u64 + 1;
        problems.push(Problem {
            id: FindingId::UnreadableInput,
            place: place(line, None),
            column: None,
            message: format!(
                "the stream breaks off in line {line}: {error}; the document cannot be read"
            ),
        });
        return (Vec::new(), None);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        problems.push(Problem {
            id: FindingId::UnreadableInput,
            place: place(1, None),
            column: None,
            message: format!(
                "a single JSON document over {MAX_DOCUMENT_BYTES} bytes is not read whole; export JSON Lines or a JSON array instead"
            ),
        });
        return (Vec::new(), None);
    }
    let value: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(error) => {
            problems.push(Problem {
                id: FindingId::UnreadableRecord,
                place: place(error.line() as u64, None),
                column: Some(error.column() as u64),
                message: format!("invalid JSON: {error}"),
            });
            return (Vec::new(), None);
        }
    };
    drop(bytes);
    let mut rows = Vec::new();
    let detected = match value {
        Value::Object(mut map) if map.get("tables").is_some_and(Value::is_array) => {
            let tables = map.remove("tables").unwrap_or_default();
            let mut index = 0u64;
            for table in tables.as_array().into_iter().flatten() {
                table_rows(table, &mut index, |row, record| {
                    rows.push((place(0, Some(record)), Value::Object(row)));
                });
            }
            Some(DetectedFormat::LaQuery)
        }
        Value::Object(mut map)
            if map.len() == 1 && map.get("records").is_some_and(Value::is_array) =>
        {
            if let Some(Value::Array(records)) = map.remove("records") {
                rows.extend(
                    records
                        .into_iter()
                        .enumerate()
                        .map(|(index, record)| (place(0, Some(index as u64)), record)),
                );
            }
            Some(DetectedFormat::EventHubs)
        }
        other => {
            rows.push((place(1, None), other));
            Some(DetectedFormat::JsonDocument)
        }
    };
    let mut batches = Vec::new();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        batches.push(rows.by_ref().take(ROWS_PER_BATCH).collect());
    }
    (batches, detected)
}

/// Turns a query table's rows into records keyed by column name. Null cells are kept: a `null`
/// is a column with no value, not a missing column (the validator tells the two apart, and lets
/// the nulls a query over several tables gives the others' columns pass). `dynamic` cells, which
/// the API returns as JSON text, are parsed back.
fn table_rows(table: &Value, index: &mut u64, mut emit: impl FnMut(Map<String, Value>, u64)) {
    let columns: Vec<(&str, &str)> = table
        .get("columns")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|column| {
            (
                column.get("name").and_then(Value::as_str).unwrap_or(""),
                column.get("type").and_then(Value::as_str).unwrap_or(""),
            )
        })
        .collect();
    for row in table
        .get("rows")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let mut record = Map::new();
        for ((name, kind), cell) in columns.iter().zip(row.as_array().into_iter().flatten()) {
            let value = match cell {
                Value::String(text) if *kind == "dynamic" => {
                    serde_json::from_str(text).unwrap_or_else(|_| cell.clone())
                }
                other => other.clone(),
            };
            record.insert((*name).to_owned(), value);
        }
        emit(record, *index);
        *index += 1;
    }
}
