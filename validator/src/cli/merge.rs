//! `acs-logs merge`: merge partials (from `check --partial`, the Python package, a Spark job)
//! in any order and render exactly the report one `check` over all their inputs would give.
//! Exit codes as `check`: 0 passed, 1 a finding reached `--fail-on`, 2 an unusable partial,
//! schema set, config or baseline, or a partial of a `check` that ended with 2 because a path
//! it was given could not be read.

use super::EXIT_ERROR;
use super::common::{ReportArgs, SchemaArgs, Setup, fail, say};
use crate::partial::{Identity, Partial};
use crate::report::build_report;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `acs-logs merge`.
#[derive(Debug, Args)]
#[command(
    after_help = "Partials merge only with partials of the same schema set and finding \
                        levels; pass the --schemas and --config the partials were made with.\n\
                        Exit codes: 0 no finding reached --fail-on, 1 one did, 2 an unusable \
                        partial (truncated, corrupt, another schema set), config or I/O error."
)]
pub(crate) struct MergeArgs {
    /// Partial files, in any order.
    #[arg(required = true, value_name = "PARTIAL")]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    schemas: SchemaArgs,
}

pub(crate) fn run(args: &MergeArgs) -> ExitCode {
    let setup = match Setup::load(&args.schemas, &args.report, None) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let identity = Identity::of(setup.loaded.set(), &setup.config);
    let mut merged = Partial::empty(identity.clone());
    for path in &args.partials {
        let merging = Partial::read(path, &identity).and_then(|partial| merged.merge(partial));
        if let Err(error) = merging {
            return fail(&error);
        }
    }
    // What the `check`s that made the partials said on standard error, said again.
    let path_errors: Vec<String> = merged.path_errors().map(str::to_owned).collect();
    for error in &path_errors {
        say(format_args!("error: {error}"));
    }
    // An input in several partials is a `repeated-input` finding of the report.
    let run = merged.into_run(&setup.schema_index);
    let fail_on = args.report.fail_on;
    let report = build_report(&run, &setup.context(fail_on, true));
    let code = args.report.finish(&report, || {
        build_report(&run, &setup.context(fail_on, false))
    });
    if path_errors.is_empty() {
        code
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}
