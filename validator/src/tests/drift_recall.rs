//! Drift recall: every drift the benchmark generator injected into the checked-in fixture
//! (`tests/fixtures/recall/`, made with `gen_acs_logs.py --records 800 --seed 21 --drift-rate 0.15
//! --truth ...`, the generator that writes each table's real columns and Kusto types) that is drift against the documented schemas is reported on its record under the
//! right id. Injected changes the documentation cannot see (an unknown value of a field the pages
//! do not enumerate, a missing column the pages never list) are counted by reason and asserted
//! exactly, so the test can never pass by quietly skipping entries.
//!
//! Each record is checked on its own by the rule step (`validate::check_value`), not through a
//! report: a report of one record would fold a required column it lacks into
//! `documented-field-never-seen`, and a report of all of them keeps only the first places.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::aggregate::{Aggregate, Place};
use crate::config::Config;
use crate::finding::FindingId;
use crate::index::SchemaIndex;
use crate::inventory::CategoryInventory;
use acs_log_schemas::SchemaSet;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/recall")
            .join(name),
    )
    .unwrap()
}

/// The (id, field) findings of one record, checked on its own.
fn findings_of(schema_index: &SchemaIndex, line: &str) -> BTreeSet<(FindingId, String)> {
    let mut aggregate = Aggregate::default();
    let value: Value = serde_json::from_str(line).unwrap();
    crate::validate::check_value(
        schema_index,
        value,
        Place {
            input: 0,
            line: 1,
            record: None,
        },
        None,
        &mut aggregate,
    );
    aggregate
        .findings()
        .map(|(head, field, _)| (head.id, field.to_owned()))
        .collect()
}

fn inventory<'a>(schema_index: &'a SchemaIndex, category: &str) -> &'a CategoryInventory {
    schema_index
        .inventories
        .iter()
        .find(|inventory| inventory.category == category)
        .unwrap()
}

fn has_enum(set: &SchemaSet, category: &str, field: &str) -> bool {
    set.schema(category)
        .and_then(|schema| schema.pointer(&format!("/properties/{field}/enum")))
        .is_some()
}

/// What the validator must report for a truth entry, or why it cannot be seen in the docs'
/// terms (with what it is reported as instead, if anything).
enum Expectation {
    Reported(FindingId, String),
    Invisible {
        reason: &'static str,
        reported_as: Option<(FindingId, String)>,
    },
}

fn expectation(set: &SchemaSet, schema_index: &SchemaIndex, entry: &Value) -> Expectation {
    let category = entry["category"].as_str().unwrap();
    let kind = entry["kind"].as_str().unwrap();
    let field = entry["field"].as_str().unwrap().to_owned();
    let inventory = inventory(schema_index, category);
    let documented = inventory.field_index(&field).is_some();
    match kind {
        "extra-field" => Expectation::Reported(FindingId::UndocumentedField, field),
        "missing-field"
            if documented && inventory.fields[inventory.field_index(&field).unwrap()].required =>
        {
            Expectation::Reported(FindingId::MissingRequiredField, field)
        }
        "missing-field" => Expectation::Invisible {
            reason: "missing-field: a column the category's docs do not list went missing",
            reported_as: None,
        },
        "int-as-string" if documented => Expectation::Reported(FindingId::TypeMismatch, field),
        "int-as-string" => Expectation::Invisible {
            reason: "int-as-string: on a column the category's docs do not list (still reported as undocumented-field)",
            reported_as: Some((FindingId::UndocumentedField, field)),
        },
        "key-case" => {
            let new_key = entry["value"].as_str().unwrap().to_owned();
            if documented {
                Expectation::Reported(FindingId::NameCaseMismatch, new_key)
            } else {
                Expectation::Invisible {
                    reason: "key-case: the recased column is not in the category's docs (reported as undocumented-field)",
                    reported_as: Some((FindingId::UndocumentedField, new_key)),
                }
            }
        }
        "bad-timestamp" => Expectation::Reported(FindingId::FormatViolation, field),
        "unknown-enum" if has_enum(set, category, &field) => {
            Expectation::Reported(FindingId::UndocumentedEnumValue, field)
        }
        "unknown-enum" if documented => Expectation::Invisible {
            reason: "unknown-enum: the docs do not enumerate the field's values",
            reported_as: None,
        },
        "unknown-enum" => Expectation::Invisible {
            reason: "unknown-enum: on a column the category's docs do not list (reported as undocumented-field)",
            reported_as: Some((FindingId::UndocumentedField, field)),
        },
        other => panic!("unknown drift kind {other}"),
    }
}

