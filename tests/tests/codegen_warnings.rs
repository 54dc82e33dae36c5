//! What the generator says when it generates but cannot represent a schema as written: every
//! warning names the file and, inside it, the JSON pointer of the construct. (The gallery's
//! `unsupported.json` shows the same warnings beside the code they explain.)

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, Settings};

/// The warnings, as displayed, and the code generated for `schema` written as `schema.json`.
fn generate(schema: &str) -> (Vec<String>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    let generated = Generator::new(Settings::new())
        .base_dir(dir.path())
        .input("schema.json")
        .generate()
        .unwrap();
    let warnings = generated
        .warnings()
        .iter()
        .map(ToString::to_string)
        .collect();
    (warnings, generated.to_formatted_string().unwrap())
}

#[test]
fn an_all_of_nothing_satisfies_is_said_where_its_members_contradict() {
    let (warnings, code) = generate(
        r##"{"type": "object", "properties": {
            "conflict": {"allOf": [{"type": "string"}, {"type": "integer"}]},
            "consts": {"allOf": [{"const": "a"}, {"const": "b"}]},
            "never": {"allOf": [{"type": "string"}, false]},
            "beside": {"$ref": "#/$defs/Text", "type": "integer"},
            "narrowed": {"allOf": [{"type": ["string", "null"]}, {"type": ["number", "string"]}]},
            "whole": {"allOf": [{"type": "number"}, {"type": ["integer", "null"]}]},
            "either": {"allOf": [{"type": "number"}, {"type": ["integer", "number"]}]}
        }, "$defs": {"Text": {"type": "string"}}}"##,
    );
    let nothing = "so nothing satisfies the allOf; represented as serde_json::Value";
    assert_eq!(
        warnings,
        [
            format!(
                "schema.json#/properties/conflict/allOf/1: `type` \"integer\" has no type in \
                 common with the `type` \"string\" before it, {nothing}"
            ),
            format!(
                "schema.json#/properties/consts/allOf/1: `const` \"b\" differs from the `const` \
                 \"a\" before it, {nothing}"
            ),
            format!(
                "schema.json#/properties/never/allOf/1: the schema `false` matches nothing, \
                 {nothing}"
            ),
            "schema.json#/properties/beside: `type` \"integer\" has no type in common with the \
             `type` \"string\" before it, so nothing satisfies this $ref and the keywords beside \
             it; represented as serde_json::Value"
                .to_owned(),
        ]
    );
    for field in ["conflict", "consts", "never", "beside"] {
        assert!(
            code.contains(&format!(
                "pub {field}: ::core::option::Option<::serde_json::Value>,"
            )),
            "{field}:\n{code}"
        );
    }
    // Members that agree on some types keep those: a string (not nullable), an integer, and
    // a number (an integer is a number too, not the other way round).
    assert!(
        code.contains("pub narrowed: ::core::option::Option<::std::string::String>,"),
        "{code}"
    );
    assert!(
        code.contains("pub whole: ::core::option::Option<i64>,"),
        "{code}"
    );
    assert!(
        code.contains("pub either: ::core::option::Option<::serde_json::Number>,"),
        "{code}"
    );
}

