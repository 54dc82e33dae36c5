//! The pipeline, end to end: read → normalise → classify → validate → aggregate. Workers (one
//! per `--jobs`, all cores by default) each take the next chunk from the shared reader, check its
//! records into their own [`Aggregate`], and the partial aggregates are merged at the end.
//! Data flows one way; nothing downstream reaches back into the reader.

use crate::aggregate::{Aggregate, Place};
use crate::fast_path;
use crate::finding::{FindingId, json_quoted};
use crate::index::SchemaIndex;
use crate::read::source::{Input, InputSource};
use crate::read::{
    Body, Chunk, InputFormat, InputInfo, Reader, extra_keys_message, json_kind, row_record,
    table_columns,
};
use crate::validate::{self, Written};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::Value;
use serde_json::value::RawValue;

/// The most worker threads a run starts, whatever it is asked for: each holds a chunk and an
/// aggregate, so memory grows with them.
pub(crate) const MAX_JOBS: usize = 256;

/// How a run reads and uses the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// `--input-format`.
    pub input_format: InputFormat,
    /// Worker threads; 0 means one per core; at most `MAX_JOBS` (256).
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

/// What a run checked: its report speaks of it in its terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    /// Log data: files, blobs, standard input.
    Data,
    /// The example records of documentation pages (`docs check`): each input is a page.
    Pages,
}

/// What a run produced.
#[derive(Debug)]
pub(crate) struct RunOutput {
    /// What the inputs are.
    pub subject: Subject,
    /// Everything observed.
    pub aggregate: Aggregate,
    /// The inputs, in the order they were read.
    pub inputs: Vec<Input>,
    /// What was learnt about each input.
    pub infos: Vec<InputInfo>,
}

