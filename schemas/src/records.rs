//! Typed ACS records, generated at build time from the embedded schemas by `acs-log-codegen`:
//! one type per category (`SmsOperational`, `RoomsOperational`, ...), the types they share
//! (`ResultSignature`, `Timestamp`), and [`AcsRecord`], the enum over every category.
//!
//! Undocumented fields land in each type's `extra` map, so a record serialises back to the JSON
//! it came from; documented enums keep unknown values in their `Other` variant.

// Schema descriptions are prose that names columns without backticks.
#![allow(clippy::doc_markdown)]

use crate::error::RecordError;
use crate::set::SchemaSet;
use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/acs_types.rs"));
include!(concat!(env!("OUT_DIR"), "/acs_records.rs"));

impl AcsRecord {
    /// Parses a record as the category it names: its `Category` (Log Analytics) or `category`
    /// (resource-log envelope) field, else its Log Analytics `Type` (the table).
    pub fn from_value(value: Value) -> Result<Self, RecordError> {
        let category = Self::category_of(&value)?;
        Self::from_value_as(category, value)
    }

    /// Parses a record as an explicit category (any case), whatever the record says.
    pub fn from_value_as(category: &str, value: Value) -> Result<Self, RecordError> {
        let entry = SchemaSet::acs()
            .category(category)
            .ok_or_else(|| RecordError::UnknownCategory(category.to_owned()))?;
        let parsed = Self::parse_as(&entry.category, value)
            .ok_or_else(|| RecordError::UnknownCategory(category.to_owned()))?;
        parsed.map_err(|source| RecordError::Invalid {
            category: entry.category.clone(),
            source,
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
