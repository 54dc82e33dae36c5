//! JSON that is not one record per line, streamed: JSON arrays of records (one or several back
//! to back), Event Hubs `{"records": [...]}` documents, Log Analytics query responses
//! (`{"tables": [...]}`), pretty-printed records back to back (`jq .` output), and any mix of
//! them. Nothing is read whole: the [`Scanner`] cuts each record (or query row) out of the
//! stream, and workers parse them, so memory stays flat whatever the document's size.
//!
//! Damage is contained: a value that cannot be complete (a line end inside a string, the end of
//! the input) is one unreadable record, and reading starts again at the next line, so a broken
//! record never takes the rest of the file with it.

use super::scan::{Capture, Scanner};
use super::{Body, CHUNK_BYTES, DetectedFormat, MAX_RECORD_BYTES, Problem, Span, Stream};
use crate::aggregate::Place;
use crate::finding::{FindingId, json_quoted};
use serde_json::{Map, Value};
use std::sync::Arc;

/// Query rows per chunk: a row is parsed into a map by a worker, so chunks are cut by count
/// as well as by bytes.
const ROWS_PER_CHUNK: usize = 4096;

/// The largest `columns` list or table name read.
const MAX_COLUMNS_BYTES: usize = 4 << 20;

/// One table of a query response, as its rows need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Table {
    /// The table's name (`PrimaryResult`).
    pub name: String,
    /// Its columns: name and Kusto type.
    pub columns: Vec<(String, String)>,
}

/// What a top-level object turned out to be once its keys were seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    /// `{"records": [...]}`.
    EventHubs,
    /// `{"tables": [...]}`.
    Query,
}

enum Frame {
    /// Inside an array whose elements are records (a top-level array, or `records`).
    Records { index: u64 },
    /// Inside a top-level object: a record, or a container once `records`/`tables` is seen.
    Object {
        line: u64,
        column: u64,
        /// The members read so far, as `"key":value,` text (while it may be a record).
        raw: Vec<u8>,
        /// Bytes beyond the record limit.
        oversized: u64,
        container: Option<Container>,
        /// Keys seen, for the report of keys beside `records`.
        keys: Vec<String>,
        /// What JSON allows next between the members.
        expect: Expect,
        /// The first place the object breaks JSON's grammar between its members (a missing
        /// or doubled comma, a trailing comma, a single-quoted or bare key, a comment, a value
        /// that is not JSON), and what is wrong there. The object is still read to its `}`, so
        /// a broken record is one unreadable record at the place of its fault, and the records
        /// after it are read as they are.
        broken: Option<(u64, u64, String)>,
    },
    /// Inside `"tables": [`.
    Tables,
    /// Inside one table object.
    Table {
        name: String,
        columns: Option<Arc<Table>>,
    },
    /// Inside a table's `"rows": [`.
    Rows { table: Option<Arc<Table>> },
}

/// What JSON's grammar allows next inside an object, between its members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Just after `{`: a key or `}`.
    KeyOrEnd,
    /// After `,`: a key.
    Key,
    /// After a member's value: `,` or `}`.
    CommaOrEnd,
}

/// What the chunk being built holds: records, or rows of one table.
enum Kind {
    Records,
    Rows(Arc<Table>),
}

pub(crate) struct DocumentReader {
    scan: Scanner,
    input: u32,
    stack: Vec<Frame>,
    /// Index of the next query row (counted across tables, as the API numbers them).
    row: u64,
    /// What the first top-level value was.
    pub(crate) detected: Option<DetectedFormat>,
    /// Whether any value was seen at all.
    seen: bool,
    /// The chunk must be sent before the next record: it holds records of another kind (rows
    /// of another table). Found by fuzzing: without it, a query response followed by an
    /// array looped for ever.
    flush: bool,
    done: bool,
}

