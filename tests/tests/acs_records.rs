//! The typed ACS records against real shapes: the example records of the documentation pages
//! and a thousand generated records (`tests/fixtures/generated-1000.ndjson`, made by
//! `python3 ../shared/bench/gen_acs_logs.py --records 1000 --seed 7`). Every record that parses
//! serialises back to JSON equal to its input, unknown fields included; and the JSON Schema that
//! schemars derives from each generated type accepts exactly the records the source schema does.

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::{AcsRecord, RecordError, SchemaSet};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

fn repo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fenced `json` block of a documentation page, with the heading above it.
struct Example {
    page: String,
    heading: String,
    text: String,
}

fn doc_examples() -> Vec<Example> {
    let mut examples = Vec::new();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo_dir().join("docs/source"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md"))
        .collect();
    pages.sort();
    for path in pages {
        let page = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut heading = String::new();
        let mut block: Option<String> = None;
        for line in text.lines() {
            let trimmed = line.trim();
            match &mut block {
                Some(body) if trimmed.starts_with("```") => {
                    examples.push(Example {
                        page: page.clone(),
                        heading: heading.clone(),
                        text: std::mem::take(body),
                    });
                    block = None;
                }
                Some(body) => {
                    body.push_str(line);
                    body.push('\n');
                }
                None if trimmed.starts_with("```json") => block = Some(String::new()),
                None if trimmed.starts_with('#') => {
                    trimmed
                        .trim_start_matches('#')
                        .trim()
                        .clone_into(&mut heading);
                }
                None => {}
            }
        }
    }
    examples
}

fn records_of(value: Value) -> Vec<Value> {
    match value {
        Value::Array(records) => records,
        record => vec![record],
    }
}

/// Parses a record and asserts it serialises back to the same JSON.
fn assert_round_trip(record: &Value) -> Result<AcsRecord, RecordError> {
    let typed = AcsRecord::from_value(record.clone())?;
    assert_eq!(
        &typed.to_value().unwrap(),
        record,
        "{} record changed on the round trip",
        typed.category()
    );
    Ok(typed)
}

#[test]
fn doc_examples_that_are_json_round_trip_or_fail_as_their_schema_does() {
    let validators = source_validators();
    let mut not_json = Vec::new();
    let mut not_typed = Vec::new();
    let mut round_tripped = 0;
    for example in doc_examples() {
        let place = format!("{} / {}", example.page, example.heading);
        let Ok(value) = serde_json::from_str::<Value>(&example.text) else {
            not_json.push(place);
            continue;
        };
        for record in records_of(value) {
            let category = AcsRecord::category_of(&record).unwrap();
            match assert_round_trip(&record) {
                Ok(_) => round_tripped += 1,
                Err(error) => {
                    assert!(
                        !validators[category].is_valid(&record),
                        "{place}: the schema accepts it"
                    );
                    not_typed.push(format!("{place}: {error}"));
                }
            }
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
    // The SMS examples are JSON, but each omits a column its schema requires (a Log Analytics
    // row has every column), so neither the schema nor the typed record accepts them.
    assert_eq!(
        not_typed,
        [
            "sms-logs.md / Example SMS sent log: not a valid SMSOperational record: missing field `ResultDescription`",
            "sms-logs.md / Example SMS delivery report log: not a valid SMSOperational record: missing field `OperationVersion`",
            "sms-logs.md / Example SMS received log: not a valid SMSOperational record: missing field `OperationVersion`",
        ]
    );
    assert_eq!(round_tripped, 0);
}

/// The documentation's SMS example, with the columns it omits filled in, round-trips.
#[test]
fn the_sms_doc_example_completed_round_trips() {
    let example = doc_examples()
        .into_iter()
        .find(|example| example.heading == "Example SMS sent log")
        .unwrap();
    let mut record = records_of(serde_json::from_str(&example.text).unwrap()).remove(0);
    record["ResultDescription"] = Value::from("");
    let AcsRecord::SmsOperational(sms) = assert_round_trip(&record).unwrap() else {
        panic!("not an SMS record");
    };
    assert_eq!(sms.time_generated.as_str(), "2022-09-26T15:58:30.100Z");
    assert_eq!(sms.caller_ip_address, "127.0.0.1");
}

fn fixture() -> Vec<Value> {
    let text =
        std::fs::read_to_string(repo_dir().join("tests/fixtures/generated-1000.ndjson")).unwrap();
    text.lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// One validator per category, built from the source schemas with every file of the set
/// registered under its `$id` (nothing fetched), checking formats.
fn source_validators() -> BTreeMap<String, jsonschema::Validator> {
    let set = SchemaSet::acs();
    let resources: Vec<(String, &Value)> = set
        .documents()
        .map(|(name, document)| {
            (
                format!("{}{name}", acs_log_schemas::ACS_SCHEMA_BASE),
                document,
            )
        })
        .collect();
    let registry = jsonschema::Registry::new()
        .extend(resources)
        .unwrap()
        .prepare()
        .unwrap();
    set.categories()
        .iter()
        .map(|entry| {
            let schema = set.schema(&entry.category).unwrap();
            let validator = jsonschema::options()
                .with_registry(&registry)
                .should_validate_formats(true)
                .build(schema)
                .unwrap();
            (entry.category.clone(), validator)
        })
        .collect()
}

#[test]
fn a_thousand_generated_records_round_trip() {
    let validators = source_validators();
    let mut parsed = 0;
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    for record in fixture() {
        let category = AcsRecord::category_of(&record).unwrap();
        let valid = validators[category].is_valid(&record);
        match assert_round_trip(&record) {
            Ok(typed) => {
                assert_eq!(typed.category(), category);
                parsed += 1;
            }
            Err(error) => {
                // Whatever the types reject, the source schema rejects too.
                assert!(
                    !valid,
                    "a record the schema accepts failed to parse: {error}\n{record}"
                );
                *failures.entry(error.to_string()).or_default() += 1;
            }
        }
    }
    // The generator leaves out two columns the schemas require (Log Analytics has every column
    // in every row): drift, reported by the validator; the typed records reject these rows.
    assert_eq!(
        failures,
        BTreeMap::from([
            (
                "not a valid ChatOperational record: missing field `UserId`".to_owned(),
                104
            ),
            (
                "not a valid EmailStatusUpdateOperational record: missing field `Location`"
                    .to_owned(),
                157
            ),
            (
                "not a valid EmailUserEngagementOperational record: missing field `Location`"
                    .to_owned(),
                103
            ),
        ])
    );
    assert_eq!(parsed, 1000 - 104 - 157 - 103);
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
    assert_eq!(sms.number_type.as_str(), record["NumberType"]);
    assert_eq!(sms.time_generated.as_str(), record["TimeGenerated"]);
}

#[test]
fn the_category_comes_from_category_type_or_the_caller() {
    let mut record = fixture()
        .into_iter()
        .find(|record| record["Category"] == "RoomsOperational")
        .unwrap();
    let by_category = AcsRecord::category_of(&record).unwrap();
    record.as_object_mut().unwrap().remove("Category");
    assert_eq!(AcsRecord::category_of(&record).unwrap(), by_category);
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
    // Besides the rows missing a required column, the source schemas reject the rows whose
    // documented enums hold undocumented values (SMS NumberType, Rooms OperationName).
    assert!(
        accepted > 0 && accepted < 1000 - 104 - 157 - 103,
        "{accepted}"
    );
}
