//! The ACS schema set as data: every file is valid draft 2020-12, compiles offline, resolves
//! every `$ref` inside the set, documents every property with a description and provenance, and
//! agrees with the catalog.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::{ACS_SCHEMA_BASE, SchemaSet};
use acs_log_validator::{category_validator, schema_registry};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn set() -> &'static SchemaSet {
    SchemaSet::acs()
}

/// Every `$ref` in a document, with the JSON pointer of the object holding it.
fn refs(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if let Value::String(target) = child {
                        out.push((pointer.to_owned(), target.clone()));
                    }
                } else {
                    refs(
                        child,
                        &format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                refs(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_file_is_valid_against_the_2020_12_meta_schema() {
    let mut checked = 0;
    for (file, schema) in set().documents() {
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{file} must declare draft 2020-12"
        );
        if let Err(error) = jsonschema::draft202012::meta::validate(schema) {
            panic!(
                "{file}: not a valid 2020-12 schema at {}: {error}",
                error.instance_path()
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 9, "eight categories and the common file");
}

#[test]
fn every_file_is_named_by_its_id() {
    for (file, schema) in set().documents() {
        assert_eq!(schema["$id"], format!("{ACS_SCHEMA_BASE}{file}"), "{file}");
    }
}

#[test]
fn every_category_compiles_offline_with_the_set_registered() {
    // The registry and compilation the validator itself uses: documents under their `$id`.
    let registry = schema_registry(set()).unwrap();
    for entry in set().categories() {
        let validator = category_validator(set(), &registry, &entry.category);
        assert!(
            validator.is_ok(),
            "{}: {:?}",
            entry.category,
            validator.err()
        );
    }
    // Offline really is offline: a reference outside the set fails to compile.
    let stray = serde_json::json!({"$ref": "https://json-schema.org/does-not-exist.json"});
    assert!(
        jsonschema::options()
            .offline()
            .with_registry(&registry)
            .build(&stray)
            .is_err()
    );
}

#[test]
fn every_ref_resolves_inside_the_set() {
    let mut used_definitions = BTreeSet::new();
    for (file, schema) in set().documents() {
        let mut found = Vec::new();
        refs(schema, "", &mut found);
        for (pointer, target) in found {
            let (document, fragment) = target.split_once('#').unwrap_or((target.as_str(), ""));
            let document = if document.is_empty() { file } else { document };
            assert!(
                !document.contains("://"),
                "{file}{pointer}: absolute $ref {target}"
            );
            let resolved = set()
                .document(document)
                .unwrap_or_else(|| {
                    panic!("{file}{pointer}: $ref {target} names a file the set lacks")
                })
                .pointer(fragment);
            assert!(
                resolved.is_some(),
                "{file}{pointer}: $ref {target} points at nothing"
            );
            used_definitions.insert(target);
        }
    }
    // Shared columns are defined once: every common definition is used, none is dead.
    let common = set().document("common.schema.json").unwrap();
    let defined: BTreeSet<String> = common["$defs"]
        .as_object()
        .unwrap()
        .keys()
        .map(|name| format!("common.schema.json#/$defs/{name}"))
        .collect();
    assert_eq!(defined, used_definitions);
}

#[test]
fn every_property_has_a_description_and_provenance() {
    let mut properties = 0;
    for entry in set().categories() {
        let schema = set().schema(&entry.category).unwrap();
        let pages: BTreeSet<&str> = entry.pages.iter().map(|page| page.page.as_str()).collect();
        let newest = &entry.pages[0];
        for (key, property) in schema["properties"].as_object().unwrap() {
            let at = format!("{}: /properties/{key}", entry.schema);
            let description = property["description"].as_str().unwrap_or_default();
            assert!(!description.trim().is_empty(), "{at}: no description");
            let doc = property["x-doc"]
                .as_object()
                .unwrap_or_else(|| panic!("{at}: no x-doc"));
            let allowed: BTreeSet<&str> =
                ["page", "table", "name", "spellings", "olderPages"].into();
            for field in doc.keys() {
                assert!(
                    allowed.contains(field.as_str()),
                    "{at}: unknown x-doc field {field}"
                );
            }
            assert_eq!(
                doc["page"],
                newest.page.as_str(),
                "{at}: provenance follows the newest page"
            );
            assert_eq!(doc["table"], newest.table.as_str(), "{at}");
            assert!(
                doc["name"].as_str().is_some_and(|name| !name.is_empty()),
                "{at}: no name"
            );
            for older in doc
                .get("olderPages")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                assert!(
                    pages.contains(older["page"].as_str().unwrap()),
                    "{at}: {older} is not one of the category's pages"
                );
            }
            // The key is how the data spells it: no spaces, and either the documented name or a
            // recorded spelling of it.
            assert!(!key.contains(' '), "{at}: a data key has no spaces");
            let name = doc["name"].as_str().unwrap();
            let spellings: Vec<&str> = doc
                .get("spellings")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            assert!(
                name == key || spellings.contains(&name),
                "{at}: doc name {name:?} differs from the key and is not a recorded spelling"
            );
            properties += 1;
        }
    }
    assert!(properties > 100, "{properties}");
}

#[test]
fn the_catalog_and_the_files_agree() {
    let named: BTreeSet<&str> = set()
        .categories()
        .iter()
        .map(|entry| entry.schema.as_str())
        .collect();
    let present: BTreeSet<&str> = set()
        .documents()
        .map(|(file, _)| file)
        .filter(|file| *file != "common.schema.json")
        .collect();
    assert_eq!(named, present, "no orphan schema file, no missing one");
    let categories: Vec<&str> = set()
        .categories()
        .iter()
        .map(|entry| entry.category.as_str())
        .collect();
    assert_eq!(
        categories,
        [
            "Usage",
            "ChatOperational",
            "SMSOperational",
            "CallAutomationOperational",
            "RoomsOperational",
            "EmailSendMailOperational",
            "EmailStatusUpdateOperational",
            "EmailUserEngagementOperational"
        ]
    );
    for entry in set().categories() {
        let schema = set().schema(&entry.category).unwrap();
        assert_eq!(schema["x-category"], entry.category.as_str());
        assert_eq!(
            schema["properties"]["Category"]["const"]
                .as_str()
                .unwrap_or(&entry.category),
            entry.category
        );
        assert!(
            set()
                .by_table(&entry.table)
                .is_some_and(|found| found.category == entry.category)
        );
        for page in &entry.pages {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../docs/source")
                    .join(&page.page)
                    .is_file(),
                "{}",
                page.page
            );
        }
    }
    // Lookups ignore case, as categories arrive lower-cased in blob paths.
    assert_eq!(
        set().category("smsoperational").unwrap().table,
        "ACSSMSIncomingOperations"
    );
    assert!(set().category("NoSuchCategory").is_none());
}

#[test]
fn the_embedded_set_matches_the_files_on_disk() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/acs");
    let from_disk = SchemaSet::load_dir(&dir).unwrap();
    assert_eq!(from_disk.catalog, set().catalog);
    let disk: Vec<_> = from_disk.documents().collect();
    let embedded: Vec<_> = set().documents().collect();
    assert_eq!(disk, embedded);
}

#[test]
fn a_broken_set_is_an_error_naming_the_file_and_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("catalog.json"), r#"{"name": "x", "title": "x", "docs": "d", "categories": [{"category": "A", "title": "A", "schema": "missing.schema.json", "table": "T", "pages": []}], "envelope": {"propertiesKey": "properties", "fields": {}, "envelopeOnly": [], "workspaceColumns": [], "tableColumn": "Type"}}"#).unwrap();
    let error = SchemaSet::load_dir(dir.path()).unwrap_err().to_string();
    assert!(
        error.contains("catalog.json: /categories/0/schema")
            && error.contains("missing.schema.json"),
        "{error}"
    );
    std::fs::write(
        dir.path().join("bad.schema.json"),
        "{\n  \"type\": \"object\",\n}",
    )
    .unwrap();
    let error = SchemaSet::load_dir(dir.path()).unwrap_err().to_string();
    assert!(error.contains("bad.schema.json:3:1"), "{error}");
}