impl DocumentReader {
    pub(crate) fn new(stream: Stream, input: u32, first_line: u64) -> DocumentReader {
        DocumentReader {
            scan: Scanner::new(stream, first_line),
            input,
            stack: Vec::new(),
            row: 0,
            detected: None,
            seen: false,
            flush: false,
            done: false,
        }
    }

    fn place(&self, line: u64, record: Option<u64>) -> Place {
        Place {
            input: self.input,
            line,
            record,
        }
    }

    fn problem(
        &self,
        id: FindingId,
        line: u64,
        column: u64,
        record: Option<u64>,
        message: String,
    ) -> Problem {
        Problem {
            id,
            place: self.place(line, record),
            column: Some(column),
            message,
        }
    }

    fn detect(&mut self, format: DetectedFormat) {
        if self.detected.is_none() {
            self.detected = Some(format);
        }
    }

    /// The next chunk: records (or query rows) up to about [`CHUNK_BYTES`].
    pub(crate) fn next_chunk(&mut self, problems: &mut Vec<Problem>) -> Option<Body> {
        if self.done {
            return None;
        }
        let mut bytes = Vec::new();
        let mut spans = Vec::new();
        let mut kind = Kind::Records;
        self.flush = false;
        while !self.flush && bytes.len() < CHUNK_BYTES && spans.len() < ROWS_PER_CHUNK {
            if !self.step(&mut kind, &mut bytes, &mut spans, problems) {
                self.done = true;
                self.finish(problems);
                break;
            }
        }
        Some(match kind {
            Kind::Records => Body::Spans { bytes, spans },
            Kind::Rows(table) => Body::Rows {
                table,
                bytes,
                spans,
            },
        })
    }

    fn finish(&mut self, problems: &mut Vec<Problem>) {
        let broke = self.scan.error.take();
        if let Some(error) = &broke {
            problems.push(self.problem(
                FindingId::UnreadableInput,
                self.scan.line,
                self.scan.column,
                None,
                format!(
                    "the stream breaks off in line {} (after {} bytes of data): {error}; the rest of the input is lost",
                    self.scan.line, self.scan.offset
                ),
            ));
        }
        if let Some(Frame::Object {
            line,
            column,
            container: None,
            ..
        }) = self.stack.first()
        {
            // A record whose input ends before its `}`: cut short, counted as unreadable.
            problems.push(self.problem(
                FindingId::UnreadableRecord,
                *line,
                *column,
                None,
                "truncated JSON: the input ends inside this record".into(),
            ));
        } else if !self.stack.is_empty() && broke.is_none() {
            problems.push(self.problem(
                FindingId::UnreadableInput,
                self.scan.line,
                self.scan.column,
                None,
                "the input ends inside a JSON document: it is not closed".into(),
            ));
        } else if !self.seen && broke.is_none() {
            problems.push(self.problem(
                FindingId::EmptyInput,
                self.scan.line,
                self.scan.column,
                None,
                "no JSON value found".into(),
            ));
        }
        self.stack.clear();
    }

    /// Whether a chunk of `kind` may take a span of `wanted`; when not, the chunk is sent
    /// first (it is never empty then).
    fn fits(kind: &mut Kind, spans: &[Span], wanted: Option<&Arc<Table>>) -> bool {
        let same = match (&*kind, wanted) {
            (Kind::Records, None) => true,
            (Kind::Rows(table), Some(wanted)) => Arc::ptr_eq(table, wanted),
            _ => false,
        };
        if same {
            return true;
        }
        if spans.is_empty() {
            *kind = wanted.map_or(Kind::Records, |table| Kind::Rows(Arc::clone(table)));
            return true;
        }
        false
    }

