//! `acs-logs check`: read exports, compare them with the schemas, render the report, and exit
//! 0 (nothing reached `--fail-on`), 1 (something did) or 2 (usage, config or I/O error).

use super::EXIT_ERROR;
use super::common::{ReportArgs, SchemaArgs, Setup, TimeRangeArgs, fail};
use acs_log_validator::pipeline::{self, RunOptions};
use acs_log_validator::read::blob::BlobSettings;
use acs_log_validator::read::{InputFormat, MAX_RECORD_BYTES, source};
use acs_log_validator::report::build_report;
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `acs-logs check`.
#[derive(Debug, Args)]
#[command(after_help = format!(
    "Exit codes: 0 no finding reached --fail-on, 1 one did, 2 usage, configuration or I/O error.\n\
     Records over {} MiB are skipped and reported as unreadable-record.",
    MAX_RECORD_BYTES >> 20
))]
pub(crate) struct CheckArgs {
    /// Files, directories (walked recursively; Storage archive trees as they are), Blob Storage
    /// locations (`az://<container>/<prefix>`, `https://<account>.blob.core.windows.net/<container>/<prefix>`)
    /// or `-` for standard input. Default: standard input.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    range: TimeRangeArgs,
    #[command(flatten)]
    report: ReportArgs,
    /// Category of records that name none (no Category, category or Type field, no
    /// insights-logs-<category> folder).
    #[arg(long, value_name = "NAME")]
    category: Option<String>,
    #[command(flatten)]
    schemas: SchemaArgs,
    /// Read every input as this format instead of detecting it per file.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let setup = match Setup::load(&args.schemas, &args.report, args.category.as_deref()) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let range = match args.range.resolve() {
        Ok(range) => range,
        Err(code) => return code,
    };
    let collected = match source::collect(
        &args.paths,
        setup.checker.classifier(),
        &range,
        &BlobSettings::from_env(),
    ) {
        Ok(collected) => collected,
        Err(error) => return fail(&error),
    };
    let (inputs, input_errors) = (collected.inputs, collected.errors);
    for error in &input_errors {
        eprintln!("acs-logs: error: {error}");
    }
    if !args.report.quiet {
        for (location, stats) in &collected.listings {
            eprintln!(
                "acs-logs: {location}: {} blob(s) listed in {} request(s), {} selected",
                stats.listed, stats.requests, stats.selected
            );
        }
    }
    let options = RunOptions {
        input_format: args.input_format,
        jobs: args.jobs.unwrap_or(0),
        progress: !args.report.quiet && std::io::stderr().is_terminal(),
    };
    let output = match pipeline::run(&setup.checker, inputs, &options) {
        Ok(output) => output,
        Err(error) => return fail(&error),
    };
    let fail_on = args.report.fail_on;
    let report = build_report(&output, &setup.context(fail_on, true));
    let code = args.report.finish(&report, || {
        build_report(&output, &setup.context(fail_on, false))
    });
    if input_errors.is_empty() {
        code
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}
