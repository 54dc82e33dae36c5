//! What several subcommands share: the schema set, the config file, the baseline, and writing a
//! report with the CI contract's exit codes (0 passed, 1 failed, 2 usage, config or I/O error).

use super::EXIT_ERROR;
use crate::baseline::Baseline;
use crate::config::{Config, DEFAULT_CONFIG_FILE};
use crate::index::SchemaIndex;
use crate::read::partition::{self, Bound, TimeRange};
use crate::render::{self, Format, RenderOptions};
use crate::report::{FailOn, Report, ReportContext};
use crate::write;
use acs_log_schemas::SchemaSet;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Prints an error and gives the exit code for usage, configuration and I/O errors.
pub(crate) fn fail(message: &dyn std::fmt::Display) -> ExitCode {
    say(format_args!("error: {message}"));
    ExitCode::from(EXIT_ERROR)
}

/// Writes a message to standard error after `acs-logs: `, with every character that could act
/// on a terminal spelled out as JSON spells it ([`render::printable`]): a file named
/// `e\u001b[31m.json` or a page whose heading holds a bidi override is shown, never replayed.
/// The message's own line ends are kept.
pub(crate) fn say(message: impl std::fmt::Display) {
    let text = message.to_string();
    let lines: Vec<String> = text.split('\n').map(render::printable).collect();
    eprintln!("acs-logs: {}", lines.join("\n"));
}

/// `--since` and `--until`: which blobs and files of a partitioned archive to read, by the time
/// their `y=/m=/d=/h=` (or Capture `YYYY/MM/DD/HH/mm`) path names.
#[derive(Debug, Args)]
pub(crate) struct TimeRangeArgs {
    /// Read only archive blobs and files whose partition path is at or after this time: an
    /// RFC 3339 time (2024-07-30T09:00:00Z) or a date (2024-07-30, from its start, UTC).
    #[arg(long, value_name = "TIME")]
    since: Option<String>,
    /// Read only archive blobs and files whose partition path is before this time: an RFC 3339
    /// time (exclusive) or a date (2024-07-30, up to its end, UTC). Paths that name no time are
    /// always read.
    #[arg(long, value_name = "TIME")]
    until: Option<String>,
}

impl TimeRangeArgs {
    pub(crate) fn resolve(&self) -> Result<TimeRange, ExitCode> {
        let parse = |value: &Option<String>, bound| {
            value
                .as_deref()
                .map(|value| partition::parse_bound(value, bound))
                .transpose()
                .map_err(|error| {
                    fail(&format!(
                        "--{}: {error}",
                        match bound {
                            Bound::Since => "since",
                            Bound::Until => "until",
                        }
                    ))
                })
        };
        let range = TimeRange {
            since: parse(&self.since, Bound::Since)?,
            until: parse(&self.until, Bound::Until)?,
        };
        if let (Some(since), Some(until)) = (range.since, range.until)
            && since >= until
        {
            return Err(fail(&format!(
                "--since {since} is not before --until {until}: the range is empty"
            )));
        }
        Ok(range)
    }
}

/// `--schemas DIR`.
#[derive(Debug, Args)]
pub(crate) struct SchemaArgs {
    /// Use the schema set in this directory (catalog.json and schemas) instead of the embedded one.
    #[arg(long, value_name = "DIR")]
    pub(crate) schemas: Option<PathBuf>,
}

/// A schema set: the embedded one, or one loaded from `--schemas`.
pub(crate) enum LoadedSet {
    Embedded,
    Loaded(Box<SchemaSet>),
}

impl LoadedSet {
    pub(crate) fn set(&self) -> &SchemaSet {
        match self {
            LoadedSet::Embedded => SchemaSet::acs(),
            LoadedSet::Loaded(set) => set,
        }
    }
}

impl SchemaArgs {
    pub(crate) fn load(&self) -> Result<LoadedSet, ExitCode> {
        match &self.schemas {
            Some(dir) => SchemaSet::load_dir(dir)
                .map(|set| LoadedSet::Loaded(Box::new(set)))
                .map_err(|error| fail(&error)),
            None => Ok(LoadedSet::Embedded),
        }
    }
}

/// Everything a reporting subcommand loads before it reads anything: the schema set compiled
/// into a schema index, the config and the baseline.
pub(crate) struct Setup {
    pub(crate) loaded: LoadedSet,
    pub(crate) config: Config,
    pub(crate) baseline: Option<Baseline>,
    pub(crate) schema_index: SchemaIndex,
    schema_set: String,
}