    /// Reads one step; false at the end of the input.
    fn step(
        &mut self,
        kind: &mut Kind,
        bytes: &mut Vec<u8>,
        spans: &mut Vec<Span>,
        problems: &mut Vec<Problem>,
    ) -> bool {
        self.scan.skip_whitespace();
        let Some(next) = self.scan.peek() else {
            return false;
        };
        let (line, column) = (self.scan.line, self.scan.column);
        match self.stack.last_mut() {
            None => {
                self.seen = true;
                match next {
                    b'[' => {
                        self.scan.bump();
                        self.detect(DetectedFormat::JsonArray);
                        self.stack.push(Frame::Records { index: 0 });
                    }
                    b'{' => {
                        self.scan.bump();
                        self.stack.push(Frame::Object {
                            line,
                            column,
                            raw: b"{".to_vec(),
                            oversized: 0,
                            container: None,
                            keys: Vec::new(),
                            expect: Expect::KeyOrEnd,
                            broken: None,
                        });
                    }
                    // Separators left over after reading started again inside an array (the
                    // `,` after an element, the closing `]`): they hold no record.
                    b',' | b']' => {
                        self.scan.bump();
                    }
                    _ => {
                        // Not a JSON object or array: the rest of the line is one unreadable
                        // record, and reading goes on at the next line.
                        self.scan.skip_line();
                        problems.push(self.problem(
                            FindingId::UnreadableRecord,
                            line,
                            column,
                            None,
                            format!(
                                "not a JSON object or array (it starts with {})",
                                if next.is_ascii() {
                                    json_quoted(&char::from(next).to_string())
                                } else {
                                    // Not a character: a byte of something other than UTF-8
                                    // text (Latin-1, UTF-16, binary).
                                    format!(
                                        "the byte 0x{next:02x}, which does not begin UTF-8 text"
                                    )
                                }
                            ),
                        ));
                    }
                }
            }
            Some(Frame::Records { index }) => match next {
                b']' => {
                    self.scan.bump();
                    self.stack.pop();
                }
                // A trailing comma (`[a, b,]`) is forgiven: no record is lost to it.
                b',' => {
                    self.scan.bump();
                }
                _ => {
                    if !Self::fits(kind, spans, None) {
                        self.flush = true;
                        return true;
                    }
                    let record = *index;
                    *index += 1;
                    self.record(line, column, Some(record), bytes, spans, problems);
                }
            },
            Some(Frame::Object { .. }) => {
                self.object_step(next, line, column, bytes, spans, problems);
            }
            Some(Frame::Tables) => match next {
                b']' => {
                    self.scan.bump();
                    self.stack.pop();
                }
                b',' => {
                    self.scan.bump();
                }
                b'{' => {
                    self.scan.bump();
                    self.stack.push(Frame::Table {
                        name: String::new(),
                        columns: None,
                    });
                }
                _ => {
                    let result = self.scan.capture(&mut Vec::new(), 0);
                    problems.push(self.problem(
                        FindingId::UnreadableInput,
                        line,
                        column,
                        None,
                        "a query response's table that is not a JSON object; not read".into(),
                    ));
                    self.recover(&result, problems);
                }
            },
            Some(Frame::Table { .. }) => self.table_step(next, line, column, problems),
            Some(Frame::Rows { table }) => match next {
                b']' => {
                    self.scan.bump();
                    self.stack.pop();
                }
                b',' => {
                    self.scan.bump();
                }
                _ => {
                    let table = table.clone();
                    let row = self.row;
                    let Some(table) = table else {
                        self.row += 1;
                        let result = self.scan.capture(&mut Vec::new(), 0);
                        problems.push(self.problem(
                            FindingId::UnreadableRecord,
                            line,
                            column,
                            Some(row),
                            "a query row with no readable columns before it in its table: the cells cannot be named"
                                .into(),
                        ));
                        self.recover(&result, problems);
                        return true;
                    };
                    if !Self::fits(kind, spans, Some(&table)) {
                        self.flush = true;
                        return true;
                    }
                    self.row += 1;
                    self.record(line, column, Some(row), bytes, spans, problems);
                }
            },
        }
        true
    }

