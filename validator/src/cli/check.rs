//! `acs-logs check`: read exports, compare them with the schemas, render the report, and exit
//! 0 (nothing reached `--fail-on`), 1 (something did) or 2 (usage, config or I/O error).

use super::EXIT_ERROR;
use super::common::{ReportArgs, SchemaArgs, fail};
use acs_log_validator::pipeline::{self, RunOptions};
use acs_log_validator::read::{InputFormat, MAX_RECORD_BYTES, source};
use acs_log_validator::report::{ReportContext, build_report};
use acs_log_validator::validate::Checker;
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
    /// Files, directories (walked recursively; Storage archive trees as they are) or `-` for
    /// standard input. Default: standard input.
    paths: Vec<PathBuf>,
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
    let (loaded, config, baseline) = match (
        args.schemas.load(),
        args.report.config(),
        args.report.baseline(),
    ) {
        (Ok(loaded), Ok(config), Ok(baseline)) => (loaded, config, baseline),
        (Err(code), _, _) | (_, Err(code), _) | (_, _, Err(code)) => return code,
    };
    let set = loaded.set();
    let checker = match Checker::new(set, &config, args.category.as_deref()) {
        Ok(checker) => checker,
        Err(error) => return fail(&error),
    };
    let (inputs, input_errors) = source::collect_inputs(&args.paths, checker.classifier());
    for error in &input_errors {
        eprintln!("acs-logs: error: {error}");
    }
    let options = RunOptions {
        input_format: args.input_format,
        jobs: args.jobs.unwrap_or(0),
        progress: !args.report.quiet && std::io::stderr().is_terminal(),
    };
    let output = match pipeline::run(&checker, inputs, &options) {
        Ok(output) => output,
        Err(error) => return fail(&error),
    };
    let schema_set = set.origin.display().to_string();
    let context = ReportContext {
        checker: &checker,
        config: &config,
        baseline: baseline.as_ref(),
        fail_on: args.report.fail_on,
        schema_set: &schema_set,
    };
    let report = build_report(&output, &context);
    let code = args.report.finish(&report, || {
        build_report(
            &output,
            &ReportContext {
                baseline: None,
                ..context
            },
        )
    });
    if input_errors.is_empty() {
        code
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}
