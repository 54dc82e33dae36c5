//! Read: turns files, directories and standard input into chunks of records for the workers.
//!
//! Each input is opened (gzip is detected by its magic bytes and decompressed on the fly), its
//! format detected from its first lines unless `--input-format` says otherwise, and then read in
//! bounded chunks: JSON Lines are cut at line ends; everything else that is JSON (arrays, Event
//! Hubs documents, query responses, pretty-printed records back to back) is streamed by one
//! scanner that cuts records out of the document; CSV becomes rows. Nothing holds a whole input
//! in memory: a chunk is about [`CHUNK_BYTES`], and a record longer than [`MAX_RECORD_BYTES`] is
//! skipped (and reported) without being buffered. JSON Lines that fit in the detection window
//! (most blobs of an hourly export) are handed on whole as their one chunk, with no copy.
//!
//! Detection can only choose how to read, never whether: JSON Lines is chosen when most of the
//! first lines are JSON values on their own, and anything else JSON-like goes to the document
//! reader, which reads JSON Lines too (only more slowly) and starts again at the next line after
//! any damage. So a broken first line, leading whitespace, or a stray byte can cost the records
//! it touches, never the rest of the file.
//!
//! Problems found while reading (a broken gzip stream, binary data, an oversized record) travel
//! with the chunks as [`Problem`]s, so they are aggregated like any other finding.

mod ahead;
mod avro;
pub(crate) mod blob;
mod csv_rows;
mod document;
mod lines;
pub(crate) mod partition;
mod scan;
pub(crate) mod source;

pub(crate) use document::Table;
pub(crate) use document::{extra_keys_message, json_kind, row_record, table_columns};

use crate::aggregate::Place;
use crate::finding::FindingId;
use crate::index::SchemaIndex;
use indicatif::ProgressBar;
use serde_json::Value;
use source::{Input, InputSource};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::sync::{Arc, Condvar, Mutex};

/// The size of the chunks handed to workers.
pub(crate) const CHUNK_BYTES: usize = 1 << 20;

/// The largest record read: a longer line or array element is skipped and reported as an
/// `unreadable-record`. Azure resource-log records are far smaller (an Event Hubs message is at
/// most 1 MB); the bound keeps memory flat whatever a damaged file holds.
pub(crate) const MAX_RECORD_BYTES: usize = 4 << 20;

/// How many bytes (after leading whitespace) are looked at to detect a format.
const DETECT_BYTES: usize = 64 << 10;

/// How many of the first lines detection looks at.
const DETECT_LINES: usize = 32;

/// How many emptied chunk buffers a reader keeps for reuse: a few per worker is enough, as
/// each worker holds one chunk at a time.
const SPARE_BUFFERS: usize = 8;

/// The formats an input can be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum InputFormat {
    /// Detect per input: gzip and Avro by their magic bytes, then the text format from the
    /// first lines.
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
pub(crate) enum DetectedFormat {
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
    pub(crate) fn as_str(self) -> &'static str {
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
pub(crate) struct InputInfo {
    /// The detected (or forced) format; `None` when the input could not be read.
    pub format: Option<DetectedFormat>,
    /// Why no format was detected, when none was.
    pub not_read: Option<NotRead>,
    /// Whether reading it found a problem (a damaged record or stream, or the input empty).
    pub problems: bool,
    /// Whether it was gzip-compressed.
    pub gzip: bool,
}

/// Why an input has no format: it was set aside before a record could be read from it. Its
/// finding (`empty-input`, `skipped-path` or `unreadable-input`) says where and why.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum NotRead {
    /// No data: an empty file or blob, or a directory without log files.
    Empty,
    /// A path not read: in a walk, hidden, another compression or not a log file name; anywhere,
    /// a file or standard input named again.
    Skipped,
    /// It could not be opened or decompressed, or its data is not a log format at all.
    Unreadable,
}

impl NotRead {
    /// The word reports use.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            NotRead::Empty => "empty",
            NotRead::Skipped => "skipped",
            NotRead::Unreadable => "unreadable",
        }
    }
}

/// A problem found while reading, to be reported as a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
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
pub(crate) struct Span {
    /// Start offset in the chunk's bytes.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// 1-based line where the record starts.
    pub line: u64,
    /// 1-based column where the record starts.
    pub column: u64,
    /// 0-based index of the record in its array (or of the row in its query response); `None`
    /// for a record that is a document of its own.
    pub record: Option<u64>,
}

