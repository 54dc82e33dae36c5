//! Inputs: which files a run reads (paths as given, directories walked in sorted order,
//! standard input), and how each is opened (gzip detected by its magic bytes).

use super::blob::{BlobError, BlobSettings, BlobUrl, ListingStats};
use super::partition::TimeRange;
use super::{Stream, buffered, read_some};
use crate::classify::Classifier;
use crate::error::InputError;
use flate2::bufread::MultiGzDecoder;
use indicatif::ProgressBar;
use std::io::{BufRead, Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// File name endings (before an optional `.gz`) taken as logs when walking a directory.
pub(crate) const LOG_EXTENSIONS: [&str; 7] = [
    ".json", ".jsonl", ".ndjson", ".csv", ".log", ".txt", ".avro",
];

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InputSource {
    /// A file.
    File(PathBuf),
    /// Standard input (`-`).
    Stdin,
    /// Bytes in memory (tests, fuzzing, callers that already hold the data).
    Memory(Arc<[u8]>),
    /// A directory given on the command line that holds no log file.
    EmptyDirectory,
    /// A path that could not be read at all (missing, no permission): an `unreadable-input`.
    Unreadable(String),
    /// A path the walk chose not to read, and why: a `skipped-path`.
    Skipped(String),
    /// A blob in Azure Blob Storage, listed when the run started.
    Blob(super::blob::BlobInput),
}

/// One input of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Input {
    /// The name reports use: the path as given or as found under a given directory.
    pub display: String,
    /// Where the bytes come from.
    pub source: InputSource,
    /// The category an `insights-logs-<category>` folder in the path implies.
    pub category_hint: Option<usize>,
}

impl Input {
    /// An input held in memory, named `display` in reports.
    pub(crate) fn memory(display: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Input {
        Input {
            display: display.into(),
            source: InputSource::Memory(bytes.into()),
            category_hint: None,
        }
    }

    fn at(path: &Path, source: InputSource, classifier: &Classifier) -> Input {
        Input {
            display: display(path),
            category_hint: classifier.path_hint(path),
            source,
        }
    }
}

/// What collecting the inputs found besides the inputs themselves.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    /// Every input, in the order given (a directory's or a container's in name order).
    pub inputs: Vec<Input>,
    /// Local paths that could not be read at all (the run ends with exit code 2 once the
    /// others are checked).
    pub errors: Vec<InputError>,
    /// Each Blob Storage location given, with what listing it took.
    pub listings: Vec<(String, ListingStats)>,
    /// Files and folders of the directories walked that were left out because their partition
    /// path is outside `--since`/`--until`.
    pub outside_range: usize,
}

/// The inputs named on the command line: local paths (directories walked), Blob Storage URLs
/// (listed), `-` for standard input. `range` selects files and blobs by their partition path.
/// A Blob Storage location that cannot be listed (no such container, credentials refused) is
/// an error for the whole run: nothing of it could be checked.
pub(crate) fn collect(
    paths: &[PathBuf],
    classifier: &Classifier,
    range: &TimeRange,
    blob_settings: &BlobSettings,
) -> Result<Collected, BlobError> {
    let mut collected = Collected::default();
    let mut local = Vec::new();
    let flush = |local: &mut Vec<PathBuf>, collected: &mut Collected| {
        if !local.is_empty() {
            let found = collect_inputs(local, classifier, range);
            collected.inputs.extend(found.inputs);
            collected.errors.extend(found.errors);
            collected.outside_range += found.outside_range;
            local.clear();
        }
    };
    for path in paths {
        let text = path.to_string_lossy();
        if BlobUrl::is_blob_url(&text) {
            flush(&mut local, &mut collected);
            let (inputs, stats) = super::blob::collect(&text, range, blob_settings, classifier)?;
            collected.inputs.extend(inputs);
            collected.listings.push((text.into_owned(), stats));
        } else {
            local.push(path.clone());
        }
    }
    if paths.is_empty() {
        collected
            .inputs
            .extend(collect_inputs(&[], classifier, range).inputs);
    }
    flush(&mut local, &mut collected);
    Ok(collected)
}

