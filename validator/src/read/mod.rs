//! Read: turns files, directories and standard input into chunks of records for the workers.
//!
//! Each input is opened (gzip is detected by its magic bytes and decompressed on the fly), its
//! format detected from its first bytes unless `--input-format` says otherwise, and then read in
//! bounded chunks: JSON Lines are cut at line ends, JSON arrays and Event Hubs documents are
//! split into elements by a streaming scanner, CSV and query responses become rows. Nothing holds
//! a whole large input in memory: a chunk is about [`CHUNK_BYTES`], and a record longer than
//! [`MAX_RECORD_BYTES`] is skipped (and reported) without being buffered.
//!
//! Problems found while reading (a broken gzip stream, binary data, an oversized record) travel
//! with the chunks as [`Problem`]s, so they are aggregated like any other finding.

mod array;
mod avro;
pub mod blob;
mod csv_rows;
mod document;
mod lines;
pub mod partition;
pub mod source;

pub use document::MAX_DOCUMENT_BYTES;

use crate::aggregate::Place;
use crate::finding::FindingId;
use crate::validate::Checker;
use indicatif::ProgressBar;
use serde_json::Value;
use source::{Input, InputSource};
use std::io::{BufRead, BufReader, Read};

/// The size of the chunks handed to workers.
pub const CHUNK_BYTES: usize = 1 << 20;

/// The largest record read: a longer line or array element is skipped and reported as an
/// `unreadable-record`. Azure resource-log records are far smaller (an Event Hubs message is at
/// most 1 MB); the bound keeps memory flat whatever a damaged file holds.
pub const MAX_RECORD_BYTES: usize = 4 << 20;

/// How many bytes are looked at to detect a format.
const DETECT_BYTES: usize = 64 << 10;

/// The formats an input can be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum InputFormat {
    /// Detect from the first bytes.
    Auto,
    /// JSON Lines: one record (or one Event Hubs batch) per line.
    Ndjson,
    /// One JSON array of records, or one pretty-printed record.
    Json,
    /// Event Hubs `{"records": [...]}` messages, one per line or one per file.
    Eventhubs,
    /// A Log Analytics query API response (`{"tables": [...]}`).
    LaQuery,
    /// CSV exported from Log Analytics, with a header row.
    Csv,
}

/// What an input turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DetectedFormat {
    /// JSON Lines.
    Ndjson,
    /// A JSON array.
    JsonArray,
    /// A single JSON object holding one record.
    JsonDocument,
    /// Event Hubs `{"records": [...]}` messages.
    EventHubs,
    /// A Log Analytics query API response.
    LaQuery,
    /// CSV.
    Csv,
    /// An Event Hubs Capture Avro file, each event's body an Event Hubs message.
    AvroCapture,
}

impl DetectedFormat {
    /// The name reports use.
    pub fn as_str(self) -> &'static str {
        match self {
            DetectedFormat::Ndjson => "ndjson",
            DetectedFormat::JsonArray => "json-array",
            DetectedFormat::JsonDocument => "json",
            DetectedFormat::EventHubs => "eventhubs",
            DetectedFormat::LaQuery => "la-query",
            DetectedFormat::Csv => "csv",
            DetectedFormat::AvroCapture => "avro-capture",
        }
    }
}

/// What the reader learnt about an input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputInfo {
    /// The detected (or forced) format; `None` when the input could not be read.
    pub format: Option<DetectedFormat>,
    /// Whether it was gzip-compressed.
    pub gzip: bool,
}

/// A problem found while reading, to be reported as a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `unreadable-record`, `unreadable-input` or `empty-input`.
    pub id: FindingId,
    /// Where.
    pub place: Place,
    /// The column, when known.
    pub column: Option<u64>,
    /// What is wrong.
    pub message: String,
}