/// The records of a chunk.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    /// Nothing but problems.
    Empty,
    /// Whole lines of JSON Lines text; the first is line `first_line`.
    Lines {
        /// 1-based number of the first line.
        first_line: u64,
        /// The text, ending at a line end (or the end of the input).
        bytes: Vec<u8>,
    },
    /// Records cut out of a JSON document.
    Spans {
        /// The records' bytes, back to back.
        bytes: Vec<u8>,
        /// Where each record is.
        spans: Vec<Span>,
    },
    /// Rows of a query response's table, each a JSON array of cells.
    Rows {
        /// The table: its name and columns.
        table: Arc<Table>,
        /// The rows' bytes, back to back.
        bytes: Vec<u8>,
        /// Where each row is.
        spans: Vec<Span>,
    },
    /// Records already parsed (CSV rows).
    Values(Vec<(Place, Value)>),
}

/// A unit of work for a worker.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chunk {
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
    /// JSON Lines inflated and cut into chunks on a thread of their own.
    Ahead(ahead::ReadAhead),
    Document(document::DocumentReader),
    Csv(csv_rows::CsvRows),
    Avro(Box<avro::CaptureReader>),
}

struct Open {
    input: u32,
    path_hint: Option<usize>,
    state: State,
}

/// What opening an input gave.
enum Opened {
    /// All the input holds, as one chunk: a small input read whole by detection, or one that
    /// could not be read (only its problem).
    All(Chunk),
    /// An input to be read chunk by chunk.
    Stream(Open),
}

/// Hands out chunks of every input in turn. Workers share it: whoever needs work reads the next
/// chunk, so reading needs no thread of its own and memory stays bounded by (workers × chunk
/// size). Opening an input (a path lookup, its first read, format detection) happens outside
/// the shared lock, so on many small files the workers open theirs side by side; only the
/// reading of an input larger than the detection window is taken in turns.
pub(crate) struct Reader<'c> {
    schema_index: &'c SchemaIndex,
    inputs: Vec<Input>,
    forced: InputFormat,
    progress: Option<ProgressBar>,
    /// Whether a gzip input's JSON Lines are inflated on a thread of their own
    /// ([`ahead::ReadAhead`]): when the run has a core its workers leave free.
    read_ahead: bool,
    shared: Mutex<Shared>,
    /// Signalled when a worker is done opening an input: a worker that finds nothing to read
    /// and nothing left to open waits for the inputs others are opening.
    opened: Condvar,
}

/// An input being opened, counted in [`Shared::opening`]: uncounted when dropped, even by a
/// panic while opening, so that no worker waits for an opening that will never end.
struct Opening<'r, 'c>(&'r Reader<'c>);

impl Drop for Opening<'_, '_> {
    fn drop(&mut self) {
        // A poisoned lock already stops every worker.
        if let Ok(mut shared) = self.0.shared.lock() {
            shared.opening -= 1;
        }
        self.0.opened.notify_all();
    }
}

/// The part of a reader its workers take in turns.
struct Shared {
    /// What was learnt about each input, by index.
    infos: Vec<InputInfo>,
    /// The index of the next input to open.
    next: usize,
    /// How many inputs workers are opening now.
    opening: usize,
    /// Inputs opened and not yet read to the end, read from the front; each worker opens at
    /// most one at a time, so there are at most as many as workers.
    open: VecDeque<Open>,
    /// Chunk buffers the workers are done with. Reusing them spares the allocator and the
    /// kernel: a fresh megabyte is a fresh huge page, zeroed by the kernel on first touch
    /// (a twentieth of a worker's time on a gzip input).
    spare: Vec<Vec<u8>>,
}

