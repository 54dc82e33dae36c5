//! A schema set in memory: the catalog and every schema document, embedded or read from disk.

use crate::catalog::{Catalog, CategoryEntry};
use crate::error::SchemaSetError;
use crate::table_reference::{ReferenceTable, TableReference};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// The base URI of the ACS schemas' `$id`s. The `.invalid` top-level domain never resolves, which
/// is the point: references are resolved against the set in memory, never fetched.
pub const ACS_SCHEMA_BASE: &str = "https://acs-logs.invalid/schemas/acs/";

/// The name of a schema set's catalog file.
const CATALOG_FILE: &str = "catalog.json";

/// A catalog and the schema documents of a set, keyed by file name.
#[derive(Debug, Clone)]
pub struct SchemaSet {
    /// Where the set came from: a directory, or `<embedded acs>`.
    pub origin: PathBuf,
    /// The catalog.
    pub catalog: Catalog,
    documents: BTreeMap<String, Value>,
    table_reference: Option<TableReference>,
}

impl SchemaSet {
    /// The ACS schema set embedded in this crate.
    pub fn acs() -> &'static SchemaSet {
        static ACS: OnceLock<SchemaSet> = OnceLock::new();
        ACS.get_or_init(|| {
            match Self::from_files(Path::new("<embedded acs>"), EMBEDDED_FILES.iter().copied()) {
                Ok(set) => set,
                // The embedded files are checked by this crate's tests; reaching this is a build defect.
                Err(error) => unreachable!("the embedded ACS schema set is broken: {error}"),
            }
        })
    }

    /// The raw text of every embedded ACS file, as (file name, text).
    pub fn acs_files() -> &'static [(&'static str, &'static str)] {
        EMBEDDED_FILES
    }

    /// Loads a schema set from a directory holding `catalog.json` and the files it names.
    pub fn load_dir(dir: &Path) -> Result<SchemaSet, SchemaSetError> {
        let entries = std::fs::read_dir(dir).map_err(|source| SchemaSetError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|source| SchemaSetError::Io {
                path: dir.to_path_buf(),
                source,
            })?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_json = Path::new(&name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("json"));
            if !is_json {
                continue;
            }
            let path = entry.path();
            let text = std::fs::read_to_string(&path)
                .map_err(|source| SchemaSetError::Io { path, source })?;
            files.push((name, text));
        }
        Self::from_files(
            dir,
            files
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
    }

    /// Builds a set from (file name, text) pairs; `origin` names the set in errors.
    pub fn from_files<'a>(
        origin: &Path,
        files: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<SchemaSet, SchemaSetError> {
        let mut catalog_text = None;
        let mut documents = BTreeMap::new();
        let mut texts = BTreeMap::new();
        for (name, text) in files {
            if name == CATALOG_FILE {
                catalog_text = Some(text);
                continue;
            }
            texts.insert(name, text);
            let value: Value = serde_json::from_str(text)
                .map_err(|error| SchemaSetError::json(origin.join(name), &error))?;
            documents.insert(name.to_owned(), value);
        }
        let catalog_path = origin.join(CATALOG_FILE);
        let Some(catalog_text) = catalog_text else {
            return Err(SchemaSetError::Io {
                path: catalog_path,
                source: std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no catalog.json in the schema set",
                ),
            });
        };
        let catalog: Catalog = serde_json::from_str(catalog_text)
            .map_err(|error| SchemaSetError::json(&catalog_path, &error))?;
        for (index, entry) in catalog.categories.iter().enumerate() {
            if !documents.contains_key(&entry.schema) {
                return Err(SchemaSetError::Catalog {
                    path: catalog_path,
                    pointer: format!("/categories/{index}/schema"),
                    message: format!(
                        "category {} names schema file {:?}, which the set does not have",
                        entry.category, entry.schema
                    ),
                });
            }
        }
        let table_reference = match &catalog.table_reference {
            None => None,
            Some(file) => {
                documents.remove(file);
                let Some(text) = texts.get(file.as_str()) else {
                    return Err(SchemaSetError::Catalog {
                        path: catalog_path,
                        pointer: "/tableReference".into(),
                        message: format!(
                            "the catalog names table reference {file:?}, which the set does not have"
                        ),
                    });
                };
                Some(
                    serde_json::from_str(text)
                        .map_err(|error| SchemaSetError::json(origin.join(file), &error))?,
                )
            }
        };
        Ok(SchemaSet {
            origin: origin.to_path_buf(),
            catalog,
            documents,
            table_reference,
        })
    }

    /// Every category, in catalog order.
    pub fn categories(&self) -> &[CategoryEntry] {
        &self.catalog.categories
    }

    /// The entry for a diagnostic-setting category name (any case).
    pub fn category(&self, name: &str) -> Option<&CategoryEntry> {
        self.catalog.category(name)
    }

    /// The entry for a Log Analytics table name (any case).
    pub fn by_table(&self, table: &str) -> Option<&CategoryEntry> {
        self.catalog.by_table(table)
    }

    /// The schema of a category (any case), as JSON.
    pub fn schema(&self, category: &str) -> Option<&Value> {
        self.category(category)
            .and_then(|entry| self.documents.get(&entry.schema))
    }

    /// A document of the set by file name (`common.schema.json`).
    pub fn document(&self, file: &str) -> Option<&Value> {
        self.documents.get(file)
    }

    /// The Azure Monitor table reference of the set, if its catalog names one.
    pub fn table_reference(&self) -> Option<&TableReference> {
        self.table_reference.as_ref()
    }

    /// The table reference's entry for a Log Analytics table (exact name), if any.
    pub fn reference_table(&self, table: &str) -> Option<&ReferenceTable> {
        self.table_reference.as_ref()?.tables.get(table)
    }

    /// Every document, as (file name, schema), in file-name order.
    pub fn documents(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.documents
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }
}
