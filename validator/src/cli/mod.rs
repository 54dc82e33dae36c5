//! The command line: one module per subcommand. A new subcommand is a new file here plus one
//! variant of [`Command`]; what subcommands share lives in `common`.

mod check;
mod codegen;
mod common;
mod docs;
mod merge;
mod suggest;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Exit code for usage, configuration and I/O errors (clap uses it for usage errors too).
pub(crate) const EXIT_ERROR: u8 = 2;

/// Checks Azure Communication Services log exports against the documented schemas, and the
/// documentation against the schemas.
#[derive(Debug, Parser)]
#[command(name = "acs-logs", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check log exports against the schemas and report drift between the docs and the data.
    Check(check::CheckArgs),
    /// Merge partials written by `check --partial` into the report of one run over all inputs.
    Merge(merge::MergeArgs),
    /// For documentation maintainers: check pages, render their property tables.
    Docs(docs::DocsArgs),
    /// Propose schema properties and table rows for what the data carries and the docs lack.
    Suggest(suggest::SuggestArgs),
    /// Print the Rust types the generator makes from schema files.
    Codegen(codegen::CodegenArgs),
}

pub(crate) fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Merge(args) => merge::run(&args),
        Command::Docs(args) => docs::run(&args),
        Command::Suggest(args) => suggest::run(&args),
        Command::Codegen(args) => codegen::run(&args),
    }
}
