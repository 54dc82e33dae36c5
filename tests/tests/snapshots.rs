//! Golden files: the code generated for every gallery schema (`tests/codegen/schemas/*.json`)
//! and every ACS category schema, checked in next to the schema as `.rs` (the ACS ones under
//! `tests/codegen/acs/`); and for every folder of `tests/codegen/cases/` and
//! `tests/codegen/corpus/`, all its schemas generated together into its `generated.rs`. The
//! `gallery` test compiles them all.
//!
//! A mismatch writes the new output under `tests/actual/` (ignored by git) and fails with a
//! diff; `UPDATE_SNAPSHOTS=1 cargo test -p acs-log-tests --test snapshots` accepts the new
//! output instead.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, MissingRequired, Settings, UnknownFields};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What `schemas/build.rs` generates the typed ACS records with.
fn acs_settings() -> Settings {
    Settings::new().with_missing_required(MissingRequired::Tolerate)
}

/// The settings each gallery schema is generated with: the defaults, except for the one that
/// shows the settings.
fn settings_for(schema: &str) -> Settings {
    match schema {
        "custom-settings.json" => Settings::new()
            .with_derive("Eq")
            .with_rename("CustomSettings", "Tuned")
            .with_replacement("CustomSettingsStatus", "String")
            .with_visibility("pub(crate)")
            .with_unknown_fields(UnknownFields::Deny),
        "tolerant.json" => acs_settings(),
        _ => Settings::new(),
    }
}

/// The generated source, with the warnings as comments after the header.
fn render(base_dir: &Path, schemas: &[String], settings: Settings) -> String {
    let generated = Generator::new(settings)
        .base_dir(base_dir)
        .inputs(schemas)
        .generate()
        .unwrap_or_else(|error| panic!("{schemas:?}: {error}"));
    let source = generated.to_formatted_string().unwrap();
    if generated.warnings().is_empty() {
        return source;
    }
    let mut warnings = String::from("//\n// Warnings:\n");
    for warning in generated.warnings() {
        writeln!(warnings, "//   {warning}").unwrap();
    }
    match source.split_once("\n\n") {
        Some((header, code)) => format!("{header}\n{warnings}\n{code}"),
        None => warnings + &source,
    }
}

/// Compares (or updates) one golden file; returns a description of the mismatch.
fn check(expected_path: &Path, actual: &str, actual_name: &str) -> Option<String> {
    let expected = std::fs::read_to_string(expected_path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(expected_path, actual).unwrap();
        return None;
    }
    let actual_path = manifest_dir().join("actual").join(actual_name);
    std::fs::create_dir_all(actual_path.parent().unwrap()).unwrap();
    std::fs::write(&actual_path, actual).unwrap();
    let diff = similar::TextDiff::from_lines(expected.as_str(), actual)
        .unified_diff()
        .context_radius(2)
        .header(
            &expected_path.display().to_string(),
            &actual_path.display().to_string(),
        )
        .to_string();
    Some(diff)
}

fn json_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|extension| extension == "json")
        })
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn gallery_snapshots_match() {
    let dir = manifest_dir().join("codegen/schemas");
    let schemas = json_files(&dir);
    assert!(schemas.len() >= 10, "the gallery lost schemas: {schemas:?}");
    let mismatches: Vec<String> = schemas
        .iter()
        .filter_map(|schema| {
            let stem = schema.trim_end_matches(".json");
            let actual = render(&dir, std::slice::from_ref(schema), settings_for(schema));
            check(
                &dir.join(format!("{stem}.rs")),
                &actual,
                &format!("gallery/{stem}.rs"),
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "snapshots differ:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn acs_snapshots_match() {
    let dir = manifest_dir().join("../schemas/acs");
    let set = acs_log_schemas::SchemaSet::acs();
    let mismatches: Vec<String> = set
        .categories()
        .iter()
        .filter_map(|entry| {
            let stem = entry
                .schema
                .trim_end_matches(".json")
                .trim_end_matches(".schema");
            let actual = render(&dir, std::slice::from_ref(&entry.schema), acs_settings());
            let expected = manifest_dir().join(format!("codegen/acs/{stem}.rs"));
            check(&expected, &actual, &format!("acs/{stem}.rs"))
        })
        .collect();
    assert_eq!(set.categories().len(), 8);
    assert!(
        mismatches.is_empty(),
        "snapshots differ:\n{}",
        mismatches.join("\n")
    );
}

/// Generates every folder of `group` and compares its `generated.rs`. The inputs are the
/// folder's own `*.json` files: not its `samples/`, nor files in other subfolders, which its
/// schemas reach by `$ref`.
fn folder_snapshots(group: &str) -> (usize, Vec<String>) {
    let root = manifest_dir().join("codegen").join(group);
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    let mismatches = folders
        .iter()
        .filter_map(|folder| {
            let name = folder.file_name().unwrap().to_string_lossy().into_owned();
            let actual = render(folder, &json_files(folder), Settings::new());
            check(
                &folder.join("generated.rs"),
                &actual,
                &format!("{group}/{name}.rs"),
            )
        })
        .collect();
    (folders.len(), mismatches)
}

#[test]
fn case_snapshots_match() {
    let (count, mismatches) = folder_snapshots("cases");
    assert!(count >= 7, "the handed cases are gone: {count} folders");
    assert!(
        mismatches.is_empty(),
        "snapshots differ:\n{}",
        mismatches.join("\n")
    );
}

#[test]
fn corpus_snapshots_match() {
    let (count, mismatches) = folder_snapshots("corpus");
    assert!(count >= 5, "the corpus lost schemas: {count} folders");
    assert!(
        mismatches.is_empty(),
        "snapshots differ:\n{}",
        mismatches.join("\n")
    );
}
