//! What can go wrong, and what the generator worked around: every error and warning names the
//! schema file and the JSON pointer of the construct.

use std::fmt;
use std::path::PathBuf;

/// Why code could not be generated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A schema file or directory could not be read.
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        /// The file or directory, as the inputs named it.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A schema file is not valid JSON.
    #[error("{}:{line}:{column}: not valid JSON: {message}", path.display())]
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
    /// A construct the generator cannot work around, such as a `$ref` that does not resolve.
    #[error("{}#{pointer}: {message}", file.display())]
    Schema {
        /// The schema file holding the construct.
        file: PathBuf,
        /// JSON pointer to the construct inside the file.
        pointer: String,
        /// What is wrong.
        message: String,
    },
    /// A setting is not valid Rust (a derive path, a visibility, a replacement type, a rename).
    #[error("invalid setting {setting}: {message}")]
    Settings {
        /// Which setting.
        setting: String,
        /// What is wrong.
        message: String,
    },
    /// An input could not be generated because of a construct in a file it refers to (through
    /// `$ref`s, perhaps several).
    #[error("{}: through its $refs: {source}", input.display())]
    Referenced {
        /// The input, as the inputs named it.
        input: PathBuf,
        /// What is wrong in the file referred to.
        source: Box<Error>,
    },
    /// The generated tokens did not parse as a Rust file: a defect in the generator.
    #[error("the generated code does not parse ({message}); this is a bug in acs-log-codegen")]
    Emit {
        /// What the parser said.
        message: String,
    },
}

impl Error {
    /// The schema file the error is about, when it is about one.
    pub fn file(&self) -> Option<&std::path::Path> {
        match self {
            Error::Io { path, .. } | Error::Json { path, .. } => Some(path),
            Error::Schema { file, .. } => Some(file),
            Error::Referenced { input, .. } => Some(input),
            Error::Settings { .. } | Error::Emit { .. } => None,
        }
    }

    pub(crate) fn json(path: impl Into<PathBuf>, error: &serde_json::Error) -> Self {
        // serde_json's message ends with the position, which the variant already carries.
        let message = error.to_string();
        let message = match message.rsplit_once(" at line ") {
            Some((message, _)) => message.to_owned(),
            None => message,
        };
        Error::Json {
            path: path.into(),
            line: error.line(),
            column: error.column(),
            message,
        }
    }
}

/// A construct the generator worked around: the output still compiles, but represents this part
/// of the schema loosely (usually as `serde_json::Value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The schema file holding the construct.
    pub file: PathBuf,
    /// JSON pointer to the construct inside the file.
    pub pointer: String,
    /// What the generator did, and why.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}#{}: {}",
            self.file.display(),
            self.pointer,
            self.message
        )
    }
}