impl<'c> Reader<'c> {
    /// A reader over `inputs`; `progress` receives the bytes read from disk.
    pub(crate) fn new(
        schema_index: &'c SchemaIndex,
        inputs: Vec<Input>,
        forced: InputFormat,
        progress: Option<ProgressBar>,
        read_ahead: bool,
    ) -> Reader<'c> {
        let infos = vec![InputInfo::default(); inputs.len()];
        Reader {
            schema_index,
            inputs,
            forced,
            progress,
            read_ahead,
            shared: Mutex::new(Shared {
                infos,
                next: 0,
                opening: 0,
                open: VecDeque::new(),
                spare: Vec::new(),
            }),
            opened: Condvar::new(),
        }
    }

    /// What was learnt about each input, once reading is done.
    pub(crate) fn into_infos(self) -> Vec<InputInfo> {
        if let Some(progress) = &self.progress {
            progress.finish_and_clear();
        }
        // A poisoned lock means a worker panicked mid-chunk; what the others learnt still holds.
        match self.shared.into_inner() {
            Ok(shared) => shared.infos,
            Err(poisoned) => poisoned.into_inner().infos,
        }
    }

    /// The next chunk, or `None` when every input is read (or a worker panicked). `recycled` is
    /// the bytes of a chunk the caller is done with, kept to hold a later one.
    pub(crate) fn next_chunk(&self, recycled: Option<Vec<u8>>) -> Option<Chunk> {
        let mut shared = self.shared.lock().ok()?;
        if let Some(mut buffer) = recycled
            && shared.spare.len() < SPARE_BUFFERS
            // A buffer grown for a long record goes back to the allocator.
            && buffer.capacity() <= 2 * CHUNK_BYTES
        {
            buffer.clear();
            shared.spare.push(buffer);
        }
        loop {
            if shared.open.is_empty() {
                if shared.next >= self.inputs.len() {
                    if shared.opening == 0 {
                        return None;
                    }
                    shared = self.opened.wait(shared).ok()?;
                    continue;
                }
                let index = shared.next;
                shared.next += 1;
                shared.opening += 1;
                let buffer = shared.spare.pop().unwrap_or_default();
                drop(shared);
                let (opened, info) = {
                    let _opening = Opening(self);
                    self.open(index, buffer)
                };
                shared = self.shared.lock().ok()?;
                if let Some(slot) = shared.infos.get_mut(index) {
                    *slot = info;
                }
                match opened {
                    Opened::All(chunk) => return Some(chunk),
                    Opened::Stream(open) => shared.open.push_back(open),
                }
            }
            let Shared {
                infos, open, spare, ..
            } = &mut *shared;
            let current = open.front_mut()?;
            let mut problems = Vec::new();
            let body = match &mut current.state {
                State::Lines(reader) => reader.next_chunk(&mut problems, spare),
                State::Ahead(reader) => reader.next_chunk(&mut problems, spare),
                State::Document(reader) => {
                    let body = reader.next_chunk(&mut problems);
                    if let Some(detected) = reader.detected
                        && let Some(info) = infos.get_mut(current.input as usize)
                    {
                        info.format = Some(detected);
                    }
                    body
                }
                State::Csv(reader) => {
                    reader.next_chunk(self.schema_index, current.path_hint, &mut problems)
                }
                State::Avro(reader) => reader.next_chunk(&mut problems),
            };
            let (input, path_hint) = (current.input, current.path_hint);
            if !problems.is_empty()
                && let Some(info) = infos.get_mut(input as usize)
            {
                info.problems = true;
            }
            if let Some(body) = body {
                return Some(Chunk {
                    input,
                    path_hint,
                    problems,
                    body,
                });
            }
            open.pop_front();
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

    /// Opens an input and detects its format, reading its first bytes into `buffer`; says what
    /// was learnt about it. An input that cannot be read at all becomes a chunk holding only its
    /// problem. Takes no lock: workers open inputs side by side.
    fn open(&self, index: usize, buffer: Vec<u8>) -> (Opened, InputInfo) {
        let mut info = InputInfo::default();
        let opened = self.open_input(index, buffer, &mut info);
        // An input opened to nothing but its problem was not read; the problem says why.
        if info.format.is_none()
            && let Opened::All(chunk) = &opened
        {
            info.not_read = chunk.problems.first().map(|problem| match problem.id {
                FindingId::EmptyInput => NotRead::Empty,
                FindingId::SkippedPath => NotRead::Skipped,
                _ => NotRead::Unreadable,
            });
        }
        (opened, info)
    }

    fn open_input(&self, index: usize, buffer: Vec<u8>, info: &mut InputInfo) -> Opened {
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
        if let (Some(progress), InputSource::Blob(_)) = (&self.progress, &input.source) {
            progress.set_message(format!("blob {}/{}", index + 1, self.inputs.len()));
        }
        let raw = match source::open(&input.source, self.progress.as_ref()) {
            Ok(Some(raw)) => raw,
            Ok(None) => {
                return Opened::All(match &input.source {
                    InputSource::Skipped(reason) => {
                        problem_chunk(FindingId::SkippedPath, 0, reason.clone())
                    }
                    InputSource::Unreadable(reason) => {
                        problem_chunk(FindingId::UnreadableInput, 0, reason.clone())
                    }
                    _ => problem_chunk(
                        FindingId::EmptyInput,
                        0,
                        format!(
                            "the directory holds no log files ({}, optionally .gz)",
                            source::LOG_EXTENSIONS.join(", ")
                        ),
                    ),
                });
            }
            Err(error) => {
                return Opened::All(problem_chunk(
                    FindingId::UnreadableInput,
                    0,
                    format!("cannot open: {error}"),
                ));
            }
        };
        let (stream, gzip) = match source::decompressed(raw) {
            Ok(pair) => pair,
            Err(error) => {
                return Opened::All(problem_chunk(
                    FindingId::UnreadableInput,
                    0,
                    format!("cannot read: {error}"),
                ));
            }
        };
        info.gzip = gzip;
        let csv_named = input
            .display
            .trim_end_matches(".gz")
            .to_ascii_lowercase()
            .ends_with(".csv");
        let peeked = source::peek(stream, DETECT_BYTES, buffer);
        let first_line = peeked.lines_skipped + 1;
        let prefix = &peeked.prefix;
        if prefix.is_empty() {
            return Opened::All(match &peeked.failure {
                // Damage is never emptiness: a stream that fails before its first byte of data.
                Some(failure) => problem_chunk(
                    FindingId::UnreadableInput,
                    first_line,
                    format!(
                        "the {} is damaged before any data could be read (at byte 0 of the data): {failure}",
                        if gzip { "gzip stream" } else { "input" }
                    ),
                ),
                None => problem_chunk(
                    FindingId::EmptyInput,
                    0,
                    "the input is empty: no records".into(),
                ),
            });
        }
        // Capture files are binary by design: recognised by their magic bytes before any text
        // check, whatever --input-format says.
        if prefix.starts_with(&avro::AVRO_MAGIC) {
            info.format = Some(DetectedFormat::AvroCapture);
            return match avro::CaptureReader::new(peeked.into_stream(), input_id) {
                Ok(reader) => Opened::Stream(Open {
                    input: input_id,
                    path_hint,
                    state: State::Avro(Box::new(reader)),
                }),
                Err(message) => Opened::All(problem_chunk(FindingId::UnreadableInput, 0, message)),
            };
        }
        // UTF-16 text (what Windows PowerShell 5's `>` writes) is told apart from binary data
        // by its byte order mark, and named, with the way out.
        if looks_utf16(prefix) {
            return Opened::All(problem_chunk(
                FindingId::UnreadableInput,
                first_line,
                "UTF-16 text (a UTF-16 byte order mark, or JSON with a NUL beside each character; Windows PowerShell's `>` writes it): acs-logs reads UTF-8, so convert it first (`iconv -f UTF-16 -t UTF-8`, or `Out-File -Encoding utf8`)".into(),
            ));
        }
        // A forced format says the input is text of that format: only detection second-guesses.
        let auto = self.forced == InputFormat::Auto;
        if auto && let Some(format) = source::unread_compression(prefix) {
            return Opened::All(problem_chunk(
                FindingId::UnreadableInput,
                0,
                format!(
                    "compressed with {format}, which is not read (only gzip is); decompress it first"
                ),
            ));
        }
        if auto && looks_binary(prefix) {
            return Opened::All(problem_chunk(
                FindingId::UnreadableInput,
                0,
                "binary data (control bytes throughout its first bytes), not JSON, JSON Lines or CSV; skipped".into(),
            ));
        }
        let format = match self.forced {
            InputFormat::Ndjson => DetectedFormat::Ndjson,
            InputFormat::Csv => DetectedFormat::Csv,
            InputFormat::LaQuery => DetectedFormat::LaQuery,
            InputFormat::Eventhubs => DetectedFormat::EventHubs,
            InputFormat::Json => DetectedFormat::JsonDocument,
            InputFormat::Auto => detect(prefix, peeked.complete, csv_named),
        };
        // Event Hubs messages one per line are JSON Lines to the reader; forced, or as one
        // document, they are streamed.
        let by_lines = format == DetectedFormat::Ndjson
            || (format == DetectedFormat::EventHubs && self.forced == InputFormat::Auto);
        info.format = Some(format);
        if by_lines && peeked.complete {
            // The window holds the whole input (a small file): it is the input's one chunk.
            let mut bytes = peeked.prefix;
            // A CR in the last byte ends the input: it is a line end either way.
            source::lone_crs_to_lf(&mut bytes);
            return Opened::All(Chunk {
                input: input_id,
                path_hint,
                problems: Vec::new(),
                body: Body::Lines { first_line, bytes },
            });
        }
        let mut stream = peeked.into_stream();
        if format != DetectedFormat::Csv {
            // CSV has its own line ends; JSON text is read with lone CRs as line ends, wherever
            // in the input they start.
            stream = buffered(source::CrLines::new(stream));
        }
        let state = match format {
            _ if by_lines => {
                let reader = lines::LineReader::new(stream, input_id, first_line);
                if gzip && self.read_ahead {
                    ahead::ReadAhead::start(reader, input_id).map_or_else(State::Lines, State::Ahead)
                } else {
                    State::Lines(reader)
                }
            }
            DetectedFormat::Csv => match csv_rows::CsvRows::new(stream, input_id) {
                Ok(rows) => State::Csv(rows),
                Err(message) => return Opened::All(problem_chunk(FindingId::UnreadableInput, 1, message)),
            },
            DetectedFormat::Ndjson
            | DetectedFormat::JsonArray
            | DetectedFormat::JsonDocument
            | DetectedFormat::EventHubs
            | DetectedFormat::LaQuery
            // Not reached: Capture files are recognised above.
            | DetectedFormat::AvroCapture => {
                State::Document(document::DocumentReader::new(stream, input_id, first_line))
            }
        };
        Opened::Stream(Open {
            input: input_id,
            path_hint,
            state,
        })
    }
}

/// Detects the format from the first bytes after leading whitespace (`complete` when they are
/// the whole input). JSON Lines when the first line is a JSON value of its own (unless it is a
/// query response, which is streamed), or when most of the first lines are; CSV when the name
/// says so or the first line has CSV separators and is not JSON; otherwise the document reader, which
/// reads whatever is there record by record.
fn detect(prefix: &[u8], complete: bool, csv_named: bool) -> DetectedFormat {
    let starts_json = matches!(prefix.first(), Some(b'{' | b'['));
    if !starts_json && csv_named {
        return DetectedFormat::Csv;
    }
    // Only whole lines: the last one is cut by the window unless the input ends there.
    let mut lines = whole_lines(prefix, complete)
        .map(<[u8]>::trim_ascii)
        .filter(|line| !line.is_empty())
        .take(DETECT_LINES);
    let Some(first) = lines.next() else {
        // The first line is longer than the window: a document on one line, streamed.
        return DetectedFormat::JsonDocument;
    };
    match line_kind(first) {
        LineKind::Container("tables") => return DetectedFormat::LaQuery,
        LineKind::Container(_) => return DetectedFormat::EventHubs,
        LineKind::Value => return DetectedFormat::Ndjson,
        LineKind::NotJson => {}
    }
    // Any of the separators `CsvRows` reads (`,`, Excel's `;`, tab), whatever the file's name:
    // a `;` export saved as `.txt` or piped in is still CSV.
    if !starts_json
        && memchr::memchr3(b',', b';', b'\t', first).is_some()
        && !first.starts_with(b"\"")
    {
        return DetectedFormat::Csv;
    }
    let (mut values, mut others) = (0usize, 0usize);
    for line in lines {
        if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok() {
            values += 1;
        } else {
            others += 1;
        }
    }
    if values > 0 && values >= others {
        DetectedFormat::Ndjson
    } else {
        DetectedFormat::JsonDocument
    }
}

/// Whether text is UTF-16: a UTF-16 byte order mark, or, without one, JSON whose first 32
/// characters (at least 4) each carry a NUL high byte. One NUL early in a UTF-8 record is a
/// damaged record, never a reason to set the whole input aside.
fn looks_utf16(prefix: &[u8]) -> bool {
    if prefix.starts_with(&[0xff, 0xfe]) || prefix.starts_with(&[0xfe, 0xff]) {
        return true;
    }
    let head = &prefix[..prefix.len().min(64) & !1];
    let units = || head.chunks_exact(2);
    let ascii_in = |low: usize| {
        head.len() >= 8
            && matches!(head.get(low), Some(b'{' | b'['))
            && units().all(|unit| unit[1 - low] == 0 && unit[low] != 0)
    };
    ascii_in(0) || ascii_in(1)
}

/// What a line holds, to detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Not one whole JSON value.
    NotJson,
    /// One JSON value.
    Value,
    /// An object whose key holds an array: `tables` for a query response
    /// (`{"tables": [...]}`), `records` for an Event Hubs batch.
    Container(&'static str),
}

/// What a line holds: one JSON value or not, and if so whether a container.
fn line_kind(line: &[u8]) -> LineKind {
    // A record line is read by the hot path's scanner, which builds nothing (this runs on every
    // input, and a run over many small files detects each); what it declines, serde_json
    // decides. The last of duplicate keys counts, as serde_json keeps it.
    if let Ok(text) = std::str::from_utf8(line) {
        let mut members = Vec::new();
        if crate::members::scan_object(text, usize::MAX, &mut members).is_some() {
            let container = ["tables", "records"].into_iter().find(|key| {
                members
                    .iter()
                    .rev()
                    .find(|(name, _)| name == key)
                    .is_some_and(|(_, value)| value.kind() == crate::members::RawKind::Array)
            });
            return container.map_or(LineKind::Value, LineKind::Container);
        }
    }
    if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_err() {
        return LineKind::NotJson;
    }
    container_key(line).map_or(LineKind::Value, LineKind::Container)
}

/// `tables` for a query response (`{"tables": [...]}`), `records` for an Event Hubs batch, on
/// a line holding a whole JSON value.
fn container_key(line: &[u8]) -> Option<&'static str> {
    if !line.starts_with(b"{") {
        return None;
    }
    let value = serde_json::from_slice::<Value>(line).ok()?;
    ["tables", "records"]
        .into_iter()
        .find(|key| value.get(key).is_some_and(Value::is_array))
}

