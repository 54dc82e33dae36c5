//! The size of the generated code grows with the schema, not with the number of paths through
//! it: 20 levels, each referring twice to the next through `allOf: [{$ref}]` (pydantic's and
//! schemars 0.8's way of describing a reference), make 21 types, not 2^21.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, Settings};
use serde_json::{Map, Value, json};

/// A schema of `levels` levels `L0` .. `L{levels}`, each with two properties wrapping a
/// reference to the next level in `allOf`, beside a description (and, every third level, a
/// merge with a shape of its own, which must be shared the same way).
fn nested(levels: usize) -> Value {
    let mut defs = Map::new();
    for level in 0..levels {
        let next = json!({ "allOf": [{ "$ref": format!("#/$defs/L{}", level + 1) }] });
        let mut right = json!({ "description": "right", "allOf": [{ "$ref": format!("#/$defs/L{}", level + 1) }] });
        if level % 3 == 0 {
            right = json!({ "allOf": [
                { "$ref": format!("#/$defs/L{}", level + 1) },
                { "properties": { "tag": { "type": "string" } } }
            ] });
        }
        defs.insert(
            format!("L{level}"),
            json!({ "type": "object", "properties": { "left": next, "right": right } }),
        );
    }
    defs.insert(
        format!("L{levels}"),
        json!({ "type": "object", "properties": { "value": { "type": "string" } } }),
    );
    json!({ "$ref": "#/$defs/L0", "$defs": defs })
}

/// (types, lines) of the code generated for `nested(levels)`.
fn generate(levels: usize) -> (usize, usize) {
    let dir = std::env::temp_dir().join(format!(
        "acs-codegen-linear-{}-{levels}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("nested.json");
    std::fs::write(&path, nested(levels).to_string()).unwrap();
    let source = Generator::new(Settings::new())
        .base_dir(&dir)
        .input("nested.json")
        .generate()
        .unwrap()
        .to_formatted_string()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let types = source
        .lines()
        .filter(|line| line.starts_with("pub struct ") || line.starts_with("pub enum "))
        .count();
    (types, source.lines().count())
}

#[test]
fn twenty_levels_of_all_of_wrapped_references_stay_linear() {
    let (types_10, lines_10) = generate(10);
    let (types_20, lines_20) = generate(20);
    // One struct per level, plus one shared merge for every third level.
    assert_eq!(types_10, 11 + 4, "10 levels");
    assert_eq!(types_20, 21 + 7, "20 levels");
    // Twice the levels, about twice the lines: linear, not exponential.
    let per_level = (lines_20 - lines_10) / 10;
    assert!(per_level < 60, "{per_level} lines per level");
    assert!(
        lines_20 < 2 * lines_10 + 100,
        "{lines_10} then {lines_20} lines"
    );
}