    /// Cuts one record (or row) out of the stream into the chunk.
    fn record(
        &mut self,
        line: u64,
        column: u64,
        record: Option<u64>,
        bytes: &mut Vec<u8>,
        spans: &mut Vec<Span>,
        problems: &mut Vec<Problem>,
    ) {
        let start = bytes.len();
        let result = self.scan.capture(bytes, MAX_RECORD_BYTES);
        match result {
            Capture::Done => spans.push(Span {
                start,
                end: bytes.len(),
                line,
                column,
                record,
            }),
            Capture::Oversized(size) => {
                bytes.truncate(start);
                problems.push(self.problem(
                    FindingId::UnreadableRecord,
                    line,
                    column,
                    record,
                    format!(
                        "the record is {size} bytes long, over the {MAX_RECORD_BYTES}-byte limit; skipped"
                    ),
                ));
            }
            Capture::Broken(reason) => {
                bytes.truncate(start);
                problems.push(self.problem(
                    FindingId::UnreadableRecord,
                    line,
                    column,
                    record,
                    format!("truncated JSON: {reason}"),
                ));
                self.recover(&result, problems);
            }
        }
    }

    /// After a value that cannot be complete, starts again at the next line, at the top level:
    /// what follows is read as records, not lost.
    fn recover(&mut self, result: &Capture, problems: &mut Vec<Problem>) {
        if let Capture::Broken(_) = result {
            if self.scan.peek().is_none() && !self.stack.is_empty() && self.scan.error.is_none() {
                problems.push(self.problem(
                    FindingId::UnreadableInput,
                    self.scan.line,
                    self.scan.column,
                    None,
                    "the input ends inside a JSON document: it is not closed".into(),
                ));
            }
            self.stack.clear();
            self.scan.skip_line();
        }
    }

