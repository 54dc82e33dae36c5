//! Paths in warnings, errors and the generated code are shown as the inputs were given: an
//! absolute input (and the files its `$ref`s read) absolute, a relative one relative to the base
//! directory, whatever directory the base is.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, Settings};
use serde_json::json;
use std::path::{Path, PathBuf};

/// A base directory, and beside it a schema directory: `event.json` refers to `common.json`,
/// each holds a construct that gives a warning, and `broken.json` has a dangling `$ref`.
struct Layout {
    root: PathBuf,
    base: PathBuf,
    schemas: PathBuf,
}

impl Layout {
    fn new(name: &str) -> Layout {
        let root = std::env::temp_dir().join(format!("acs-codegen-{name}-{}", std::process::id()));
        let base = root.join("base");
        let schemas = root.join("elsewhere/schemas");
        std::fs::create_dir_all(&base).unwrap();
        std::fs::create_dir_all(&schemas).unwrap();
        let not_a_string = json!({ "not": { "type": "string" } });
        let files = [
            (
                "event.json",
                json!({ "type": "object", "properties": {
                    "header": { "$ref": "common.json" }, "odd": not_a_string } }),
            ),
            (
                "common.json",
                json!({ "type": "object", "properties": { "n": not_a_string } }),
            ),
            (
                "broken.json",
                json!({ "type": "object", "properties": { "a": { "$ref": "#/$defs/none" } } }),
            ),
        ];
        for (name, schema) in files {
            std::fs::write(schemas.join(name), schema.to_string()).unwrap();
        }
        Layout {
            root,
            base,
            schemas,
        }
    }

    fn generator(&self, input: &Path) -> Generator {
        Generator::new(Settings::new())
            .base_dir(&self.base)
            .input(input)
    }
}

impl Drop for Layout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The files the header names, every warning's file, and every `Generated from` path.
fn shown_paths(generator: &Generator) -> Vec<String> {
    let generated = generator.generate().unwrap();
    let source = generated.to_formatted_string().unwrap();
    let mut shown: Vec<String> = source
        .lines()
        .take_while(|line| line.starts_with("//"))
        .skip(1)
        .map(|line| line.trim_start_matches("//").trim().to_owned())
        .collect();
    shown.extend(
        generated
            .warnings()
            .iter()
            .map(|warning| warning.file.display().to_string()),
    );
    shown.extend(source.lines().filter_map(|line| {
        let from = line.split("Generated from `").nth(1)?;
        Some(from.split('#').next()?.trim_end_matches("`.").to_owned())
    }));
    shown.sort();
    shown.dedup();
    shown
}

/// Asserts that generating `input` fails with a message that starts with `start`.
fn assert_error_starts(layout: &Layout, input: &Path, start: &str) {
    let message = layout.generator(input).generate().unwrap_err().to_string();
    assert!(message.starts_with(start), "{message}");
}

#[test]
fn an_absolute_input_is_shown_absolute() {
    let layout = Layout::new("absolute-paths");
    let event = layout.schemas.join("event.json");
    let common = layout.schemas.join("common.json");
    let mut expected = vec![event.display().to_string(), common.display().to_string()];
    expected.sort();
    let generator = layout.generator(&event);
    assert_eq!(shown_paths(&generator), expected);
    assert_eq!(
        generator.generate().unwrap().root_type(&event),
        Some("Event")
    );

    let broken = layout.schemas.join("broken.json");
    assert_error_starts(
        &layout,
        &broken,
        &format!("{}#/properties/a/$ref: ", broken.display()),
    );
    let missing = layout.schemas.join("missing.json");
    assert_error_starts(
        &layout,
        &missing,
        &format!("{}: cannot read", missing.display()),
    );
}

#[test]
fn a_relative_input_is_shown_relative_to_the_base_directory() {
    let layout = Layout::new("relative-paths");
    let generator = layout.generator(Path::new("../elsewhere/./schemas/event.json"));
    assert_eq!(
        shown_paths(&generator),
        [
            "../elsewhere/schemas/common.json",
            "../elsewhere/schemas/event.json"
        ]
    );
    assert_error_starts(
        &layout,
        Path::new("../elsewhere/schemas/broken.json"),
        "../elsewhere/schemas/broken.json#/properties/a/$ref: ",
    );
}
