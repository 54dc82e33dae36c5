//! Partials: the mergeable result of checking part of the data, and the small facade every front
//! door (the CLI's `check --partial` and `merge`, the Python package) goes through: build an
//! [`Index`], check inputs or in-memory lines into a [`Partial`], [`Partial::merge`] any number of
//! them in any order, build the report.
//!
//! # Input order
//! A report lists its inputs, and a finding's places are the *first* few in input order, so
//! merging needs one order every part agrees on. A partial keeps its inputs in **canonical
//! order**: sorted by path, component by component (Rust's [`Path`] order) — the order
//! `acs-logs check DIR` walks a directory in. `check --partial` reads its inputs in that order,
//! and merging sorts the union. So merging the partials of any split of a set of inputs gives,
//! byte for byte, the report of one `acs-logs check` over the same inputs in canonical order
//! (one directory, or files named in sorted order). Two inputs with the same name (the same
//! file checked twice) are kept apart, tied by their counts.
//!
//! # File format (version 3)
//! One ASCII header line, then the body:
//! ```text
//! acs-logs-partial 2 schema-set=<32 hex> settings=<32 hex> bytes=<N> check=<16 hex>\n
//! <N bytes: gzip of the compact JSON {"inputs":[...],"aggregate":{...}}>
//! ```
//! `schema-set` fingerprints every file of the schema set (catalog and schemas); `settings`
//! fingerprints the finding levels of the config. A partial of another schema set or other
//! levels is refused, as is one whose body is not exactly `N` bytes with checksum `check`
//! (FNV-1a, 64 bits): a truncated or damaged partial is never half-read. The fingerprints tell
//! sets apart; they are not a defence against someone forging a partial.

use crate::aggregate::Aggregate;
use crate::config::Config;
use crate::error::SetupError;
use crate::finding::FindingId;
use crate::index::SchemaIndex;
use crate::pipeline::{self, RunOptions, RunOutput, Subject};
use crate::read::source::{Input, InputSource};
use crate::read::{Body, CHUNK_BYTES, Chunk, DetectedFormat, InputInfo, MAX_RECORD_BYTES, NotRead};
use crate::report::{self, FailOn, Report, ReportContext};
use crate::validate;
use crate::{aggregate::Place, baseline::Baseline};
use acs_log_schemas::SchemaSet;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The version of the partial file format this build writes and reads. Version 2: each
/// finding keeps the documented field its rule resolved, which the report's doc row comes from
/// (a version 1 partial would merge into findings without their rows). Version 3: the records
/// of categories the catalog lacks are kept as pairs (version 2 could not write one at all).
pub const FORMAT_VERSION: u32 = 3;

/// The first word of every partial file.
const MAGIC: &str = "acs-logs-partial";

/// The longest header line accepted.
const MAX_HEADER_BYTES: usize = 512;

/// A partial that cannot be read, written or merged.
#[derive(Debug, thiserror::Error)]
pub enum PartialError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The first line is not a partial header.
    #[error("{path}: line 1: not an acs-logs partial (no `{MAGIC} <version> ...` header)")]
    NotAPartial {
        /// The file.
        path: PathBuf,
    },
    /// Written by a build with another format version.
    #[error(
        "{path}: line 1: partial format version {found}; this build reads version {FORMAT_VERSION}"
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// The version it says.
        found: String,
    },
    /// Made with another schema set or other finding levels.
    #[error(
        "{path}: line 1: made with another {what} ({found}, expected {expected}): partials merge only with partials of the same schema set and config"
    )]
    Identity {
        /// The file.
        path: PathBuf,
        /// `schema set` or `config (finding levels)`.
        what: &'static str,
        /// The partial's fingerprint.
        found: String,
        /// This run's fingerprint.
        expected: String,
    },
    /// The body is shorter or longer than the header says.
    #[error(
        "{path}: byte {offset}: truncated partial: the header announces {expected} body bytes, the file holds {found}"
    )]
    Truncated {
        /// The file.
        path: PathBuf,
        /// Where the body starts.
        offset: usize,
        /// Bytes announced.
        expected: u64,
        /// Bytes present.
        found: u64,
    },
    /// The body does not match its checksum or cannot be decoded.
    #[error("{path}: byte {offset}: corrupt partial: {detail}")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// Where the body starts.
        offset: usize,
        /// What is wrong.
        detail: String,
    },
}

