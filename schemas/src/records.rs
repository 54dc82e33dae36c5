//! Typed ACS records, generated at build time from the embedded schemas by `acs-log-codegen`:
//! one type per category (`SmsOperational`, `RoomsOperational`, ...), the types they share
//! (`ResultSignature`, `Timestamp`), and [`AcsRecord`], the enum over every category.
//!
//! Undocumented fields land in each type's `extra` map, so a record serialises back to the JSON
//! it came from; documented enums keep unknown values in their `Other` variant.
//!
//! One event reads into one typed record whatever shape it arrived in: a Log Analytics row, a
//! resource-log record (Storage archive, Event Hubs `records` entry: `time`, `operationName`,
//! service fields under `properties`, flattened with the catalog's envelope mapping), or the
//! all-string form of CSV and `az monitor log-analytics query` (typed back from the table's Kusto
//! types). The shape-only fields (`resourceId`, the workspace columns) stay in `extra`, and
//! [`AcsRecord::read`] says which shape the record was read from. A column whose JSON type
//! differs between shapes (`IsHardBounce`: `"true"` in Log Analytics, `true` in resource logs)
//! has a type that takes both, so each shape's record is read as it was written.

// Schema descriptions are prose that names columns without backticks.
#![allow(clippy::doc_markdown)]

use crate::catalog::Envelope;
use crate::error::RecordError;
use crate::set::SchemaSet;
use crate::table_reference::KustoType;
use serde_json::{Map, Value};

include!(concat!(env!("OUT_DIR"), "/acs_types.rs"));
include!(concat!(env!("OUT_DIR"), "/acs_records.rs"));

/// The shape a record was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecordShape {
    /// A Log Analytics row: flattened columns, typed values.
    LogAnalytics,
    /// A resource-log record of a Storage archive or an Event Hubs message.
    ResourceLog,
    /// A Log Analytics row with every value a string (CSV, `az monitor log-analytics query`).
    AllStrings,
}

/// A typed record and the shape it was read from; written back out, it says both.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadRecord {
    /// The shape the record arrived in.
    pub read_from: RecordShape,
    /// The record, its documented fields filled whatever the shape.
    pub record: AcsRecord,
}

impl AcsRecord {
    /// Parses a record, in any shape, as the category it names: its `Category` (Log
    /// Analytics) or `category` (resource-log envelope) field, else its Log Analytics `Type`.
    pub fn from_value(value: Value) -> Result<Self, RecordError> {
        Self::read(value).map(|read| read.record)
    }

    /// Parses a record, in any shape, and says which shape it was read from.
    pub fn read(value: Value) -> Result<ReadRecord, RecordError> {
        let category = Self::category_of(&value)?;
        Self::read_as(category, value)
    }

    /// Parses a record as an explicit category (any case), whatever the record says.
    pub fn from_value_as(category: &str, value: Value) -> Result<Self, RecordError> {
        Self::read_as(category, value).map(|read| read.record)
    }

    /// Parses a record, in any shape, as an explicit category (any case).
    pub fn read_as(category: &str, value: Value) -> Result<ReadRecord, RecordError> {
        let entry = SchemaSet::acs()
            .category(category)
            .ok_or_else(|| RecordError::UnknownCategory(category.to_owned()))?;
        let (read_from, value) = Self::flat_value_as(&entry.category, value)?;
        let parsed = Self::parse_as(&entry.category, value)
            .ok_or_else(|| RecordError::UnknownCategory(category.to_owned()))?;
        let record = parsed.map_err(|source| RecordError::Invalid {
            category: entry.category.clone(),
            source,
        })?;
        Ok(ReadRecord { read_from, record })
    }

    /// A record of any shape as the Log Analytics row a category's generated type reads
    /// (`serde_json::from_value::<SmsOperational>(flat)`), and the shape it came in: a
    /// resource-log record flattened, an all-string row typed back.
    pub fn flat_value_as(
        category: &str,
        value: Value,
    ) -> Result<(RecordShape, Value), RecordError> {
        let set = SchemaSet::acs();
        let entry = set
            .category(category)
            .ok_or_else(|| RecordError::UnknownCategory(category.to_owned()))?;
        Ok(match value {
            Value::Object(record) => {
                let (shape, flat) = flatten(&set.catalog.envelope, record);
                let properties = set
                    .schema(&entry.category)
                    .and_then(|schema| schema.get("properties"))
                    .and_then(Value::as_object);
                let (shape, flat) = type_back(shape, flat, properties);
                (shape, Value::Object(flat))
            }
            other => (RecordShape::LogAnalytics, other),
        })
    }