/// A record's byte range within a [`Body::Spans`] chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Start offset in the chunk's bytes.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// 1-based line where the record starts.
    pub line: u64,
    /// 1-based column where the record starts.
    pub column: u64,
    /// 0-based index of the record in its array.
    pub record: u64,
}

/// The records of a chunk.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Nothing but problems.
    Empty,
    /// Whole lines of JSON Lines text; the first is line `first_line`.
    Lines {
        /// 1-based number of the first line.
        first_line: u64,
        /// The text, ending at a line end (or the end of the input).
        bytes: Vec<u8>,
    },
    /// Records cut out of a JSON array.
    Spans {
        /// The records' bytes, back to back.
        bytes: Vec<u8>,
        /// Where each record is.
        spans: Vec<Span>,
    },
    /// Records already parsed (CSV rows, query rows, a whole document's records).
    Values(Vec<(Place, Value)>),
}

/// A unit of work for a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Chunk {
    /// The input, by index.
    pub input: u32,
    /// The category the input's path implies, if any.
    pub path_hint: Option<usize>,
    /// Problems found while reading this part.
    pub problems: Vec<Problem>,
    /// The records.
    pub body: Body,
}

/// A decompressed byte stream that can be shared with worker threads.
pub(crate) type Stream = Box<dyn BufRead + Send>;

enum State {
    Lines(lines::LineReader),
    Array(array::ArrayReader),
    Csv(csv_rows::CsvRows),
    Values(std::vec::IntoIter<Vec<(Place, Value)>>),
    Avro(Box<avro::CaptureReader>),
}

struct Open {
    input: u32,
    path_hint: Option<usize>,
    state: State,
}

/// Hands out chunks of every input in turn. Workers share it behind a mutex: whoever needs work
/// reads the next chunk, so reading needs no thread of its own and memory stays bounded by
/// (workers × chunk size).
pub struct Reader<'c> {
    checker: &'c Checker,
    inputs: Vec<Input>,
    infos: Vec<InputInfo>,
    next: usize,
    current: Option<Open>,
    forced: InputFormat,
    progress: Option<ProgressBar>,
}

