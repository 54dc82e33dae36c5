//! Errors raised while loading a schema set, each naming the file and the place in it.

use std::path::PathBuf;

/// What went wrong loading a schema set.
#[derive(Debug, thiserror::Error)]
pub enum SchemaSetError {
    /// A file could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file is not valid JSON.
    #[error("{path}:{line}:{column}: not valid JSON: {message}")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The catalog names something that is not there, or says something impossible.
    #[error("{path}: {pointer}: {message}")]
    Catalog {
        /// The catalog file.
        path: PathBuf,
        /// JSON pointer into the catalog.
        pointer: String,
        /// What is wrong.
        message: String,
    },
}

impl SchemaSetError {
    pub(crate) fn json(path: impl Into<PathBuf>, error: &serde_json::Error) -> Self {
        SchemaSetError::Json {
            path: path.into(),
            line: error.line(),
            column: error.column(),
            message: error.to_string(),
        }
    }
}

/// Why a record could not be parsed into a typed [`crate::AcsRecord`].
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    /// The text is not JSON.
    #[error("not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The record has no `Category`, `category` or `Type` naming its category.
    #[error("the record names no category: it has no Category, category or Type field")]
    NoCategory,
    /// The record, or the caller, names a category the catalog does not have.
    #[error("unknown category or table {0:?}")]
    UnknownCategory(String),
    /// The record does not fit its category's type.
    #[error("not a valid {category} record: {source}")]
    Invalid {
        /// The category the record was parsed as.
        category: String,
        /// What serde said.
        source: serde_json::Error,
    },
}
