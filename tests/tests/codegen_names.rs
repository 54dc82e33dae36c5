//! The type names the generator gives the root types of several input files: each file keeps
//! the name its own file name gives it, and a collision suffix never takes another file's.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, Settings};
use std::path::Path;

#[test]
fn a_collision_suffix_never_takes_another_files_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let schema = r#"{"type":"object","properties":{"a":{"type":"string"}}}"#;
    std::fs::create_dir(dir.path().join("adir")).unwrap();
    for file in [
        "good.json",
        "adir/good.json",
        "good2.json",
        "adir/good2.json",
    ] {
        std::fs::write(dir.path().join(file), schema).unwrap();
    }
    let generated = Generator::new(Settings::new())
        .base_dir(dir.path())
        .inputs([
            "good.json",
            "adir/good.json",
            "good2.json",
            "adir/good2.json",
        ])
        .generate()
        .unwrap();
    let name = |file: &str| generated.root_type(Path::new(file)).unwrap().to_owned();
    assert_eq!(name("good.json"), "Good");
    assert_eq!(name("adir/good.json"), "Good3");
    assert_eq!(name("good2.json"), "Good2");
    // A name ending in a digit takes `_2`: `Good22` would read as the number 22.
    assert_eq!(name("adir/good2.json"), "Good2_2");
    let code = generated.to_formatted_string().unwrap();
    for type_name in ["Good", "Good3", "Good2", "Good2_2"] {
        assert!(
            code.contains(&format!("pub struct {type_name} ")),
            "{type_name}:\n{code}"
        );
    }
}