/// The bytes [`looks_binary`] looks at.
const BINARY_WINDOW: usize = 8 << 10;

/// Whether the first bytes are binary data rather than text with a damaged line: control bytes
/// (other than whitespace) make up more than one in 32 of them. One NUL in a text file is a
/// damaged line, read as an unreadable record; it does not make the file binary.
#[allow(clippy::needless_bitwise_bool)] // branch-free on purpose: it vectorises
fn looks_binary(prefix: &[u8]) -> bool {
    // Binary data shows in its first few kilobytes (git decides on its first 8,000 bytes), and
    // this runs on every input: a run over many small files would otherwise scan each whole.
    let prefix = &prefix[..prefix.len().min(BINARY_WINDOW)];
    // Counted without branches, in blocks small enough for a byte counter, so that it
    // vectorises.
    let mut control = 0usize;
    for block in prefix.chunks(255) {
        let mut count = 0u8;
        for &byte in block {
            let whitespace = (byte == b'\t') | (byte == b'\n') | (byte == 0x0c) | (byte == b'\r');
            count += u8::from(((byte < 0x20) & !whitespace) | (byte == 0x7f));
        }
        control += usize::from(count);
    }
    control >= 4 && control * 32 > prefix.len()
}

/// The lines of a window, split at LF and at CR, found as they are needed; the last one only if
/// the input ends there (else the window cut it).
fn whole_lines(prefix: &[u8], complete: bool) -> impl Iterator<Item = &[u8]> {
    let mut start = 0;
    let mut ends = memchr::memchr2_iter(b'\n', b'\r', prefix);
    std::iter::from_fn(move || {
        if start > prefix.len() {
            return None;
        }
        let end = match ends.next() {
            Some(end) => end,
            None if complete => prefix.len(),
            None => return None,
        };
        let line = &prefix[start..end];
        start = end + 1;
        Some(line)
    })
}

