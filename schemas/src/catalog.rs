//! The catalog: which log categories a schema set holds, where each is documented, and how the
//! Azure resource-log envelope maps onto the schemas' flattened shape.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The contents of a schema set's `catalog.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Catalog {
    /// Short name of the set (`acs`).
    pub name: String,
    /// Human title of the set.
    pub title: String,
    /// Where the documentation pages live, relative to the repository root.
    pub docs: String,
    /// One entry per log category.
    pub categories: Vec<CategoryEntry>,
    /// How resource-log envelope fields and workspace columns relate to the schemas.
    pub envelope: Envelope,
    /// The file of the set holding the Azure Monitor table reference for the catalog's tables,
    /// if the set has one (see [`crate::TableReference`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_reference: Option<String>,
}

/// One log category of the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CategoryEntry {
    /// The diagnostic-setting category name, as the `Category`/`category` field carries it.
    pub category: String,
    /// The heading the documentation gives the category.
    pub title: String,
    /// The schema file, relative to the set's directory.
    pub schema: String,
    /// The Log Analytics table (the `Type` column).
    pub table: String,
    /// The pages and tables that document the category, newest first.
    pub pages: Vec<PageTable>,
}

/// A property table in a documentation page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageTable {
    /// The page's file name.
    pub page: String,
    /// The heading above the table.
    pub table: String,
}

/// How a record in the Azure resource-log common schema (Storage archive, Event Hubs) maps onto
/// the flattened Log Analytics shape, and which columns the workspace adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Envelope {
    /// Why the mapping is what it is.
    #[serde(rename = "$comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The envelope key holding the service fields (`properties`).
    pub properties_key: String,
    /// Envelope key (`time`) to flattened column (`TimeGenerated`).
    pub fields: BTreeMap<String, String>,
    /// Envelope keys that have no column (`resourceId`, ...): known, never drift.
    pub envelope_only: Vec<String>,
    /// Columns the Log Analytics workspace adds (`TenantId`, `_ResourceId`, ...): known, never drift.
    pub workspace_columns: Vec<String>,
    /// The workspace column naming the table (`Type`).
    pub table_column: String,
}

impl Catalog {
    /// The entry for a category name, compared without regard to case.
    pub fn category(&self, name: &str) -> Option<&CategoryEntry> {
        self.categories
            .iter()
            .find(|entry| entry.category.eq_ignore_ascii_case(name))
    }

    /// The entry for a Log Analytics table name, compared without regard to case.
    pub fn by_table(&self, table: &str) -> Option<&CategoryEntry> {
        self.categories
            .iter()
            .find(|entry| entry.table.eq_ignore_ascii_case(table))
    }
}