/// What a partial must agree on to be merged: the schema set and the finding levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// Fingerprint of every file of the schema set.
    pub schema_set: String,
    /// Fingerprint of the config's finding levels.
    pub settings: String,
}

impl Identity {
    /// The identity of a schema set used with a config.
    pub fn of(set: &SchemaSet, config: &Config) -> Identity {
        let mut schemas = Fingerprint::new();
        // The catalog serialises with its fields in declaration order and maps sorted, so the
        // same set always gives the same text.
        schemas.add(b"catalog.json");
        schemas.add(
            serde_json::to_string(&set.catalog)
                .unwrap_or_default()
                .as_bytes(),
        );
        for (name, document) in set.documents() {
            schemas.add(name.as_bytes());
            schemas.add(document.to_string().as_bytes());
        }
        if let Some(reference) = set.table_reference() {
            schemas.add(format!("{reference:?}").as_bytes());
        }
        let mut settings = Fingerprint::new();
        for id in FindingId::ALL {
            settings.add(format!("{id:?}={:?}", config.level(id)).as_bytes());
        }
        Identity {
            schema_set: schemas.hex(),
            settings: settings.hex(),
        }
    }
}

/// Two FNV-1a 64 hashes with different seeds, for a 128-bit fingerprint without a crypto crate.
struct Fingerprint([u64; 2]);

impl Fingerprint {
    fn new() -> Fingerprint {
        Fingerprint([0xcbf2_9ce4_8422_2325, 0x6c62_272e_07bb_0142])
    }

    fn add(&mut self, bytes: &[u8]) {
        // The length first, so ("ab","c") and ("a","bc") differ.
        for byte in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            for hash in &mut self.0 {
                *hash ^= u64::from(*byte);
                *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}{:016x}", self.0[0], self.0[1])
    }
}

fn fnv64(bytes: &[u8]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One input of a partial: what the report's input list needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartialInput {
    /// The name reports use.
    pub name: String,
    /// The format it was read as (`ndjson`, `csv`, ...), if it could be read.
    pub format: Option<String>,
    /// Why it has no format, when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_read: Option<NotRead>,
    /// The error, when it is a path named on the command line that could not be read at all:
    /// `check` ends with exit code 2 for it, and so does a merge of its partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_error: Option<String>,
    /// Whether it was gzip-compressed.
    pub gzip: bool,
}

/// The mergeable result of checking some inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Partial {
    /// The schema set and levels it was made with.
    pub identity: Identity,
    /// The inputs, in canonical order (see the module docs).
    pub inputs: Vec<PartialInput>,
    /// Everything observed, with inputs numbered as in `inputs`.
    pub(crate) aggregate: Aggregate,
}

#[derive(Serialize, Deserialize)]
struct StoredBody {
    inputs: Vec<PartialInput>,
    aggregate: Aggregate,
}

/// Sorts inputs into canonical order (paths compared component by component); stable, so
/// inputs with the same name keep their order.
pub(crate) fn sort_inputs(inputs: &mut [Input]) {
    inputs.sort_by(|a, b| Path::new(&a.display).cmp(Path::new(&b.display)));
}

fn format_name(name: &str) -> Option<DetectedFormat> {
    [
        DetectedFormat::Ndjson,
        DetectedFormat::JsonArray,
        DetectedFormat::JsonDocument,
        DetectedFormat::EventHubs,
        DetectedFormat::LaQuery,
        DetectedFormat::Csv,
    ]
    .into_iter()
    .find(|format| format.as_str() == name)
}

impl Partial {
    /// A partial of nothing.
    pub fn empty(identity: Identity) -> Partial {
        Partial {
            identity,
            inputs: Vec::new(),
            aggregate: Aggregate::default(),
        }
    }

