//! `acs-logs codegen SCHEMA...`: prints the Rust types the generator makes from schema files,
//! for people to inspect. The same engine as a `build.rs` or the `import_log_schema!` macro.

use super::common::{fail, print};
use acs_log_codegen::{Generator, MissingRequired, Settings};
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `acs-logs codegen`.
#[derive(Debug, Args)]
pub(crate) struct CodegenArgs {
    /// Schema files, or directories of them; `$ref`s to other local files are followed.
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
    let generated = match Generator::new(settings)
        .inputs(args.schemas.iter().cloned())
        .generate()
    {
        Ok(generated) => generated,
        Err(error) => return fail(&error),
    };
    for warning in generated.warnings() {
        eprintln!("acs-logs: warning: {warning}");
    }
    match generated.to_formatted_string() {
        Ok(source) => {
            print(&source);
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}
