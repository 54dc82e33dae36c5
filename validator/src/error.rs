//! Errors that stop a run before or after the records are checked (exit code 2): a schema set,
//! config file or baseline that cannot be used, a path that does not exist, an output that
//! cannot be written. Problems inside the data are findings, not errors.

use std::path::PathBuf;

/// The schema set cannot be turned into validators and inventories.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The set itself could not be loaded.
    #[error(transparent)]
    SchemaSet(#[from] acs_log_schemas::SchemaSetError),
    /// A schema document is unusable.
    #[error("{file}: {pointer}: {message}")]
    Schema {
        /// The schema file.
        file: String,
        /// JSON pointer into it.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// `--category` names no category of the set.
    #[error("--category {name}: no such category; known: {}", known.join(", "))]
    UnknownCategory {
        /// The name given.
        name: String,
        /// The set's categories.
        known: Vec<String>,
    },
}

/// The config file (`.acs-logs.toml`) cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// It could not be read.
    #[error("{path}: cannot read the config file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// It is not valid TOML or not the expected shape.
    #[error("{path}:{line}:{column}: invalid config: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// A key or value is not one the validator knows.
    #[error("{path}: {key}: {message}")]
    Value {
        /// The file.
        path: PathBuf,
        /// The dotted key (`levels.undocumented-field`).
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// A baseline file cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// It could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// It is not a baseline.
    #[error("{path}:{line}:{column}: not a baseline file: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// It is a baseline of a format version this build does not read.
    #[error("{path}: baseline version {found}, but this acs-logs reads version {expected}")]
    Version {
        /// The file.
        path: PathBuf,
        /// The version the file says.
        found: u32,
        /// The version read.
        expected: u32,
    },
}

/// A path given on the command line cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub(crate) struct InputError {
    /// The path as given.
    pub path: PathBuf,
    /// The underlying error.
    pub source: std::io::Error,
}