    /// The partial of a finished run whose inputs were read in canonical order.
    pub(crate) fn from_run(run: &RunOutput, identity: Identity) -> Partial {
        let inputs = run
            .inputs
            .iter()
            .enumerate()
            .map(|(index, input)| {
                let info = run.infos.get(index).cloned().unwrap_or_default();
                PartialInput {
                    name: input.display.clone(),
                    format: info.format.map(|format| format.as_str().to_owned()),
                    not_read: info.not_read,
                    path_error: None,
                    gzip: info.gzip,
                }
            })
            .collect();
        Partial {
            identity,
            inputs,
            aggregate: run.aggregate.clone(),
        }
    }

    /// The run a report is built from.
    pub(crate) fn into_run(mut self, schema_index: &SchemaIndex) -> RunOutput {
        self.note_repeated_inputs(schema_index);
        let infos = self
            .inputs
            .iter()
            .map(|input| InputInfo {
                format: input.format.as_deref().and_then(format_name),
                not_read: input.not_read,
                // Only the report is built from here: the findings are in the aggregate.
                problems: false,
                gzip: input.gzip,
            })
            .collect();
        let inputs = self
            .inputs
            .into_iter()
            .map(|input| Input {
                display: input.name,
                // Reports use only the name; the bytes were read by whoever made the partial.
                source: InputSource::EmptyDirectory,
                category_hint: None,
            })
            .collect();
        RunOutput {
            subject: Subject::Data,
            aggregate: self.aggregate,
            inputs,
            infos,
        }
    }

    /// Marks the inputs that are paths named on the command line and could not be read at
    /// all, with their errors, so that a merge ends as the `check` that made the partial did.
    pub(crate) fn mark_path_errors(&mut self, errors: &[crate::error::InputError]) {
        for error in errors {
            let name = crate::read::source::display(&error.path);
            for input in self.inputs.iter_mut().filter(|input| input.name == name) {
                input.path_error = Some(error.to_string());
            }
        }
    }

    /// The errors of inputs that are paths that could not be read at all (see
    /// [`PartialInput::path_error`]), in input order.
    pub fn path_errors(&self) -> impl Iterator<Item = &str> {
        self.inputs
            .iter()
            .filter_map(|input| input.path_error.as_deref())
    }

    /// Notes each input read under a name another read input has (the same input in two of the
    /// partials merged) as `repeated-input`, once, at its second copy: its records are counted
    /// each time, which the report must say, not only standard error. Inputs not read (a path
    /// skipped as named twice) count nothing and are left out.
    fn note_repeated_inputs(&mut self, schema_index: &SchemaIndex) {
        // Per name: how many read copies, and where the second is.
        let mut copies: std::collections::BTreeMap<&str, (usize, usize)> =
            std::collections::BTreeMap::new();
        for (index, input) in self.inputs.iter().enumerate() {
            if input.not_read.is_none() {
                let (times, second) = copies.entry(input.name.as_str()).or_default();
                *times += 1;
                if *times == 2 {
                    *second = index;
                }
            }
        }
        for (times, second) in copies.into_values().filter(|(times, _)| *times > 1) {
            let message = format!(
                "the input is in {times} of the partials merged: its records are counted {times} times"
            );
            validate::note_input_problem(
                schema_index,
                &mut self.aggregate,
                FindingId::RepeatedInput,
                Place {
                    input: to_u32(second),
                    line: 0,
                    record: None,
                },
                &message,
            );
        }
    }

    /// Every record counted so far.
    pub fn records(&self) -> u64 {
        self.aggregate.total().total
    }