/// Appends up to `limit` bytes of `stream` to `buffer`; returns how many (0 at the end).
///
/// For the detection window: a file's `BufReader` hands `read_to_end` the file's own
/// uninitialised-buffer read, so a small input costs what it holds. Chunks of a long input are
/// read by `lines::fill` instead, which asks for a whole chunk at each read.
pub(crate) fn read_some(
    stream: &mut Stream,
    buffer: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    let limit = u64::try_from(limit).unwrap_or(u64::MAX);
    stream.by_ref().take(limit).read_to_end(buffer)
}

/// Where in the file a `serde_json` error on a text is, given the line and column the text
/// starts at: (line, column), both 1-based.
pub(crate) fn parse_error_place(error: &serde_json::Error, line: u64, column: u64) -> (u64, u64) {
    let error_line = error.line() as u64;
    if error_line <= 1 {
        (line, column + (error.column() as u64).saturating_sub(1))
    } else {
        (line + error_line - 1, error.column() as u64)
    }
}

/// The parser's message without its own "at line 1 column 7" (the place says it, in terms of
/// the file rather than the text parsed).
pub(crate) fn parse_error_message(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let text = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(message, _)| message);
    let kind = match error.classify() {
        serde_json::error::Category::Io => "read error",
        serde_json::error::Category::Syntax | serde_json::error::Category::Data => "invalid JSON",
        serde_json::error::Category::Eof => "truncated JSON",
    };
    format!("{kind}: {text}")
}

