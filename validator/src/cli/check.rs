//! `acs-logs check`: read exports, compare them with the schemas, render the report, and exit
//! 0 (nothing reached `--fail-on`), 1 (something did) or 2 (usage, config or I/O error).

use super::EXIT_ERROR;
use super::common::{ReportArgs, SchemaArgs, Setup, TimeRangeArgs, fail, say};
use crate::partial;
use crate::pipeline::{self, RunOptions};
use crate::read::blob::BlobSettings;
use crate::read::{InputFormat, MAX_RECORD_BYTES, source};
use crate::report::build_report;
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
    /// Worker threads (default: one per core; at most 256).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
    /// Also write the run's mergeable partial to FILE, for `acs-logs merge`. Inputs are then read
    /// in canonical order (paths sorted component by component), the order merges agree on.
    #[arg(long, value_name = "FILE")]
    partial: Option<PathBuf>,
}

/// What `check` says when it is given nothing to read and standard input is a terminal
/// (reading it would wait for typing that never comes).
const NOTHING_TO_READ: &str = "acs-logs check: nothing to read: give files or directories of log exports \
(JSON Lines, JSON, Event Hubs, query responses, CSV, optionally gzipped), or pipe records in \
(`zcat logs.ndjson.gz | acs-logs check -`).\nTry `acs-logs check --help` for more.";

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    if args.paths.is_empty() && std::io::stdin().is_terminal() {
        eprintln!("{NOTHING_TO_READ}");
        return ExitCode::from(EXIT_ERROR);
    }
    if let Err(code) = args.report.check_destinations(&args.paths) {
        return code;
    }
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
        setup.schema_index.classifier(),
        &range,
        &BlobSettings::from_env(),
    ) {
        Ok(collected) => collected,
        Err(error) => return fail(&error),
    };
    let (mut inputs, input_errors) = (collected.inputs, collected.errors);
    if !args.report.quiet {
        if collected.outside_range > 0 {
            say(format_args!(
                "--since/--until: {} file(s) and folder(s) outside the range not read",
                collected.outside_range
            ));
        }
        for (location, stats) in &collected.listings {
            say(format_args!(
                "{location}: {} blob(s) listed in {} request(s), {} selected",
                stats.listed, stats.requests, stats.selected
            ));
        }
    }
    if args.partial.is_some() {
        partial::sort_inputs(&mut inputs);
    }
    // Also the files found by walking the directories given (a report left in a log folder).
    let walked: Vec<PathBuf> = inputs
        .iter()
        .filter_map(|input| match &input.source {
            source::InputSource::File(path) => Some(path.clone()),
            _ => None,
        })
        .collect();
    if let Err(code) = args.report.check_destinations(&walked) {
        return code;
    }
    for error in &input_errors {
        say(format_args!("error: {error}"));
    }
    let options = RunOptions {
        input_format: args.input_format,
        jobs: args.jobs.map_or(0, usize::from),
        progress: !args.report.quiet && std::io::stderr().is_terminal(),
    };
    let output = match pipeline::run(&setup.schema_index, inputs, &options) {
        Ok(output) => output,
        Err(error) => return fail(&error),
    };
    if let Some(path) = &args.partial {
        let identity = partial::Identity::of(setup.loaded.set(), &setup.config);
        let mut partial = partial::Partial::from_run(&output, identity);
        partial.mark_path_errors(&input_errors);
        if let Err(error) = partial.write(path) {
            return fail(&error);
        }
    }
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
