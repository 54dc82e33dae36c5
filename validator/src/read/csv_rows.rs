//! CSV exported from Log Analytics: a header row of column names, then one row per record, every
//! value a string. Values are typed back from the Kusto type of the row's table (an `int` column
//! becomes a number, `true` a boolean); an empty cell is a column with no value (`null`), except
//! in a `string` column, where it is the empty string Log Analytics wrote. A column no
//! documentation types is read for what its text is.
//!
//! The portal's export is read as it is: a byte-order mark, CRLF line ends (counted as one line
//! end, so places are the same as with LF), and datetime columns headed `TimeGenerated [UTC]`
//! holding display dates (`7/30/2024, 9:32:49.469 AM`), read back as ISO 8601 UTC and noted once
//! per input. A row whose cells do not match the header is a damaged row, reported whole. The
//! separator is told from the header row: `,`, or `;` or a tab where those separate its names.

use super::{Body, Problem, Stream};
use crate::aggregate::Place;
use crate::classify::Class;
use crate::finding::{FindingId, json_quoted};
use crate::index::SchemaIndex;
use acs_log_schemas::{KustoType, portal_date_as_iso, value_of_untyped_text};
use serde_json::{Map, Value};
use std::io::{BufRead, Read};

/// Rows per chunk.
const ROWS_PER_CHUNK: usize = 2000;

pub(crate) struct CsvRows {
    reader: csv::Reader<CrlfAsLf>,
    headers: Vec<String>,
    /// Per column, whether the header carried the portal's ` [UTC]` suffix: its cells may be
    /// display dates.
    utc_rendered: Vec<bool>,
    /// Which of the renderings read back were noted already: one note of each per input.
    noted: Noted,
    /// Whether the file is separated by `;` or a tab, not `,`: Excel writes it so where the
    /// decimal separator is a comma (`;` for CSV, tab for text), and writes `real` numbers with
    /// one (`42,8409`). In a comma file, an unquoted comma always separates cells.
    decimal_comma: bool,
    input: u32,
    done: bool,
}