/// Checks every input.
pub(crate) fn run(
    schema_index: &SchemaIndex,
    inputs: Vec<Input>,
    options: &RunOptions,
) -> Result<RunOutput, std::io::Error> {
    let progress = options.progress.then(|| progress_bar(&inputs));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.min(MAX_JOBS))
        .thread_name(|index| format!("acs-logs-worker-{index}"))
        .build()
        .map_err(std::io::Error::other)?;
    // With a core to spare, a gzip input is inflated on it. Without one, the worker that
    // inflates a chunk is the one that checks it, while the chunk is still in its core's cache:
    // measured on 2 cores, reading ahead there costs more than it saves.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let read_ahead = pool.current_num_threads() < cores;
    let reader = Reader::new(
        schema_index,
        inputs.clone(),
        options.input_format,
        progress,
        read_ahead,
    );
    let partials: Vec<Aggregate> = pool.broadcast(|_| {
        let mut aggregate = Aggregate::default();
        let mut done_with = None;
        loop {
            let Some(chunk) = reader.next_chunk(done_with.take()) else {
                break;
            };
            done_with = process_chunk(schema_index, chunk, &mut aggregate);
        }
        aggregate
    });
    let mut aggregate = Aggregate::default();
    for partial in partials {
        aggregate.merge(partial);
    }
    let infos = reader.into_infos();
    // An input read to its end without a problem and without a record (a CSV header alone, a
    // query response with no rows, `[]`) is empty, and said to be, as an empty file is.
    for (index, info) in infos.iter().enumerate() {
        let input = u32::try_from(index).unwrap_or(u32::MAX);
        if let Some(format) = info.format
            && !info.problems
            && aggregate.input_tally(input).total == 0
        {
            validate::note_input_problem(
                schema_index,
                &mut aggregate,
                FindingId::EmptyInput,
                Place {
                    input,
                    line: 0,
                    record: None,
                },
                &format!("the input holds no records (read as {})", format.as_str()),
            );
        }
    }
    Ok(RunOutput {
        subject: Subject::Data,
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
            InputSource::Stdin
            | InputSource::Memory(_)
            | InputSource::EmptyDirectory
            | InputSource::Unreadable(_)
            | InputSource::Skipped(_) => None,
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

/// Checks the records of one chunk into an aggregate. Returns the chunk's buffer of JSON Lines,
/// for the reader to fill again.
pub(crate) fn process_chunk(
    schema_index: &SchemaIndex,
    chunk: Chunk,
    aggregate: &mut Aggregate,
) -> Option<Vec<u8>> {
    let Chunk {
        input,
        path_hint,
        problems,
        body,
    } = chunk;
    for problem in problems {
        if problem.id == FindingId::UnreadableRecord {
            validate::note_unreadable(
                schema_index,
                aggregate,
                problem.place,
                problem.column,
                &problem.message,
            );
        } else {
            validate::note_input_problem(
                schema_index,
                aggregate,
                problem.id,
                problem.place,
                &problem.message,
            );
        }
    }
    let mut duplicates = Vec::new();
    match body {
        Body::Empty => None,
        Body::Lines { first_line, bytes } => {
            // One UTF-8 check for the whole chunk is far cheaper than the parser's check of each
            // string; a chunk that fails it is parsed line by line, where errors get their place.
            let text = std::str::from_utf8(&bytes).ok();
            let mut start = 0usize;
            let mut line = first_line;
            let mut scratch = fast_path::Scratch::default();
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
                    let line_text = text.and_then(|text| text.get(from..to));
                    // The hot path counts what it can prove; the rest is parsed in full.
                    let counted = line_text.is_some_and(|text| {
                        fast_path::check_line(
                            schema_index,
                            text,
                            place,
                            path_hint,
                            &mut scratch,
                            aggregate,
                        )
                    });
                    if !counted {
                        match line_text.map(|text| (text, parse_record(text, &mut duplicates))) {
                            Some((text, Ok(value))) => {
                                note_duplicates(schema_index, &mut duplicates, place, aggregate);
                                let record = Parsed {
                                    value,
                                    written: Some(text.as_bytes()),
                                };
                                dispatch(schema_index, record, place, path_hint, aggregate);
                            }
                            // Parsed again from bytes so the error says where, and what, exactly.
                            Some((_, Err(_))) | None => parse_and_check(
                                schema_index,
                                &bytes[from..to],
                                place,
                                1,
                                path_hint,
                                aggregate,
                            ),
                        }
                    }
                }
                start = end + 1;
                line += 1;
            }
            Some(bytes)
        }
        Body::Spans { bytes, spans } => {
            for span in spans {
                let place = Place {
                    input,
                    line: span.line,
                    record: span.record,
                };
                parse_and_check(
                    schema_index,
                    &bytes[span.start..span.end],
                    place,
                    span.column,
                    path_hint,
                    aggregate,
                );
            }
            None
        }
        Body::Rows {
            table,
            bytes,
            spans,
        } => {
            for span in spans {
                let place = Place {
                    input,
                    line: span.line,
                    record: span.record,
                };
                let row = span.record.unwrap_or(0);
                let text = &bytes[span.start..span.end];
                match parse_lenient(text, &mut duplicates) {
                    Ok(value) => match row_record(&table.columns, value) {
                        Ok(record) => {
                            validate::check_record(
                                schema_index,
                                Value::Object(record),
                                place,
                                path_hint,
                                aggregate,
                            );
                        }
                        Err(flaw) => validate::note_unreadable(
                            schema_index,
                            aggregate,
                            place,
                            Some(span.column),
                            &flaw.message(&table.name, row),
                        ),
                    },
                    Err(error) => {
                        note_parse_error(schema_index, &error, place, span.column, aggregate);
                    }
                }
                duplicates.clear();
            }
            None
        }
        Body::Values(values) => {
            for (place, value) in values {
                validate::check_value(schema_index, value, place, path_hint, aggregate);
            }
            None
        }
    }
}

/// A top-level value and the JSON text it was parsed from, when that is at hand.
struct Parsed<'t> {
    value: Value,
    written: Option<&'t [u8]>,
}

