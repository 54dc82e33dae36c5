//! JSON Lines, read in chunks that end at a line end. Lines are counted here so every record
//! keeps its true line number; a line longer than the record limit is skipped without being
//! buffered.

use super::{Body, CHUNK_BYTES, MAX_RECORD_BYTES, Problem, Stream};
use crate::aggregate::Place;
use crate::finding::FindingId;
use std::io::{BufRead, ErrorKind};

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
    /// The first room to read the next chunk into: little until the input proves longer than
    /// one chunk, so that a run over many inputs of some 100 KiB does not allocate (and zero)
    /// a full chunk for each.
    first_room: usize,
}

/// The first room an input's reader reads into.
const FIRST_ROOM: usize = 64 << 10;

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Reads into `buffer`, after the bytes it holds, until `limit` more are in or the stream ends;
/// returns how many were read. On an error the buffer keeps the bytes read before it.
///
/// Each read asks for all the room the buffer has and lands in it directly. `read_to_end`
/// starts with 8 KiB requests, which pass through every `BufReader` on the way (a copy each)
/// and make the inflater stop and start: 10 ms of the 210 ms it takes to inflate the 300 MB
/// bench file. The room is zeroed before it is read into; it starts at `first_room` bytes and
/// doubles while reads fill it, so an input shorter than a chunk is not given a whole one.
fn fill(
    stream: &mut Stream,
    buffer: &mut Vec<u8>,
    limit: usize,
    first_room: usize,
) -> std::io::Result<usize> {
    let start = buffer.len();
    let end = start.saturating_add(limit);
    let mut room = first_room.clamp(1, limit.max(1));
    let mut filled = start;
    let result = loop {
        if filled == buffer.len() {
            if filled == end {
                break Ok(());
            }
            buffer.resize(filled.saturating_add(room).min(end), 0);
            room = room.saturating_mul(2);
        }
        match stream.read(&mut buffer[filled..]) {
            Ok(0) => break Ok(()),
            Ok(read) => filled += read,
            Err(error) if error.kind() == ErrorKind::Interrupted => {}
            Err(error) => break Err(error),
        }
    };
    buffer.truncate(filled);
    result.map(|()| filled - start)
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
            first_room: FIRST_ROOM,
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
        // The carried line and what is read after it make one chunk, whatever the carry's
        // length, so a recycled buffer holds the next chunk without growing.
        let limit = CHUNK_BYTES
            .saturating_sub(buffer.len())
            .max(CHUNK_BYTES / 2);
        loop {
            let before = buffer.len();
            match fill(&mut self.stream, &mut buffer, limit, self.first_room) {
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
                    if read == limit {
                        self.first_room = CHUNK_BYTES;
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Error, Read};

    /// Hands out its bytes a few at a time, interrupted before each read, then fails.
    struct Stuttering {
        bytes: Vec<u8>,
        at: usize,
        interrupted: bool,
    }

    impl Read for Stuttering {
        fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
            self.interrupted = !self.interrupted;
            if self.interrupted {
                return Err(Error::from(ErrorKind::Interrupted));
            }
            if self.at == self.bytes.len() {
                return Err(Error::other("the disk went away"));
            }
            let count = buffer.len().min(3).min(self.bytes.len() - self.at);
            buffer[..count].copy_from_slice(&self.bytes[self.at..self.at + count]);
            self.at += count;
            Ok(count)
        }
    }

    fn stream(bytes: &[u8]) -> Stream {
        Box::new(BufReader::with_capacity(
            1,
            Stuttering {
                bytes: bytes.to_vec(),
                at: 0,
                interrupted: false,
            },
        ))
    }

    #[test]
    fn fill_stops_at_its_limit_after_what_the_buffer_held() {
        let mut buffer = b"carried".to_vec();
        let read = fill(&mut stream(b"0123456789abcdef"), &mut buffer, 10, 1).unwrap();
        assert_eq!(read, 10);
        assert_eq!(buffer, b"carried0123456789");
    }

    #[test]
    fn fill_keeps_what_it_read_before_an_error_and_retries_an_interrupted_read() {
        let mut buffer = Vec::new();
        let error = fill(&mut stream(b"{\"a\":1}\n{\"b\""), &mut buffer, 100, 4).unwrap_err();
        assert_eq!(error.to_string(), "the disk went away");
        assert_eq!(buffer, b"{\"a\":1}\n{\"b\"");
    }

    #[test]
    fn fill_at_the_end_of_a_stream_reads_nothing_and_keeps_the_buffer() {
        let mut buffer = b"kept".to_vec();
        let read = fill(&mut (Box::new(&b""[..]) as Stream), &mut buffer, 100, 64).unwrap();
        assert_eq!((read, buffer.as_slice()), (0, &b"kept"[..]));
    }
}
