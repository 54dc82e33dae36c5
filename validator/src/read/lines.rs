//! JSON Lines, read in chunks that end at a line end. Lines are counted here so every record
//! keeps its true line number; a line longer than the record limit is skipped without being
//! buffered.

use super::{Body, CHUNK_BYTES, MAX_RECORD_BYTES, Problem, Stream, read_some};
use crate::aggregate::Place;
use crate::finding::FindingId;
use std::io::BufRead;

pub(crate) struct LineReader {
    stream: Stream,
    input: u32,
    /// The line number of the first byte of `carry`.
    next_line: u64,
    /// The start of a line not yet complete.
    carry: Vec<u8>,
    /// Decompressed bytes consumed so far, to say where a damaged stream broke.
    offset: u64,
    done: bool,
    /// What to reserve for the next chunk: little until the input proves longer than one
    /// chunk, so that a run over many small files does not allocate (and the kernel zero) a
    /// full chunk for each.
    reserve: usize,
}

/// The first reservation of an input's reader.
const FIRST_RESERVE: usize = 64 << 10;

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

impl LineReader {
    /// A reader whose first byte is on line `first_line` (leading blank lines were skipped).
    pub(crate) fn new(stream: Stream, input: u32, first_line: u64) -> LineReader {
        LineReader {
            stream,
            input,
            next_line: first_line,
            carry: Vec::new(),
            offset: 0,
            done: false,
            reserve: FIRST_RESERVE,
        }
    }

    fn place(&self, line: u64) -> Place {
        Place {
            input: self.input,
            line,
            record: None,
        }
    }

    /// The next chunk, or `None` at the end; its buffer comes from `spare` when one is there.
    pub(crate) fn next_chunk(
        &mut self,
        problems: &mut Vec<Problem>,
        spare: &mut Vec<Vec<u8>>,
    ) -> Option<Body> {
        if self.done {
            return None;
        }
        let first_line = self.next_line;
        // Spare buffers are empty: the reader clears them as they come back.
        let mut buffer = spare.pop().unwrap_or_default();
        buffer.extend_from_slice(&self.carry);
        self.carry.clear();
        buffer.reserve(self.reserve);
        loop {
            let before = buffer.len();
            match read_some(&mut self.stream, &mut buffer, CHUNK_BYTES) {
                Err(error) => {
                    // Keep the complete lines; what follows the last line end is a record cut
                    // by the break: counted as unreadable, not lost without a trace.
                    let complete = memchr::memrchr(b'\n', &buffer).map_or(0, |end| end + 1);
                    let broken_line = first_line + count_lines(&buffer[..complete]);
                    let offset = self.offset + complete as u64;
                    if !buffer[complete..].trim_ascii().is_empty() {
                        problems.push(Problem {
                            id: FindingId::UnreadableRecord,
                            place: self.place(broken_line),
                            column: Some(1),
                            message: format!(
                                "truncated JSON: the record is cut off by the stream break after {} bytes",
                                buffer.len() - complete
                            ),
                        });
                    }
                    problems.push(Problem {
                        id: FindingId::UnreadableInput,
                        place: self.place(broken_line),
                        column: None,
                        message: format!(
                            "the stream breaks off in line {broken_line} (after {offset} bytes of data): {error}; the rest of the input is lost"
                        ),
                    });
                    buffer.truncate(complete);
                    self.done = true;
                    return Some(Body::Lines {
                        first_line,
                        bytes: buffer,
                    });
                }
                Ok(0) => {
                    self.done = true;
                    if buffer.is_empty() {
                        spare.push(buffer);
                        return None;
                    }
                    return Some(Body::Lines {
                        first_line,
                        bytes: buffer,
                    });
                }
                Ok(read) => {
                    if read == CHUNK_BYTES {
                        self.reserve = CHUNK_BYTES;
                    }
                    if let Some(end) = memchr::memrchr(b'\n', &buffer[before..]) {
                        let cut = before + end + 1;
                        self.carry.extend_from_slice(&buffer[cut..]);
                        buffer.truncate(cut);
                        self.offset += cut as u64;
                        self.next_line = first_line + count_lines(&buffer);
                        return Some(Body::Lines {
                            first_line,
                            bytes: buffer,
                        });
                    }
                    if buffer.len() > MAX_RECORD_BYTES {
                        // `buffer` is the start of a single line (any earlier line end would
                        // have ended the chunk above): skip the rest of it unbuffered.
                        let skipped = buffer.len() as u64 + self.skip_line(problems);
                        self.offset += skipped;
                        problems.push(Problem {
                            id: FindingId::UnreadableRecord,
                            place: self.place(first_line),
                            column: None,
                            message: format!(
                                "the record is {skipped} bytes long, over the {MAX_RECORD_BYTES}-byte limit; skipped"
                            ),
                        });
                        self.next_line = first_line + 1;
                        return Some(Body::Empty);
                    }
                }
            }
        }
    }

    /// Discards bytes up to and including the next line end; returns how many.
    fn skip_line(&mut self, problems: &mut Vec<Problem>) -> u64 {
        let mut skipped = 0u64;
        loop {
            let available = match self.stream.fill_buf() {
                Ok(available) => available,
                Err(error) => {
                    problems.push(Problem {
                        id: FindingId::UnreadableInput,
                        place: self.place(self.next_line),
                        column: None,
                        message: format!(
                            "the stream breaks off: {error}; the rest of the input is lost"
                        ),
                    });
                    self.done = true;
                    return skipped;
                }
            };
            if available.is_empty() {
                self.done = true;
                return skipped;
            }
            if let Some(end) = memchr::memchr(b'\n', available) {
                self.stream.consume(end + 1);
                // The line end is not part of the record.
                return skipped + end as u64;
            }
            let length = available.len();
            self.stream.consume(length);
            skipped += length as u64;
        }
    }
}