#[test]
fn an_untagged_member_that_takes_a_later_members_objects_is_named() {
    let (warnings, _) = generate(
        r#"{"type": "object", "properties": {
            "open": {"anyOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "integer"}}}
            ]},
            "subset": {"oneOf": [
                {"properties": {"a": {"type": "string"}}, "required": ["a"]},
                {"properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "required": ["a", "b"]},
                {"properties": {"a": {"type": "string"}, "c": {"type": "string"}}, "required": ["a", "c"]},
                {"type": "object"}
            ]},
            "apart": {"oneOf": [
                {"properties": {"a": {"type": "string"}}, "required": ["a"]},
                {"properties": {"b": {"type": "string"}}, "required": ["b"]}
            ]},
            "closed": {"oneOf": [
                {"properties": {"a": {"type": "string"}}, "additionalProperties": false},
                {"properties": {"b": {"type": "string"}}}
            ]},
            "typed": {"oneOf": [
                {"properties": {"a": {"type": "string"}}},
                {"properties": {"a": {"type": "integer"}}, "required": ["a"]}
            ]}
        }}"#,
    );
    // `subset`'s last member is not named: an object without `a` is still its own.
    let tail = "(it requires no key they lack, and keeps keys it does not declare); the generated \
                untagged enum tries its members in order, so such an object is read as this one. \
                A `required` key or `additionalProperties: false` would tell them apart";
    assert_eq!(
        warnings,
        [
            format!(
                "schema.json#/properties/open/anyOf/0: this member also accepts the objects \
                 anyOf/1 describes {tail}"
            ),
            format!(
                "schema.json#/properties/subset/oneOf/0: this member also accepts the objects \
                 oneOf/1, oneOf/2 describe {tail}"
            ),
        ]
    );
}

#[test]
fn a_required_key_no_property_declares_is_named() {
    let (warnings, _) = generate(
        r#"{"type": "object", "properties": {
            "open": {"type": "object", "required": ["a", "zz"], "properties": {"a": {"type": "string"}}},
            "closed": {"type": "object", "required": ["zz"], "properties": {"a": {"type": "string"}},
                       "additionalProperties": false},
            "merged": {"allOf": [
                {"type": "object", "required": ["b"], "properties": {"a": {"type": "string"}}},
                {"required": ["a"], "properties": {"c": {"type": "string"}}}
            ]},
            "later": {"allOf": [
                {"type": "object", "required": ["c"], "properties": {"a": {"type": "string"}}},
                {"properties": {"c": {"type": "string"}}}
            ]},
            "patterned": {"type": "object", "required": ["x-id"], "properties": {"a": {"type": "string"}},
                          "patternProperties": {"^x-": {"type": "string"}}}
        }}"#,
    );
    let not_declared = "which `properties` does not declare,";
    assert_eq!(
        warnings,
        [
            format!(
                "schema.json#/properties/open/required/1: `required` names \"zz\", {not_declared} \
                 so the generated struct does not require it; when present, it is kept in the \
                 extra map"
            ),
            format!(
                "schema.json#/properties/closed/required/0: `required` names \"zz\", \
                 {not_declared} and unknown keys are refused, so no object satisfies this \
                 schema; the generated struct refuses the key"
            ),
            // Merged from several members: the schema holding the `allOf` is named.
            format!(
                "schema.json#/properties/merged: `required` names \"b\", {not_declared} so the \
                 generated struct does not require it; when present, it is kept in the extra map"
            ),
        ]
    );
}

#[test]
fn openapi_nullable_is_said_to_be_ignored() {
    let (warnings, code) = generate(
        r##"{"type": "object", "properties": {
            "name": {"type": "string", "nullable": true},
            "point": {"$ref": "#/$defs/Point", "nullable": true},
            "plain": {"type": "string", "nullable": false}
        }, "$defs": {"Point": {"type": "object", "properties": {"x": {"type": "number"}}}}}"##,
    );
    let ignored = "`nullable` is OpenAPI 3.0, not JSON Schema, and is ignored: null is not a \
                   value of this type (`\"type\": [..., \"null\"]` or an `anyOf` with \
                   `{\"type\": \"null\"}` allows it)";
    assert_eq!(
        warnings,
        [
            format!("schema.json#/properties/name/nullable: {ignored}"),
            format!("schema.json#/properties/point/nullable: {ignored}"),
        ]
    );
    // As a JSON Schema validator reads the schema: `null` is refused.
    assert!(
        code.contains("pub name: ::core::option::Option<::std::string::String>,"),
        "{code}"
    );
    assert!(
        code.contains("pub point: ::core::option::Option<Point>,"),
        "{code}"
    );
}