/// Checks one parsed top-level value: a record; an Event Hubs batch (`{"records": [...]}`,
/// its other keys reported); a query response on one line; a line holding an array of records.
/// Anything else is not a record: one unreadable record, said so.
fn dispatch(
    schema_index: &SchemaIndex,
    record: Parsed<'_>,
    place: Place,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    let Parsed { value, written } = record;
    match value {
        Value::Object(mut map) if map.get("records").is_some_and(Value::is_array) => {
            let records = map.remove("records");
            note_extra_keys(schema_index, &map, place, aggregate);
            if let Some(Value::Array(records)) = records {
                check_elements(schema_index, records, written, place, path_hint, aggregate);
            }
        }
        Value::Object(mut map) if map.get("tables").is_some_and(Value::is_array) => {
            let mut index = 0u64;
            for table in map
                .remove("tables")
                .into_iter()
                .flat_map(|tables| match tables {
                    Value::Array(tables) => tables,
                    _ => Vec::new(),
                })
            {
                let name = table
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                // A table with neither columns nor rows has nothing to read.
                let columns = match table.get("columns") {
                    None if table.get("rows").is_none() => Ok(Vec::new()),
                    columns => table_columns(columns.unwrap_or(&Value::Null), &name),
                };
                let columns = match columns {
                    Ok(columns) => columns,
                    Err(message) => {
                        validate::note_input_problem(
                            schema_index,
                            aggregate,
                            FindingId::UnreadableInput,
                            place,
                            &message,
                        );
                        continue;
                    }
                };
                let rows = match table {
                    Value::Object(mut table) => table.remove("rows"),
                    _ => None,
                };
                for row in rows.into_iter().flat_map(|rows| match rows {
                    Value::Array(rows) => rows,
                    _ => Vec::new(),
                }) {
                    let place = Place {
                        record: Some(index),
                        ..place
                    };
                    match row_record(&columns, row) {
                        Ok(record) => {
                            validate::check_record(
                                schema_index,
                                Value::Object(record),
                                place,
                                path_hint,
                                aggregate,
                            );
                        }
                        Err(flaw) => validate::note_unreadable(
                            schema_index,
                            aggregate,
                            place,
                            None,
                            &flaw.message(&name, index),
                        ),
                    }
                    index += 1;
                }
            }
        }
        Value::Object(map) => match damaged_message(&map) {
            Some(message) => {
                validate::note_unreadable(schema_index, aggregate, place, None, &message);
            }
            None => validate::check_written_record(
                schema_index,
                Value::Object(map),
                written.map(|text| Written {
                    text,
                    element: None,
                }),
                place,
                path_hint,
                aggregate,
            ),
        },
        // An empty array holds no record: nothing to read, nothing lost.
        Value::Array(items) if items.is_empty() => {}
        // A line holding an array of Event Hubs messages: their records, numbered on.
        Value::Array(items)
            if items
                .iter()
                .any(|item| item.get("records").is_some_and(Value::is_array)) =>
        {
            let mut records = Vec::new();
            for item in items {
                match item {
                    Value::Object(mut message)
                        if message.get("records").is_some_and(Value::is_array) =>
                    {
                        if let Some(Value::Array(inner)) = message.remove("records") {
                            records.extend(inner);
                        }
                        note_extra_keys(schema_index, &message, place, aggregate);
                    }
                    other => records.push(other),
                }
            }
            check_elements(schema_index, records, None, place, path_hint, aggregate);
        }
        // A line holding an array of records (a docs example, `jq -c` of an array).
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_object) => {
            check_elements(schema_index, items, written, place, path_hint, aggregate);
        }
        other => validate::note_unreadable(
            schema_index,
            aggregate,
            place,
            None,
            &format!("not a JSON object: the value is {}", json_kind(&other)),
        ),
    }
}

/// What is wrong with an object whose one key is `records` (or `tables`) holding no array: an
/// Event Hubs message (or a query response) damaged, not a record. `None` for any other object.
fn damaged_message(map: &serde_json::Map<String, Value>) -> Option<String> {
    // Every record dispatched asks: a length test answers almost all of them.
    if map.len() != 1 {
        return None;
    }
    let (key, value) = map.iter().next()?;
    let what = match key.as_str() {
        "records" => "an Event Hubs message whose \"records\"",
        "tables" => "a query response whose \"tables\"",
        _ => return None,
    };
    (!value.is_array()).then(|| {
        format!(
            "{what} is {}, not an array of {}",
            json_kind(value),
            key.as_str()
        )
    })
}

/// Reports the keys an Event Hubs message holds beside `records` (`message` without it), if any.
fn note_extra_keys(
    schema_index: &SchemaIndex,
    message: &serde_json::Map<String, Value>,
    place: Place,
    aggregate: &mut Aggregate,
) {
    if message.is_empty() {
        return;
    }
    let extra: Vec<&str> = message.keys().map(String::as_str).collect();
    validate::note_input_problem(
        schema_index,
        aggregate,
        FindingId::UnreadableInput,
        place,
        &extra_keys_message(&extra),
    );
}

/// Checks the elements of a batch, each numbered by its index; `written` is the batch's text.
fn check_elements(
    schema_index: &SchemaIndex,
    records: Vec<Value>,
    written: Option<&[u8]>,
    place: Place,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    for (index, record) in records.into_iter().enumerate() {
        let place = Place {
            record: Some(index as u64),
            ..place
        };
        if let Some(message) = record.as_object().and_then(damaged_message) {
            validate::note_unreadable(schema_index, aggregate, place, None, &message);
        } else if record.is_object() {
            let written = written.map(|text| Written {
                text,
                element: Some(index),
            });
            validate::check_written_record(
                schema_index,
                record,
                written,
                place,
                path_hint,
                aggregate,
            );
        } else {
            validate::note_unreadable(
                schema_index,
                aggregate,
                place,
                None,
                &format!("not a JSON object: the value is {}", json_kind(&record)),
            );
        }
    }
}