/// The separator of a CSV file, told from its header row (the start of it the buffer holds):
/// the one of `,`, `;` and tab that occurs most outside quotes, `,` on a tie. Excel writes `;`
/// where the decimal separator is a comma, and a TSV saved as `.csv` is common.
fn delimiter(header: &[u8]) -> u8 {
    let line = header
        .split(|&byte| byte == b'\n')
        .next()
        .unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &byte in line {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let candidates = [b',', b';', b'\t'];
    let mut best = 0;
    for index in 1..candidates.len() {
        if counts[index] > counts[best] {
            best = index;
        }
    }
    candidates[best]
}

impl CsvRows {
    /// A reader of the CSV text in `stream`, its header row read. An error, when the header
    /// cannot be read or the text is JSON rather than CSV (`--input-format csv` on JSON Lines).
    pub(crate) fn new(mut stream: Stream, input: u32) -> Result<CsvRows, String> {
        let head = stream
            .fill_buf()
            .map_err(|error| format!("cannot read the CSV header row: {error}"))?;
        let start = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
        if let Some(&first @ (b'{' | b'[')) = start.iter().find(|byte| !byte.is_ascii_whitespace())
        {
            return Err(format!(
                "not CSV: the first line is JSON (it starts with {}); it is read as JSON when --input-format is not csv",
                json_quoted(&char::from(first).to_string())
            ));
        }
        let delimiter = delimiter(start);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .has_headers(true)
            .delimiter(delimiter)
            .from_reader(CrlfAsLf::new(stream));
        let mut headers = Vec::new();
        let mut utc_rendered = Vec::new();
        for header in reader
            .byte_headers()
            .map_err(|error| format!("cannot read the CSV header row: {error}"))?
        {
            // A name that is not UTF-8 would become another name, and drift that is not there.
            let Ok(text) = std::str::from_utf8(header) else {
                return Err(format!(
                    "column {} of the CSV header row is not valid UTF-8 (another encoding, such as Windows-1252?); convert the file to UTF-8",
                    headers.len() + 1
                ));
            };
            // The portal writes `TimeGenerated [UTC]`; the column is `TimeGenerated`.
            let text = text.trim().trim_start_matches('\u{feff}');
            let (name, suffix) = text.split_once(" [").unwrap_or((text, ""));
            headers.push(name.to_owned());
            utc_rendered.push(suffix.eq_ignore_ascii_case("UTC]"));
        }
        Ok(CsvRows {
            reader,
            headers,
            utc_rendered,
            noted: Noted::default(),
            decimal_comma: delimiter != b',',
            input,
            done: false,
        })
    }

    pub(crate) fn next_chunk(
        &mut self,
        schema_index: &SchemaIndex,
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
                    if record.len() != self.headers.len() {
                        // Nothing is dropped or invented: the row is reported whole.
                        // A quote left open reads the following lines into its cell.
                        // The lines it took in are said, so that every line of the file is
                        // accounted for.
                        // (The file's own last line end, read into the cell, ends no line.)
                        let taken_in: usize = record
                            .iter()
                            .map(|cell| memchr::memchr_iter(b'\n', cell).count())
                            .sum::<usize>()
                            - usize::from(
                                record
                                    .iter()
                                    .next_back()
                                    .is_some_and(|cell| cell.ends_with(b"\n")),
                            );
                        let open_quote = record.len() < self.headers.len() && taken_in > 0;
                        problems.push(Problem {
                            id: FindingId::UnreadableRecord,
                            place,
                            column: None,
                            message: format!(
                                "damaged CSV row: {} cell(s) where the header has {}{}",
                                record.len(),
                                self.headers.len(),
                                if open_quote {
                                    format!(" (an unterminated quote runs to the end of the input? the row takes in the {taken_in} line(s) after it)")
                                } else {
                                    String::new()
                                }
                            ),
                        });
                        continue;
                    }
                    match self.row(&record, schema_index, path_hint) {
                        Ok((value, rendered)) => {
                            let renderings = [
                                (
                                    rendered.date,
                                    &mut self.noted.date,
                                    "the portal's rendering: datetime columns headed `[UTC]` hold display dates",
                                    "read as ISO 8601 UTC",
                                ),
                                (
                                    rendered.decimal,
                                    &mut self.noted.decimal,
                                    "Excel's rendering in a decimal-comma locale: numbers with a decimal comma",
                                    "read with a decimal point",
                                ),
                            ];
                            for (first, noted, what, how) in renderings {
                                if let Some((column, cell)) = first
                                    && !*noted
                                {
                                    *noted = true;
                                    problems.push(Problem {
                                        id: FindingId::FormatViolation,
                                        place,
                                        column: None,
                                        message: format!(
                                            "{what} (`{column}` holds `{cell}`), {how}"
                                        ),
                                    });
                                }
                            }
                            rows.push((place, value));
                        }
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

    /// The row as a record, and what in it was read back from a rendering.
    fn row(
        &self,
        record: &csv::ByteRecord,
        schema_index: &SchemaIndex,
        path_hint: Option<usize>,
    ) -> Result<(Value, Rendered), String> {
        let mut cells = Vec::with_capacity(record.len());
        for (index, cell) in record.iter().enumerate() {
            let text = std::str::from_utf8(cell).map_err(|error| {
                format!(
                    "column {} is not valid UTF-8: {error}",
                    json_quoted(self.headers.get(index).map_or("", String::as_str))
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
        let inventory = match schema_index.classifier().classify(&naming, path_hint) {
            Class::Known(index) => schema_index.inventories.get(index),
            Class::Unknown(_) | Class::Unnamed => None,
        };
        let mut map = Map::with_capacity(cells.len());
        let mut rendered = Rendered::default();
        for ((header, cell), utc) in self.headers.iter().zip(cells).zip(&self.utc_rendered) {
            // A separator ending every line (`a;b;`) makes a last column with no name and no
            // value: not a column of the table. One with a value is kept, and reported.
            if header.is_empty() && cell.is_empty() {
                continue;
            }
            let kusto = inventory.and_then(|inventory| match inventory.field_index(header) {
                Some(field) => inventory.fields[field].kusto,
                None => inventory.reference_type(header),
            });
            let read_back = if *utc {
                portal_date_as_iso(cell)
            } else if self.decimal_comma
                && matches!(kusto, Some(KustoType::Real | KustoType::Decimal))
            {
                with_decimal_point(cell)
            } else {
                None
            };
            if read_back.is_some() {
                let note = if *utc {
                    &mut rendered.date
                } else {
                    &mut rendered.decimal
                };
                note.get_or_insert_with(|| (header.clone(), cell.to_owned()));
            }
            let cell = read_back.as_deref().unwrap_or(cell);
            // The Kusto type of the column (documented, or listed by the table reference)
            // types the cell; a display date is read back above, only under `[UTC]`.
            let value = match kusto {
                Some(kusto) => kusto.value_of_text_as_written(cell),
                None => value_of_untyped_text(cell),
            };
            map.insert(header.clone(), value);
        }
        Ok((Value::Object(map), rendered))
    }
}

/// Whether display dates and decimal commas were noted for an input.
#[derive(Default)]
struct Noted {
    date: bool,
    decimal: bool,
}

/// The first cell of a row read back from a rendering, as the file has it, by column, for the
/// input's one note of each.
#[derive(Default)]
struct Rendered {
    /// A display date under `[UTC]`.
    date: Option<(String, String)>,
    /// A number with a decimal comma.
    decimal: Option<(String, String)>,
}

/// `42,8409` as `42.8409`: digits, one comma, digits (an optional minus first). Anything else
/// (`1.234,5` with a thousands separator, `42`) is not read back, and is checked as written.
fn with_decimal_point(cell: &str) -> Option<String> {
    let (whole, fraction) = cell.split_once(',')?;
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit());
    (digits(whole.strip_prefix('-').unwrap_or(whole)) && digits(fraction))
        .then(|| format!("{whole}.{fraction}"))
}

/// The input with each CRLF outside quotes read as LF. The CSV parser ends a record at the CR
/// and counts the line at the LF, which put every place after the header one line early; a CR
/// inside a quoted cell is data and stays.
pub(crate) struct CrlfAsLf {
    inner: Stream,
    quoted: bool,
}

impl CrlfAsLf {
    fn new(inner: Stream) -> CrlfAsLf {
        CrlfAsLf {
            inner,
            quoted: false,
        }
    }
}

impl Read for CrlfAsLf {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < out.len() {
            let available = self.inner.fill_buf()?;
            let Some(&byte) = available.first() else {
                break;
            };
            if byte == b'\r' && !self.quoted {
                // Peek past the CR: one more byte may need another buffer.
                if available.len() == 1 {
                    self.inner.consume(1);
                    let next = self.inner.fill_buf()?;
                    if next.first() != Some(&b'\n') {
                        out[written] = b'\r';
                        written += 1;
                    }
                    continue;
                }
                let lone = available.get(1) != Some(&b'\n');
                self.inner.consume(1);
                if lone {
                    out[written] = b'\r';
                    written += 1;
                }
                continue;
            }
            if byte == b'"' {
                self.quoted = !self.quoted;
            }
            out[written] = byte;
            written += 1;
            self.inner.consume(1);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lf(text: &str) -> String {
        let mut reader = CrlfAsLf::new(Box::new(std::io::Cursor::new(text.as_bytes().to_vec())));
        let mut out = String::new();
        reader.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn crlf_outside_quotes_reads_as_lf() {
        assert_eq!(lf("a,b\r\n1,\"x\r\ny\"\r\n"), "a,b\n1,\"x\r\ny\"\n");
        assert_eq!(lf("a\rb\r"), "a\rb\r");
    }
}
