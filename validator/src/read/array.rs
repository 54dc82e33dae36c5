//! A JSON array of records, split into its elements by a streaming scanner that tracks only
//! nesting depth and string state, so an array of any size (or nesting) is read in bounded
//! memory without recursion. Each element is parsed later, by a worker.

use super::{Body, CHUNK_BYTES, MAX_RECORD_BYTES, Problem, Span, Stream};
use crate::aggregate::Place;
use crate::finding::FindingId;
use std::io::BufRead;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// Before the opening `[`.
    Start,
    /// Between elements (after `[` or a `,`).
    BetweenElements,
    /// Inside an element.
    InElement,
    /// After the closing `]`.
    End,
}

pub(crate) struct ArrayReader {
    stream: Stream,
    input: u32,
    position: Position,
    line: u64,
    column: u64,
    depth: u64,
    in_string: bool,
    escaped: bool,
    /// Where the current element started: (offset in `bytes`, line, column).
    element_start: (usize, u64, u64),
    /// Bytes of the current element that did not fit under the record limit.
    oversized: u64,
    index: u64,
    done: bool,
}

impl ArrayReader {
    pub(crate) fn new(stream: Stream, input: u32) -> ArrayReader {
        ArrayReader {
            stream,
            input,
            position: Position::Start,
            line: 1,
            column: 1,
            depth: 0,
            in_string: false,
            escaped: false,
            element_start: (0, 1, 1),
            oversized: 0,
            index: 0,
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

    fn finish_element(
        &mut self,
        bytes: &mut Vec<u8>,
        spans: &mut Vec<Span>,
        problems: &mut Vec<Problem>,
    ) {
        let (start, line, column) = self.element_start;
        if self.oversized > 0 {
            let size = (bytes.len() - start) as u64 + self.oversized;
            problems.push(Problem {
                id: FindingId::UnreadableRecord,
                place: self.place(line, Some(self.index)),
                column: Some(column),
                message: format!("the record is {size} bytes long, over the {MAX_RECORD_BYTES}-byte limit; skipped"),
            });
            bytes.truncate(start);
        } else {
            spans.push(Span {
                start,
                end: bytes.len(),
                line,
                column,
                record: self.index,
            });
        }
        self.index += 1;
        self.oversized = 0;
        self.depth = 0;
        self.in_string = false;
        self.escaped = false;
    }

    pub(crate) fn next_chunk(&mut self, problems: &mut Vec<Problem>) -> Option<Body> {
        if self.done {
            return None;
        }
        let mut bytes = Vec::with_capacity(CHUNK_BYTES + 4096);
        let mut spans = Vec::new();
        loop {
            let available = match self.stream.fill_buf() {
                Ok(available) => available.to_vec(),
                Err(error) => {
                    problems.push(Problem {
                        id: FindingId::UnreadableInput,
                        place: self.place(self.line, None),
                        column: Some(self.column),
                        message: format!("the stream breaks off in line {}: {error}; the rest of the input is lost", self.line),
                    });
                    if self.position == Position::InElement {
                        let (start, _, _) = self.element_start;
                        bytes.truncate(start);
                    }
                    self.done = true;
                    return Some(Body::Spans { bytes, spans });
                }
            };
            if available.is_empty() {
                self.done = true;
                match self.position {
                    Position::End => {}
                    Position::Start => problems.push(Problem {
                        id: FindingId::EmptyInput,
                        place: self.place(self.line, None),
                        column: None,
                        message: "no JSON array found".into(),
                    }),
                    Position::BetweenElements | Position::InElement => {
                        if self.position == Position::InElement {
                            let (start, line, column) = self.element_start;
                            bytes.truncate(start);
                            problems.push(Problem {
                                id: FindingId::UnreadableRecord,
                                place: self.place(line, Some(self.index)),
                                column: Some(column),
                                message: "the input ends inside this record".into(),
                            });
                        }
                        problems.push(Problem {
                            id: FindingId::UnreadableInput,
                            place: self.place(self.line, None),
                            column: Some(self.column),
                            message: "the JSON array is not closed: the input ends before its `]`"
                                .into(),
                        });
                    }
                }
                return Some(Body::Spans { bytes, spans });
            }
            let mut consumed = 0;
            let mut copy_from = 0;
            for (offset, &byte) in available.iter().enumerate() {
                consumed = offset + 1;
                match self.position {
                    Position::Start => {
                        if byte == b'[' {
                            self.position = Position::BetweenElements;
                        } else if !byte.is_ascii_whitespace() {
                            problems.push(Problem {
                                id: FindingId::UnreadableInput,
                                place: self.place(self.line, None),
                                column: Some(self.column),
                                message: format!(
                                    "expected a JSON array, found {:?}",
                                    char::from(byte)
                                ),
                            });
                            self.done = true;
                            self.stream.consume(consumed);
                            return Some(Body::Spans { bytes, spans });
                        }
                    }
                    Position::BetweenElements => {
                        if byte == b']' {
                            self.position = Position::End;
                        } else if byte != b',' && !byte.is_ascii_whitespace() {
                            self.position = Position::InElement;
                            self.element_start = (bytes.len(), self.line, self.column);
                            copy_from = offset;
                            self.scan_in_element(byte);
                        }
                    }
                    Position::InElement => {
                        if !self.in_string && self.depth == 0 && (byte == b',' || byte == b']') {
                            self.append(&mut bytes, &available[copy_from..offset]);
                            self.finish_element(&mut bytes, &mut spans, problems);
                            self.position = if byte == b']' {
                                Position::End
                            } else {
                                Position::BetweenElements
                            };
                            if byte == b'\n' {
                                self.line += 1;
                            }
                            self.column += 1;
                            if bytes.len() >= CHUNK_BYTES {
                                self.stream.consume(consumed);
                                return Some(Body::Spans { bytes, spans });
                            }
                            continue;
                        }
                        self.scan_in_element(byte);
                    }
                    Position::End => {
                        if !byte.is_ascii_whitespace() {
                            problems.push(Problem {
                                id: FindingId::UnreadableInput,
                                place: self.place(self.line, None),
                                column: Some(self.column),
                                message: "unexpected data after the end of the JSON array; ignored"
                                    .into(),
                            });
                            self.done = true;
                            self.stream.consume(available.len());
                            return Some(Body::Spans { bytes, spans });
                        }
                    }
                }
                if byte == b'\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            }
            if self.position == Position::InElement {
                self.append(&mut bytes, &available[copy_from..]);
            }
            self.stream.consume(consumed);
        }
    }

    /// Keeps element bytes unless the element has outgrown the record limit.
    fn append(&mut self, bytes: &mut Vec<u8>, part: &[u8]) {
        let (start, _, _) = self.element_start;
        if self.oversized > 0 || bytes.len() - start + part.len() > MAX_RECORD_BYTES {
            self.oversized += part.len() as u64;
        } else {
            bytes.extend_from_slice(part);
        }
    }

    fn scan_in_element(&mut self, byte: u8) {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
            return;
        }
        match byte {
            b'"' => self.in_string = true,
            b'{' | b'[' => self.depth += 1,
            b'}' | b']' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }
}
