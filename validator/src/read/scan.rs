//! A streaming JSON scanner: splits a byte stream into whole JSON values without parsing them,
//! tracking only nesting depth and string state, so a document of any size (or nesting) is read
//! in bounded memory without recursion. It also keeps the line, column and byte offset of where
//! it is, so everything cut out of the stream keeps its place in the file.

use super::Stream;
use std::io::Read;

/// How much is read from the stream at a time.
const BUFFER_BYTES: usize = 256 << 10;

/// How a [`Scanner::capture`] ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Capture {
    /// The whole value was appended.
    Done,
    /// The value ended, but it was longer than the limit: its bytes were counted, not kept.
    Oversized(u64),
    /// The value cannot be complete: a raw line end inside a string (JSON forbids it, so the
    /// value was cut off there), or the end of the input (or a stream error) inside it.
    Broken(&'static str),
}

pub(crate) struct Scanner {
    stream: Stream,
    buffer: Vec<u8>,
    position: usize,
    /// 1-based line of the next byte.
    pub(crate) line: u64,
    /// 1-based column (in bytes) of the next byte.
    pub(crate) column: u64,
    /// Bytes consumed so far.
    pub(crate) offset: u64,
    /// The error that ended the stream, once one did.
    pub(crate) error: Option<std::io::Error>,
    ended: bool,
}

impl Scanner {
    /// A scanner whose first byte is on line `first_line`.
    pub(crate) fn new(stream: Stream, first_line: u64) -> Scanner {
        Scanner {
            stream,
            buffer: Vec::new(),
            position: 0,
            line: first_line,
            column: 1,
            offset: 0,
            error: None,
            ended: false,
        }
    }

    /// Makes sure a byte is buffered; false at the end of the input (or after an error).
    fn fill(&mut self) -> bool {
        if self.position < self.buffer.len() {
            return true;
        }
        if self.ended {
            return false;
        }
        self.buffer.clear();
        self.position = 0;
        let limit = u64::try_from(BUFFER_BYTES).unwrap_or(u64::MAX);
        loop {
            match self
                .stream
                .by_ref()
                .take(limit)
                .read_to_end(&mut self.buffer)
            {
                Ok(0) => {
                    self.ended = true;
                    return false;
                }
                Ok(_) => return true,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => {
                    self.ended = true;
                    self.error = Some(error);
                    // Bytes read before the error are still good.
                    return !self.buffer.is_empty();
                }
            }
        }
    }

