//! `acs-logs suggest`: reads exports as `check` does and proposes how to bring the schemas and
//! the docs in line with the data: a schema property and a table row per undocumented field, a
//! note per documented field never seen. `--apply` writes the schema changes (never the pages).

use super::common::{SchemaArgs, TimeRangeArgs, fail, print, say};
use crate::config::Config;
use crate::index::SchemaIndex;
use crate::pipeline::{self, RunOptions};
use crate::read::blob::BlobSettings;
use crate::read::{InputFormat, source};
use crate::report::{FailOn, ReportContext, build_report};
use crate::suggest::suggest;
use crate::write;
use clap::Args;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `acs-logs suggest`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 suggestions written (or nothing to suggest), 2 usage or I/O error."
)]
pub(crate) struct SuggestArgs {
    /// Files, directories, Blob Storage locations or `-`, as for `check`.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    range: TimeRangeArgs,
    #[command(flatten)]
    schemas: SchemaArgs,
    /// Category of records that name none.
    #[arg(long, value_name = "NAME")]
    category: Option<String>,
    /// Read every input as this format instead of detecting it per file.
    #[arg(long, value_enum, default_value_t = InputFormat::Auto)]
    input_format: InputFormat,
    /// Worker threads (default: one per core; at most 256).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    jobs: Option<u16>,
    /// Also write the proposals as JSON: `{"<schema file>": [<RFC 6902 operations>], ...}`.
    #[arg(long, value_name = "FILE")]
    patch: Option<PathBuf>,
    /// Add the proposed properties to the schema files in the --schemas directory.
    #[arg(long, requires = "schemas")]
    apply: bool,
}

pub(crate) fn run(args: &SuggestArgs) -> ExitCode {
    // Destinations first: an unwritable patch file is found before the run, not after it.
    if let Some(path) = &args.patch {
        if let Some(input) = write::find_same_file(path, &args.paths) {
            return fail(&format!(
                "{}: the patch would overwrite the input {}; choose another file",
                path.display(),
                input.display()
            ));
        }
        if let Err(error) = write::check_writable(path) {
            return fail(&format!(
                "{}: cannot write the patch: {error}",
                path.display()
            ));
        }
    }
    let loaded = match args.schemas.load() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let set = loaded.set();
    // Every id at its default level: a config that silences a finding must not hide a proposal.
    let config = Config::default();
    let schema_index = match SchemaIndex::new(set, &config, args.category.as_deref()) {
        Ok(schema_index) => schema_index,
        Err(error) => return fail(&error),
    };
    let range = match args.range.resolve() {
        Ok(range) => range,
        Err(code) => return code,
    };
    let (inputs, input_errors) = match source::collect(
        &args.paths,
        schema_index.classifier(),
        &range,
        &BlobSettings::from_env(),
    ) {
        Ok(collected) => (collected.inputs, collected.errors),
        Err(error) => return fail(&error),
    };
    for error in &input_errors {
        say(format_args!("error: {error}"));
    }
    let options = RunOptions {
        input_format: args.input_format,
        jobs: args.jobs.map_or(0, usize::from),
        progress: false,
    };
    let output = match pipeline::run(&schema_index, inputs, &options) {
        Ok(output) => output,
        Err(error) => return fail(&error),
    };
    let schema_set = set.origin.display().to_string();
    let context = ReportContext {
        schema_index: &schema_index,
        config: &config,
        baseline: None,
        fail_on: FailOn::Never,
        schema_set: &schema_set,
    };
    let suggestions = suggest(set, &build_report(&output, &context));
    if let Some(path) = &args.patch {
        let text = serde_json::to_string_pretty(&suggestions.patches()).unwrap_or_default() + "\n";
        if let Err(error) = write::write_atomic(path, text.as_bytes()) {
            return fail(&format!(
                "{}: cannot write the patch: {error}",
                path.display()
            ));
        }
    }
    print(&suggestions.markdown());
    if args.apply
        && let Some(dir) = &args.schemas.schemas
    {
        match suggestions.apply(dir) {
            Ok(written) => {
                for path in written {
                    say(format_args!("updated {}", path.display()));
                }
            }
            Err(error) => return fail(&error),
        }
    }
    if input_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(super::EXIT_ERROR)
    }
}
