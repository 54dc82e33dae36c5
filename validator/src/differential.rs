//! The hot path held to the full check: on random values and records (documented keys with
//! values of every JSON type, formats near their edges, nulls, unknown, recased and workspace
//! keys, both shapes) and on every bundled export, whatever the compiled checks vouch for,
//! `jsonschema` accepts, and a record the hot path counts leaves exactly the aggregate the full
//! check leaves.

use crate::aggregate::{Aggregate, Place};
use crate::config::Config;
use crate::fast_path;
use crate::field_check::Scalar;
use crate::index::SchemaIndex;
use crate::validate;
use acs_log_schemas::SchemaSet;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

fn schema_index() -> &'static SchemaIndex {
    static SCHEMA_INDEX: OnceLock<SchemaIndex> = OnceLock::new();
    SCHEMA_INDEX.get_or_init(|| {
        SchemaIndex::new(SchemaSet::acs(), &Config::default(), None).expect("the bundled schemas")
    })
}

/// Strings near the edges of the formats and value sets the schemas use.
fn edge_string() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2024-05-01T00:00:00Z".to_owned()),
        Just("2024-05-01T00:00:00.1234567Z".to_owned()),
        Just("2024-05-01T00:00:00.1234567".to_owned()),
        Just("2024-02-29T23:59:59Z".to_owned()),
        Just("2023-02-29T23:59:59Z".to_owned()),
        Just("2024-04-31T00:00:00Z".to_owned()),
        Just("2024-12-31T23:59:60Z".to_owned()),
        Just("2024-13-01T00:00:00Z".to_owned()),
        Just("2024-05-01t00:00:00z".to_owned()),
        Just("2024-05-01T24:00:00Z".to_owned()),
        Just("2024-05-01T00:00:00+02:00".to_owned()),
        Just("2024-05-01T00:00:00.Z".to_owned()),
        Just("2024-05-01 00:00:00Z".to_owned()),
        Just("1714521600".to_owned()),
        Just("10.0.0.1".to_owned()),
        Just("010.0.0.1".to_owned()),
        Just("::1".to_owned()),
        Just("2001:db8::1".to_owned()),
        Just("user@example.com".to_owned()),
        Just("first.last+tag@mail.example-host.com".to_owned()),
        Just("a@b".to_owned()),
        Just("a@b.c".to_owned()),
        Just(".a@b.com".to_owned()),
        Just("a.@b.com".to_owned()),
        Just("a..b@c.com".to_owned()),
        Just("a@-b.com".to_owned()),
        Just("a@b-.com".to_owned()),
        Just("a@ab--cd.com".to_owned()),
        Just("a@xn--nxasmq6b.com".to_owned()),
        Just("a@b..com".to_owned()),
        Just("a@b.com.".to_owned()),
        Just("a@123.456".to_owned()),
        Just("a@[10.0.0.1]".to_owned()),
        Just("\"quoted\"@example.com".to_owned()),
        Just(format!("{}@example.com", "a".repeat(65))),
        Just(format!("a@{}.com", "b".repeat(64))),
        Just("not an address".to_owned()),
        Just("255.255.255.255".to_owned()),
        Just("256.0.0.1".to_owned()),
        Just("1.2.3".to_owned()),
        Just("fe80::1%eth0".to_owned()),
        Just("::ffff:10.0.0.1".to_owned()),
        Just(String::new()),
        Just("LongCodeNumber".to_owned()),
        Just("longcodenumber".to_owned()),
        Just("ShortCodeNumber".to_owned()),
        Just("DynamicAlphaSenderID".to_owned()),
        Just("true".to_owned()),
        Just("ü".to_owned()),
        (
            1000u32..2999,
            0u32..14,
            0u32..33,
            0u32..25,
            0u32..61,
            0u32..61
        )
            .prop_map(|(year, month, day, hour, minute, second)| format!(
                "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z"
            )),
        "[a-zA-Z0-9 .:@-]{0,12}",
        "[a-z0-9.+-]{1,6}@[a-z0-9.-]{1,10}",
        "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,4}",
    ]
}

/// Any JSON value, scalars weighted towards the edges.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-3i64..3).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |float| float.is_finite())
            .prop_map(Value::from),
        prop_oneof![Just(70.0), Just(-1.0), Just(0.5), Just(1e20), Just(-0.0)]
            .prop_map(Value::from),
        edge_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..3)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A value a field's documentation allows: a timestamp for the time, a listed value for a
