//! What the generator says when it cannot generate: every error names the file and, inside it,
//! the JSON pointer of the construct (schemas under `tests/codegen/errors/`).

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Error, Generator, Settings};
use std::path::PathBuf;

fn error_for(schema: &str, settings: Settings) -> Error {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codegen/errors");
    Generator::new(settings)
        .base_dir(dir)
        .input(schema)
        .generate()
        .expect_err("generation should fail")
}

#[test]
fn a_remote_reference_is_never_fetched() {
    assert_eq!(
        error_for("remote-ref.json", Settings::new()).to_string(),
        "remote-ref.json#/properties/address/$ref: $ref \"https://example.com/schemas/address.json\": \
         no loaded schema has this $id, and remote references are never fetched"
    );
}

#[test]
fn a_dangling_pointer_names_where_it_was_followed_from() {
    assert_eq!(
        error_for("dangling-pointer.json", Settings::new()).to_string(),
        "dangling-pointer.json#/properties/items/items/$ref: $ref \"#/$defs/Item\" does not resolve: \
         dangling-pointer.json has nothing at \"/$defs/Item\""
    );
}

#[test]
fn a_reference_to_a_missing_file_names_both_files() {
    let message = error_for("missing-file-ref.json", Settings::new()).to_string();
    assert!(
        message.starts_with(
            "missing-file-ref.json#/properties/common/$ref: $ref \"no-such-common.json#/$defs/Common\": \
             no-such-common.json: cannot read:"
        ),
        "{message}"
    );
}

#[test]
fn invalid_json_names_line_and_column() {
    let error = error_for("invalid-json.json", Settings::new());
    assert!(matches!(&error, Error::Json { line: 2, .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        "invalid-json.json:2:0: not valid JSON: EOF while parsing an object"
    );
}

#[test]
fn settings_that_are_not_rust_are_rejected() {
    let schema = "../schemas/enums.json";
    let bad_derive = error_for(schema, Settings::new().with_derive("not a path"));
    assert!(matches!(bad_derive, Error::Settings { .. }), "{bad_derive}");
    let bad_visibility = error_for(schema, Settings::new().with_visibility("public"));
    assert!(
        bad_visibility
            .to_string()
            .starts_with("invalid setting visibility \"public\"")
    );
    let clash = error_for(
        schema,
        Settings::new().with_rename("Enums", "EnumsNumberType"),
    );
    assert!(
        clash
            .to_string()
            .ends_with("another generated type already has that name"),
        "{clash}"
    );
}

#[test]
fn a_reference_to_an_id_no_schema_has_names_the_id_and_the_file_tried() {
    let message = error_for("unknown-embedded-id.json", Settings::new()).to_string();
    // The reference sits in the embedded resource `envelope`, so it resolves against that `$id`.
    assert!(
        message.starts_with(
            "unknown-embedded-id.json#/$defs/envelope/properties/payload/$ref: $ref \"payload\": \
             no schema read so far has the $id \"https://example.invalid/schemas/payload\", and as \
             a file: payload: cannot read:"
        ),
        "{message}"
    );
}

#[test]
fn generate_each_sets_aside_each_bad_input_and_keeps_the_rest() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("codegen/errors");
    let inputs = [
        "remote-ref.json",
        "../schemas/enums.json",
        "invalid-json.json",
        "dangling-pointer.json",
    ];
    let each = Generator::new(Settings::new())
        .base_dir(&dir)
        .inputs(inputs)
        .generate_each();
    let errors: Vec<String> = each.errors.iter().map(ToString::to_string).collect();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    for (error, file) in errors.iter().zip([
        "remote-ref.json",
        "invalid-json.json",
        "dangling-pointer.json",
    ]) {
        assert!(error.starts_with(file), "{error}");
    }
    let generated = each.generated.expect("enums.json is generated");
    assert_eq!(generated.root_types().len(), 1);
    assert_eq!(
        generated.root_types()[0].file,
        PathBuf::from("../schemas/enums.json")
    );
    // The strict door stops at the first error it meets (files are all read before any is
    // converted, so here the JSON error).
    let first = Generator::new(Settings::new())
        .base_dir(&dir)
        .inputs(inputs)
        .generate()
        .expect_err("an input fails");
    assert_eq!(first.to_string(), errors[1]);
    // An error about the whole run leaves nothing generated.
    let each = Generator::new(Settings::new().with_derive("not a path"))
        .base_dir(&dir)
        .input("../schemas/enums.json")
        .generate_each();
    assert!(each.generated.is_none());
    assert!(matches!(each.errors[..], [Error::Settings { .. }]));
}

#[test]
fn an_input_that_is_not_a_schema_or_an_empty_directory_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("number.json"), "42").unwrap();
    std::fs::write(dir.path().join("null.json"), "null").unwrap();
    // A byte order mark before a schema is read past, as `check` reads past one in data.
    std::fs::write(
        dir.path().join("bom.json"),
        "\u{feff}{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let each = Generator::new(Settings::new())
        .base_dir(dir.path())
        .inputs(["number.json", "bom.json", "null.json", "empty"])
        .generate_each();
    let errors: Vec<String> = each.errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors,
        [
            "number.json#: not a JSON Schema: a schema is an object or a boolean, and this file holds a number",
            "null.json#: not a JSON Schema: a schema is an object or a boolean, and this file holds null",
            "empty: cannot read: a directory with no schema file in it (*.json)",
        ]
    );
    let generated = each.generated.expect("bom.json is generated");
    assert_eq!(
        generated.root_type(std::path::Path::new("bom.json")),
        Some("Bom")
    );
}

#[test]
fn an_error_in_a_file_an_input_refers_to_names_the_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dangling.json"),
        r##"{"type":"object","properties":{"b":{"$ref":"#/$defs/Nope"}}}"##,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("mid.json"),
        r#"{"type":"object","properties":{"q":{"$ref":"dangling.json"}}}"#,
    )
    .unwrap();
    let each = Generator::new(Settings::new())
        .base_dir(dir.path())
        .inputs(["mid.json", "dangling.json"])
        .generate_each();
    let errors: Vec<String> = each.errors.iter().map(ToString::to_string).collect();
    let inner = "dangling.json#/properties/b/$ref: $ref \"#/$defs/Nope\" does not resolve: \
                 dangling.json has nothing at \"/$defs/Nope\"";
    assert_eq!(
        errors,
        [
            format!("mid.json: through its $refs: {inner}"),
            inner.to_owned()
        ]
    );
    assert!(
        matches!(&each.errors[0], Error::Referenced { input, .. } if input.as_os_str() == "mid.json")
    );
}
