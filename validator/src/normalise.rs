//! Normalise: a record in the Azure resource-log common schema (`time`, `category`, service
//! fields under `properties`) becomes the flattened Log Analytics shape the schemas describe.
//! The mapping is the catalog's `envelope` section: data, read once, never spelled out here.

use crate::inventory::normalise_name;
use acs_log_schemas::Envelope;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Map, Value};

/// Which shape a record arrived in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Shape {
    /// Flattened columns, as Log Analytics stores and exports them.
    LogAnalytics,
    /// The resource-log common schema of Storage archives and Event Hubs.
    ResourceLog,
}

/// The column `az monitor log-analytics query` adds to every row it prints: the name of the
/// result table (`PrimaryResult`). Known, never drift.
pub(crate) const CLI_TABLE_COLUMN: &str = "TableName";

/// Whether a flattened record is a row as `az monitor log-analytics query` prints it: the CLI's
/// `TableName` column, and every value a string (the CLI renders numbers, booleans and empty
/// cells as text). Such a row is typed back from the table's Kusto types, as CSV is.
pub(crate) fn is_cli_row(record: &Map<String, Value>) -> bool {
    record.get(CLI_TABLE_COLUMN).is_some_and(Value::is_string)
        && record.values().all(Value::is_string)
}

/// An envelope key whose spelling differs from the one the mapping knows (`correlationID` for
/// `correlationId`): the value was mapped to its column, and the validator reports the spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnvelopeMisspelling {
    /// The key as the record spells it.
    pub key: String,
    /// The key as the resource-log common schema spells it.
    pub expected: String,
    /// The column it was mapped to.
    pub column: String,
}

/// What a resource-log record's `properties` held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PropertiesForm {
    /// A JSON object, as the common schema has it (or no `properties` at all).
    Object,
    /// A JSON string holding a JSON object (some Azure services emit it so): read as the object.
    EncodedObject,
    /// Anything else: the service fields cannot be read. The JSON type it had.
    Unreadable(&'static str),
}

/// A record in the flattened shape, with what flattening learnt about it.
#[derive(Debug)]
pub(crate) struct Flattened {
    /// The shape the record arrived in.
    pub shape: Shape,
    /// The flattened record.
    pub flat: Map<String, Value>,
    /// Columns that came from envelope fields of the common schema (`category` → `Category`),
    /// not from `properties`.
    pub envelope_columns: Vec<String>,
    /// What `properties` held.
    pub properties: PropertiesForm,
    /// Columns a record gives two different values, outside and inside `properties`.
    pub collisions: Vec<Collision>,
}

/// A column a resource-log record gives twice, with different values: by two spellings of an
/// envelope key (`durationMs` and `DurationMs`), or outside `properties` and inside it. The
/// first value is checked; the other would be lost without a word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Collision {
    /// The column (`DurationMs`).
    pub column: String,
    /// The key that gave the value checked (`durationMs`).
    pub kept_key: String,
    /// The value checked.
    pub kept: Value,
    /// The key that gave the other value (`properties.DurationMs`).
    pub dropped_key: String,
    /// The value not checked.
    pub dropped: Value,
}

/// The key a column's value came from, spelled out only when two values collide: most keys
/// are their own column, and copying every name would cost every record.
enum Giver {
    /// The key is the column (`Country` at the top level).
    Itself,
    /// An envelope key for the column (`durationMs` for `DurationMs`).
    Envelope(String),
    /// The column's key under `properties`.
    Properties,
}

/// Where values go while a record is flattened, and what collided there.
struct Flattening<'e> {
    flat: Map<String, Value>,
    /// Column → envelope key, for the columns an envelope key gave.
    envelope_givers: Vec<(String, String)>,
    collisions: Vec<Collision>,
    properties_key: &'e str,
}

impl Flattening<'_> {
    /// Puts `value` in `column`, unless an earlier key gave the column: then a different value
    /// is a [`Collision`] (the same value twice says one thing). `properties` comes last, so
    /// the value kept is never one of its own.
    fn give(&mut self, column: String, giver: Giver, value: Value) {
        let Some(kept) = self.flat.get(&column) else {
            if let Giver::Envelope(key) = giver {
                self.envelope_givers.push((column.clone(), key));
            }
            self.flat.insert(column, value);
            return;
        };
        if *kept == value {
            return;
        }
        let kept = kept.clone();
        let kept_key = self
            .envelope_givers
            .iter()
            .find(|(given, _)| *given == column)
            .map_or_else(|| column.clone(), |(_, key)| key.clone());
        let dropped_key = match giver {
            Giver::Itself => column.clone(),
            Giver::Envelope(key) => key,
            Giver::Properties => format!("{}.{column}", self.properties_key),
        };
        self.collisions.push(Collision {
            column,
            kept_key,
            kept,
            dropped_key,
            dropped: value,
        });
    }
}

/// The envelope mapping, compiled for lookups.
#[derive(Debug, Clone)]
pub(crate) struct EnvelopeMap {
    properties_key: String,
    /// Envelope key → column.
    fields: HashMap<String, String>,
    /// Normalised envelope key → (envelope key, column).
    fields_normalised: HashMap<String, (String, String)>,
    envelope_only: HashSet<String>,
    /// Keys whose presence marks a record as being in the common schema.
    markers: Vec<String>,
}

