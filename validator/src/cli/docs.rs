//! `acs-logs docs`: for documentation maintainers. `docs check` reports where pages disagree
//! with the schemas, with each other and with their own examples; `docs render` writes the
//! property tables from the schemas, and `docs render --check` fails when a page's differ.

use super::EXIT_ERROR;
use super::common::{LoadedSet, ReportArgs, SchemaArgs, Setup, fail, print, say};
use crate::docs::{
    Page, PageError, bundled_pages, compare_page, docs_report, not_compared, render,
};
use crate::finding::json_quoted;
use crate::read::source::SeenFiles;
use crate::render::printable;
use clap::{Args, Subcommand};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `acs-logs docs`.
#[derive(Debug, Args)]
pub(crate) struct DocsArgs {
    #[command(subcommand)]
    command: DocsCommand,
}

#[derive(Debug, Subcommand)]
enum DocsCommand {
    /// Check pages against the schemas, each other and their own examples.
    Check(CheckArgs),
    /// Write each category's property table from the schemas, in the pages' own format.
    Render(RenderArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 no finding reached --fail-on, 1 one did, 2 usage, configuration or I/O error."
)]
struct CheckArgs {
    /// Pages to check, read from disk, drafts included (default: the five bundled pages, embedded
    /// in the binary; with --schemas, every page in that catalog's docs folder).
    pages: Vec<PathBuf>,
    #[command(flatten)]
    report: ReportArgs,
    #[command(flatten)]
    schemas: SchemaArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 written, or every table matches; 1 a table differs (--check); 2 usage or I/O error."
)]
struct RenderArgs {
    /// Only this category.
    #[arg(long, value_name = "NAME")]
    category: Option<String>,
    /// Compare these pages' tables with the schemas instead, showing a diff for each that differs
    /// (no page: the bundled pages, embedded in the binary).
    #[arg(long, value_name = "PAGE", num_args = 0..)]
    check: Option<Vec<PathBuf>>,
    /// Write the tables to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    schemas: SchemaArgs,
}

pub(crate) fn run(args: &DocsArgs) -> ExitCode {
    match &args.command {
        DocsCommand::Check(args) => check(args),
        DocsCommand::Render(args) => render_tables(args),
    }
}

/// The pages to check and those that could not be read. Pages named on the command line are
/// read from disk; with none, the embedded bundled pages (or, for a schema set loaded with
/// `--schemas`, its catalog's docs folder, relative to the working directory). A folder that
/// cannot be listed is an error; a page that cannot be read is reported with the others.
fn load_pages(
    loaded: &LoadedSet,
    paths: &[PathBuf],
) -> Result<(Vec<Page>, Vec<PageError>), ExitCode> {
    let paths = if !paths.is_empty() {
        paths.to_vec()
    } else if matches!(loaded, LoadedSet::Embedded) {
        return Ok((bundled_pages(), Vec::new()));
    } else {
        let dir = Path::new(&loaded.set().catalog.docs);
        let entries = std::fs::read_dir(dir).map_err(|error| {
            fail(&format!(
                "{}: cannot read the documentation folder ({error}); name the pages to check",
                dir.display()
            ))
        })?;
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension.eq_ignore_ascii_case("md"))
            })
            .collect();
        found.sort();
        found
    };
    let mut pages = Vec::new();
    let mut unread = Vec::new();
    let mut seen = SeenFiles::default();
    for path in &paths {
        // One page named twice (`sms-logs.md ./sms-logs.md`) is read once, as `check` reads a
        // file once.
        if let Some(repeat) = std::fs::metadata(path)
            .ok()
            .and_then(|metadata| seen.repeat_of(path, &metadata))
        {
            say(format_args!("{}: {repeat}", path.display()));
            continue;
        }
        match Page::load(path) {
            Ok(page) => pages.push(page),
            Err(error) => {
                say(&error);
                unread.push(error);
            }
        }
    }
    Ok((pages, unread))
}

fn check(args: &CheckArgs) -> ExitCode {
    let setup = match Setup::load(&args.schemas, &args.report, None) {
        Ok(setup) => setup,
        Err(code) => return code,
    };
    let (pages, unread) = match load_pages(&setup.loaded, &args.pages) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let set = setup.loaded.set();
    let fail_on = args.report.fail_on;
    let report = docs_report(set, &pages, &unread, &setup.context(fail_on, true));
    let code = args.report.finish(&report, || {
        docs_report(set, &pages, &unread, &setup.context(fail_on, false))
    });
    // A page named that cannot be opened ends the run with 2, as a path `check` cannot read
    // does; a page that is not UTF-8 is damaged data, a finding like any other.
    let cannot_open = unread.iter().any(|error| {
        let PageError::Io { source, .. } = error;
        source.kind() != std::io::ErrorKind::InvalidData
    });
    if cannot_open {
        ExitCode::from(EXIT_ERROR)
    } else {
        code
    }
}

fn render_tables(args: &RenderArgs) -> ExitCode {
    let loaded = match args.schemas.load() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let set = loaded.set();
    let entry = match &args.category {
        Some(name) => match set.category(name) {
            Some(entry) => Some(entry),
            None => return fail(&format!("--category {name}: no such category")),
        },
        None => None,
    };
    let Some(check) = &args.check else {
        let text = render(set, entry);
        let Some(path) = &args.output else {
            print(&text);
            return ExitCode::SUCCESS;
        };
        return match std::fs::write(path, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => fail(&format!("{}: cannot write: {error}", path.display())),
        };
    };
    let (pages, unread) = match load_pages(&loaded, check) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    // A page that cannot be read cannot be said to match: it is an error, after the others.
    if !unread.is_empty() && pages.is_empty() {
        return ExitCode::from(EXIT_ERROR);
    }
    let mut differing = 0;
    let mut uncompared = 0;
    let mut out = String::new();
    for page in &pages {
        // What could not be compared is said first, and fails the check: a table never read
        // is never said to match.
        for item in not_compared(set, page) {
            uncompared += 1;
            let place = if item.line == 0 {
                item.page.clone()
            } else {
                format!("{}:{}", item.page, item.line)
            };
            let _ = writeln!(
                out,
                "{}: not compared: {}",
                printable(&place),
                printable(&item.reason)
            );
        }
        for difference in compare_page(set, page) {
            if entry.is_some_and(|entry| entry.category != difference.category) {
                continue;
            }
            differing += 1;
            // The page's own text is data: spelled out as the reports spell it, line by line.
            let diff: String = difference
                .diff
                .lines()
                .map(|line| printable(line) + "\n")
                .collect();
            let _ = write!(
                out,
                "{}:{}: the {} table under {} differs from the schemas:\n{diff}\n",
                printable(&difference.page),
                difference.line,
                difference.category,
                printable(&json_quoted(&difference.heading)),
            );
        }
    }
    if differing == 0 && uncompared == 0 {
        let _ = writeln!(
            out,
            "{} page(s): every property table matches the schemas",
            pages.len()
        );
    }
    if differing > 0 {
        let _ = writeln!(
            out,
            "{differing} table(s) differ from the schemas; `acs-logs docs render` writes them as the schemas say"
        );
    }
    if uncompared > 0 {
        let _ = writeln!(
            out,
            "{uncompared} table(s) or page(s) could not be compared with the schemas (above)"
        );
    }
    print(&out);
    if !unread.is_empty() {
        return ExitCode::from(EXIT_ERROR);
    }
    ExitCode::from(u8::from(differing > 0 || uncompared > 0))
}
