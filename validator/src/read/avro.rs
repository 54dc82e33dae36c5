//! Event Hubs Capture files: Avro object container files whose records are captured events,
//! each event's `Body` one Event Hubs message (`{"records": [...]}`) as diagnostic settings
//! send it.
//!
//! The file is read block by block (`apache-avro`), so memory is bounded by one Avro block and
//! one chunk of records, whatever the file's size. A record's place is the event's 1-based
//! number in the file (the `line`) and its index in the message's `records` array.
//!
//! Capture's writer schema (`Microsoft.ServiceBus.Messaging.EventData`) has `SequenceNumber`,
//! `Offset`, `EnqueuedTimeUtc`, `SystemProperties`, `Properties` and `Body` (`["null","bytes"]`);
//! only `Body` carries log records, and an event without one is reported, not skipped.

use super::{Body, Problem, Stream};
use crate::aggregate::Place;
use crate::finding::{FindingId, json_quoted};
use apache_avro::types::Value as AvroValue;
use serde_json::Value;

/// The four bytes every Avro object container file starts with.
pub(super) const AVRO_MAGIC: [u8; 4] = [b'O', b'b', b'j', 1];

/// How many events go into one chunk.
const EVENTS_PER_CHUNK: usize = 256;

/// Reads the events of a Capture file, a chunk at a time.
pub(crate) struct CaptureReader {
    events: apache_avro::Reader<'static, Stream>,
    input: u32,
    event: u64,
    finished: bool,
}

impl CaptureReader {
    /// Reads the file's header; an error says why it is not a readable Avro file.
    pub(crate) fn new(stream: Stream, input: u32) -> Result<CaptureReader, String> {
        let events = apache_avro::Reader::new(stream)
            .map_err(|error| format!("not a readable Avro container file: {error}"))?;
        Ok(CaptureReader {
            events,
            input,
            event: 0,
            finished: false,
        })
    }

    /// The records of the next events, or `None` at the end. A damaged block ends the file
    /// with an `unreadable-input` problem at the event where it broke.
    pub(crate) fn next_chunk(&mut self, problems: &mut Vec<Problem>) -> Option<Body> {
        if self.finished {
            return None;
        }
        let mut records = Vec::new();
        for _ in 0..EVENTS_PER_CHUNK {
            let Some(next) = self.events.next() else {
                self.finished = true;
                break;
            };
            self.event += 1;
            let place = |record| Place {
                input: self.input,
                line: self.event,
                record,
            };
            match next {
                Ok(event) => match body_of(&event) {
                    Ok(body) => message_records(body, &place, &mut records, problems),
                    Err(message) => problems.push(Problem {
                        id: FindingId::UnreadableRecord,
                        place: place(None),
                        column: None,
                        message,
                    }),
                },
                Err(error) => {
                    problems.push(Problem {
                        id: FindingId::UnreadableInput,
                        place: place(None),
                        column: None,
                        message: format!(
                            "the Avro data is damaged at event {}: {error}; the rest of the file is not read",
                            self.event
                        ),
                    });
                    self.finished = true;
                    break;
                }
            }
        }
        if records.is_empty() && self.finished {
            // Problems found on the way still reach the report: the reader sends them on alone.
            return None;
        }
        Some(Body::Values(records))
    }
}

/// The `Body` bytes of a captured event.
fn body_of(event: &AvroValue) -> Result<&[u8], String> {
    let AvroValue::Record(fields) = event else {
        return Err("the Avro record is not an Event Hubs Capture event (not a record)".into());
    };
    let Some((_, body)) = fields.iter().find(|(name, _)| name == "Body") else {
        return Err("the Avro record is not an Event Hubs Capture event (no Body field)".into());
    };
    let body = match body {
        AvroValue::Union(_, inner) => inner.as_ref(),
        other => other,
    };
    match body {
        AvroValue::Bytes(bytes) | AvroValue::Fixed(_, bytes) => Ok(bytes),
        AvroValue::String(text) => Ok(text.as_bytes()),
        AvroValue::Null => Err("the captured event has no Body".into()),
        _ => Err("the captured event's Body is not bytes".into()),
    }
}

/// The records of one Event Hubs message: the entries of its `records` array, or the body
/// itself when it is a single record.
fn message_records(
    body: &[u8],
    place: &dyn Fn(Option<u64>) -> Place,
    records: &mut Vec<(Place, Value)>,
    problems: &mut Vec<Problem>,
) {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut message)) => match message.remove("records") {
            Some(Value::Array(entries)) => {
                if let Some(extra) = message.keys().next() {
                    problems.push(Problem {
                        id: FindingId::UnreadableInput,
                        place: place(None),
                        column: None,
                        message: format!(
                            "the Event Hubs message has a key {} beside \"records\"; it is not a log record and was not checked",
                            json_quoted(extra)
                        ),
                    });
                }
                for (index, record) in entries.into_iter().enumerate() {
                    records.push((place(Some(index as u64)), record));
                }
            }
            Some(other) => {
                message.insert("records".into(), other);
                records.push((place(None), Value::Object(message)));
            }
            None => records.push((place(None), Value::Object(message))),
        },
        Ok(other) => records.push((place(None), other)),
        Err(error) => problems.push(Problem {
            id: FindingId::UnreadableRecord,
            place: place(None),
            column: Some(error.column() as u64),
            message: format!("the event's Body is not JSON: {error}"),
        }),
    }
}
