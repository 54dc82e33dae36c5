//! Every example record in the source pages either validates against its category's schema, or
//! this test states exactly why it does not. A broken example is a finding about the docs, never
//! a fixture to repair.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::SchemaSet;
use acs_log_validator::docs::Page;
use acs_log_validator::{category_validator, schema_registry};
use serde_json::Value;
use std::path::Path;

fn pages() -> Vec<Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/source");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths.iter().map(|path| Page::load(path).unwrap()).collect()
}

/// The category of an example record: its own `Category`, or else the one operational category
/// its page documents (the Rooms examples carry no `Category`).
fn category_of<'a>(set: &'a SchemaSet, page: &Page, record: &Value) -> &'a str {
    if let Some(name) = record.get("Category").and_then(Value::as_str) {
        return &set.category(name).unwrap().category;
    }
    let documented: Vec<&str> = set
        .categories()
        .iter()
        .filter(|entry| {
            entry.category != "Usage" && entry.pages.iter().any(|source| source.page == page.file)
        })
        .map(|entry| entry.category.as_str())
        .collect();
    assert_eq!(
        documented.len(),
        1,
        "{}: cannot tell an example's category",
        page.file
    );
    documented[0]
}

/// Each example's outcome, as `page:line: verdict`.
fn outcomes() -> Vec<String> {
    let set = SchemaSet::acs();
    let registry = schema_registry(set).unwrap();
    let mut outcomes = Vec::new();
    for page in pages() {
        for example in page.examples() {
            let records = match &example.parsed {
                Ok(records) => records,
                Err(error) => {
                    outcomes.push(format!(
                        "{}:{}:{}: not JSON: {}",
                        error.page, error.line, error.column, error.message
                    ));
                    continue;
                }
            };
            for record in records {
                let category = category_of(set, &page, record);
                let validator = category_validator(set, &registry, category).unwrap();
                let mut errors: Vec<String> = validator
                    .iter_errors(record)
                    .map(|error| format!("{}{error}", error.instance_path()))
                    .collect();
                errors.sort();
                let verdict = if errors.is_empty() {
                    "valid".to_owned()
                } else {
                    errors.join("; ")
                };
                outcomes.push(format!(
                    "{}:{}: {category}: {verdict}",
                    page.file, example.block.fence_line
                ));
            }
        }
    }
    outcomes
}

#[test]
fn every_example_validates_or_its_reason_is_stated() {
    let expected = [
        // The Rooms page's examples all end their objects with a trailing comma.
        "rooms-logs.md:80:34: not JSON: trailing comma",
        "rooms-logs.md:98:54: not JSON: trailing comma",
        "rooms-logs.md:117:34: not JSON: trailing comma",
        "rooms-logs.md:135:54: not JSON: trailing comma",
        "rooms-logs.md:151:51: not JSON: trailing comma",
        "rooms-logs.md:171:54: not JSON: trailing comma",
        // The SMS examples omit ResultDescription, a documented column; the delivery-report and
        // received examples also omit OperationVersion. All three write ResultSignature as a
        // number, where the table reference types it Kusto `string`.
        "sms-logs.md:95: SMSOperational: \"ResultDescription\" is a required property; /ResultSignature202 is not of type \"string\"",
        "sms-logs.md:126: SMSOperational: \"OperationVersion\" is a required property; \"ResultDescription\" is a required property; /ResultSignature200 is not of type \"string\"",
        "sms-logs.md:156: SMSOperational: \"OperationVersion\" is a required property; \"ResultDescription\" is a required property; /ResultSignature200 is not of type \"string\"",
    ];
    let actual = outcomes();
    assert_eq!(
        actual,
        expected,
        "\nactual outcomes:\n{}",
        actual.join("\n")
    );
}