/// The inputs named on the command line, directories expanded, and the paths given on the
/// command line that could not be read at all (which make the run end with exit code 2 once
/// the others are checked). Every path not read is also an input of its own, whose finding
/// (`unreadable-input` or `skipped-path`) every report shows; the walk goes on past it.
///
/// `range` leaves out, without a finding, what the user asked not to read: files and folders
/// whose partition path (`y=/m=/d=/h=`) is outside `--since`/`--until`.
pub(crate) fn collect_inputs(
    paths: &[PathBuf],
    classifier: &Classifier,
    range: &TimeRange,
) -> Collected {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut outside_range = 0;
    let mut seen = SeenFiles::default();
    let stdin_default = [PathBuf::from("-")];
    let paths = if paths.is_empty() {
        &stdin_default[..]
    } else {
        paths
    };
    let mut stdin_named = false;
    for path in paths {
        if path.as_os_str() == "-" {
            // Standard input is read once; a second `-` would only find it at its end.
            let source = if stdin_named {
                InputSource::Skipped("standard input, named again; read once".into())
            } else {
                InputSource::Stdin
            };
            stdin_named = true;
            inputs.push(Input {
                display: "-".into(),
                source,
                category_hint: None,
            });
            continue;
        }
        let metadata = match std::fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(source) => {
                inputs.push(Input::at(
                    path,
                    InputSource::Unreadable(format!("cannot read: {source}")),
                    classifier,
                ));
                errors.push(InputError {
                    path: path.clone(),
                    source,
                });
                continue;
            }
        };
        if metadata.is_dir() {
            let before = inputs.len();
            let mut walker = Walker {
                classifier,
                range,
                visited: Vec::new(),
                seen: &mut seen,
                log_files: 0,
                outside_range: 0,
            };
            walker.walk(path, &mut inputs);
            outside_range += walker.outside_range;
            if walker.log_files == 0 {
                inputs.insert(
                    before,
                    Input {
                        display: display(path),
                        source: InputSource::EmptyDirectory,
                        category_hint: None,
                    },
                );
            }
        } else if let Some(first) = seen.repeat_of(path, &metadata) {
            inputs.push(Input::at(path, InputSource::Skipped(first), classifier));
        } else {
            // A path named on the command line is read whatever it is (a FIFO from `<(zcat
            // ...)` is a fair input there); only the walk skips what is not a regular file.
            inputs.push(Input::at(path, InputSource::File(path.clone()), classifier));
        }
    }
    Collected {
        inputs,
        errors,
        listings: Vec::new(),
        outside_range,
    }
}

/// How reports name a path: as given, with `/` between its parts on every platform.
pub(crate) fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Whether a file name looks like a log export.
pub(crate) fn is_log_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
    LOG_EXTENSIONS
        .iter()
        .any(|extension| stem.ends_with(extension))
}

/// Compression formats recognised by name but not read: (file name ending, format name).
const UNREAD_COMPRESSION: [(&str, &str); 7] = [
    (".zst", "zstd"),
    (".zstd", "zstd"),
    (".bz2", "bzip2"),
    (".xz", "xz"),
    (".lz4", "lz4"),
    (".zip", "zip"),
    (".7z", "7-Zip"),
];

/// Why the walk does not read a regular file called `name`, or `None` when it does.
fn skip_reason(name: &str) -> Option<String> {
    if is_log_file(name) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if let Some((_, format)) = UNREAD_COMPRESSION
        .iter()
        .find(|(ending, _)| lower.ends_with(ending))
    {
        return Some(format!(
            "compressed with {format}, which is not read (only gzip is); decompress it first"
        ));
    }
    Some(format!(
        "not a log file name (one of {}, optionally .gz); not read",
        LOG_EXTENSIONS.join(", ")
    ))
}

/// The regular files read so far, so that one file named twice (`check f ./f`, `check d d/f`, a
/// directory given twice) is read once: every record is counted once. A later name becomes a
/// `skipped-path` naming the first.
#[derive(Default)]
pub(crate) struct SeenFiles {
    first: std::collections::HashMap<FileKey, String>,
}

/// What tells two names of one file apart from two files: device and inode where there are
/// such, the canonical path elsewhere.
#[cfg(unix)]
type FileKey = (u64, u64);
#[cfg(not(unix))]
type FileKey = PathBuf;

