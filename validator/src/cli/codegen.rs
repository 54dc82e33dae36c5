//! `acs-logs codegen SCHEMA...`: prints the Rust types the generator makes from schema files,
//! for people to inspect. The same engine as a `build.rs` or the `import_log_schema!` macro.

use super::EXIT_ERROR;
use super::common::{fail, print, say};
use acs_log_codegen::{Generator, MissingRequired, Settings};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `acs-logs codegen`.
#[derive(Debug, Args)]
pub(crate) struct CodegenArgs {
    /// Schema files, or directories of them; `$ref`s to other local files are followed. A file
    /// that cannot be generated is named on stderr and the others are still printed (exit 2).
    #[arg(required = true)]
    schemas: Vec<PathBuf>,
    /// Type required fields as `Option`, so records that lack them still parse (what the
    /// typed ACS records in `acs-log-schemas` do).
    #[arg(long)]
    tolerate_missing: bool,
}

pub(crate) fn run(args: &CodegenArgs) -> ExitCode {
    let mut settings = Settings::new();
    if args.tolerate_missing {
        settings = settings.with_missing_required(MissingRequired::Tolerate);
    }
    let each = Generator::new(settings)
        .inputs(args.schemas.iter().cloned())
        .generate_each();
    for error in &each.errors {
        say(format_args!("error: {error}"));
    }
    let Some(generated) = each.generated else {
        return ExitCode::from(EXIT_ERROR);
    };
    for warning in generated.warnings() {
        say(format_args!("warning: {warning}"));
    }
    match generated.to_formatted_string() {
        Ok(source) => {
            print(&source);
            if each.errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(EXIT_ERROR)
            }
        }
        Err(error) => fail(&error),
    }
}
