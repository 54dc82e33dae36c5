//! Writing files so that nothing is left damaged: every report, baseline, patch and schema the
//! validator writes goes to a temporary file beside the destination, is flushed to disk, and
//! then renamed over it, so an interrupted run or a full disk leaves the old file or the new
//! one, never half of one. Destinations are checked before a run starts, so an unwritable one
//! costs nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temporary file, flush, rename). A symbolic link at
/// `path` is replaced, not written through.
///
/// A destination that exists and is not a regular file or a link (`/dev/null`, `/dev/stdout`,
/// a FIFO a pipeline reads) is written in place: renaming over it would replace the device or
/// the pipe with a file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Ok(metadata) = std::fs::metadata(path)
        && !metadata.is_file()
        && !metadata.is_dir()
        && !std::fs::symlink_metadata(path).is_ok_and(|link| link.file_type().is_symlink())
    {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(bytes);
    }
    let (temporary, mut file) = create_beside(path)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Checks, before any work, that a file can be written at `path`: not a directory, in a
/// directory that exists and takes a new file (tried with a temporary file, removed at once).
pub(crate) fn check_writable(path: &Path) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "is a directory",
        ));
    }
    if std::fs::metadata(path).is_ok_and(|metadata| !metadata.is_file()) {
        // A device or a FIFO is written in place (see `write_atomic`): it must open for writing.
        return std::fs::OpenOptions::new().write(true).open(path).map(drop);
    }
    let (temporary, file) = create_beside(path)?;
    drop(file);
    std::fs::remove_file(&temporary)
}

/// The first of `candidates` that names the same existing file as `path` (through links and
/// relative spellings), if any. `path` is looked up once: a destination that does not exist yet
/// is no input, however many inputs there are.
pub(crate) fn find_same_file<'a>(path: &Path, candidates: &'a [PathBuf]) -> Option<&'a PathBuf> {
    let target = FileIdentity::of(path)?;
    candidates
        .iter()
        .find(|candidate| FileIdentity::of(candidate).as_ref() == Some(&target))
}

/// What makes a file itself: its device and inode where the platform has them, else its
/// canonical path.
#[derive(PartialEq, Eq)]
enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Canonical(PathBuf),
}

impl FileIdentity {
    fn of(path: &Path) -> Option<FileIdentity> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let metadata = std::fs::metadata(path).ok()?;
            Some(FileIdentity::Inode(metadata.dev(), metadata.ino()))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path)
                .ok()
                .map(FileIdentity::Canonical)
        }
    }
}

/// A new, empty file in the directory of `path`, created exclusively under a name no one else
/// uses (a dot file, so a walk of the directory skips it).
fn create_beside(path: &Path) -> std::io::Result<(PathBuf, std::fs::File)> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let mut attempt = 0u32;
    loop {
        let temporary = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.json");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_directory_is_found_before_any_work() {
        let dir = tempfile::tempdir().unwrap();
        assert!(check_writable(&dir.path().join("no/such/dir/report.json")).is_err());
        assert!(check_writable(dir.path()).is_err(), "a directory");
        check_writable(&dir.path().join("report.json")).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.json");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&link).unwrap(), "new");
    }
}
