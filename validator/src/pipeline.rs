//! The pipeline, end to end: read → normalise → classify → validate → aggregate. Workers (one
//! per `--jobs`, all cores by default) each take the next chunk from the shared reader, check its
//! records into their own [`Aggregate`], and the partial aggregates are merged at the end.
//! Data flows one way; nothing downstream reaches back into the reader.

use crate::aggregate::{Aggregate, Place};
use crate::finding::FindingId;
use crate::read::source::{Input, InputSource};
use crate::read::{Body, Chunk, InputFormat, InputInfo, Reader};
use crate::validate::Checker;
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use std::sync::Mutex;

/// How a run reads and uses the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// `--input-format`.
    pub input_format: InputFormat,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Whether to draw a progress bar on standard error.
    pub progress: bool,
}

impl Default for RunOptions {
    fn default() -> RunOptions {
        RunOptions {
            input_format: InputFormat::Auto,
            jobs: 0,
            progress: false,
        }
    }
}

/// What a run produced.
#[derive(Debug)]
pub struct RunOutput {
    /// Everything observed.
    pub aggregate: Aggregate,
    /// The inputs, in the order they were read.
    pub inputs: Vec<Input>,
    /// What was learnt about each input.
    pub infos: Vec<InputInfo>,
}

/// Checks every input.
pub fn run(
    checker: &Checker,
    inputs: Vec<Input>,
    options: &RunOptions,
) -> Result<RunOutput, std::io::Error> {
    let progress = options.progress.then(|| progress_bar(&inputs));
    let reader = Mutex::new(Reader::new(
        checker,
        inputs.clone(),
        options.input_format,
        progress,
    ));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .thread_name(|index| format!("acs-logs-worker-{index}"))
        .build()
        .map_err(std::io::Error::other)?;
    let partials: Vec<Aggregate> = pool.broadcast(|_| {
        let mut aggregate = Aggregate::default();
        loop {
            // A poisoned lock means another worker panicked; stop taking work.
            let chunk = match reader.lock() {
                Ok(mut reader) => reader.next_chunk(),
                Err(_) => None,
            };
            let Some(chunk) = chunk else { break };
            process_chunk(checker, chunk, &mut aggregate);
        }
        aggregate
    });
    let mut aggregate = Aggregate::default();
    for partial in partials {
        aggregate.merge(partial);
    }
    let infos = match reader.into_inner() {
        Ok(reader) => reader.into_infos(),
        Err(poisoned) => poisoned.into_inner().into_infos(),
    };
    Ok(RunOutput {
        aggregate,
        inputs,
        infos,
    })
}

fn progress_bar(inputs: &[Input]) -> ProgressBar {
    let total: u64 = inputs
        .iter()
        .filter_map(|input| match &input.source {
            InputSource::File(path) => std::fs::metadata(path).ok().map(|metadata| metadata.len()),
            InputSource::Blob(blob) => Some(blob.size),
            InputSource::Stdin | InputSource::EmptyDirectory => None,
        })
        .sum();
    let bar = ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} {bytes}/{total_bytes} {bytes_per_sec} {wide_bar} {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

/// Checks the records of one chunk into an aggregate.
pub fn process_chunk(checker: &Checker, chunk: Chunk, aggregate: &mut Aggregate) {
    let Chunk {
        input,
        path_hint,
        problems,
        body,
    } = chunk;
    for problem in problems {
        if problem.id == FindingId::UnreadableRecord {
            checker.note_unreadable(aggregate, problem.place, problem.column, &problem.message);
        } else {
            checker.note_input_problem(aggregate, problem.id, problem.place, &problem.message);
        }
    }
    match body {
        Body::Empty => {}
        Body::Lines { first_line, bytes } => {
            // One UTF-8 check for the whole chunk is far cheaper than the parser's check of each
            // string; a chunk that fails it is parsed line by line, where errors get their place.
            let text = std::str::from_utf8(&bytes).ok();
            let mut start = 0usize;
            let mut line = first_line;
            while start < bytes.len() {
                let end = memchr::memchr(b'\n', &bytes[start..])
                    .map_or(bytes.len(), |offset| start + offset);
                // Trimming ASCII whitespace keeps both ends on character boundaries.
                let raw = &bytes[start..end];
                let lead = raw.len() - raw.trim_ascii_start().len();
                let trail = raw.len() - raw.trim_ascii_end().len();
                if lead < raw.len() {
                    let (from, to) = (start + lead, end - trail);
                    let place = Place {
                        input,
                        line,
                        record: None,
                    };
                    let parsed = text.and_then(|text| text.get(from..to)).map(parse_record);
                    match parsed {
                        Some(Ok(value)) => checker.check_value(value, place, path_hint, aggregate),
                        // Parsed again from bytes so the error says where, and what, exactly.
                        Some(Err(_)) | None => parse_and_check(
                            checker,
                            &bytes[from..to],
                            place,
                            1,
                            path_hint,
                            aggregate,
                        ),
                    }
                }
                start = end + 1;
                line += 1;
            }
        }
        Body::Spans { bytes, spans } => {
            for span in spans {
                let place = Place {
                    input,
                    line: span.line,
                    record: Some(span.record),
                };
                parse_and_check(
                    checker,
                    &bytes[span.start..span.end],
                    place,
                    span.column,
                    path_hint,
                    aggregate,
                );
            }
        }
        Body::Values(values) => {
            for (place, value) in values {
                checker.check_value(value, place, path_hint, aggregate);
            }
        }
    }
}

/// Parses one record's text; `column` is where the text starts on its first line.
/// How many keys a record's map is sized for up front: ACS rows carry 20 to 30 columns.
const RECORD_KEYS: usize = 32;

/// Parses one record as `serde_json::from_str::<Value>` does, but sizes a top-level object's map
/// once: growing it key by key rehashed it four times per record, a twentieth of all the time.
fn parse_record(text: &str) -> Result<Value, serde_json::Error> {
    struct Record;
    impl<'de> serde::de::Visitor<'de> for Record {
        type Value = Value;
        fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            formatter.write_str("a JSON object")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
            let mut map = serde_json::Map::with_capacity(
                access.size_hint().unwrap_or(RECORD_KEYS).max(RECORD_KEYS),
            );
            while let Some(key) = access.next_key::<String>()? {
                let value = access.next_value::<Value>()?;
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
    }
    if !text.trim_ascii_start().starts_with('{') {
        return serde_json::from_str(text);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde::Deserializer::deserialize_map(&mut deserializer, Record)?;
    deserializer.end()?;
    Ok(value)
}

fn parse_and_check(
    checker: &Checker,
    text: &[u8],
    place: Place,
    column: u64,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    match serde_json::from_slice::<Value>(text) {
        Ok(value) => checker.check_value(value, place, path_hint, aggregate),
        Err(error) => {
            let error_line = error.line() as u64;
            let (line, column) = if error_line <= 1 {
                (
                    place.line,
                    column + (error.column() as u64).saturating_sub(1),
                )
            } else {
                (place.line + error_line - 1, error.column() as u64)
            };
            let message = parse_error_message(&error);
            checker.note_unreadable(aggregate, Place { line, ..place }, Some(column), &message);
        }
    }
}

/// The parser's message without its own "at line 1 column 7" (the location says it, in terms of
/// the file rather than the record).
fn parse_error_message(error: &serde_json::Error) -> String {
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