    /// Folds another partial into this one: inputs are merged into canonical order and each
    /// side's aggregate renumbered to it. Associative and commutative (up to inputs that tie).
    pub fn merge(&mut self, other: Partial) -> Result<(), PartialError> {
        check_identity(Path::new("<merge>"), &other.identity, &self.identity)?;
        let mine = std::mem::take(&mut self.inputs);
        let mut mine_aggregate = std::mem::take(&mut self.aggregate);
        let Partial {
            inputs: theirs,
            aggregate: mut their_aggregate,
            ..
        } = other;
        // (name, format, gzip, tally) decides the order; the tally only breaks ties between
        // inputs of the same name, so that the order does not depend on which side is which.
        let mut all: Vec<(bool, usize)> = (0..mine.len())
            .map(|index| (false, index))
            .chain((0..theirs.len()).map(|index| (true, index)))
            .collect();
        let input_of = |&(side, index): &(bool, usize)| {
            if side {
                (&theirs[index], their_aggregate.input_tally(to_u32(index)))
            } else {
                (&mine[index], mine_aggregate.input_tally(to_u32(index)))
            }
        };
        all.sort_by(|a, b| {
            let (input_a, tally_a) = input_of(a);
            let (input_b, tally_b) = input_of(b);
            Path::new(&input_a.name)
                .cmp(Path::new(&input_b.name))
                .then_with(|| input_a.format.cmp(&input_b.format))
                .then_with(|| input_a.not_read.cmp(&input_b.not_read))
                .then_with(|| input_a.gzip.cmp(&input_b.gzip))
                .then_with(|| tally_key(tally_a).cmp(&tally_key(tally_b)))
        });
        let mut mine_map = vec![0u32; mine.len()];
        let mut their_map = vec![0u32; theirs.len()];
        let mut inputs = Vec::with_capacity(all.len());
        for (position, &(side, index)) in all.iter().enumerate() {
            if side {
                their_map[index] = to_u32(position);
                inputs.push(theirs[index].clone());
            } else {
                mine_map[index] = to_u32(position);
                inputs.push(mine[index].clone());
            }
        }
        mine_aggregate.remap_inputs(&mine_map);
        their_aggregate.remap_inputs(&their_map);
        mine_aggregate.merge(their_aggregate);
        self.inputs = inputs;
        self.aggregate = mine_aggregate;
        Ok(())
    }

    /// The partial as file bytes (see the module docs for the format).
    pub fn to_bytes(&self) -> Result<Vec<u8>, std::io::Error> {
        let body = serde_json::to_vec(&BodyRef {
            inputs: &self.inputs,
            aggregate: &self.aggregate,
        })
        .map_err(std::io::Error::other)?;
        let mut encoder = flate2::write::GzEncoder::new(
            Vec::with_capacity(body.len() / 8),
            flate2::Compression::fast(),
        );
        encoder.write_all(&body)?;
        let compressed = encoder.finish()?;
        let mut out = format!(
            "{MAGIC} {FORMAT_VERSION} schema-set={} settings={} bytes={} check={:016x}\n",
            self.identity.schema_set,
            self.identity.settings,
            compressed.len(),
            fnv64(&compressed)
        )
        .into_bytes();
        out.extend_from_slice(&compressed);
        Ok(out)
    }