    fn object_step(
        &mut self,
        next: u8,
        line: u64,
        column: u64,
        bytes: &mut Vec<u8>,
        spans: &mut Vec<Span>,
        problems: &mut Vec<Problem>,
    ) {
        let Some(Frame::Object {
            line: start_line,
            column: start_column,
            ..
        }) = self.stack.last()
        else {
            return;
        };
        let (start_line, start_column) = (*start_line, *start_column);
        let expect = self.expect();
        match next {
            b'}' => {
                if expect == Expect::Key {
                    self.break_object(
                        line,
                        column,
                        "invalid JSON: a trailing comma before `}`".into(),
                    );
                }
                self.scan.bump();
                if let Some(Frame::Object {
                    mut raw,
                    oversized,
                    container,
                    keys,
                    broken,
                    ..
                }) = self.stack.pop()
                {
                    self.end_object(
                        (start_line, start_column),
                        &mut raw,
                        oversized,
                        container,
                        &keys,
                        broken,
                        bytes,
                        spans,
                        problems,
                    );
                }
            }
            b',' => {
                if expect != Expect::CommaOrEnd {
                    self.break_object(
                        line,
                        column,
                        "invalid JSON: a `,` where a key must be".into(),
                    );
                }
                self.scan.bump();
                self.set_expect(Expect::Key);
            }
            b'"' => {
                if expect == Expect::CommaOrEnd {
                    self.break_object(
                        line,
                        column,
                        "invalid JSON: expected `,` or `}` before this key".into(),
                    );
                }
                self.set_expect(Expect::CommaOrEnd);
                let (key, key_bytes) = match self.member_key(start_column) {
                    Ok(member) => member,
                    Err(reason) => {
                        self.member_fault(line, (start_line, start_column), problems, reason);
                        return;
                    }
                };
                let opens_array = self.scan.peek() == Some(b'[');
                let Some(Frame::Object {
                    raw,
                    oversized,
                    container,
                    keys,
                    ..
                }) = self.stack.last_mut()
                else {
                    return;
                };
                let became = match key.as_str() {
                    "records" if opens_array && container.is_none() => Some(Container::EventHubs),
                    "tables" if opens_array && container.is_none() => Some(Container::Query),
                    _ => None,
                };
                if let Some(became) = became {
                    *container = Some(became);
                    raw.clear();
                    keys.push(key);
                    self.scan.bump();
                    if became == Container::EventHubs {
                        self.detect(DetectedFormat::EventHubs);
                        self.stack.push(Frame::Records { index: 0 });
                    } else {
                        self.detect(DetectedFormat::LaQuery);
                        self.stack.push(Frame::Tables);
                    }
                    return;
                }
                keys.push(key);
                if container.is_some() {
                    let result = self.scan.capture(&mut Vec::new(), 0);
                    if let Capture::Broken(reason) = result {
                        self.broken_object(start_line, start_column, problems, reason, true);
                    }
                    return;
                }
                if raw.len() > 1 {
                    raw.push(b',');
                }
                raw.extend_from_slice(&key_bytes);
                raw.push(b':');
                let room = MAX_RECORD_BYTES.saturating_sub(raw.len());
                let before = raw.len();
                let (value_line, value_column) = (self.scan.line, self.scan.column);
                let result = self.scan.capture(raw, room);
                match result {
                    Capture::Done => {
                        // The value is read as it stands in the file, so a fault in it is
                        // placed at its own line and column, not the record's.
                        if let Err(error) =
                            serde_json::from_slice::<serde::de::IgnoredAny>(&raw[before..])
                        {
                            let (fault_line, fault_column) =
                                super::parse_error_place(&error, value_line, value_column);
                            self.break_object(
                                fault_line,
                                fault_column,
                                super::parse_error_message(&error),
                            );
                        }
                    }
                    Capture::Oversized(size) => {
                        raw.truncate(before);
                        *oversized += size;
                    }
                    Capture::Broken(reason) => {
                        self.member_fault(value_line, (start_line, start_column), problems, reason);
                    }
                }
            }
            _ if next != b'{' && next != b'[' => {
                // Not JSON where a key must be: a single-quoted or bare key, a comment. The
                // member is skipped (its brackets to their close, so the record does not end
                // early) and the record read on to its `}`: one unreadable record, placed here.
                self.break_object(
                    line,
                    column,
                    format!(
                        "invalid JSON: expected a key or `}}`, found {}",
                        json_quoted(&String::from_utf8_lossy(&[next]))
                    ),
                );
                self.scan.bump();
                self.skip_member_text();
                self.set_expect(Expect::CommaOrEnd);
            }
            _ => {
                // A `{` or `[` where a key must be most likely starts the next value after a
                // record cut short (as in `jq .` output): the record is lost, and reading goes
                // on from this byte at the top level.
                let container = match self.stack.last() {
                    Some(Frame::Object { container, .. }) => *container,
                    _ => None,
                };
                self.stack.clear();
                problems.push(self.problem(
                    if container.is_some() {
                        FindingId::UnreadableInput
                    } else {
                        FindingId::UnreadableRecord
                    },
                    start_line,
                    start_column,
                    None,
                    format!(
                        "invalid JSON: expected a key or `}}` at line {line} column {column}, found {:?}",
                        char::from(next)
                    ),
                ));
            }
        }
    }

    /// What the innermost object allows next.
    fn expect(&self) -> Expect {
        match self.stack.last() {
            Some(Frame::Object { expect, .. }) => *expect,
            _ => Expect::KeyOrEnd,
        }
    }

    fn set_expect(&mut self, next: Expect) {
        if let Some(Frame::Object { expect, .. }) = self.stack.last_mut() {
            *expect = next;
        }
    }

    /// Keeps the first fault of the innermost object's grammar, with its place.
    fn break_object(&mut self, line: u64, column: u64, message: String) {
        if let Some(Frame::Object { broken, .. }) = self.stack.last_mut()
            && broken.is_none()
        {
            *broken = Some((line, column, message));
        }
    }