    /// The catalog's name for the category a record names, by `Category`, `category`, then
    /// the table in `Type`.
    pub fn category_of(value: &Value) -> Result<&'static str, RecordError> {
        let set = SchemaSet::acs();
        let mut named = None;
        for key in ["Category", "category"] {
            if let Some(name) = value.get(key).and_then(Value::as_str) {
                if let Some(entry) = set.category(name) {
                    return Ok(&entry.category);
                }
                named.get_or_insert(name);
            }
        }
        if let Some(table) = value
            .get(&set.catalog.envelope.table_column)
            .and_then(Value::as_str)
        {
            if let Some(entry) = set.by_table(table) {
                return Ok(&entry.category);
            }
            named.get_or_insert(table);
        }
        Err(named.map_or(RecordError::NoCategory, |name| {
            RecordError::UnknownCategory(name.to_owned())
        }))
    }

    /// The record as JSON, unknown fields included.
    pub fn to_value(&self) -> Result<Value, serde_json::Error> {
        serde_json::to_value(self)
    }
}

impl std::str::FromStr for AcsRecord {
    type Err = RecordError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::from_value(serde_json::from_str(text).map_err(RecordError::Json)?)
    }
}

impl<'de> serde::Deserialize<'de> for AcsRecord {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}

/// A resource-log record flattened onto the Log Analytics columns with the catalog's envelope
/// mapping (`time` → `TimeGenerated`, the `properties` members as columns); envelope keys with
/// no column (`resourceId`) are kept as they are. A flat record is returned unchanged.
fn flatten(envelope: &Envelope, record: Map<String, Value>) -> (RecordShape, Map<String, Value>) {
    let resource_log = record.keys().any(|key| {
        *key == envelope.properties_key
            || envelope.envelope_only.contains(key)
            || envelope
                .fields
                .get(key)
                .is_some_and(|column| column == "TimeGenerated")
    });
    if !resource_log {
        return (RecordShape::LogAnalytics, record);
    }
    let mut flat = Map::with_capacity(record.len() + 16);
    let mut inner = None;
    for (key, value) in record {
        if key == envelope.properties_key && value.is_object() {
            inner = Some(value);
        } else {
            let column = envelope.fields.get(&key).cloned().unwrap_or(key);
            flat.insert(column, value);
        }
    }
    if let Some(Value::Object(inner)) = inner {
        for (key, value) in inner {
            flat.entry(key).or_insert(value);
        }
    }
    (RecordShape::ResourceLog, flat)
}

/// The values of an all-string row (CSV, `az monitor log-analytics query`) typed back by their
/// columns' Kusto types: `"130"` in an `int` column is 130, `""` no value. Other shapes keep
/// their values as they are, so a Log Analytics row written back is the row it was read from
/// (`IsHardBounce` stays `"true"` there, and `true` from a resource log: its type takes both).
fn type_back(
    shape: RecordShape,
    flat: Map<String, Value>,
    properties: Option<&Map<String, Value>>,
) -> (RecordShape, Map<String, Value>) {
    let Some(properties) = properties else {
        return (shape, flat);
    };
    let kusto_of = |key: &str| -> Option<KustoType> {
        let name = properties.get(key)?.get("x-kusto-type")?.clone();
        serde_json::from_value(name).ok()
    };
    // Every value a string, and one of them in a column that is not a string in Log Analytics
    // (a table whose columns are all strings reads the same in both forms).
    let all_strings = shape == RecordShape::LogAnalytics
        && flat.values().all(Value::is_string)
        && flat.keys().any(|key| {
            kusto_of(key).is_some_and(|kusto| !KustoType::String.holds(&kusto.value_of_text("0")))
        });
    if !all_strings {
        return (shape, flat);
    }
    // A CSV read as it is: the portal heads a datetime column `TimeGenerated [UTC]`, and its
    // byte-order mark may cling to the first header.
    let mut flat: Map<String, Value> = flat
        .into_iter()
        .map(|(key, value)| {
            let name = key.trim_start_matches('\u{feff}');
            let name = name.split_once(" [").map_or(name, |(name, _)| name);
            (name.to_owned(), value)
        })
        .collect();
    for (key, value) in &mut flat {
        if let (Some(kusto), Value::String(text)) = (kusto_of(key), &*value) {
            *value = kusto.value_of_text(text);
        }
    }
    (RecordShape::AllStrings, flat)
}