    /// Reads a partial from file bytes, refusing one made with another identity; `path` names it
    /// in errors.
    pub fn from_bytes(
        bytes: &[u8],
        path: &Path,
        expected: &Identity,
    ) -> Result<Partial, PartialError> {
        let not_a_partial = || PartialError::NotAPartial {
            path: path.to_path_buf(),
        };
        let end = memchr::memchr(b'\n', &bytes[..bytes.len().min(MAX_HEADER_BYTES)])
            .ok_or_else(not_a_partial)?;
        let header = std::str::from_utf8(&bytes[..end]).map_err(|_| not_a_partial())?;
        let mut words = header.split(' ');
        if words.next() != Some(MAGIC) {
            return Err(not_a_partial());
        }
        let version = words.next().unwrap_or_default();
        if version != FORMAT_VERSION.to_string() {
            return Err(PartialError::Version {
                path: path.to_path_buf(),
                found: version.to_owned(),
            });
        }
        let mut field = |name: &str| {
            words
                .next()
                .and_then(|word| word.strip_prefix(name))
                .and_then(|word| word.strip_prefix('='))
                .map(str::to_owned)
                .ok_or_else(not_a_partial)
        };
        let identity = Identity {
            schema_set: field("schema-set")?,
            settings: field("settings")?,
        };
        let length: u64 = field("bytes")?.parse().map_err(|_| not_a_partial())?;
        let check = u64::from_str_radix(&field("check")?, 16).map_err(|_| not_a_partial())?;
        check_identity(path, &identity, expected)?;
        let offset = end + 1;
        let body = &bytes[offset..];
        if body.len() as u64 != length {
            return Err(PartialError::Truncated {
                path: path.to_path_buf(),
                offset,
                expected: length,
                found: body.len() as u64,
            });
        }
        let corrupt = |detail: String| PartialError::Corrupt {
            path: path.to_path_buf(),
            offset,
            detail,
        };
        if fnv64(body) != check {
            return Err(corrupt("the body does not match its checksum".into()));
        }
        let mut json = Vec::new();
        flate2::read::GzDecoder::new(body)
            .read_to_end(&mut json)
            .map_err(|error| corrupt(format!("cannot decompress: {error}")))?;
        let StoredBody { inputs, aggregate } = serde_json::from_slice(&json)
            .map_err(|error| corrupt(format!("cannot decode: {error}")))?;
        if aggregate.input_slots() > inputs.len() {
            return Err(corrupt(format!(
                "counts for {} inputs, but {} inputs listed",
                aggregate.input_slots(),
                inputs.len()
            )));
        }
        Ok(Partial {
            identity,
            inputs,
            aggregate,
        })
    }

    /// Writes the partial to a file.
    pub fn write(&self, path: &Path) -> Result<(), PartialError> {
        let io = |source| PartialError::Io {
            path: path.to_path_buf(),
            source,
        };
        let bytes = self.to_bytes().map_err(io)?;
        // Atomically, like every file the tool writes: a run cut short never leaves a partial
        // that a later merge would refuse, or worse, read.
        crate::write::write_atomic(path, &bytes).map_err(io)
    }

    /// Reads a partial file, refusing one made with another identity.
    pub fn read(path: &Path, expected: &Identity) -> Result<Partial, PartialError> {
        let bytes = std::fs::read(path).map_err(|source| PartialError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Partial::from_bytes(&bytes, path, expected)
    }
}

#[derive(Serialize)]
struct BodyRef<'a> {
    inputs: &'a [PartialInput],
    aggregate: &'a Aggregate,
}

fn check_identity(path: &Path, found: &Identity, expected: &Identity) -> Result<(), PartialError> {
    let mismatch = |what, found: &str, expected: &str| PartialError::Identity {
        path: path.to_path_buf(),
        what,
        found: found.to_owned(),
        expected: expected.to_owned(),
    };
    if found.schema_set != expected.schema_set {
        return Err(mismatch(
            "schema set",
            &found.schema_set,
            &expected.schema_set,
        ));
    }
    if found.settings != expected.settings {
        return Err(mismatch(
            "config (finding levels)",
            &found.settings,
            &expected.settings,
        ));
    }
    Ok(())
}

fn tally_key(tally: crate::aggregate::Tally) -> [u64; 6] {
    [
        tally.total,
        tally.valid,
        tally.with_drift,
        tally.unreadable,
        tally.log_analytics,
        tally.resource_log,
    ]
}

fn to_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// One line handed to [`Index::check_lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineText {
    /// The line's bytes (one trailing line end is ignored; other line ends split it).
    Text(Vec<u8>),
    /// Something that is not text (a caller passed a number, say): an unreadable record, with
    /// this reason.
    NotText(String),
}

/// One line of an in-memory source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The source's name (a file path, a blob URL): the input name reports use.
    pub source: String,
    /// The line.
    pub text: LineText,
    /// The category of records that name none; by default the one the source's path implies.
    pub category: Option<String>,
}

/// The compiled schema set with its config: everything a check needs, built once and reused.
pub struct Index {
    compiled: SchemaIndex,
    config: Config,
    identity: Identity,
    origin: String,
}