/// A buffered stream over any reader. The buffer is small: reads of a chunk bypass it, and a
/// run over ten thousand small files allocates (and fills once) one buffer for each.
pub(crate) fn buffered(reader: impl Read + Send + 'static) -> Stream {
    Box::new(BufReader::with_capacity(64 << 10, reader))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `serde_json` alone says of a line: whether it is one JSON value, and its container key.
    fn by_serde(line: &[u8]) -> LineKind {
        if serde_json::from_slice::<serde::de::IgnoredAny>(line).is_err() {
            return LineKind::NotJson;
        }
        container_key(line).map_or(LineKind::Value, LineKind::Container)
    }

    #[test]
    fn a_first_line_is_judged_as_serde_json_judges_it_whether_the_scanner_reads_it_or_not() {
        let lines: [(&str, LineKind); 14] = [
            (
                r#"{"time": "2024-01-01T00:00:00Z", "n": 1}"#,
                LineKind::Value,
            ),
            (r#"{"records": [{"a": 1}]}"#, LineKind::Container("records")),
            (r#"{"tables": [], "x": 1}"#, LineKind::Container("tables")),
            // serde_json keeps the last of duplicate keys.
            (r#"{"records": [], "records": 1}"#, LineKind::Value),
            (
                r#"{"records": 1, "records": []}"#,
                LineKind::Container("records"),
            ),
            (r#"{"records": {"a": []}}"#, LineKind::Value),
            // Declined by the scanner (an escaped key, an exponent): serde_json decides.
            (
                r#"{"rec\u006frds": [{"a": 1}]}"#,
                LineKind::Container("records"),
            ),
            // serde_json skips a number past f64's range; the record reader reports it.
            (r#"{"n": 1e400}"#, LineKind::Value),
            (r#"{"n": 1e5, "tables": []}"#, LineKind::Container("tables")),
            (r#"[{"a": 1}]"#, LineKind::Value),
            ("\"text\"", LineKind::Value),
            (r#"{"a": 1"#, LineKind::NotJson),
            (r#"{"a": 1} x"#, LineKind::NotJson),
            ("a,b,c", LineKind::NotJson),
        ];
        for (line, expected) in lines {
            assert_eq!(line_kind(line.as_bytes()), expected, "{line}");
            assert_eq!(
                line_kind(line.as_bytes()),
                by_serde(line.as_bytes()),
                "{line}"
            );
        }
        // Not UTF-8: the scanner cannot read it; serde_json skips the string unchecked (the
        // record reader then reports the byte at its place).
        let line = b"{\"a\": \"\xff\"}";
        assert_eq!(line_kind(line), by_serde(line));
    }
}
