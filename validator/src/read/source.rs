//! Inputs: which files a run reads (paths as given, directories walked in sorted order,
//! standard input), and how each is opened (gzip detected by its magic bytes).

use super::blob::{BlobError, BlobSettings, BlobUrl};
use super::partition::TimeRange;
use super::{Stream, buffered, read_some};
use crate::classify::Classifier;
use crate::error::InputError;
use flate2::read::MultiGzDecoder;
use indicatif::ProgressBar;
use std::io::{BufRead, Cursor, Read};
use std::path::{Path, PathBuf};

/// File name endings (before an optional `.gz`) taken as logs when walking a directory:
/// JSON, JSON Lines, CSV and text exports, and Event Hubs Capture's Avro files.
pub const LOG_EXTENSIONS: [&str; 7] = [
    ".json", ".jsonl", ".ndjson", ".csv", ".log", ".txt", ".avro",
];

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// A directory given on the command line that holds no log file.
    EmptyDirectory,
    /// A blob in Azure Blob Storage, listed when the run started.
    Blob(super::blob::BlobInput),
}

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The name reports use: the path as given or as found under a given directory.
    pub display: String,
    /// Where the bytes come from.
    pub source: InputSource,
    /// The category an `insights-logs-<category>` folder in the path implies.
    pub category_hint: Option<usize>,
}

/// What collecting the inputs found besides the inputs themselves.
#[derive(Debug, Default)]
pub struct Collected {
    /// Every input, in the order given (a directory's or a container's in name order).
    pub inputs: Vec<Input>,
    /// Local paths that could not be read at all (the run ends with exit code 2 once the
    /// others are checked).
    pub errors: Vec<InputError>,
    /// Each Blob Storage location given, with what listing it took.
    pub listings: Vec<(String, super::blob::ListingStats)>,
}

/// The inputs named on the command line: local paths (directories walked), Blob Storage URLs
/// (listed), `-` for standard input. `range` selects files and blobs by their partition path.
/// A Blob Storage location that cannot be listed (no such container, credentials refused) is
/// an error for the whole run: nothing of it could be checked.
pub fn collect(
    paths: &[PathBuf],
    classifier: &Classifier,
    range: &TimeRange,
    blob_settings: &BlobSettings,
) -> Result<Collected, BlobError> {
    let mut collected = Collected::default();
    for path in paths {
        let text = path.to_string_lossy();
        if BlobUrl::is_blob_url(&text) {
            let (inputs, stats) = super::blob::collect(&text, range, blob_settings, classifier)?;
            collected.inputs.extend(inputs);
            collected.listings.push((text.into_owned(), stats));
        } else {
            let (inputs, errors) = collect_inputs(std::slice::from_ref(path), classifier, range);
            collected.inputs.extend(inputs);
            collected.errors.extend(errors);
        }
    }
    if paths.is_empty() {
        collected
            .inputs
            .extend(collect_inputs(&[], classifier, range).0);
    }
    Ok(collected)
}

/// The local inputs named on the command line, directories expanded, and the paths that could
/// not be read at all (which make the run end with exit code 2 once the others are checked).
pub fn collect_inputs(
    paths: &[PathBuf],
    classifier: &Classifier,
    range: &TimeRange,
) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let stdin_default = [PathBuf::from("-")];
    let paths = if paths.is_empty() {
        &stdin_default[..]
    } else {
        paths
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                display: "-".into(),
                source: InputSource::Stdin,
                category_hint: None,
            });
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(source) => {
                errors.push(InputError {
                    path: path.clone(),
                    source,
                });
                continue;
            }
        };
        if metadata.is_dir() {
            let mut files = Vec::new();
            if let Err(source) = walk(path, range, &mut files) {
                errors.push(InputError {
                    path: path.clone(),
                    source,
                });
            }
            if files.is_empty() {
                inputs.push(Input {
                    display: display(path),
                    source: InputSource::EmptyDirectory,
                    category_hint: None,
                });
            }
            for file in files {
                inputs.push(Input {
                    display: display(&file),
                    category_hint: classifier.path_hint(&file),
                    source: InputSource::File(file),
                });
            }
        } else {
            inputs.push(Input {
                display: display(path),
                category_hint: classifier.path_hint(path),
                source: InputSource::File(path.clone()),
            });
        }
    }
    (inputs, errors)
}

fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Whether a file name looks like a log export.
pub fn is_log_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    LOG_EXTENSIONS
        .iter()
        .any(|extension| stem.ends_with(extension))
}

/// Collects log files under a directory, sorted, skipping hidden entries and folders or files
/// whose partition path is outside `range`.
fn walk(dir: &Path, range: &TimeRange, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        if !range.admits(path.iter().filter_map(|part| part.to_str())) {
            continue;
        }
        let file_type = entry.file_type()?;
        if file_type.is_dir() {
            walk(&path, range, files)?;
        } else if is_log_file(&name) {
            files.push(path);
        }
    }
    Ok(())
}

/// A file reader that reports the bytes it reads to the progress bar.
pub(crate) struct Counting<R> {
    pub(crate) inner: R,
    pub(crate) progress: Option<ProgressBar>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buffer)?;
        if let Some(progress) = &self.progress {
            progress.inc(count as u64);
        }
        Ok(count)
    }
}

/// A buffered stream of the input's bytes, decompressed when they start with the gzip magic
/// bytes; says whether they did.
pub(crate) fn decompressed(raw: Box<dyn Read + Send>) -> std::io::Result<(Stream, bool)> {
    let mut stream = buffered(raw);
    let is_gzip = {
        let head = stream.fill_buf()?;
        head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b
    };
    if is_gzip {
        Ok((buffered(MultiGzDecoder::new(stream)), true))
    } else {
        Ok((stream, false))
    }
}

/// Reads up to `limit` bytes for format detection, and a stream that yields them again followed
/// by the rest. A UTF-8 byte order mark (as Windows exports write) is dropped. When the stream
/// breaks off within the first bytes (a short damaged gzip file), the replay yields what was read
/// and then the error, so the format's reader reports it at its line like any later break.
pub(crate) fn peek(mut stream: Stream, limit: usize) -> (Vec<u8>, Stream) {
    let mut prefix = Vec::with_capacity(limit);
    let failure = read_some(&mut stream, &mut prefix, limit).err();
    if prefix.starts_with(&[0xEF, 0xBB, 0xBF]) {
        prefix.drain(..3);
    }
    let replay: Stream = match failure {
        Some(error) => buffered(Cursor::new(prefix.clone()).chain(Failing(Some(error)))),
        None => buffered(Cursor::new(prefix.clone()).chain(stream)),
    };
    (prefix, replay)
}

/// A reader that fails once with a stored error, then ends.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _buffer: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(error) => Err(error),
            None => Ok(0),
        }
    }
}