impl Index {
    /// Compiles a schema set with a config; `category` is for records that name none.
    pub fn build(
        set: &SchemaSet,
        config: Config,
        category: Option<&str>,
    ) -> Result<Index, SetupError> {
        let schema_index = SchemaIndex::new(set, &config, category)?;
        Ok(Index {
            compiled: schema_index,
            identity: Identity::of(set, &config),
            config,
            origin: set.origin.display().to_string(),
        })
    }

    /// The identity partials of this index carry.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Whether `name` is a category of the schema set (any case), as a [`Line::category`] hint
    /// must be: an unknown hint is a caller's mistake, which front doors refuse.
    pub fn knows_category(&self, name: &str) -> bool {
        self.compiled.classifier().category_index(name).is_some()
    }

    /// Checks inputs (files, directories expanded) on all cores, in canonical order.
    fn check_inputs(
        &self,
        mut inputs: Vec<Input>,
        options: &RunOptions,
    ) -> Result<Partial, std::io::Error> {
        sort_inputs(&mut inputs);
        let run = pipeline::run(&self.compiled, inputs, options)?;
        Ok(Partial::from_run(&run, self.identity.clone()))
    }

    /// Checks in-memory JSON Lines, grouped by source. Every line of a source must come through
    /// the same call (line numbers count from 1 per source and call); lines of different
    /// sources may interleave. Each source is read as `acs-logs check` reads a JSON Lines file:
    /// blank lines are counted but hold no record, a line over the record limit is skipped,
    /// text that is not UTF-8 or not JSON is an unreadable record.
    pub fn check_lines(&self, lines: impl IntoIterator<Item = Line>) -> Partial {
        let mut sources: Vec<SourceState> = Vec::new();
        let mut by_name: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        for line in lines {
            let slot = if let Some(slot) = by_name.get(&line.source) {
                *slot
            } else {
                let hint = match &line.category {
                    Some(name) => self.compiled.classifier().category_index(name),
                    None => self
                        .compiled
                        .classifier()
                        .path_hint(Path::new(&line.source)),
                };
                sources.push(SourceState::new(line.source.clone(), hint));
                by_name.insert(line.source, sources.len() - 1);
                sources.len() - 1
            };
            sources[slot].push(&self.compiled, line.text);
        }
        self.finish_sources(sources)
    }

    /// Checks whole files held in memory, named as reports should name them, exactly as
    /// `acs-logs check` reads files (format detection or `options.input_format`, gzip, CSV,
    /// arrays, Event Hubs), on `options.jobs` threads (0: one per core). The bytes go to the
    /// reader as in-memory inputs: the one reader every front door shares.
    pub fn check_files(
        &self,
        files: impl IntoIterator<Item = (String, Vec<u8>)>,
        options: &RunOptions,
    ) -> Result<Partial, std::io::Error> {
        let inputs = files
            .into_iter()
            .map(|(name, bytes)| Input {
                category_hint: self.compiled.classifier().path_hint(Path::new(&name)),
                ..Input::memory(name, bytes)
            })
            .collect();
        self.check_inputs(inputs, options)
    }

    fn finish_sources(&self, mut sources: Vec<SourceState>) -> Partial {
        sources.sort_by(|a, b| Path::new(&a.name).cmp(Path::new(&b.name)));
        let mut partial = Partial::empty(self.identity.clone());
        let mut aggregate = Aggregate::default();
        for (position, mut source) in sources.into_iter().enumerate() {
            source.flush(&self.compiled);
            if !source.any_record {
                source.format = None;
                validate::note_input_problem(
                    &self.compiled,
                    &mut source.aggregate,
                    FindingId::EmptyInput,
                    Place {
                        input: 0,
                        line: 0,
                        record: None,
                    },
                    &"the input is empty: no records",
                );
            }
            source.aggregate.remap_inputs(&[to_u32(position)]);
            aggregate.merge(source.aggregate);
            let not_read = source.format.is_none().then_some(NotRead::Empty);
            partial.inputs.push(PartialInput {
                name: source.name,
                format: source.format.map(|format| format.as_str().to_owned()),
                not_read,
                path_error: None,
                gzip: false,
            });
        }
        partial.aggregate = aggregate;
        partial
    }

