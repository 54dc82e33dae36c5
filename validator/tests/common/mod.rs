//! Helpers shared by the end-to-end tests: run the `acs-logs` binary, read its JSON report.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The workspace root (where `examples/` lives).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A copy of the ACS schema set in a temporary directory, for a run with `--schemas` that may
/// change it.
pub fn schema_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join("schemas/acs")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The stdout parsed as JSON (for `--format json` and `--format sarif`).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|error| panic!("{error}: {}", self.stdout))
    }
}

/// Runs `acs-logs` in the workspace root with `NO_COLOR` set and no config file around.
pub fn acs_logs(args: &[&str]) -> Run {
    acs_logs_with_stdin(args, None)
}

/// Runs `acs-logs` with standard input.
pub fn acs_logs_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_acs-logs"));
    command
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    let mut child = command.spawn().unwrap();
    if let Some(bytes) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(bytes).unwrap();
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
    }
}

/// One line per finding: `level id category field count`, in report order.
pub fn finding_lines(report: &Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| {
            format!(
                "{} {} {} {} {}",
                finding["level"].as_str().unwrap(),
                finding["id"].as_str().unwrap(),
                finding["category"].as_str().unwrap_or("-"),
                finding["field"].as_str().unwrap_or("-"),
                finding["count"]
            )
        })
        .collect()
}

/// `(total, valid, with_drift, unreadable)` of a record-counts object.
pub fn counts(records: &Value) -> (u64, u64, u64, u64) {
    (
        records["total"].as_u64().unwrap(),
        records["valid"].as_u64().unwrap(),
        records["with_drift"].as_u64().unwrap(),
        records["unreadable"].as_u64().unwrap(),
    )
}

/// The id of every finding of a report, in report order.
pub fn finding_ids(report: &Value) -> Vec<&str> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["id"].as_str().unwrap())
        .collect()
}

/// Finds the finding with an id (and field, if given).
pub fn find<'a>(report: &'a Value, id: &str, field: Option<&str>) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["id"] == id && field.is_none_or(|field| finding["field"] == field))
        .unwrap_or_else(|| panic!("no {id} {field:?} finding in {report:#}"))
}

/// Compares text with a golden file under `tests/expected/`; `ACS_LOGS_BLESS=1` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os("ACS_LOGS_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs (ACS_LOGS_BLESS=1 rewrites it):\n{actual}",
        path.display()
    );
}
