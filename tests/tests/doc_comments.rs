//! The doc comments of every checked-in snapshot of generated code, given to rustdoc as users'
//! builds give them: `cargo doc` with `-D warnings` has nothing to say (no unclosed HTML tag, no
//! unresolved intra-doc link, no bare URL), and `cargo test --doc` finds no doctest. The
//! comments are taken out of the snapshots onto empty items, so rustdoc needs none of the
//! crates the generated code uses.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Every snapshot of generated code under `tests/codegen`.
fn snapshots(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            snapshots(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// A crate of empty items, each with one doc comment of the snapshots, and a note of where it
/// came from for a failure to name.
fn doc_crate(files: &[PathBuf]) -> String {
    let mut source = String::from("#![allow(missing_docs)]\n");
    let mut item = 0;
    for file in files {
        let text = std::fs::read_to_string(file).unwrap();
        let mut block = String::new();
        for (number, line) in text.lines().enumerate() {
            if let Some(doc) = line.trim_start().strip_prefix("///") {
                if block.is_empty() {
                    block = format!("// {}:{}\n", file.display(), number + 1);
                }
                block = block + "///" + doc + "\n";
            } else if !block.is_empty() {
                item += 1;
                source = source + &block + &format!("pub struct Doc{item};\n");
                block.clear();
            }
        }
    }
    source
}

fn rustdoc() -> Command {
    Command::new(std::env::var_os("RUSTDOC").unwrap_or_else(|| "rustdoc".into()))
}

#[test]
fn generated_doc_comments_give_no_rustdoc_warning_and_no_doctest() {
    let codegen = Path::new(env!("CARGO_MANIFEST_DIR")).join("codegen");
    let mut files = Vec::new();
    snapshots(&codegen, &mut files);
    files.sort();
    assert!(files.len() > 20, "snapshots not found under {codegen:?}");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("generated_docs.rs");
    std::fs::write(&source, doc_crate(&files)).unwrap();

    let doc = rustdoc()
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "-D",
            "warnings",
            "-o",
        ])
        .arg(dir.path().join("doc"))
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        doc.status.success(),
        "rustdoc warns about generated docs:\n{}",
        String::from_utf8_lossy(&doc.stderr)
    );

    let test = rustdoc()
        .args(["--edition", "2024", "--crate-type", "lib", "--test"])
        .arg(&source)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success() && stdout.contains("running 0 tests"),
        "generated docs hold doctests:\n{stdout}{}",
        String::from_utf8_lossy(&test.stderr)
    );
}