/// Checks every record a truth file names on its own, and returns what was reported per id and
/// what the docs cannot see per reason; every visible drift must be reported.
fn recall(
    records: &[String],
    truth: &[Value],
) -> (BTreeMap<FindingId, usize>, BTreeMap<&'static str, usize>) {
    let set = SchemaSet::acs();
    let schema_index = SchemaIndex::new(set, &Config::default(), None).unwrap();
    let mut reported_by_id: BTreeMap<FindingId, usize> = BTreeMap::new();
    let mut invisible_by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    let mut missed = Vec::new();
    for entry in truth {
        let index = usize::try_from(entry["index"].as_u64().unwrap()).unwrap();
        let findings = findings_of(&schema_index, &records[index]);
        match expectation(set, &schema_index, entry) {
            Expectation::Reported(id, field) => {
                if findings.contains(&(id, field.clone())) {
                    *reported_by_id.entry(id).or_default() += 1;
                } else {
                    missed.push(format!(
                        "record {index}: expected {id} on {field}; got {findings:?}; truth {entry}"
                    ));
                }
            }
            Expectation::Invisible {
                reason,
                reported_as,
            } => {
                if let Some(expected) = reported_as {
                    assert!(
                        findings.contains(&expected),
                        "record {index}: expected {expected:?} ({reason}); got {findings:?}"
                    );
                }
                *invisible_by_reason.entry(reason).or_default() += 1;
            }
        }
    }
    assert!(
        missed.is_empty(),
        "drift not reported:\n{}",
        missed.join("\n")
    );
    let reported: usize = reported_by_id.values().sum();
    let invisible: usize = invisible_by_reason.values().sum();
    assert_eq!(reported + invisible, truth.len());
    (reported_by_id, invisible_by_reason)
}

fn truth_of(name: &str) -> Vec<Value> {
    fixture(name)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

#[test]
fn every_injected_drift_in_the_bundled_sample_is_reported() {
    // examples/exports/log-analytics/all-categories-drift.ndjson, with the truth the generator
    // wrote for it (same options as make_examples.py, plus --truth).
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../examples/exports/log-analytics/all-categories-drift.ndjson"),
    )
    .unwrap();
    let records: Vec<String> = sample.lines().map(str::to_owned).collect();
    let truth = truth_of("all-categories-drift.truth.jsonl");
    assert_eq!((records.len(), truth.len()), (40, 10));
    let (reported_by_id, invisible_by_reason) = recall(&records, &truth);
    assert_eq!(
        reported_by_id,
        BTreeMap::from([
            (FindingId::UndocumentedField, 3),
            (FindingId::MissingRequiredField, 1),
            (FindingId::TypeMismatch, 2),
            (FindingId::NameCaseMismatch, 2),
            (FindingId::FormatViolation, 2),
        ])
    );
    assert_eq!(invisible_by_reason, BTreeMap::new());
}

#[test]
fn every_injected_drift_visible_against_the_docs_is_reported_under_its_id() {
    let records: Vec<String> = fixture("drift.ndjson").lines().map(str::to_owned).collect();
    let truth = truth_of("drift.truth.jsonl");
    assert_eq!(records.len(), 800);
    assert_eq!(truth.len(), 125);
    let (reported_by_id, invisible_by_reason) = recall(&records, &truth);

    // Recall is 100% on the drift the docs can see: the counts per id account for it all.
    let expected_reported: BTreeMap<FindingId, usize> = [
        (FindingId::UndocumentedField, 20),
        (FindingId::MissingRequiredField, 31),
        (FindingId::TypeMismatch, 19),
        (FindingId::NameCaseMismatch, 18),
        (FindingId::FormatViolation, 19),
        (FindingId::UndocumentedEnumValue, 3),
    ]
    .into_iter()
    .collect();
    assert_eq!(reported_by_id, expected_reported);
    // The injected changes the documentation cannot see, by reason: asserted, never skipped.
    let expected_invisible: BTreeMap<&str, usize> = [
        // The generator now writes each table's real columns: it injects drift only into
        // columns of the table, so key-case, missing-field and unknown-enum never hit a column
        // the docs lack. The two int-as-string hits are Rooms RoomParticipants* counts.
        ("int-as-string: on a column the category's docs do not list (still reported as undocumented-field)", 2),
        ("unknown-enum: the docs do not enumerate the field's values", 13),
    ]
    .into_iter()
    .collect();
    assert_eq!(invisible_by_reason, expected_invisible);
}