    /// The report of a partial, as `acs-logs check` would build it.
    pub fn report(
        &self,
        partial: &Partial,
        baseline: Option<&Baseline>,
        fail_on: FailOn,
    ) -> Report {
        let run = partial.clone().into_run(&self.compiled);
        report::build_report(&run, &self.context(baseline, fail_on))
    }

    /// The report context of this index.
    fn context<'a>(&'a self, baseline: Option<&'a Baseline>, fail_on: FailOn) -> ReportContext<'a> {
        ReportContext {
            schema_index: &self.compiled,
            config: &self.config,
            baseline,
            fail_on,
            schema_set: &self.origin,
        }
    }
}

/// One in-memory source being checked: its own aggregate (input 0), renumbered at the end.
struct SourceState {
    name: String,
    hint: Option<usize>,
    aggregate: Aggregate,
    buffer: Vec<u8>,
    first_line: u64,
    next_line: u64,
    format: Option<DetectedFormat>,
    any_record: bool,
}

impl SourceState {
    fn new(name: String, hint: Option<usize>) -> SourceState {
        SourceState {
            name,
            hint,
            aggregate: Aggregate::default(),
            buffer: Vec::new(),
            first_line: 1,
            next_line: 1,
            format: None,
            any_record: false,
        }
    }

    fn place(&self) -> Place {
        Place {
            input: 0,
            line: self.next_line,
            record: None,
        }
    }

    fn push(&mut self, schema_index: &SchemaIndex, text: LineText) {
        let bytes = match text {
            LineText::Text(bytes) => bytes,
            LineText::NotText(reason) => {
                self.flush(schema_index);
                self.any_record = true;
                self.format.get_or_insert(DetectedFormat::Ndjson);
                let place = self.place();
                validate::note_unreadable(schema_index, &mut self.aggregate, place, None, &reason);
                self.next_line += 1;
                self.first_line = self.next_line;
                return;
            }
        };
        let bytes = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
        for piece in bytes.split(|byte| *byte == b'\n') {
            let mut piece = piece;
            if self.next_line == 1 && piece.starts_with(&[0xEF, 0xBB, 0xBF]) {
                piece = &piece[3..];
            }
            if piece.len() > MAX_RECORD_BYTES {
                self.flush(schema_index);
                self.any_record = true;
                let place = self.place();
                let message = format!(
                    "the record is {} bytes long, over the {MAX_RECORD_BYTES}-byte limit; skipped",
                    piece.len()
                );
                validate::note_unreadable(schema_index, &mut self.aggregate, place, None, &message);
                self.next_line += 1;
                self.first_line = self.next_line;
                continue;
            }
            let trimmed = piece.trim_ascii();
            if !trimmed.is_empty() && !self.any_record {
                self.any_record = true;
                // As the reader detects a file: a first line that is an Event Hubs batch makes
                // the source Event Hubs messages, anything else JSON Lines.
                let batch =
                    serde_json::from_slice::<serde_json::Value>(trimmed).is_ok_and(|value| {
                        value.as_object().is_some_and(|map| {
                            map.len() == 1
                                && map.get("records").is_some_and(serde_json::Value::is_array)
                        })
                    });
                self.format = Some(if batch {
                    DetectedFormat::EventHubs
                } else {
                    DetectedFormat::Ndjson
                });
            }
            self.buffer.extend_from_slice(piece);
            self.buffer.push(b'\n');
            self.next_line += 1;
            if self.buffer.len() >= CHUNK_BYTES {
                self.flush(schema_index);
            }
        }
    }