/// A key a record named twice: the key, and the value the parser dropped.
type Duplicate = (String, Value);

/// Reports the keys a record named twice, naming both values.
fn note_duplicates(
    schema_index: &SchemaIndex,
    duplicates: &mut Vec<Duplicate>,
    place: Place,
    aggregate: &mut Aggregate,
) {
    for (key, first) in duplicates.drain(..) {
        let message = format!(
            "the key {} appears more than once; the value {first} was dropped for a later one (a JSON parser keeps only the last)",
            json_quoted(&key)
        );
        validate::note_input_problem(
            schema_index,
            aggregate,
            FindingId::DuplicateKey,
            place,
            &message,
        );
    }
}

/// How many keys a record's map is sized for up front: ACS rows carry 20 to 30 columns.
const RECORD_KEYS: usize = 32;

/// Parses one record as `serde_json::from_str::<Value>` does, but sizes a top-level object's map
/// once (growing it key by key rehashed it four times per record, a twentieth of all the time),
/// and keeps every top-level key a record names twice, with the value dropped, in `duplicates`.
fn parse_record(text: &str, duplicates: &mut Vec<Duplicate>) -> Result<Value, serde_json::Error> {
    parse_at(text, duplicates, RECORD_LEVELS)
}

/// [`parse_record`], reading `properties`, `records` and array elements as records `levels`
/// levels down (see [`Record`]).
fn parse_at(
    text: &str,
    duplicates: &mut Vec<Duplicate>,
    levels: u8,
) -> Result<Value, serde_json::Error> {
    let start = text.trim_ascii_start();
    if levels > 0 && start.starts_with('[') {
        // A one-line array of records: each is a record.
        let items: Vec<&RawValue> = serde_json::from_str(text)?;
        return elements(&items, "", duplicates, levels - 1);
    }
    if !start.starts_with('{') {
        return serde_json::from_str(text);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value =
        serde::Deserializer::deserialize_map(&mut deserializer, Record(duplicates, levels))?;
    deserializer.end()?;
    Ok(value)
}

/// The same from bytes (which may not be UTF-8: the parser says where not).
fn parse_bytes(text: &[u8], duplicates: &mut Vec<Duplicate>) -> Result<Value, serde_json::Error> {
    if text.trim_ascii_start().starts_with(b"[") {
        let items: Vec<&RawValue> = serde_json::from_slice(text)?;
        return elements(&items, "", duplicates, RECORD_LEVELS - 1);
    }
    if !text.trim_ascii_start().starts_with(b"{") {
        return serde_json::from_slice(text);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(text);
    let value =
        serde::Deserializer::deserialize_map(&mut deserializer, Record(duplicates, RECORD_LEVELS))?;
    deserializer.end()?;
    Ok(value)
}

/// A record's visitor: a sized map, and duplicate keys kept aside.
/// The number says how many levels further down `properties` and `records` are read as
/// records are: a line's record or batch reads them ([`RECORD_LEVELS`]: a batch's records'
/// `properties` too), and nothing deeper, so nesting costs no more stack than the parser's own
/// depth limit allows.
struct Record<'d>(&'d mut Vec<Duplicate>, u8);

/// A batch, its records, their `properties`.
const RECORD_LEVELS: u8 = 2;

/// The key under which a resource-log record nests its service columns: a key named twice in
/// there is as lost as one named twice at the top level.
const NESTED_COLUMNS: &str = "properties";

/// The key under which an Event Hubs message holds its records.
const BATCHED_RECORDS: &str = "records";

impl<'de> serde::de::Visitor<'de> for Record<'_> {
    type Value = Value;
    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = serde_json::Map::with_capacity(
            access.size_hint().unwrap_or(RECORD_KEYS).max(RECORD_KEYS),
        );
        while let Some(key) = access.next_key::<String>()? {
            let value = if self.1 > 0 && key == NESTED_COLUMNS {
                nested_columns(&access.next_value::<Box<RawValue>>()?, self.0, self.1 - 1)
                    .map_err(serde::de::Error::custom)?
            } else if self.1 > 0 && key == BATCHED_RECORDS {
                let raw = access.next_value::<Box<RawValue>>()?;
                match serde_json::from_str::<Vec<&RawValue>>(raw.get()) {
                    Ok(items) => elements(&items, BATCHED_RECORDS, self.0, self.1 - 1),
                    Err(_) => serde_json::from_str(raw.get()),
                }
                .map_err(serde::de::Error::custom)?
            } else {
                access.next_value::<Value>()?
            };
            // One lookup either way; the key is copied only for a duplicate.
            match map.entry(key) {
                serde_json::map::Entry::Vacant(entry) => {
                    entry.insert(value);
                }
                serde_json::map::Entry::Occupied(mut entry) => {
                    let key = entry.key().clone();
                    let first = entry.insert(value);
                    self.0.push((key, first));
                }
            }
        }
        Ok(Value::Object(map))
    }
}

