//! Every type in the ACS schemas comes from evidence. The pages give none, so each property's
//! JSON type is the one its Azure Monitor table-reference column's Kusto type gives (kept on the
//! property as `x-kusto-type`, with `x-kusto-column` where the reference spells it differently);
//! a property the reference lacks asserts no type at all and says why in a `$comment`; a
//! `format` appears only where the reference (a `datetime`) or the page (an address) says it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::{AcsRecord, KustoType, SchemaSet};
use acs_log_validator::docs::Page;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// (category, key) of every key a parseable example record of the pages carries: the second
/// source of evidence.
fn example_keys() -> BTreeSet<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/source");
    let mut keys = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let page = Page::load(&entry.unwrap().path()).unwrap();
        for example in page.examples() {
            for record in example.parsed.into_iter().flatten() {
                let category = AcsRecord::category_of(&record).unwrap();
                keys.extend(
                    record
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(key, _)| (category.to_owned(), key.clone())),
                );
            }
        }
    }
    keys
}

/// The property schema with its `$ref` (within the set) followed, sibling keywords first.
fn resolved<'a>(set: &'a SchemaSet, file: &str, property: &'a Value) -> Vec<&'a Value> {
    let mut chain = vec![property];
    if let Some(reference) = property.get("$ref").and_then(Value::as_str) {
        let (document, fragment) = reference.split_once('#').unwrap();
        let document = if document.is_empty() { file } else { document };
        chain.push(set.document(document).unwrap().pointer(fragment).unwrap());
    }
    chain
}

/// Every `type` and `format` the property asserts, through `$ref`, `anyOf` and `oneOf`.
fn asserted(chain: &[&Value]) -> (BTreeSet<String>, BTreeSet<String>) {
    fn walk(schema: &Value, types: &mut BTreeSet<String>, formats: &mut BTreeSet<String>) {
        match schema.get("type") {
            Some(Value::String(name)) => {
                types.insert(name.clone());
            }
            Some(Value::Array(names)) => {
                types.extend(names.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            _ => {}
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            formats.insert(format.to_owned());
        }
        for keyword in ["anyOf", "oneOf"] {
            for branch in schema
                .get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                walk(branch, types, formats);
            }
        }
    }
    let (mut types, mut formats) = (BTreeSet::new(), BTreeSet::new());
    for schema in chain {
        walk(schema, &mut types, &mut formats);
    }
    (types, formats)
}

/// The JSON type a Log Analytics cell of a Kusto type has (`None`: any, for `dynamic`).
fn json_type(kusto: KustoType) -> Option<&'static str> {
    Some(match kusto {
        KustoType::String | KustoType::Datetime | KustoType::Guid | KustoType::Timespan => "string",
        KustoType::Int | KustoType::Long => "integer",
        KustoType::Real | KustoType::Decimal => "number",
        KustoType::Bool => "boolean",
        KustoType::Dynamic => return None,
    })
}

#[test]
fn every_type_is_the_table_reference_type_or_none() {
    let set = SchemaSet::acs();
    let examples = example_keys();
    assert!(
        examples.contains(&("SMSOperational".to_owned(), "PhoneNumber".to_owned())),
        "the SMS examples are read"
    );
    let (mut with_evidence, mut without_evidence) = (0, 0);
    for entry in set.categories() {
        let table = set.reference_table(&entry.table).unwrap();
        let schema = set.schema(&entry.category).unwrap();
        for (key, property) in schema["properties"].as_object().unwrap() {
            let at = format!("{}: /properties/{key}", entry.schema);
            let chain = resolved(set, &entry.schema, property);
            let (types, formats) = asserted(&chain);
            let column_name = property
                .get("x-kusto-column")
                .and_then(Value::as_str)
                .unwrap_or(key);
            let Some(column) = table.column(column_name) else {
                // Not in the reference, and no example of the pages carries it: no evidence, so
                // nothing asserted, and the schema says why.
                let carried = examples.contains(&(entry.category.clone(), key.clone()));
                assert!(!carried, "{at}: an example carries it; type it from that");
                without_evidence += 1;
                assert!(types.is_empty(), "{at}: type {types:?} without evidence");
                assert!(
                    formats.is_empty(),
                    "{at}: format {formats:?} without evidence"
                );
                for keyword in ["const", "enum", "anyOf", "oneOf", "$ref", "x-kusto-type"] {
                    assert!(
                        property.get(keyword).is_none(),
                        "{at}: {keyword} without evidence"
                    );
                }
                let comment = property["$comment"].as_str().unwrap_or_default();
                assert!(comment.contains("no type is asserted"), "{at}: {comment:?}");
                continue;
            };
            with_evidence += 1;
            assert_eq!(
                property["x-kusto-type"].as_str(),
                Some(column.kusto_type.as_str()),
                "{at}: x-kusto-type"
            );
            if column_name != key {
                // The reference spells it otherwise: the same column once case is ignored.
                assert!(column_name.eq_ignore_ascii_case(key), "{at}: {column_name}");
            }
            let Some(expected) = json_type(column.kusto_type) else {
                assert!(types.is_empty(), "{at}: dynamic column typed {types:?}");
                continue;
            };
            assert!(
                types.contains(expected),
                "{at}: {types:?}, reference {expected}"
            );
            if types.len() > 1 {
                // A second type only where another shape carries it, and the schema says so.
                let comment = property["$comment"].as_str().unwrap_or_default();
                assert!(
                    comment.contains("resource-log"),
                    "{at}: {types:?} unexplained"
                );
            }
            let description = property["description"].as_str().unwrap_or_default();
            for format in &formats {
                let evidence = match format.as_str() {
                    "date-time" => column.kusto_type == KustoType::Datetime,
                    "uuid" => column.kusto_type == KustoType::Guid,
                    "idn-email" => description.to_ascii_lowercase().contains("email"),
                    "ipv4" | "ipv6" => description.contains("IP"),
                    _ => false,
                };
                assert!(evidence, "{at}: format {format} without evidence");
            }
            if column.kusto_type == KustoType::Datetime {
                assert!(
                    formats.contains("date-time"),
                    "{at}: a datetime without date-time"
                );
            }
        }
    }
    assert!(
        with_evidence > 100,
        "{with_evidence} properties with evidence"
    );
    assert_eq!(
        without_evidence, 3,
        "Call Automation's Category and ParticipantId, Usage's Properties"
    );
}

#[test]
fn no_property_asserts_a_preferred_type() {
    // `x-preferred-type` was a guess between the pages' two spellings of a value; the table
    // reference now decides, so no schema may carry one.
    let set = SchemaSet::acs();
    for (file, document) in set.documents() {
        assert!(
            !document.to_string().contains("x-preferred-type"),
            "{file}: x-preferred-type"
        );
    }
}