impl SeenFiles {
    /// Why `path` is not read, when it names a regular file already read; else `None`, and the
    /// file is read from now on under this name. Only regular files: a FIFO read twice is two
    /// streams.
    pub(crate) fn repeat_of(
        &mut self,
        path: &Path,
        metadata: &std::fs::Metadata,
    ) -> Option<String> {
        if !metadata.is_file() {
            return None;
        }
        #[cfg(unix)]
        let key = {
            use std::os::unix::fs::MetadataExt;
            (metadata.dev(), metadata.ino())
        };
        #[cfg(not(unix))]
        let key = std::fs::canonicalize(path).ok()?;
        match self.first.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) if *first.get() == display(path) => {
                Some("named again; read once".to_owned())
            }
            std::collections::hash_map::Entry::Occupied(first) => Some(format!(
                "the same file as {}, already read; not read twice",
                first.get()
            )),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(display(path));
                None
            }
        }
    }
}

/// One walk of a directory named on the command line.
struct Walker<'a> {
    classifier: &'a Classifier,
    range: &'a TimeRange,
    /// Directories walked (canonical paths), so a link back up the tree is not followed round.
    visited: Vec<PathBuf>,
    seen: &'a mut SeenFiles,
    /// Log files found, read now or already under another name.
    log_files: usize,
    /// Files and folders left out by `--since`/`--until`.
    outside_range: usize,
}

impl Walker<'_> {
    /// Collects the inputs under a directory in sorted order. Nothing stops the walk: a
    /// directory or entry that cannot be read, a hidden entry, a FIFO, socket or device, a file
    /// in a compression format not read or with another name, a file already read under another
    /// name becomes a `Skipped` input, so the report says what was left out. Symbolic links are
    /// followed, each directory walked once (a link back up the tree is reported, not followed
    /// round).
    fn walk(&mut self, dir: &Path, inputs: &mut Vec<Input>) {
        let classifier = self.classifier;
        let skipped =
            |path: &Path, reason: String| Input::at(path, InputSource::Skipped(reason), classifier);
        if let Ok(canonical) = std::fs::canonicalize(dir) {
            if self.visited.contains(&canonical) {
                inputs.push(skipped(
                    dir,
                    "a directory already walked (under another name, or a symbolic link back up the tree); not walked again".into(),
                ));
                return;
            }
            self.visited.push(canonical);
        }
        let reader = match std::fs::read_dir(dir) {
            Ok(reader) => reader,
            Err(error) => {
                inputs.push(skipped(dir, format!("cannot read the directory: {error}")));
                return;
            }
        };
        let mut entries = Vec::new();
        for entry in reader {
            match entry {
                Ok(entry) => entries.push(entry),
                Err(error) => {
                    inputs.push(skipped(
                        dir,
                        format!("cannot read a directory entry: {error}"),
                    ));
                }
            }
        }
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if !self
                .range
                .admits(path.iter().filter_map(|part| part.to_str()))
            {
                self.outside_range += 1;
                continue;
            }
            if name.starts_with('.') {
                inputs.push(skipped(&path, "hidden; not read".into()));
                continue;
            }
            // Follows a symbolic link, so a linked directory is walked and a dangling link said.
            let metadata = match std::fs::metadata(&path) {
                Ok(metadata) => metadata,
                Err(error) => {
                    inputs.push(skipped(&path, format!("cannot read: {error}")));
                    continue;
                }
            };
            let file_type = metadata.file_type();
            if file_type.is_dir() {
                self.walk(&path, inputs);
            } else if file_type.is_file() {
                match skip_reason(&name) {
                    None => {
                        self.log_files += 1;
                        inputs.push(match self.seen.repeat_of(&path, &metadata) {
                            Some(first) => skipped(&path, first),
                            None => Input::at(&path, InputSource::File(path.clone()), classifier),
                        });
                    }
                    Some(reason) => inputs.push(skipped(&path, reason)),
                }
            } else {
                inputs.push(skipped(
                    &path,
                    format!("{}, not a regular file; not read", special_kind(file_type)),
                ));
            }
        }
    }
}

/// What a file that is neither a directory nor a regular file is.
fn special_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "a special file"
}

