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
