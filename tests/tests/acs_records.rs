//! The typed ACS records against real shapes: the example records of the documentation pages
//! and a thousand generated records (`tests/fixtures/generated-1000.ndjson`, made by
//! `python3 ../shared/bench/gen_acs_logs.py --records 1000 --seed 7`: each table's real columns
//! and Kusto types). Every Log Analytics row that parses serialises back to JSON equal to its
//! input, unknown fields included (a `null`, no value, reads as `None` and is written as
//! absent); and the JSON Schema that schemars derives from each generated type accepts exactly
//! the records the source schema does. The real-shaped records of the truth cases, in every
//! shape, are read in `truth_cases.rs`.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::{AcsRecord, RecordError, SchemaSet};
use acs_log_validator::docs::Page;
use acs_log_validator::{category_validator, schema_registry};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every fenced `json` example of the pages, as (page / heading, parsed records or `None`).
fn doc_examples() -> Vec<(String, Option<Vec<Value>>)> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo_dir().join("docs/source"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|path| Page::load(path).unwrap())
        .flat_map(|page| {
            page.examples()
                .into_iter()
                .map(|example| {
                    let place = format!("{} / {}", page.file, example.block.heading);
                    (place, example.parsed.ok())
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The record without the `null`s of its documented columns: a Log Analytics `null` is a
/// column with no value, which a typed record holds as `None` and writes back as absent (an
/// unknown column keeps its `null` in `extra`).
fn without_nulls(record: &Value) -> Value {
    let mut record = record.clone();
    let Ok(category) = AcsRecord::category_of(&record) else {
        return record;
    };
    let properties = SchemaSet::acs().schema(category).unwrap()["properties"].clone();
    if let Some(map) = record.as_object_mut() {
        map.retain(|key, value| !value.is_null() || properties.get(key).is_none());
    }
    record
}

/// Parses a record and asserts it serialises back to the same JSON.
fn assert_round_trip(record: &Value) -> Result<AcsRecord, RecordError> {
    let typed = AcsRecord::from_value(record.clone())?;
    assert_eq!(
        typed.to_value().unwrap(),
        without_nulls(record),
        "{} record changed on the round trip",
        typed.category()
    );
    Ok(typed)
}

#[test]
fn every_doc_example_that_is_json_round_trips() {
    let validators = source_validators();
    let mut not_json = Vec::new();
    let mut round_tripped = Vec::new();
    let mut refused = Vec::new();
    for (place, records) in doc_examples() {
        let Some(records) = records else {
            not_json.push(place);
            continue;
        };
        for record in records {
            let typed = match assert_round_trip(&record) {
                Ok(typed) => typed,
                Err(error) => {
                    refused.push(format!("{place}: {error}"));
                    continue;
                }
            };
            // The typed record parses what its schema rejects: the SMS examples omit columns
            // the schema requires, which is drift for the validator to report, not a parse error.
            let valid = validators[typed.category()].is_valid(&record);
            round_tripped.push(format!("{place}: {}, valid: {valid}", typed.category()));
        }
    }
    // The Rooms page's examples all end objects and arrays with trailing commas.
    assert_eq!(
        not_json,
        [
            "rooms-logs.md / Example CreateRoom log",
            "rooms-logs.md / Example GetRoom log",
            "rooms-logs.md / Example UpdateRoom log",
            "rooms-logs.md / Example DeleteRoom log",
            "rooms-logs.md / Example ListRooms log",
            "rooms-logs.md / Example UpdateParticipants log",
        ]
    );
    assert_eq!(round_tripped, Vec::<String>::new());
    // The SMS examples write ResultSignature as a number (202); the table reference types the
    // column `string`, and Log Analytics and the archive write "202". The typed record follows
    // the evidence, and the docs check reports the examples.
    let refusal = "invalid type: integer `202`, expected a string";
    assert_eq!(
        refused,
        [
            format!(
                "sms-logs.md / Example SMS sent log: not a valid SMSOperational record: {refusal}"
            ),
            format!(
                "sms-logs.md / Example SMS delivery report log: not a valid SMSOperational record: {}",
                refusal.replace("202", "200")
            ),
            format!(
                "sms-logs.md / Example SMS received log: not a valid SMSOperational record: {}",
                refusal.replace("202", "200")
            ),
        ]
    );
}

/// A record that lacks a required column parses, and the absence survives the round trip.
#[test]
fn a_missing_required_column_parses_as_none() {
    let (_, records) = doc_examples()
        .into_iter()
        .find(|(place, _)| place.ends_with("Example SMS sent log"))
        .unwrap();
    let mut record = records.unwrap().remove(0);
    // As Log Analytics writes it (the example's number contradicts the table reference).
    record["ResultSignature"] = Value::from("202");
    let AcsRecord::SmsOperational(sms) = assert_round_trip(&record).unwrap() else {
        panic!("not an SMS record");
    };
    assert_eq!(sms.result_description, None);
    assert_eq!(
        sms.time_generated.unwrap().as_str(),
        "2022-09-26T15:58:30.100Z"
    );
    assert_eq!(sms.caller_ip_address.as_deref(), Some("127.0.0.1"));
}

fn fixture() -> Vec<Value> {
    let text =
        std::fs::read_to_string(repo_dir().join("tests/fixtures/generated-1000.ndjson")).unwrap();
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// One validator per category, compiled from the source schemas as the validator compiles
/// them (every file of the set registered under its `$id`, nothing fetched, formats checked).
fn source_validators() -> BTreeMap<String, jsonschema::Validator> {
    let set = SchemaSet::acs();
    let registry = schema_registry(set).unwrap();
    set.categories()
        .iter()
        .map(|entry| {
            (
                entry.category.clone(),
                category_validator(set, &registry, &entry.category).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_thousand_generated_records_round_trip() {
    let validators = source_validators();
    let mut rejected_by_schema: BTreeMap<&str, usize> = BTreeMap::new();
    let records = fixture();
    for record in &records {
        let typed = assert_round_trip(record).unwrap();
        assert_eq!(typed.category(), AcsRecord::category_of(record).unwrap());
        if !validators[typed.category()].is_valid(record) {
            *rejected_by_schema.entry(typed.category()).or_default() += 1;
        }
    }
    assert_eq!(records.len(), 1000);
    // Every record parses, including those the schema rejects: the Call Automation table has
    // no `Category` or `ParticipantId` column and spells `SdkType`/`SdkVersion`, the Rooms table
    // has no `CallerIpAddress`/`DurationMs`/`URI`/`Category`, the generator's SMS NumberType
    // values are not the page's three, and its Rooms operation names not the page's list. That
    // is drift for the validator, not a parse failure.
    assert_eq!(rejected_by_schema, expected_rejections(&records));
}

#[test]
fn unknown_fields_and_enum_values_survive() {
    let record = fixture()
        .into_iter()
        .find(|record| record["Category"] == "SMSOperational")
        .unwrap();
    let AcsRecord::SmsOperational(sms) = assert_round_trip(&record).unwrap() else {
        panic!("not an SMS record");
    };
    // TenantId, SourceSystem, Type and _ResourceId are workspace columns, not schema columns.
    assert_eq!(sms.extra["Type"], "ACSSMSIncomingOperations");
    assert!(sms.extra.contains_key("_ResourceId"));
    // The generator's NumberType values are not the documented ones: kept in `Other`.
    assert_eq!(sms.number_type.unwrap().as_str(), record["NumberType"]);
    assert_eq!(
        sms.time_generated.unwrap().as_str(),
        record["TimeGenerated"]
    );
}

#[test]
fn the_category_comes_from_category_type_or_the_caller() {
    let mut record = fixture()
        .into_iter()
        .find(|record| record["Type"] == "ACSRoomsIncomingOperations")
        .unwrap();
    // The Rooms table has no Category column: the table names the category.
    assert!(record.get("Category").is_none());
    let by_table = AcsRecord::category_of(&record).unwrap();
    record["Category"] = Value::from("RoomsOperational");
    assert_eq!(AcsRecord::category_of(&record).unwrap(), by_table);
    record.as_object_mut().unwrap().remove("Category");
    let table = record.as_object_mut().unwrap().remove("Type").unwrap();
    assert!(matches!(
        AcsRecord::category_of(&record),
        Err(RecordError::NoCategory)
    ));
    assert!(matches!(
        AcsRecord::from_value(record.clone()),
        Err(RecordError::NoCategory)
    ));
    let typed = AcsRecord::from_value_as("roomsoperational", record.clone()).unwrap();
    assert_eq!(typed.category(), "RoomsOperational");
    record["category"] = Value::from("Nope");
    assert!(
        matches!(AcsRecord::from_value(record.clone()), Err(RecordError::UnknownCategory(name)) if name == "Nope")
    );
    record["Type"] = table;
    assert_eq!(AcsRecord::category_of(&record).unwrap(), "RoomsOperational");
    let text = serde_json::to_string(&record).unwrap();
    assert_eq!(
        text.parse::<AcsRecord>().unwrap().category(),
        "RoomsOperational"
    );
    assert!(matches!(
        "{".parse::<AcsRecord>(),
        Err(RecordError::Json(_))
    ));
}

/// The schema schemars derives for each generated record type.
fn derived_validators() -> BTreeMap<&'static str, jsonschema::Validator> {
    use acs_log_schemas::records::{
        CallAutomationOperational, ChatOperational, EmailSendMailOperational,
        EmailStatusUpdateOperational, EmailUserEngagementOperational, RoomsOperational,
        SmsOperational, Usage,
    };
    let schemas = [
        ("Usage", schemars::schema_for!(Usage)),
        ("ChatOperational", schemars::schema_for!(ChatOperational)),
        ("SMSOperational", schemars::schema_for!(SmsOperational)),
        (
            "CallAutomationOperational",
            schemars::schema_for!(CallAutomationOperational),
        ),
        ("RoomsOperational", schemars::schema_for!(RoomsOperational)),
        (
            "EmailSendMailOperational",
            schemars::schema_for!(EmailSendMailOperational),
        ),
        (
            "EmailStatusUpdateOperational",
            schemars::schema_for!(EmailStatusUpdateOperational),
        ),
        (
            "EmailUserEngagementOperational",
            schemars::schema_for!(EmailUserEngagementOperational),
        ),
    ];
    assert_eq!(schemas.len(), SchemaSet::acs().categories().len());
    schemas
        .into_iter()
        .map(|(category, schema)| {
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(schema.as_value())
                .unwrap();
            (category, validator)
        })
        .collect()
}

#[test]
fn derived_schemas_accept_the_same_fixture_records_as_the_source_schemas() {
    let sources = source_validators();
    let derived = derived_validators();
    let mut accepted = 0;
    for record in fixture() {
        let category = AcsRecord::category_of(&record).unwrap();
        let source = sources[category].is_valid(&record);
        assert_eq!(
            derived[category].is_valid(&record),
            source,
            "{category} record judged differently:\n{record}"
        );
        accepted += usize::from(source);
    }
    let rejected: usize = expected_rejections(&fixture()).values().sum();
    assert_eq!(accepted, 1000 - rejected);
}

/// Which fixture records the source schemas reject, worked out from the records themselves
/// (not counted by the code under test): a row lacking a required column, holding a value
/// outside a documented enumeration, or a `null` (no value) in a documented column, which no
/// schema type admits (the validator reads it as no value before the schema sees the row).
fn expected_rejections(records: &[Value]) -> BTreeMap<&'static str, usize> {
    let set = SchemaSet::acs();
    let mut rejected = BTreeMap::new();
    for record in records {
        let category = AcsRecord::category_of(record).unwrap();
        let schema = set.schema(category).unwrap();
        let lacks_required = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .any(|key| record.get(key.as_str().unwrap()).is_none());
        let outside_enum =
            schema["properties"]
                .as_object()
                .unwrap()
                .iter()
                .any(|(key, property)| {
                    property
                        .get("enum")
                        .and_then(Value::as_array)
                        .is_some_and(|values| {
                            record.get(key).is_some_and(|value| !values.contains(value))
                        })
                });
        let null_value = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .any(|key| record.get(key).is_some_and(Value::is_null));
        if lacks_required || outside_enum || null_value {
            *rejected.entry(category).or_default() += 1;
        }
    }
    rejected
}