/// Opens an input's bytes: the one place a byte stream is made from a source. `Ok(None)` for
/// the sources that hold no bytes (an empty directory, a path not read).
pub(crate) fn open(
    source: &InputSource,
    progress: Option<&ProgressBar>,
) -> std::io::Result<Option<Box<dyn Read + Send>>> {
    Ok(Some(match source {
        InputSource::Stdin => Box::new(std::io::stdin()),
        InputSource::Memory(bytes) => Box::new(Cursor::new(Arc::clone(bytes))),
        InputSource::File(path) => Box::new(Counting {
            inner: std::fs::File::open(path)?,
            progress: progress.cloned(),
        }),
        InputSource::Blob(blob) => Box::new(Counting {
            inner: blob.open(),
            progress: progress.cloned(),
        }),
        InputSource::EmptyDirectory | InputSource::Unreadable(_) | InputSource::Skipped(_) => {
            return Ok(None);
        }
    }))
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
        // The bufread decoder inflates from `stream`'s own buffer: the read decoder would wrap
        // it in a second one and copy every compressed byte across.
        Ok((buffered(MultiGzDecoder::new(stream)), true))
    } else {
        Ok((stream, false))
    }
}

/// The compression formats recognised by their magic bytes but not read.
pub(crate) fn unread_compression(head: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 6] = [
        (&[0x28, 0xB5, 0x2F, 0xFD], "zstd"),
        (b"BZh", "bzip2"),
        (&[0xFD, b'7', b'z', b'X', b'Z', 0x00], "xz"),
        (&[0x04, 0x22, 0x4D, 0x18], "lz4"),
        (b"PK\x03\x04", "zip"),
        (&[b'7', b'z', 0xBC, 0xAF, 0x27, 0x1C], "7-Zip"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|(_, name)| *name)
}

/// The start of an input, looked at to detect its format.
pub(crate) struct Peeked {
    /// Up to the detection window's bytes, from the first byte that is not whitespace.
    pub(crate) prefix: Vec<u8>,
    /// What follows the prefix.
    rest: Rest,
    /// Line ends in the leading whitespace, so readers number lines as the file does.
    pub(crate) lines_skipped: u64,
    /// Whether the prefix is the whole input.
    pub(crate) complete: bool,
    /// The error that broke the stream within the window, if one did.
    pub(crate) failure: Option<String>,
}

/// What follows a detection window.
enum Rest {
    /// Nothing: the input ended within the window, and its source (a file descriptor, a
    /// decoder) is let go at once rather than asked for its end again and again.
    Nothing,
    /// The error that broke the stream within the window.
    Failure(std::io::Error),
    /// The rest of the stream.
    Stream(Stream),
}

impl Peeked {
    /// The input from the window on: the window's bytes (moved, not copied), then the rest,
    /// then the error that broke the stream, if one did.
    pub(crate) fn into_stream(self) -> Stream {
        let window = Cursor::new(self.prefix);
        match self.rest {
            Rest::Nothing => Box::new(window),
            Rest::Failure(error) => buffered(window.chain(Failing(Some(error)))),
            // Both halves are buffered already: a chain of them is a buffered stream.
            Rest::Stream(stream) => Box::new(window.chain(stream)),
        }
    }
}