/// value set, else by its Kusto type in a Log Analytics row and its JSON type otherwise.
fn typical_value(doc: &crate::inventory::FieldDoc, log_analytics: bool, n: u32) -> Value {
    use crate::inventory::JsonKind;
    use acs_log_schemas::KustoType;
    match doc.key.as_str() {
        "TimeGenerated" => {
            return Value::from(format!("2024-05-{:02}T00:00:00.1234567Z", 1 + n % 28));
        }
        "NumberType" => return Value::from("LongCodeNumber"),
        _ => {}
    }
    let kind = match (log_analytics, doc.kusto) {
        (true, Some(KustoType::String)) => JsonKind::String,
        _ => doc.types.first().copied().unwrap_or(JsonKind::String),
    };
    match kind {
        JsonKind::Integer => Value::from(n),
        JsonKind::Number => Value::from(f64::from(n) + 0.5),
        JsonKind::Boolean => Value::from(n.is_multiple_of(2)),
        JsonKind::String if n.is_multiple_of(3) => Value::from(""),
        _ => Value::from(format!("value-{n}")),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// The hot path reads a value as `serde_json` reads it (numbers included: `-0` is a float to
    /// `serde_json`, 2^64 too); only a number it is not sure of (an exponent, 21 characters or
    /// more) is declined.
    #[test]
    fn the_hot_path_reads_values_as_serde_json_does(value in any_value()) {
        let text = value.to_string();
        match hot_path_read(&text) {
            Some(read) => {
                let expected: Scalar<'_> =
                    serde_json::from_str(&text).expect("serde_json reads what it wrote");
                prop_assert_eq!(read, expected, "{}", text);
            }
            None => prop_assert!(value.is_number(), "declined: {}", text),
        }
    }

    /// What a compiled field check accepts, the category's schema accepts.
    #[test]
    fn compiled_checks_accept_only_what_jsonschema_accepts(
        category in 0usize..8,
        field_pick in any::<prop::sample::Index>(),
        value in any_value(),
    ) {
        compiled_check_within_jsonschema(category, field_pick, &value)?;
    }

    /// The same, on strings near the formats' and value sets' edges, for every field.
    #[test]
    fn compiled_checks_accept_only_strings_jsonschema_accepts(
        category in 0usize..8,
        field_pick in any::<prop::sample::Index>(),
        text in edge_string(),
    ) {
        compiled_check_within_jsonschema(category, field_pick, &Value::String(text))?;
    }

    /// A record the hot path counts leaves the aggregate the full check leaves; records built
    /// from documented keys with documented types are counted by it.
    #[test]
    fn the_hot_path_counts_exactly_what_the_full_check_would(
        category in 0usize..8,
        resource_log in any::<bool>(),
        picks in prop::collection::vec((0u8..16, any_value(), 0u32..1000), 40),
        extra in prop::collection::vec(("[A-Za-z_]{1,12}", any_value()), 0..2),
        with_extra in any::<bool>(),
        spaced in any::<bool>(),
    ) {
        let schema_index = schema_index();
        let inventory = &schema_index.inventories[category];
        let mut record = Map::new();
        let mut plain = true;
        for (field, doc) in inventory.fields.iter().enumerate() {
            let (pick, random, n) = &picks[field % picks.len()];
            let value = match pick {
                0 => { plain = false; continue }
                1 => { plain = false; random.clone() }
                2 => { plain = false; Value::Null }
                3 => {
                    plain = false;
                    record.insert(doc.key.to_ascii_lowercase(), random.clone());
                    continue;
                }
                _ => typical_value(doc, !resource_log, *n),
            };
            record.insert(doc.key.clone(), value);
        }
        if resource_log {
            record.insert("Category".into(), Value::String(inventory.category.clone()));
        } else {
            record.insert("Type".into(), Value::String(inventory.table.clone()));
            record.insert("TenantId".into(), Value::String("t".into()));
        }
        if with_extra {
            for (key, value) in extra {
                plain = false;
                record.insert(key, value);
            }
        }
        let record = if resource_log { envelope(record) } else { Value::Object(record) };
        let line = if spaced { spaced_line(&record) } else { record.to_string() };
        let place = Place { input: 0, line: 1, record: None };
        let mut fast = Aggregate::default();
        let mut scratch = fast_path::Scratch::default();
        let counted = fast_path::check_line(schema_index, &line, place, None, &mut scratch, &mut fast);
        let mut full = Aggregate::default();
        validate::check_record(schema_index, serde_json::from_str(&line).expect("JSON"), place, None, &mut full);
        if counted {
            prop_assert_eq!(&fast, &full, "{}", line);
        } else {
            prop_assert_eq!(&fast, &Aggregate::default(), "{}", line);
            // A record of documented keys and values only is for the hot path to count,
            // unless the full check finds drift in it.
            prop_assert!(!plain || full.findings().next().is_some(), "not counted: {}", line);
        }
    }
}

/// Number texts no `Value` prints but exporters write: read as `serde_json` reads them, all but
/// the one past [`crate::members::MAX_NUMBER_BYTES`], which is declined.
#[test]
fn the_hot_path_reads_number_texts_as_serde_json_does() {
    for (text, read) in [
        ("0", true),
        ("-0", true),
        ("7", true),
        ("18446744073709551615", true),
        ("18446744073709551616", true),
        ("-9223372036854775808", true),
        ("-9223372036854775809", true),
        ("1.50", true),
        ("-0.0", true),
        ("123456789012345678901", false),
    ] {
        let expected: Option<Scalar<'_>> = serde_json::from_str(text).ok();
        assert_eq!(hot_path_read(text), expected.filter(|_| read), "{text}");
    }
}

/// A value's text as the hot path reads it (the scanner, then what the checks need); `None`
/// when the scanner declines it.
fn hot_path_read(text: &str) -> Option<Scalar<'_>> {
    let raw = crate::members::scan_value_text(text)?;
    Some(fast_path::scalar_of(raw).expect("a value the scanner read"))
}