impl<'c> Reader<'c> {
    /// A reader over `inputs`; `progress` receives the bytes read from disk.
    pub fn new(
        checker: &'c Checker,
        inputs: Vec<Input>,
        forced: InputFormat,
        progress: Option<ProgressBar>,
    ) -> Reader<'c> {
        let infos = vec![InputInfo::default(); inputs.len()];
        Reader {
            checker,
            inputs,
            infos,
            next: 0,
            current: None,
            forced,
            progress,
        }
    }

    /// What was learnt about each input, once reading is done.
    pub fn into_infos(self) -> Vec<InputInfo> {
        if let Some(progress) = &self.progress {
            progress.finish_and_clear();
        }
        self.infos
    }

    /// The next chunk, or `None` when every input is read.
    pub fn next_chunk(&mut self) -> Option<Chunk> {
        loop {
            if self.current.is_none() {
                if self.next >= self.inputs.len() {
                    return None;
                }
                let index = self.next;
                self.next += 1;
                match self.open(index) {
                    Ok(open) => self.current = Some(open),
                    Err(chunk) => return Some(chunk),
                }
            }
            let open = self.current.as_mut()?;
            let mut problems = Vec::new();
            let body = match &mut open.state {
                State::Lines(reader) => reader.next_chunk(&mut problems),
                State::Array(reader) => reader.next_chunk(&mut problems),
                State::Csv(reader) => {
                    reader.next_chunk(self.checker, open.path_hint, &mut problems)
                }
                State::Values(batches) => batches.next().map(Body::Values),
                State::Avro(reader) => reader.next_chunk(&mut problems),
            };
            let (input, path_hint) = (open.input, open.path_hint);
            if let Some(body) = body {
                return Some(Chunk {
                    input,
                    path_hint,
                    problems,
                    body,
                });
            }
            self.current = None;
            if !problems.is_empty() {
                return Some(Chunk {
                    input,
                    path_hint,
                    problems,
                    body: Body::Empty,
                });
            }
        }
    }

    /// Opens an input and detects its format; an input that cannot be read at all becomes a
    /// chunk holding only its problem.
    fn open(&mut self, index: usize) -> Result<Open, Chunk> {
        let input_id = u32::try_from(index).unwrap_or(u32::MAX);
        let input = &self.inputs[index];
        let path_hint = input.category_hint;
        let problem_chunk = |id: FindingId, line: u64, message: String| Chunk {
            input: input_id,
            path_hint,
            problems: vec![Problem {
                id,
                place: Place {
                    input: input_id,
                    line,
                    record: None,
                },
                column: None,
                message,
            }],
            body: Body::Empty,
        };
        let raw: Box<dyn Read + Send> = match &input.source {
            InputSource::Stdin => Box::new(std::io::stdin()),
            InputSource::File(path) => match std::fs::File::open(path) {
                Ok(file) => Box::new(source::Counting {
                    inner: file,
                    progress: self.progress.clone(),
                }),
                Err(error) => {
                    return Err(problem_chunk(
                        FindingId::UnreadableInput,
                        0,
                        format!("cannot open: {error}"),
                    ));
                }
            },
            InputSource::EmptyDirectory => {
                return Err(problem_chunk(FindingId::EmptyInput, 0, "the directory holds no log files (.json, .jsonl, .ndjson, .csv, .log, .avro, optionally .gz)".into()));
            }
            InputSource::Blob(blob) => {
                if let Some(progress) = &self.progress {
                    progress.set_message(format!("blob {}/{}", index + 1, self.inputs.len()));
                }
                Box::new(source::Counting {
                    inner: blob.open(),
                    progress: self.progress.clone(),
                })
            }
        };
        let (stream, gzip) = match source::decompressed(raw) {
            Ok(pair) => pair,
            Err(error) => {
                return Err(problem_chunk(
                    FindingId::UnreadableInput,
                    0,
                    format!("cannot read: {error}"),
                ));
            }
        };
        self.infos[index].gzip = gzip;
        let (prefix, mut stream) = source::peek(stream, DETECT_BYTES);
        // Capture files are binary by design: recognised by their magic bytes before any text
        // check, whatever --input-format says.
        let is_avro = prefix.starts_with(&avro::AVRO_MAGIC);
        if let Some(offset) = memchr::memchr(0, &prefix).filter(|_| !is_avro) {
            return Err(problem_chunk(
                FindingId::UnreadableInput,
                0,
                format!(
                    "binary data (a NUL byte at offset {offset}), not JSON, JSON Lines or CSV; skipped"
                ),
            ));
        }
        let first = prefix.iter().position(|byte| !byte.is_ascii_whitespace());
        let Some(first) = first else {
            return Err(problem_chunk(
                FindingId::EmptyInput,
                0,
                "the input is empty: no records".into(),
            ));
        };
        let starts_with = prefix[first];
        let csv_named = input
            .display
            .trim_end_matches(".gz")
            .to_ascii_lowercase()
            .ends_with(".csv");
        let first_line_kind = || first_line_kind(&prefix[first..]);
        let format = match self.forced {
            _ if is_avro => DetectedFormat::AvroCapture,
            InputFormat::Ndjson => DetectedFormat::Ndjson,
            InputFormat::Csv => DetectedFormat::Csv,
            InputFormat::LaQuery => DetectedFormat::LaQuery,
            InputFormat::Json if starts_with == b'[' => DetectedFormat::JsonArray,
            InputFormat::Json => DetectedFormat::JsonDocument,
            InputFormat::Eventhubs => match first_line_kind() {
                LineKind::Complete { .. } => DetectedFormat::EventHubs,
                LineKind::Incomplete => DetectedFormat::JsonDocument,
            },
            InputFormat::Auto => match starts_with {
                b'[' => DetectedFormat::JsonArray,
                b'{' => match first_line_kind() {
                    LineKind::Complete { batch: true } => DetectedFormat::EventHubs,
                    LineKind::Complete { batch: false } => DetectedFormat::Ndjson,
                    LineKind::Incomplete => DetectedFormat::JsonDocument,
                },
                _ if csv_named
                    || prefix[first..]
                        .split(|byte| *byte == b'\n')
                        .next()
                        .is_some_and(|line| line.contains(&b',')) =>
                {
                    DetectedFormat::Csv
                }
                other => {
                    return Err(problem_chunk(
                        FindingId::UnreadableInput,
                        1,
                        format!(
                            "not JSON, JSON Lines or CSV (it starts with {:?}); skipped",
                            char::from(other)
                        ),
                    ));
                }
            },
        };
        self.infos[index].format = Some(format);
        let state = match format {
            DetectedFormat::Ndjson | DetectedFormat::EventHubs => {
                State::Lines(lines::LineReader::new(stream, input_id))
            }
            DetectedFormat::JsonArray => State::Array(array::ArrayReader::new(stream, input_id)),
            DetectedFormat::AvroCapture => match avro::CaptureReader::new(stream, input_id) {
                Ok(reader) => State::Avro(Box::new(reader)),
                Err(message) => return Err(problem_chunk(FindingId::UnreadableInput, 0, message)),
            },
            DetectedFormat::Csv => match csv_rows::CsvRows::new(stream, input_id) {
                Ok(rows) => State::Csv(rows),
                Err(message) => return Err(problem_chunk(FindingId::UnreadableInput, 1, message)),
            },
            DetectedFormat::JsonDocument | DetectedFormat::LaQuery => {
                let mut problems = Vec::new();
                let (batches, detected) =
                    document::read_document(&mut stream, input_id, &mut problems);
                if let Some(detected) = detected {
                    self.infos[index].format = Some(detected);
                }
                if !problems.is_empty() {
                    return Err(Chunk {
                        input: input_id,
                        path_hint,
                        problems,
                        body: Body::Values(batches.into_iter().flatten().collect()),
                    });
                }
                State::Values(batches.into_iter())
            }
        };
        Ok(Open {
            input: input_id,
            path_hint,
            state,
        })
    }
}

