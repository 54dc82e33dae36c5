//! `acs-logs check`: read exports, compare them with the schemas, render the report, and exit
//! 0 (nothing reached `--fail-on`), 1 (something did) or 2 (usage, config or I/O error).

use super::EXIT_ERROR;
use acs_log_schemas::SchemaSet;
use acs_log_validator::baseline::Baseline;
use acs_log_validator::config::{Config, DEFAULT_CONFIG_FILE};
use acs_log_validator::pipeline::{self, RunOptions};
use acs_log_validator::read::{InputFormat, MAX_RECORD_BYTES, source};
use acs_log_validator::render::{self, Format, RenderOptions};
use acs_log_validator::report::{FailOn, ReportContext, build_report};
use acs_log_validator::validate::Checker;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// The finding level that makes the run fail (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Suppress the findings recorded in this baseline file: only new drift fails.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Category of records that name none (no Category, category or Type field, no
    /// insights-logs-<category> folder).
    #[arg(long, value_name = "NAME")]
    category: Option<String>,
    /// Use the schema set in this directory (catalog.json and schemas) instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    schemas: Option<PathBuf>,
    /// Read every input as this format instead of detecting it per file.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
    /// The config file with finding levels (default: ./.acs-logs.toml when it exists).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// No progress bar and no report on standard output: the exit code (and --output,
    /// --write-baseline files) say it all.
    #[arg(long, short)]
    quiet: bool,
}

fn fail(message: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("acs-logs: error: {message}");
    ExitCode::from(EXIT_ERROR)
}

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let owned_set;
    let set: &SchemaSet = match &args.schemas {
        Some(dir) => match SchemaSet::load_dir(dir) {
            Ok(set) => {
                owned_set = set;
                &owned_set
            }
            Err(error) => return fail(&error),
        },
        None => SchemaSet::acs(),
    };
    let config = match &args.config {
        Some(path) => Config::load(path),
        None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
            Config::load(Path::new(DEFAULT_CONFIG_FILE))
        }
        None => Ok(Config::default()),
    };
    let config = match config {
        Ok(config) => config,
        Err(error) => return fail(&error),
    };
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(error) => return fail(&error),
    };
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
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    let output = match pipeline::run(&checker, inputs, &options) {
        Ok(output) => output,
        Err(error) => return fail(&error),
    };
    let fail_on = args.fail_on;
    let schema_set = set.origin.display().to_string();
    let context = ReportContext {
        checker: &checker,
        config: &config,
        baseline: baseline.as_ref(),
        fail_on,
        schema_set: &schema_set,
    };
    let report = build_report(&output, &context);
    if let Some(path) = &args.write_baseline {
        let everything = build_report(
            &output,
            &ReportContext {
                baseline: None,
                ..context
            },
        );
        if let Err(error) = Baseline::from_findings(&everything.findings).save(path) {
            return fail(&error);
        }
    }
    let format = args.format;
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    let rendered = render::render(
        &report,
        format,
        RenderOptions {
            color: to_terminal && !no_color,
        },
    );
    match &args.output {
        Some(path) => {
            if let Err(error) = std::fs::write(path, rendered) {
                return fail(&format!(
                    "{}: cannot write the report: {error}",
                    path.display()
                ));
            }
        }
        None if args.quiet => {}
        None => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth reporting.
            let _ = stdout
                .write_all(rendered.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }
    if !input_errors.is_empty() {
        return ExitCode::from(EXIT_ERROR);
    }
    ExitCode::from(report.exit_code())
}