impl Setup {
    /// Loads and compiles; `category` is `--category`, for records that name none.
    pub(crate) fn load(
        schemas: &SchemaArgs,
        report: &ReportArgs,
        category: Option<&str>,
    ) -> Result<Setup, ExitCode> {
        let loaded = schemas.load()?;
        let config = report.config()?;
        let baseline = report.baseline()?;
        let schema_index =
            SchemaIndex::new(loaded.set(), &config, category).map_err(|error| fail(&error))?;
        let schema_set = loaded.set().origin.display().to_string();
        Ok(Setup {
            loaded,
            config,
            baseline,
            schema_index,
            schema_set,
        })
    }

    /// The report context, with the baseline or (for `--write-baseline`) without it.
    pub(crate) fn context(&self, fail_on: FailOn, with_baseline: bool) -> ReportContext<'_> {
        ReportContext {
            schema_index: &self.schema_index,
            config: &self.config,
            baseline: self.baseline.as_ref().filter(|_| with_baseline),
            fail_on,
            schema_set: &self.schema_set,
        }
    }
}

/// How a report is judged and written: the options `check` and `docs check` share.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub(crate) format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// The finding level that makes the run fail (exit code 1).
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub(crate) fail_on: FailOn,
    /// Suppress the findings recorded in this baseline file: only new drift fails.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record today's findings in this baseline file. The run is still judged without it
    /// (add `--fail-on never` to seed a baseline with exit code 0).
    #[arg(long, value_name = "FILE")]
    pub(crate) write_baseline: Option<PathBuf>,
    /// The config file with finding levels (default: ./.acs-logs.toml when it exists).
    #[arg(long, value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// No progress bar and no report on standard output: the exit code (and --output,
    /// --write-baseline files) say it all.
    #[arg(long, short)]
    pub(crate) quiet: bool,
}

impl ReportArgs {
    pub(crate) fn config(&self) -> Result<Config, ExitCode> {
        let config = match &self.config {
            Some(path) => Config::load(path),
            None if Path::new(DEFAULT_CONFIG_FILE).is_file() => {
                Config::load(Path::new(DEFAULT_CONFIG_FILE))
            }
            None => Ok(Config::default()),
        };
        config.map_err(|error| fail(&error))
    }

    pub(crate) fn baseline(&self) -> Result<Option<Baseline>, ExitCode> {
        self.baseline
            .as_deref()
            .map(Baseline::load)
            .transpose()
            .map_err(|error| fail(&error))
    }

    /// Checks, before any work, that `--output` and `--write-baseline` can be written, and
    /// that `--output` is none of the inputs (a report must never overwrite the data).
    pub(crate) fn check_destinations(&self, inputs: &[PathBuf]) -> Result<(), ExitCode> {
        for (what, path) in [
            ("the report", self.output.as_ref()),
            ("the baseline", self.write_baseline.as_ref()),
        ] {
            let Some(path) = path else { continue };
            if let Some(input) = write::find_same_file(path, inputs) {
                return Err(fail(&format!(
                    "{}: {what} would overwrite the input {}; choose another file",
                    path.display(),
                    input.display()
                )));
            }
            if let Err(error) = write::check_writable(path) {
                return Err(fail(&format!(
                    "{}: cannot write {what}: {error}",
                    path.display()
                )));
            }
        }
        Ok(())
    }

    /// Renders `report` (to `--output`, atomically, or standard output), then writes
    /// `--write-baseline` from a report built without the baseline, and gives the exit code.
    /// The report comes first, so a baseline that cannot be written does not lose it.
    pub(crate) fn finish(&self, report: &Report, unfiltered: impl FnOnce() -> Report) -> ExitCode {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let rendered = render::render(
            report,
            self.format,
            RenderOptions {
                color: to_terminal && !no_color,
            },
        );
        match &self.output {
            Some(path) => {
                if let Err(error) = write::write_atomic(path, rendered.as_bytes()) {
                    return fail(&format!(
                        "{}: cannot write the report: {error}",
                        path.display()
                    ));
                }
            }
            None if self.quiet => {}
            None => print(&rendered),
        }
        if let Some(path) = &self.write_baseline
            && let Err(error) = Baseline::from_findings(&unfiltered().findings).save(path)
        {
            return fail(&error);
        }
        ExitCode::from(report.exit_code())
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error worth reporting.
pub(crate) fn print(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}