enum LineKind {
    /// The first line is a whole JSON value; `batch` when it is an Event Hubs message.
    Complete { batch: bool },
    /// The first line is not a JSON value on its own (a pretty-printed document).
    Incomplete,
}

fn first_line_kind(text: &[u8]) -> LineKind {
    let Some(end) = memchr::memchr(b'\n', text) else {
        // One line longer than the detection window, or a one-line file: JSON Lines either way.
        return match serde_json::from_slice::<Value>(text) {
            Ok(value) => LineKind::Complete {
                batch: is_batch(&value),
            },
            Err(_) if text.len() >= DETECT_BYTES / 2 => LineKind::Complete { batch: false },
            Err(_) => LineKind::Incomplete,
        };
    };
    match serde_json::from_slice::<Value>(&text[..end]) {
        Ok(value) => LineKind::Complete {
            batch: is_batch(&value),
        },
        Err(_) => LineKind::Incomplete,
    }
}

fn is_batch(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|map| map.len() == 1 && map.get("records").is_some_and(Value::is_array))
}

/// Appends up to `limit` bytes of `stream` to `buffer`; returns how many (0 at the end).
pub(crate) fn read_some(
    stream: &mut Stream,
    buffer: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    let limit = u64::try_from(limit).unwrap_or(u64::MAX);
    stream.by_ref().take(limit).read_to_end(buffer)
}

/// A buffered stream over any reader.
pub(crate) fn buffered(reader: impl Read + Send + 'static) -> Stream {
    Box::new(BufReader::with_capacity(256 << 10, reader))
}