/// A resource log's `properties` object read as a record is, its duplicate keys kept as
/// `properties.Key`; any other value as it is.
fn nested_columns(
    raw: &RawValue,
    duplicates: &mut Vec<Duplicate>,
    levels: u8,
) -> Result<Value, serde_json::Error> {
    let mut nested = Vec::new();
    let value = parse_at(raw.get(), &mut nested, levels)?;
    duplicates.extend(
        nested
            .into_iter()
            .map(|(key, first)| (format!("{NESTED_COLUMNS}.{key}"), first)),
    );
    Ok(value)
}

/// The elements of an array of records (a one-line array, or an Event Hubs message's
/// `records`), each read as a record is, its duplicate keys kept as `records[2].Key`.
fn elements(
    items: &[&RawValue],
    prefix: &str,
    duplicates: &mut Vec<Duplicate>,
    levels: u8,
) -> Result<Value, serde_json::Error> {
    let mut values = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let mut inner = Vec::new();
        values.push(parse_at(item.get(), &mut inner, levels)?);
        duplicates.extend(
            inner
                .into_iter()
                .map(|(key, first)| (format!("{prefix}[{index}].{key}"), first)),
        );
    }
    Ok(Value::Array(values))
}

/// Parses from bytes; a number too large for a float (`1e400`, valid JSON) is read as the
/// largest float of its sign instead of failing the record.
fn parse_lenient(text: &[u8], duplicates: &mut Vec<Duplicate>) -> Result<Value, serde_json::Error> {
    match parse_bytes(text, duplicates) {
        Err(error) if error.to_string().starts_with("number out of range") => {
            duplicates.clear();
            parse_bytes(&clamp_huge_numbers(text), duplicates).map_err(|_| error)
        }
        other => other,
    }
}

/// Rewrites numbers beyond the float range (outside strings) as the largest float of their sign.
fn clamp_huge_numbers(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut index = 0;
    while index < text.len() {
        let byte = text[index];
        if in_string {
            out.push(byte);
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
            index += 1;
            continue;
        }
        if byte == b'-' || byte.is_ascii_digit() {
            let end = text[index..]
                .iter()
                .position(|byte| !(byte.is_ascii_digit() || b"+-.eE".contains(byte)))
                .map_or(text.len(), |length| index + length);
            let token = &text[index..end];
            let huge = std::str::from_utf8(token)
                .ok()
                .and_then(|token| token.parse::<f64>().ok())
                .filter(|number| number.is_infinite());
            match huge {
                Some(number) if number < 0.0 => out.extend_from_slice(b"-1.7976931348623157e308"),
                Some(_) => out.extend_from_slice(b"1.7976931348623157e308"),
                None => out.extend_from_slice(token),
            }
            index = end;
            continue;
        }
        if byte == b'"' {
            in_string = true;
        }
        out.push(byte);
        index += 1;
    }
    out
}

fn parse_and_check(
    schema_index: &SchemaIndex,
    text: &[u8],
    place: Place,
    column: u64,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    let mut duplicates = Vec::new();
    match parse_lenient(text, &mut duplicates) {
        Ok(value) => {
            note_duplicates(schema_index, &mut duplicates, place, aggregate);
            let record = Parsed {
                value,
                written: Some(text),
            };
            dispatch(schema_index, record, place, path_hint, aggregate);
        }
        Err(error) => note_parse_error(schema_index, &error, place, column, aggregate),
    }
}

/// Counts a record that does not parse as unreadable, at the place the parser names; `column`
/// is where the record's text starts on its first line.
fn note_parse_error(
    schema_index: &SchemaIndex,
    error: &serde_json::Error,
    place: Place,
    column: u64,
    aggregate: &mut Aggregate,
) {
    let (line, column) = crate::read::parse_error_place(error, place.line, column);
    let message = crate::read::parse_error_message(error);
    validate::note_unreadable(
        schema_index,
        aggregate,
        Place { line, ..place },
        Some(column),
        &message,
    );
}
