//! Classify: which catalog category a (flattened) record belongs to, from its `Category`, its
//! Log Analytics `Type`, the folder it was found in (`insights-logs-<category>` of a Storage
//! archive, `am-<table>` of a workspace data export), or the `--category` fallback, in that
//! order.

use acs_log_schemas::Catalog;
use serde_json::{Map, Value};
use std::path::Path;

/// The folder prefix diagnostic settings give each category's blobs in a Storage archive.
const BLOB_FOLDER_PREFIX: &str = "insights-logs-";

/// The folder prefix a Log Analytics workspace data export gives each table's blobs.
const EXPORT_FOLDER_PREFIX: &str = "am-";

/// The result of classifying one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Class {
    /// A catalog category, by index.
    Known(usize),
    /// The record names a category (or table) the catalog does not have.
    Unknown(String),
    /// Nothing names a category.
    Unnamed,
}

/// Category lookup tables built from the catalog.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    /// Lowercased category name → index.
    categories: Vec<String>,
    /// Lowercased table name → index.
    tables: Vec<String>,
    table_column: String,
    /// The flattened column naming the category (`Category`).
    category_column: String,
    fallback: Option<usize>,
}

impl Classifier {
    /// Builds the tables; `fallback` is the `--category` index.
    pub(crate) fn new(catalog: &Catalog, fallback: Option<usize>) -> Classifier {
        Classifier {
            categories: catalog
                .categories
                .iter()
                .map(|entry| entry.category.to_ascii_lowercase())
                .collect(),
            tables: catalog
                .categories
                .iter()
                .map(|entry| entry.table.to_ascii_lowercase())
                .collect(),
            table_column: catalog.envelope.table_column.clone(),
            category_column: catalog
                .envelope
                .fields
                .get("category")
                .cloned()
                .unwrap_or_else(|| "Category".to_owned()),
            fallback,
        }
    }

    /// The index of a category name, any case.
    pub(crate) fn category_index(&self, name: &str) -> Option<usize> {
        // Exact spelling first: it is what the service writes, and needs no lowercase copy.
        self.categories
            .iter()
            .position(|known| known.len() == name.len() && known.eq_ignore_ascii_case(name))
    }

    /// The flattened column naming the category (`Category`).
    pub(crate) fn category_column(&self) -> &str {
        &self.category_column
    }

    /// The Log Analytics column naming the table (`Type`).
    pub(crate) fn table_column(&self) -> &str {
        &self.table_column
    }

    /// The category a record that names none belongs to: its path's, else `--category`'s.
    pub(crate) fn fallback_or(&self, path_hint: Option<usize>) -> Option<usize> {
        path_hint.or(self.fallback)
    }

    /// The index of a table name, any case.
    pub(crate) fn table_index(&self, name: &str) -> Option<usize> {
        self.tables
            .iter()
            .position(|known| known.len() == name.len() && known.eq_ignore_ascii_case(name))
    }

    /// The category a blob path implies (`.../insights-logs-smsoperational/resourceId=/...`,
    /// or `.../am-acssmsincomingoperations/WorkspaceResourceId=/...`).
    pub(crate) fn path_hint(&self, path: &Path) -> Option<usize> {
        path.components().find_map(|component| {
            let text = component.as_os_str().to_str()?;
            let lower = text.to_ascii_lowercase();
            if let Some(name) = lower.strip_prefix(BLOB_FOLDER_PREFIX) {
                return self.category_index(name);
            }
            self.table_index(lower.strip_prefix(EXPORT_FOLDER_PREFIX)?)
        })
    }

    /// Classifies a flattened record; `path_hint` comes from the input's path.
    pub(crate) fn classify(&self, record: &Map<String, Value>, path_hint: Option<usize>) -> Class {
        if let Some(Value::String(name)) = record.get(self.category_column.as_str()) {
            return self
                .category_index(name)
                .map_or_else(|| Class::Unknown(name.clone()), Class::Known);
        }
        if let Some(Value::String(table)) = record.get(self.table_column.as_str()) {
            return self
                .table_index(table)
                .map_or_else(|| Class::Unknown(table.clone()), Class::Known);
        }
        match self.fallback_or(path_hint) {
            Some(index) => Class::Known(index),
            None => Class::Unnamed,
        }
    }
}
