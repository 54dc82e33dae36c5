//! The validator library: checks Azure Communication Services log exports against the schema
//! set and reports drift between the documentation and the data.
//!
//! The pipeline, one module per step, data flowing one way:
//! [`read`] → [`normalise`] → [`classify`] → [`validate`] (with the [`inventory`] of documented
//! fields) → [`aggregate`] → [`report`] → [`render`]. [`pipeline::run`] drives it over files on
//! all cores; [`finding`] is the model every step and renderer shares.
//!
//! ```
//! use acs_log_validator::{check_str, finding::FindingId};
//! let record = r#"{"Category":"SMSOperational","TimeGenerated":"not a time"}"#;
//! let report = check_str(record).unwrap();
//! assert!(report.findings.iter().any(|finding| finding.id == FindingId::FormatViolation));
//! ```

pub mod aggregate;
pub mod baseline;
pub mod classify;
mod cli;
pub mod config;
#[cfg(test)]
mod differential;
pub mod docs;
pub mod error;
mod fast_path;
mod field_check;
pub mod finding;
pub mod index;
pub mod inventory;
mod key_table;
pub mod normalise;
pub mod partial;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod report;
pub mod suggest;
#[cfg(test)]
mod tests;
pub mod validate;
pub mod write;

use acs_log_schemas::SchemaSet;

/// The `acs-logs` command line (parses the process's arguments, runs the subcommand, returns
/// its exit code), for the binary in `src/main.rs`. Not part of the library's API.
#[doc(hidden)]
pub fn run_cli() -> std::process::ExitCode {
    cli::main()
}

/// Checks JSON Lines text against the embedded ACS schemas with default settings; a convenience
/// for tests and small tools.
pub fn check_str(text: &str) -> Result<report::Report, error::SetupError> {
    let set = SchemaSet::acs();
    let config = config::Config::default();
    let schema_index = index::SchemaIndex::new(set, &config, None)?;
    let mut aggregate = aggregate::Aggregate::default();
    let chunk = read::Chunk {
        input: 0,
        path_hint: None,
        problems: Vec::new(),
        body: read::Body::Lines {
            first_line: 1,
            bytes: text.as_bytes().to_vec(),
        },
    };
    pipeline::process_chunk(&schema_index, chunk, &mut aggregate);
    let input = read::source::Input {
        display: "-".into(),
        source: read::source::InputSource::Stdin,
        category_hint: None,
    };
    let infos = vec![read::InputInfo {
        format: Some(read::DetectedFormat::Ndjson),
        gzip: false,
    }];
    let run = pipeline::RunOutput {
        aggregate,
        inputs: vec![input],
        infos,
    };
    let context = report::ReportContext {
        schema_index: &schema_index,
        config: &config,
        baseline: None,
        fail_on: report::FailOn::Error,
        schema_set: "<embedded acs>",
    };
    Ok(report::build_report(&run, &context))
}