impl EnvelopeMap {
    /// Compiles the catalog's envelope section.
    pub(crate) fn new(envelope: &Envelope) -> EnvelopeMap {
        let fields: HashMap<String, String> = envelope.fields.clone().into_iter().collect();
        let fields_normalised = envelope
            .fields
            .iter()
            .map(|(key, column)| (normalise_name(key), (key.clone(), column.clone())))
            .collect();
        let envelope_only: HashSet<String> = envelope.envelope_only.iter().cloned().collect();
        // The properties key and the envelope-only keys (`resourceId`) never occur in the flat
        // shape, and the time key is present in every common-schema record the service writes.
        let mut markers = vec![envelope.properties_key.clone()];
        markers.extend(
            envelope
                .envelope_only
                .iter()
                .filter(|key| **key != envelope.properties_key)
                .cloned(),
        );
        markers.extend(
            envelope
                .fields
                .iter()
                .filter(|(_, column)| column.as_str() == "TimeGenerated")
                .map(|(key, _)| key.clone()),
        );
        EnvelopeMap {
            properties_key: envelope.properties_key.clone(),
            fields,
            fields_normalised,
            envelope_only,
            markers,
        }
    }

    /// Every key and column the mapping names.
    pub(crate) fn known_keys(&self) -> impl Iterator<Item = &str> {
        self.fields
            .iter()
            .flat_map(|(key, column)| [key.as_str(), column.as_str()])
            .chain(self.envelope_only.iter().map(String::as_str))
            .chain(self.markers.iter().map(String::as_str))
            .chain(std::iter::once(self.properties_key.as_str()))
    }

    /// Whether a top-level key marks a record as being in the common schema.
    pub(crate) fn is_marker(&self, key: &str) -> bool {
        self.markers.iter().any(|marker| marker == key)
    }

    /// The key under which the common schema nests the service fields (`properties`).
    pub(crate) fn properties_key(&self) -> &str {
        &self.properties_key
    }

    /// The column an envelope key, spelled exactly, maps to (`category` → `Category`).
    pub(crate) fn column_of(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// Whether a key is an envelope key with no column (`resourceId`).
    pub(crate) fn is_envelope_only(&self, key: &str) -> bool {
        self.envelope_only.contains(key)
    }

    /// Whether a key is an envelope key spelled otherwise (`correlationID`).
    pub(crate) fn near_envelope_key(&self, key: &str) -> bool {
        self.fields_normalised.contains_key(&normalise_name(key))
    }

    /// The shape of a record.
    pub(crate) fn shape_of(&self, record: &Map<String, Value>) -> Shape {
        // Markers are compared only against keys that could be one: hashing five marker names
        // into every flat record's map cost more than the rest of this step.
        let is_marker = |key: &String| self.markers.iter().any(|marker| marker == key);
        if record.keys().any(is_marker) {
            Shape::ResourceLog
        } else {
            Shape::LogAnalytics
        }
    }

    /// The record in the flattened shape, and the envelope keys whose spelling was off.
    /// A flat record is returned as it is, without copying.
    pub(crate) fn flatten(
        &self,
        record: Map<String, Value>,
        misspellings: &mut Vec<EnvelopeMisspelling>,
    ) -> Flattened {
        if self.shape_of(&record) == Shape::LogAnalytics {
            return Flattened {
                shape: Shape::LogAnalytics,
                flat: record,
                envelope_columns: Vec::new(),
                properties: PropertiesForm::Object,
                collisions: Vec::new(),
            };
        }
        let mut flattening = Flattening {
            flat: Map::with_capacity(record.len() + 16),
            envelope_givers: Vec::new(),
            collisions: Vec::new(),
            properties_key: &self.properties_key,
        };
        let mut envelope_columns = Vec::new();
        let mut properties = None;
        let mut form = PropertiesForm::Object;
        for (key, value) in record {
            if key == self.properties_key {
                match value {
                    Value::Object(inner) => properties = Some(inner),
                    Value::String(text) => match serde_json::from_str::<Value>(&text) {
                        Ok(Value::Object(inner)) => {
                            properties = Some(inner);
                            form = PropertiesForm::EncodedObject;
                        }
                        _ => {
                            form = PropertiesForm::Unreadable(
                                "a string that does not hold a JSON object",
                            );
                        }
                    },
                    // No service fields for this record: nothing to read, nothing lost.
                    Value::Null => {}
                    other => form = PropertiesForm::Unreadable(kind_phrase(&other)),
                }
                continue;
            }
            let column = if let Some(column) = self.fields.get(&key) {
                Some(column.clone())
            } else if self.envelope_only.contains(&key) {
                // Known envelope keys with no column (`resourceId`): never drift.
                continue;
            } else if let Some((expected, column)) =
                self.fields_normalised.get(&normalise_name(&key))
            {
                misspellings.push(EnvelopeMisspelling {
                    key: key.clone(),
                    expected: expected.clone(),
                    column: column.clone(),
                });
                Some(column.clone())
            } else {
                // Anything else is kept as it is and judged like any other key.
                None
            };
            match column {
                Some(column) => {
                    envelope_columns.push(column.clone());
                    flattening.give(column, Giver::Envelope(key), value);
                }
                None => flattening.give(key, Giver::Itself, value),
            }
        }
        if let Some(inner) = properties {
            for (key, value) in inner {
                flattening.give(key, Giver::Properties, value);
            }
        }
        let Flattening {
            flat, collisions, ..
        } = flattening;
        Flattened {
            shape: Shape::ResourceLog,
            flat,
            envelope_columns,
            properties: form,
            collisions,
        }
    }
}

/// A value's JSON type, as a phrase (`an array`).
fn kind_phrase(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