/// Skips a byte order mark and any amount of leading whitespace (streamed, never buffered),
/// then reads up to `limit` bytes for format detection. When the stream breaks off within
/// them (a short damaged gzip file), the replay yields what was read and then the error, so
/// the format's reader reports it at its line like any later break.
/// The window is read into `buffer` (cleared first), so a run can reuse its buffers.
pub(crate) fn peek(mut stream: Stream, limit: usize, mut buffer: Vec<u8>) -> Peeked {
    let mut lines_skipped = 0u64;
    let mut failure = None;
    let mut first = true;
    let mut after_cr = false;
    loop {
        let available = match stream.fill_buf() {
            Ok(available) => available,
            Err(error) => {
                failure = Some(error);
                break;
            }
        };
        if available.is_empty() {
            break;
        }
        let mut skip = 0;
        if first && available.starts_with(&[0xEF, 0xBB, 0xBF]) {
            skip = 3;
        }
        first = false;
        let mut stop = false;
        for &byte in &available[skip..] {
            if !byte.is_ascii_whitespace() {
                stop = true;
                break;
            }
            // A CR alone or a LF is a line end; the LF of a CRLF is not a second one.
            if byte == b'\n' {
                if !after_cr {
                    lines_skipped += 1;
                }
            } else if byte == b'\r' {
                lines_skipped += 1;
            }
            after_cr = byte == b'\r';
            skip += 1;
        }
        stream.consume(skip);
        if stop {
            break;
        }
    }
    buffer.clear();
    buffer.reserve(limit.min(1 << 16));
    let mut prefix = buffer;
    if failure.is_none() {
        failure = read_some(&mut stream, &mut prefix, limit).err();
    }
    let complete = failure.is_none() && prefix.len() < limit;
    let message = failure.as_ref().map(ToString::to_string);
    let rest = match failure {
        Some(error) => Rest::Failure(error),
        None if complete => Rest::Nothing,
        None => Rest::Stream(stream),
    };
    Peeked {
        prefix,
        rest,
        lines_skipped,
        complete,
        failure: message,
    }
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

/// Turns old Mac line ends (a CR alone) into LF, leaving CRLF as it is, so that a file written
/// with CR line ends, wholly or from some line on, is read line by line instead of as one long
/// line. Every JSON Lines and document stream is read through it: raw CRs cannot occur inside
/// JSON strings, so the change never alters a value, and it keeps every byte where it was (the
/// places a report gives stay true).
pub(crate) struct CrLines {
    inner: Stream,
    /// An error met while looking one byte past a read (to settle a CR in its last byte): the
    /// next read returns it, so a break is never lost.
    deferred: Option<std::io::Error>,
}

impl CrLines {
    pub(crate) fn new(inner: Stream) -> CrLines {
        CrLines {
            inner,
            deferred: None,
        }
    }
}

impl Read for CrLines {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if let Some(error) = self.deferred.take() {
            return Err(error);
        }
        let count = self.inner.read(buffer)?;
        let bytes = &mut buffer[..count];
        if lone_crs_to_lf(bytes) {
            // The byte after the last CR is the next read's first: look at it without taking it.
            let crlf = match self.inner.fill_buf() {
                Ok(next) => next.first() == Some(&b'\n'),
                Err(error) => {
                    self.deferred = Some(error);
                    false
                }
            };
            if !crlf {
                bytes[count - 1] = b'\n';
            }
        }
        Ok(count)
    }
}

/// Rewrites in place each CR that is not followed by LF into LF. A CR in the last byte is left
/// as it is, since only the byte after it decides: returns whether there is one.
pub(crate) fn lone_crs_to_lf(bytes: &mut [u8]) -> bool {
    let mut from = 0;
    while let Some(found) = memchr::memchr(b'\r', &bytes[from..]) {
        let at = from + found;
        match bytes.get(at + 1) {
            None => return true,
            Some(b'\n') => {}
            Some(_) => bytes[at] = b'\n',
        }
        from = at + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the rewrite must give: every CR not followed by LF made LF, nothing moved.
    fn reference(bytes: &[u8]) -> Vec<u8> {
        bytes
            .iter()
            .enumerate()
            .map(|(at, &byte)| {
                if byte == b'\r' && bytes.get(at + 1) != Some(&b'\n') {
                    b'\n'
                } else {
                    byte
                }
            })
            .collect()
    }

    proptest! {
        /// Whatever the read boundaries (a buffer of one byte puts a CR at the end of every
        /// read that holds one), the stream reads as the whole input rewritten at once.
        #[test]
        fn lone_crs_become_line_ends_across_every_read_boundary(
            bytes in prop::collection::vec(prop::sample::select(b"\r\n{}a ".to_vec()), 0..64),
            capacity in 1usize..8,
            request in 1usize..9,
        ) {
            let inner: Stream = Box::new(std::io::BufReader::with_capacity(
                capacity,
                Cursor::new(bytes.clone()),
            ));
            let mut lines = CrLines::new(inner);
            let mut out = Vec::new();
            let mut buffer = vec![0; request];
            loop {
                let count = lines.read(&mut buffer).unwrap();
                if count == 0 {
                    break;
                }
                out.extend_from_slice(&buffer[..count]);
            }
            prop_assert_eq!(out, reference(&bytes));
        }
    }

    #[test]
    fn a_break_met_while_settling_a_last_cr_is_returned_by_the_next_read() {
        let broken = Cursor::new(b"{}\r".to_vec()).chain(Failing(Some(std::io::Error::other(
            "corrupt deflate stream",
        ))));
        let mut lines = CrLines::new(Box::new(std::io::BufReader::new(broken)));
        let mut buffer = [0; 16];
        assert_eq!(lines.read(&mut buffer).unwrap(), 3);
        assert_eq!(&buffer[..3], b"{}\n");
        let error = lines.read(&mut buffer).unwrap_err();
        assert_eq!(error.to_string(), "corrupt deflate stream");
    }
}
