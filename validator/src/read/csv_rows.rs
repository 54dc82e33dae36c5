//! CSV exported from Log Analytics: a header row of column names, then one row per record, every
//! value a string. Values are typed back using the schema of the row's category (an integer
//! column becomes a number, `true` a boolean); an empty cell is an absent value, except in a
//! documented string column, where it is the empty string Log Analytics wrote.

use super::{Body, Problem, Stream};
use crate::aggregate::Place;
use crate::classify::Class;
use crate::finding::FindingId;
use crate::inventory::{CategoryInventory, JsonKind};
use crate::validate::Checker;
use serde_json::{Map, Number, Value};

/// Rows per chunk.
const ROWS_PER_CHUNK: usize = 2000;

pub(crate) struct CsvRows {
    reader: csv::Reader<Stream>,
    headers: Vec<String>,
    input: u32,
    done: bool,
}

impl CsvRows {
    pub(crate) fn new(stream: Stream, input: u32) -> Result<CsvRows, String> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .from_reader(stream);
        let headers = reader
            .byte_headers()
            .map_err(|error| format!("cannot read the CSV header row: {error}"))?
            .iter()
            .map(|header| {
                // The portal writes `TimeGenerated [UTC]`; the column is `TimeGenerated`.
                let text = String::from_utf8_lossy(header);
                let text = text.trim().trim_start_matches('\u{feff}');
                text.split_once(" [")
                    .map_or(text, |(name, _)| name)
                    .to_owned()
            })
            .collect();
        Ok(CsvRows {
            reader,
            headers,
            input,
            done: false,
        })
    }

    pub(crate) fn next_chunk(
        &mut self,
        checker: &Checker,
        path_hint: Option<usize>,
        problems: &mut Vec<Problem>,
    ) -> Option<Body> {
        if self.done {
            return None;
        }
        let mut rows = Vec::new();
        let mut record = csv::ByteRecord::new();
        while rows.len() < ROWS_PER_CHUNK {
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Ok(true) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    let place = Place {
                        input: self.input,
                        line,
                        record: None,
                    };
                    match self.row(&record, checker, path_hint) {
                        Ok(value) => rows.push((place, value)),
                        Err(message) => problems.push(Problem {
                            id: FindingId::UnreadableRecord,
                            place,
                            column: None,
                            message,
                        }),
                    }
                }
                Err(error) => {
                    let line = error.position().map_or(0, csv::Position::line);
                    let fatal = matches!(error.kind(), csv::ErrorKind::Io(_));
                    problems.push(Problem {
                        id: if fatal {
                            FindingId::UnreadableInput
                        } else {
                            FindingId::UnreadableRecord
                        },
                        place: Place {
                            input: self.input,
                            line,
                            record: None,
                        },
                        column: None,
                        message: format!("invalid CSV: {error}"),
                    });
                    if fatal {
                        self.done = true;
                        break;
                    }
                }
            }
        }
        if rows.is_empty() && problems.is_empty() {
            return None;
        }
        Some(Body::Values(rows))
    }

    fn row(
        &self,
        record: &csv::ByteRecord,
        checker: &Checker,
        path_hint: Option<usize>,
    ) -> Result<Value, String> {
        let mut cells = Vec::with_capacity(record.len());
        for (index, cell) in record.iter().enumerate() {
            let text = std::str::from_utf8(cell).map_err(|error| {
                format!(
                    "column {:?} is not valid UTF-8: {error}",
                    self.headers.get(index).map_or("", String::as_str)
                )
            })?;
            cells.push(text);
        }
        // Classify on the raw text first: typing needs the category's schema.
        let mut naming = Map::new();
        for (header, cell) in self.headers.iter().zip(&cells) {
            if !cell.is_empty() {
                naming.insert(header.clone(), Value::String((*cell).to_owned()));
            }
        }
        let inventory = match checker.classifier().classify(&naming, path_hint) {
            Class::Known(index) => checker.inventories.get(index),
            Class::Unknown(_) | Class::Unnamed => None,
        };
        let mut map = Map::with_capacity(cells.len());
        for (header, cell) in self.headers.iter().zip(cells) {
            if let Some(value) = typed(header, cell, inventory) {
                map.insert(header.clone(), value);
            }
        }
        Ok(Value::Object(map))
    }
}

/// A cell's value, typed by the category's schema.
fn typed(column: &str, cell: &str, inventory: Option<&CategoryInventory>) -> Option<Value> {
    let types = inventory.and_then(|inventory| {
        inventory
            .field_index(column)
            .map(|index| inventory.fields[index].types.as_slice())
    });
    if cell.is_empty() {
        return match types {
            Some(types) if JsonKind::String.allowed_by(types) => Some(Value::String(String::new())),
            _ => None,
        };
    }
    let types = types.unwrap_or(&[]);
    if types.contains(&JsonKind::Integer)
        && let Ok(number) = cell.parse::<i64>()
    {
        return Some(Value::Number(number.into()));
    }
    if (types.contains(&JsonKind::Number) || types.contains(&JsonKind::Integer))
        && let Some(number) = cell.parse::<f64>().ok().and_then(Number::from_f64)
    {
        return Some(Value::Number(number));
    }
    if types.contains(&JsonKind::Boolean) {
        if cell.eq_ignore_ascii_case("true") {
            return Some(Value::Bool(true));
        }
        if cell.eq_ignore_ascii_case("false") {
            return Some(Value::Bool(false));
        }
    }
    if (types.contains(&JsonKind::Object) || types.contains(&JsonKind::Array))
        && let Ok(value) = serde_json::from_str::<Value>(cell)
    {
        return Some(value);
    }
    Some(Value::String(cell.to_owned()))
}