/// If a field's compiled check accepts the value, the category's schema does.
fn compiled_check_within_jsonschema(
    category: usize,
    field_pick: prop::sample::Index,
    value: &Value,
) -> Result<(), TestCaseError> {
    let schema_index = schema_index();
    let inventory = &schema_index.inventories[category];
    let field = field_pick.index(inventory.fields.len());
    let checks = schema_index.field_checks[category]
        .as_ref()
        .expect("the ACS schemas compile");
    // Read as the hot path reads a member's value; a number the scanner declines is read as
    // `scalar_of` reads every other number, so the check is still held to `jsonschema` on it.
    let text = value.to_string();
    let scalar = match hot_path_read(&text) {
        Some(scalar) => scalar,
        None => serde_json::from_str(&text).expect("serde_json reads what it wrote"),
    };
    if checks[field].accepts(&scalar) {
        let record = json!({ inventory.fields[field].key.clone(): value });
        prop_assert!(
            schema_index.validators[category].is_valid(&record),
            "compiled check accepted {record} for {}",
            inventory.category
        );
    }
    Ok(())
}

/// A record on one line with a space after every `:` and `,`, as some exporters write it: the
/// hot path reads raw values, which must not carry the spacing into the checks.
fn spaced_line(record: &Value) -> String {
    struct Spaced;
    impl serde_json::ser::Formatter for Spaced {
        fn begin_object_key<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            writer.write_all(if first { b" " } else { b" , " })
        }
        fn begin_object_value<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
        ) -> std::io::Result<()> {
            writer.write_all(b" : ")
        }
        fn begin_array_value<W: ?Sized + std::io::Write>(
            &mut self,
            writer: &mut W,
            first: bool,
        ) -> std::io::Result<()> {
            writer.write_all(if first { b" " } else { b" , " })
        }
    }
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Spaced);
    serde::Serialize::serialize(record, &mut serializer).expect("a value serialises");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// A flat record in the resource-log common schema: envelope fields at the top level, the rest
/// under `properties`.
fn envelope(flat: Map<String, Value>) -> Value {
    let to_envelope = [
        ("TimeGenerated", "time"),
        ("OperationName", "operationName"),
        ("OperationVersion", "operationVersion"),
        ("Category", "category"),
        ("CorrelationId", "correlationId"),
        ("Level", "level"),
        ("Location", "location"),
    ];
    let mut top = Map::new();
    let mut properties = Map::new();
    for (key, value) in flat {
        match to_envelope.iter().find(|(column, _)| *column == key) {
            Some((_, envelope_key)) => {
                top.insert((*envelope_key).into(), value);
            }
            None => {
                properties.insert(key, value);
            }
        }
    }
    top.insert(
        "resourceId".into(),
        Value::String("/SUBSCRIPTIONS/X".into()),
    );
    top.insert("properties".into(), Value::Object(properties));
    Value::Object(top)
}

/// Every line of every bundled JSON Lines export: the hot path agrees with the full check, and
/// counts the clean ones.
#[test]
fn on_the_bundled_exports_the_hot_path_agrees_with_the_full_check() {
    let schema_index = schema_index();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/exports");
    let mut files = vec![root.clone()];
    let (mut counted, mut lines) = (0, 0);
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .map(|entry| entry.unwrap().path()),
            );
            continue;
        }
        let name = path.to_string_lossy();
        if !(name.ends_with(".ndjson") || name.ends_with("PT1H.json")) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let hint = schema_index.classifier().path_hint(&path);
        // One scratch for the file, as for a chunk: what it learnt from earlier records (the
        // order of their keys) must not change what a later one is found to be.
        let mut scratch = fast_path::Scratch::default();
        for line in text.lines().filter(|line| !line.trim().is_empty()) {
            lines += 1;
            let place = Place {
                input: 0,
                line: 1,
                record: None,
            };
            let mut fast = Aggregate::default();
            if fast_path::check_line(schema_index, line, place, hint, &mut scratch, &mut fast) {
                counted += 1;
                let mut full = Aggregate::default();
                validate::check_record(
                    schema_index,
                    serde_json::from_str(line).unwrap(),
                    place,
                    hint,
                    &mut full,
                );
                assert_eq!(fast, full, "{name}: {line}");
            }
        }
    }
    // The clean samples (SMS rows and the SMS archive) are counted by the hot path.
    assert!(
        lines >= 80 && counted >= 40,
        "{counted} of {lines} lines counted"
    );
}