    fn flush(&mut self, schema_index: &SchemaIndex) {
        if !self.buffer.is_empty() {
            let chunk = Chunk {
                input: 0,
                path_hint: self.hint,
                problems: Vec::new(),
                body: Body::Lines {
                    first_line: self.first_line,
                    bytes: std::mem::take(&mut self.buffer),
                },
            };
            // The buffer comes back, emptied, to take the next lines.
            if let Some(mut bytes) =
                pipeline::process_chunk(schema_index, chunk, &mut self.aggregate)
            {
                bytes.clear();
                self.buffer = bytes;
            }
        }
        self.first_line = self.next_line;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::read::source::collect_inputs;

    fn index() -> Index {
        Index::build(SchemaSet::acs(), Config::default(), None).unwrap()
    }

    fn one_job() -> RunOptions {
        RunOptions {
            jobs: 1,
            ..RunOptions::default()
        }
    }

    /// What `acs-logs check FILE` reports, as JSON.
    fn single_run(index: &Index, path: &Path) -> String {
        let collected = collect_inputs(
            &[path.to_path_buf()],
            index.compiled.classifier(),
            &crate::read::partition::TimeRange::default(),
        );
        assert!(collected.errors.is_empty());
        let partial = index
            .check_inputs(collected.inputs, &RunOptions::default())
            .unwrap();
        serde_json::to_string(&index.report(&partial, None, FailOn::Error)).unwrap()
    }

    fn sample() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/generated-1000.ndjson");
        let mut bytes = std::fs::read(fixture).unwrap();
        bytes
            .extend_from_slice(b"\nnot json\n\xff\xfe{}\n   \n{\"Category\":\"SMSOperational\"}\n");
        let path = dir
            .path()
            .join("insights-logs-smsoperational")
            .join("x.json");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
        (dir, path, bytes)
    }

    #[test]
    fn lines_and_files_in_memory_report_as_the_file_does() {
        let index = index();
        let (_dir, path, bytes) = sample();
        let name = path.to_string_lossy().into_owned();
        let expected = single_run(&index, &path);
        let lines = bytes.split(|byte| *byte == b'\n').map(|line| Line {
            source: name.clone(),
            text: LineText::Text(line.to_vec()),
            category: None,
        });
        let from_lines = index.check_lines(lines);
        let report = serde_json::to_string(&index.report(&from_lines, None, FailOn::Error));
        assert_eq!(report.unwrap(), expected);
        let from_file = index.check_files([(name, bytes)], &one_job()).unwrap();
        let report = serde_json::to_string(&index.report(&from_file, None, FailOn::Error));
        assert_eq!(report.unwrap(), expected);
    }

    #[test]
    fn partials_round_trip_and_refuse_damage() {
        let index = index();
        let (_dir, path, bytes) = sample();
        let partial = index
            .check_files([(path.to_string_lossy().into_owned(), bytes)], &one_job())
            .unwrap();
        let written = partial.to_bytes().unwrap();
        let read = Partial::from_bytes(&written, &path, index.identity()).unwrap();
        assert_eq!(read, partial);
        for cut in [0, 10, written.len() / 2, written.len() - 1] {
            assert!(Partial::from_bytes(&written[..cut], &path, index.identity()).is_err());
        }
        let other = Identity {
            schema_set: "0".repeat(32),
            ..index.identity().clone()
        };
        let error = Partial::from_bytes(&written, &path, &other).unwrap_err();
        assert!(error.to_string().contains("another schema set"), "{error}");
    }

    #[test]
    fn what_is_not_text_is_an_unreadable_record() {
        let index = index();
        let huge = vec![b'x'; MAX_RECORD_BYTES + 1];
        let lines = [
            LineText::NotText("a Python int, not text".into()),
            LineText::Text(huge),
            LineText::Text(b"\xff".to_vec()),
        ]
        .into_iter()
        .map(|text| Line {
            source: "s".into(),
            text,
            category: None,
        });
        let partial = index.check_lines(lines);
        let report = index.report(&partial, None, FailOn::Error);
        assert_eq!(report.summary.records.unreadable, 3);
        assert_eq!(report.summary.records.total, 3);
    }
}
