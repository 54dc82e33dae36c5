//! The validator library: checks Azure Communication Services log exports against the schema
//! set and reports drift between the documentation and the data.
//!
//! # Using it
//! Build an [`Index`] once (a schema set compiled with a [`Config`]); check in-memory lines
//! ([`Index::check_lines`]) or whole files ([`Index::check_files`]) into a [`Partial`];
//! [`Partial::merge`] any number of partials in any order (across threads, processes or
//! machines: [`Partial::to_bytes`] and [`Partial::from_bytes`] carry them); build the
//! [`Report`] with [`Index::report`] and [`render`] it in a [`Format`]. A [`Baseline`] suppresses
//! accepted drift; [`FailOn`] decides the exit code. [`check_str`] does all of that for one
//! string with default settings.
//!
//! ```
//! use acs_log_validator::{check_str, finding::FindingId};
//! let record = r#"{"Category":"SMSOperational","TimeGenerated":"not a time"}"#;
//! let report = check_str(record).unwrap();
//! assert!(report.findings.iter().any(|finding| finding.id == FindingId::FormatViolation));
//! ```
//!
//! # What is public, and why
//! The facade above is all a caller needs, and all the Python package, the fuzz targets and the
//! workspace tests use. The `acs-logs` command line is a private module of this crate (the
//! binary calls it through a hidden `run_cli`), so that it can also drive what no library caller
//! needs: Blob Storage listings, the progress bar, the docs check. The models a caller reads
//! are public modules: [`finding`] (a finding, its id, level and places), [`summary`] (the
//! report's closing counts) and [`docs`] (a documentation page as parsed). Two functions give
//! the JSON Schema compilation the checks use ([`schema_registry`], [`category_validator`]), for
//! a caller that validates single records with `jsonschema`. Everything else, the pipeline
//! itself (read → normalise → classify → validate, with the inventory of documented fields →
//! aggregate → report → render), is private, so it can change without breaking a caller.

mod aggregate;
mod baseline;
mod classify;
mod cli;
mod config;
#[cfg(test)]
mod differential;
pub mod docs;
mod error;
mod fast_path;
mod field_check;
pub mod finding;
mod index;
mod inventory;
mod key_table;
mod members;
mod normalise;
mod partial;
mod pipeline;
mod read;
mod render;
mod report;
mod suggest;
#[cfg(test)]
mod tests;
mod validate;
mod write;

pub use baseline::{Baseline, BaselineEntry};
pub use config::Config;
pub use error::{BaselineError, ConfigError, SetupError};
pub use index::{category_validator, schema_registry};
pub use partial::{
    FORMAT_VERSION as PARTIAL_FORMAT_VERSION, Identity, Index, Line, LineText, Partial,
    PartialError, PartialInput,
};
pub use pipeline::RunOptions;
pub use read::InputFormat;
pub use render::{Format, RenderOptions, render};
pub use report::{FailOn, Report};

/// The summary closing a [`Report`]: every record accounted for, per category, per input and in
/// total, and the findings counted by id and level.
pub mod summary {
    pub use crate::report::{
        CategorySummary, Coverage, IdCount, InputSummary, LevelCounts, NotRead, RecordCounts,
        Shapes, Summary,
    };
}

use acs_log_schemas::SchemaSet;

/// The `acs-logs` command line (parses the process's arguments, runs the subcommand, returns
/// its exit code), for the binary in `src/main.rs`. Not part of the library's API.
#[doc(hidden)]
pub fn run_cli() -> std::process::ExitCode {
    cli::main()
}

/// Checks JSON Lines text against the embedded ACS schemas with default settings, as
/// `acs-logs check -` would read it from standard input; a convenience for tests and small tools.
pub fn check_str(text: &str) -> Result<Report, SetupError> {
    let index = Index::build(SchemaSet::acs(), Config::default(), None)?;
    let partial = index.check_lines([Line {
        source: "-".into(),
        text: LineText::Text(text.as_bytes().to_vec()),
        category: None,
    }]);
    Ok(index.report(&partial, None, FailOn::Error))
}