    /// Skips the rest of a member that is not JSON, up to the `,` or `}` that ends it or the
    /// end of its line, whichever comes first outside brackets and double-quoted strings.
    /// Brackets it opens are skipped to their close, so that `'props': {` does not leave a
    /// `}` behind to end the record early.
    fn skip_member_text(&mut self) {
        let mut depth = 0u64;
        let mut in_string = false;
        let mut escaped = false;
        while let Some(byte) = self.scan.peek() {
            if in_string {
                if escaped {
                    escaped = false;
                } else if byte == b'\\' {
                    escaped = true;
                } else if byte == b'"' || byte == b'\n' {
                    in_string = false;
                }
            } else {
                match byte {
                    b'\n' | b',' | b'}' if depth == 0 => return,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth = depth.saturating_sub(1),
                    b'"' => in_string = true,
                    _ => {}
                }
            }
            self.scan.bump();
        }
    }

    /// Reads a member's `"key":` up to the start of its value; the key and its JSON text. JSON
    /// allows a line break anywhere between the key, its colon and its value (`"properties":`
    /// then `{` on the next line), except that an object or array on a later line, no further
    /// in than the object holding the key (which starts at `column`), is the next value at
    /// that level: this one was cut after its key. The error says what is wrong, with the
    /// scanner where it is.
    fn member_key(&mut self, column: u64) -> Result<(String, Vec<u8>), &'static str> {
        let mut key_bytes = Vec::new();
        match self.scan.capture(&mut key_bytes, MAX_COLUMNS_BYTES) {
            Capture::Done => {}
            Capture::Broken(reason) => return Err(reason),
            Capture::Oversized(_) => return Err("a key too long to be one"),
        }
        let Ok(key) = serde_json::from_slice::<String>(&key_bytes) else {
            return Err("a key that is not a JSON string");
        };
        self.scan.skip_whitespace();
        if self.scan.peek() != Some(b':') {
            return Err("expected `:` after the key");
        }
        self.scan.bump();
        let line = self.scan.line;
        self.scan.skip_whitespace();
        if matches!(self.scan.peek(), Some(b',' | b'}') | None) || self.next_value_at(line, column)
        {
            return Err("a key with no value");
        }
        Ok((key, key_bytes))
    }

    /// Whether the scanner stands, past `line`, on an object or array no further in than
    /// `column`: formatted JSON indents a nested value, so one at the level of the object that
    /// was being read is the next value beside it.
    fn next_value_at(&mut self, line: u64, column: u64) -> bool {
        self.scan.line > line
            && self.scan.column <= column
            && matches!(self.scan.peek(), Some(b'{' | b'['))
    }

    /// A member that breaks off (`reason`), met on or after `line`. When the next line starts a
    /// JSON object or array at the record's own level, the record was cut there (as a line of
    /// `jq .` output cut short is) and that is the next record: the record is unreadable and
    /// reading goes on from there at the top level. Otherwise the member is damaged, not the
    /// stream (a raw line break in a string, a missing colon): the rest of the member is
    /// skipped and the record read on to its `}`, one unreadable record at the place of the
    /// fault.
    fn member_fault(
        &mut self,
        line: u64,
        (start_line, start_column): (u64, u64),
        problems: &mut Vec<Problem>,
        reason: &'static str,
    ) {
        let (fault_line, fault_column) = (self.scan.line, self.scan.column);
        self.scan.skip_whitespace();
        if self.next_value_at(line, start_column) {
            self.broken_object(start_line, start_column, problems, reason, false);
            return;
        }
        self.break_object(fault_line, fault_column, format!("invalid JSON: {reason}"));
        self.skip_member_text();
        self.set_expect(Expect::CommaOrEnd);
    }

    fn broken_object(
        &mut self,
        line: u64,
        column: u64,
        problems: &mut Vec<Problem>,
        reason: &str,
        skip_line: bool,
    ) {
        let container = match self.stack.last() {
            Some(Frame::Object { container, .. }) => *container,
            _ => None,
        };
        problems.push(self.problem(
            if container.is_some() {
                FindingId::UnreadableInput
            } else {
                FindingId::UnreadableRecord
            },
            line,
            column,
            None,
            format!("truncated JSON: {reason}"),
        ));
        self.stack.clear();
        if skip_line {
            self.scan.skip_line();
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn end_object(
        &mut self,
        (line, column): (u64, u64),
        raw: &mut Vec<u8>,
        oversized: u64,
        container: Option<Container>,
        keys: &[String],
        broken: Option<(u64, u64, String)>,
        bytes: &mut Vec<u8>,
        spans: &mut Vec<Span>,
        problems: &mut Vec<Problem>,
    ) {
        if let Some((fault_line, fault_column, fault)) = broken {
            // A container's records were read all the same; what is wrong is the document.
            let (id, message) = match container {
                None => (FindingId::UnreadableRecord, fault),
                Some(_) => (
                    FindingId::UnreadableInput,
                    format!("{fault}; the records in the document were read"),
                ),
            };
            problems.push(self.problem(id, fault_line, fault_column, None, message));
            if container.is_none() {
                return;
            }
        }
        match container {
            None if oversized > 0 => {
                let size = raw.len() as u64 + oversized;
                problems.push(self.problem(
                    FindingId::UnreadableRecord,
                    line,
                    column,
                    None,
                    format!(
                        "the record is about {size} bytes long, over the {MAX_RECORD_BYTES}-byte limit; skipped"
                    ),
                ));
            }
            None => {
                self.detect(DetectedFormat::JsonDocument);
                raw.push(b'}');
                let start = bytes.len();
                bytes.extend_from_slice(raw);
                spans.push(Span {
                    start,
                    end: bytes.len(),
                    line,
                    column,
                    record: None,
                });
            }
            Some(Container::EventHubs) => {
                let extra: Vec<&str> = keys
                    .iter()
                    .map(String::as_str)
                    .filter(|key| *key != "records")
                    .collect();
                if !extra.is_empty() {
                    problems.push(self.problem(
                        FindingId::UnreadableInput,
                        line,
                        column,
                        None,
                        extra_keys_message(&extra),
                    ));
                }
            }
            Some(Container::Query) => {}
        }
    }

    fn table_step(&mut self, next: u8, line: u64, column: u64, problems: &mut Vec<Problem>) {
        match next {
            b'}' => {
                self.scan.bump();
                self.stack.pop();
            }
            b',' => {
                self.scan.bump();
            }
            b'"' => {
                let key = match self.member_key(column) {
                    Ok((key, _)) => key,
                    Err(reason) => {
                        self.broken_table(line, column, problems, reason);
                        return;
                    }
                };
                if key == "rows" && self.scan.peek() == Some(b'[') {
                    self.scan.bump();
                    let table = match self.stack.last() {
                        Some(Frame::Table { columns, .. }) => columns.clone(),
                        _ => None,
                    };
                    self.stack.push(Frame::Rows { table });
                    return;
                }
                let mut value = Vec::new();
                let result = self.scan.capture(&mut value, MAX_COLUMNS_BYTES);
                if let Capture::Broken(reason) = result {
                    self.broken_table(line, column, problems, reason);
                    return;
                }
                let Some(Frame::Table { name, columns }) = self.stack.last_mut() else {
                    return;
                };
                match key.as_str() {
                    "name" => {
                        if let Ok(text) = serde_json::from_slice::<String>(&value) {
                            *name = text;
                            if let Some(table) = columns {
                                *columns = Some(Arc::new(Table {
                                    name: name.clone(),
                                    columns: table.columns.clone(),
                                }));
                            }
                        }
                    }
                    "columns" => {
                        let list = serde_json::from_slice::<Value>(&value).unwrap_or(Value::Null);
                        match table_columns(&list, name) {
                            Ok(list) => {
                                *columns = Some(Arc::new(Table {
                                    name: name.clone(),
                                    columns: list,
                                }));
                            }
                            Err(message) => {
                                problems.push(self.problem(
                                    FindingId::UnreadableInput,
                                    line,
                                    column,
                                    None,
                                    message,
                                ));
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => self.broken_table(line, column, problems, "expected a key or `}`"),
        }
    }

    fn broken_table(&mut self, line: u64, column: u64, problems: &mut Vec<Problem>, reason: &str) {
        problems.push(self.problem(
            FindingId::UnreadableInput,
            line,
            column,
            None,
            format!("invalid JSON in a query response's table: {reason}"),
        ));
        self.stack.clear();
        self.scan.skip_line();
    }
}

/// The message for keys beside `records` in an Event Hubs batch.
pub(crate) fn extra_keys_message(extra: &[&str]) -> String {
    let names: Vec<String> = extra.iter().map(|key| json_quoted(key)).collect();
    format!(
        "an Event Hubs batch with other top-level keys beside \"records\" ({}): their values were not read as records",
        names.join(", ")
    )
}

/// The columns of a query table, from its `columns` value: each one's name and Kusto type (`""`
/// when it has none). Columns that are not an array, or a column without a name, make the
/// table's rows unreadable, since no cell could be placed: the error says which, of which table.
pub(crate) fn table_columns(columns: &Value, table: &str) -> Result<Vec<(String, String)>, String> {
    let Value::Array(list) = columns else {
        return Err(format!(
            "the columns of query table {} are not a JSON array of columns; its rows cannot be read",
            json_quoted(table)
        ));
    };
    list.iter()
        .enumerate()
        .map(|(index, column)| {
            let name = column.get("name").and_then(Value::as_str).ok_or_else(|| {
                format!(
                    "column {index} of query table {} has no \"name\" (a query response's columns are {{\"name\": ..., \"type\": ...}}); its rows cannot be read",
                    json_quoted(table)
                )
            })?;
            let kusto = column.get("type").and_then(Value::as_str).unwrap_or("");
            Ok((name.to_owned(), kusto.to_owned()))
        })
        .collect()
}

/// Why a query row cannot be read as a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RowFlaw {
    /// It is not a JSON array.
    NotAnArray(&'static str),
    /// It has another number of cells than the table has columns.
    Cells { cells: usize, columns: usize },
}

impl RowFlaw {
    /// The message, naming the table and the row.
    pub(crate) fn message(&self, table: &str, row: u64) -> String {
        let table = json_quoted(table);
        match self {
            RowFlaw::NotAnArray(kind) => {
                format!("row {row} of query table {table} is {kind}, not an array of cells")
            }
            RowFlaw::Cells { cells, columns } => format!(
                "row {row} of query table {table} has {cells} cells, the table has {columns} columns"
            ),
        }
    }
}

/// Turns a query row into a record keyed by column name. Null cells are left out (a query over
/// several tables fills the columns of the others with nulls), and `dynamic` cells, which the
/// API returns as JSON text, are parsed back. A row that is not an array, or has more or fewer
/// cells than the table has columns, is a flaw: no cell is dropped or invented silently.
pub(crate) fn row_record(
    columns: &[(String, String)],
    row: Value,
) -> Result<Map<String, Value>, RowFlaw> {
    let cells = match row {
        Value::Array(cells) => cells,
        other => return Err(RowFlaw::NotAnArray(json_kind(&other))),
    };
    if cells.len() != columns.len() {
        return Err(RowFlaw::Cells {
            cells: cells.len(),
            columns: columns.len(),
        });
    }
    let mut record = Map::with_capacity(columns.len());
    for ((name, kind), cell) in columns.iter().zip(cells) {
        // A null cell stays: in Log Analytics it is a column with no value, not a missing one.
        let value = match cell {
            Value::String(text) if kind == "dynamic" => {
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            }
            other => other,
        };
        record.insert(name.clone(), value);
    }
    Ok(record)
}

/// "a string", "an array", ...: what a JSON value is, for messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