    /// The next byte, without consuming it.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        if self.fill() {
            Some(self.buffer[self.position])
        } else {
            None
        }
    }

    /// Consumes one byte.
    pub(crate) fn bump(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.advance(byte);
        self.position += 1;
        Some(byte)
    }

    fn advance(&mut self, byte: u8) {
        self.offset += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
    }

    /// Skips whitespace.
    pub(crate) fn skip_whitespace(&mut self) {
        while let Some(byte) = self.peek() {
            if !byte.is_ascii_whitespace() {
                return;
            }
            self.bump();
        }
    }

    /// Skips the rest of the line, its line end included.
    pub(crate) fn skip_line(&mut self) {
        while let Some(byte) = self.bump() {
            if byte == b'\n' {
                return;
            }
        }
    }

    /// Consumes one JSON value (object, array, string or scalar) that starts at the next byte,
    /// appending its bytes to `out` while they stay within `limit`. Always consumes at least
    /// one byte. Brackets are only counted, not matched: the parser that reads the value later
    /// says what is wrong with it.
    pub(crate) fn capture(&mut self, out: &mut Vec<u8>, limit: usize) -> Capture {
        let start = out.len();
        let mut size = 1u64;
        let Some(first) = self.bump() else {
            return Capture::Broken("the input ends here");
        };
        let mut keep = limit > 0;
        if keep {
            out.push(first);
        }
        let mut depth = 0u64;
        let mut in_string = false;
        let mut escaped = false;
        match first {
            b'{' | b'[' => depth = 1,
            b'"' => in_string = true,
            _ => {
                // A scalar (or stray text) runs to the next delimiter.
                while let Some(byte) = self.peek() {
                    if byte.is_ascii_whitespace() || b",]}[{\":".contains(&byte) {
                        break;
                    }
                    self.bump();
                    size += 1;
                    if keep && out.len() - start < limit {
                        out.push(byte);
                    } else {
                        keep = false;
                    }
                }
                return finish(keep, size);
            }
        }
        while self.fill() {
            let available = &self.buffer[self.position..];
            let mut used = 0;
            let mut complete = false;
            let mut broken = false;
            for &byte in available {
                if in_string {
                    if byte == b'\n' {
                        broken = true;
                        break;
                    }
                    used += 1;
                    if escaped {
                        escaped = false;
                    } else if byte == b'\\' {
                        escaped = true;
                    } else if byte == b'"' {
                        in_string = false;
                        if depth == 0 {
                            complete = true;
                            break;
                        }
                    }
                    continue;
                }
                used += 1;
                match byte {
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            complete = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let taken = &self.buffer[self.position..self.position + used];
            let room = limit.saturating_sub(out.len() - start);
            if keep && taken.len() <= room {
                out.extend_from_slice(taken);
            } else {
                keep = false;
            }
            size += used as u64;
            let lines = memchr::memchr_iter(b'\n', taken).count() as u64;
            if lines > 0 {
                self.line += lines;
                let last = memchr::memrchr(b'\n', taken).unwrap_or(0);
                self.column = (taken.len() - last) as u64;
            } else {
                self.column += used as u64;
            }
            self.offset += used as u64;
            self.position += used;
            if broken {
                return Capture::Broken("a line end inside a string: the value is cut off there");
            }
            if complete {
                return finish(keep, size);
            }
        }
        Capture::Broken("the input ends inside this value")
    }
}

fn finish(keep: bool, size: u64) -> Capture {
    if keep {
        Capture::Done
    } else {
        Capture::Oversized(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanner(text: &str) -> Scanner {
        Scanner::new(
            super::super::buffered(std::io::Cursor::new(text.as_bytes().to_vec())),
            1,
        )
    }

    fn capture_all(text: &str, limit: usize) -> Vec<(String, Capture)> {
        let mut scan = scanner(text);
        let mut values = Vec::new();
        loop {
            scan.skip_whitespace();
            if scan.peek().is_none() {
                return values;
            }
            let mut out = Vec::new();
            let result = scan.capture(&mut out, limit);
            values.push((String::from_utf8_lossy(&out).into_owned(), result));
        }
    }

    #[test]
    fn values_back_to_back_are_split() {
        let values = capture_all("{\"a\":\"}\"}\n[1,[2]] \"x\\\"y\" 12 true", 100);
        let texts: Vec<&str> = values.iter().map(|(text, _)| text.as_str()).collect();
        assert_eq!(
            texts,
            ["{\"a\":\"}\"}", "[1,[2]]", "\"x\\\"y\"", "12", "true"]
        );
        assert!(values.iter().all(|(_, result)| *result == Capture::Done));
    }

    #[test]
    fn a_line_end_inside_a_string_breaks_the_value_there() {
        let mut scan = scanner("{\"a\":\"cut\n{\"b\":1}");
        let mut out = Vec::new();
        assert!(matches!(scan.capture(&mut out, 100), Capture::Broken(_)));
        assert_eq!((scan.line, scan.column), (1, 10));
        scan.skip_line();
        let mut out = Vec::new();
        assert_eq!(scan.capture(&mut out, 100), Capture::Done);
        assert_eq!(out, b"{\"b\":1}");
    }

    #[test]
    fn an_oversized_value_is_counted_not_kept() {
        let mut scan = scanner("[1,2,3,4,5] 7");
        let mut out = Vec::new();
        assert_eq!(scan.capture(&mut out, 4), Capture::Oversized(11));
        scan.skip_whitespace();
        assert_eq!((scan.line, scan.column, scan.offset), (1, 13, 12));
    }

    #[test]
    fn the_end_inside_a_value_is_broken() {
        let mut scan = scanner("{\"a\": [1, 2");
        assert!(matches!(
            scan.capture(&mut Vec::new(), 100),
            Capture::Broken("the input ends inside this value")
        ));
    }
}
