//! The zero-copy hot path: a JSON Lines record read into borrowed keys and raw values (no
//! `serde_json::Value`, no map), its keys looked up once in the [`KeyTable`], and only the values
//! a check needs read further, into [`Scalar`]s for the compiled field checks. It proves a record clean, and counts it, or it steps
//! aside: any record with something to report (or anything it is not sure of) is checked again by
//! the full rules in [`crate::validate`], which find and explain every finding. So a report is the
//! same byte for byte with or without this path; only the time differs.

use crate::aggregate::{Aggregate, CategoryKey, Place, RecordOutcome, category_id};
use crate::field_check::Scalar;
use crate::finding::FindingId;
use crate::index::SchemaIndex;
use crate::key_table::{EnvelopeRole, KeyId, KeyRole, KeyTable, Purpose, role_of};
use crate::normalise::Shape;
use crate::validate::{DocumentedAs, Findings};
use acs_log_schemas::KustoType;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;

/// Checks one line of JSON Lines text if it is a clean record; `false` leaves it, untouched and
/// uncounted, to the full check.
pub(crate) fn check_line(
    schema_index: &SchemaIndex,
    text: &str,
    place: Place,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) -> bool {
    let Some(record) = parse(text) else {
        return false;
    };
    let Some(proof) = prove(schema_index, &record, path_hint) else {
        return false;
    };
    // Nothing is recorded before every value a finding shows is in hand: a record is counted
    // here whole, or not at all.
    let Some(values) = proof
        .findings
        .iter()
        .map(|finding| value_of(finding.value))
        .collect::<Option<Vec<Value>>>()
    else {
        return false;
    };
    let category = category_id(proof.category);
    let inventory = &schema_index.inventories[proof.category];
    let mut findings = Findings::of_category(schema_index, aggregate, place, Some(category));
    for (finding, value) in proof.findings.iter().zip(&values) {
        match finding.near {
            Some(field) => findings.add(
                FindingId::NameCaseMismatch,
                finding.key,
                Some(field),
                Some(value),
                Some(&DocumentedAs(&inventory.fields[field].key)),
                false,
            ),
            None => findings.add(
                FindingId::UndocumentedField,
                finding.key,
                None,
                Some(value),
                None,
                false,
            ),
        }
    }
    let outcome = if findings.drifted {
        RecordOutcome::Drifted(proof.shape)
    } else {
        RecordOutcome::Valid(proof.shape)
    };
    let named = proof.seen | proof.near;
    aggregate.mark_seen(category, named);
    aggregate.mark_valued(category, named & !proof.no_value);
    aggregate.count_record(place.input, Some(&CategoryKey::Known(category)), outcome);
    true
}

/// A key-level finding the hot path found: an undocumented key, or a near-miss spelling of
/// the documented field `near`.
struct KeyFinding<'r> {
    key: &'r str,
    value: &'r RawValue,
    near: Option<usize>,
}

/// The value a finding shows, as the full check holds it.
fn value_of(value: &RawValue) -> Option<Value> {
    serde_json::from_str(value.get()).ok()
}

/// A raw value read for the checks (strings borrowed unless escaped; arrays and objects by
/// kind).
#[inline]
pub(crate) fn scalar_of(value: &RawValue) -> Option<Scalar<'_>> {
    let text = value.get();
    match text.as_bytes().first()? {
        // The parser has checked the string; without an escape its text is its value.
        b'"' if memchr::memchr(b'\\', text.as_bytes()).is_none() => {
            Some(Scalar::Str(Cow::Borrowed(text.get(1..text.len() - 1)?)))
        }
        b't' => Some(Scalar::Bool(true)),
        b'f' => Some(Scalar::Bool(false)),
        b'n' => Some(Scalar::Null),
        b'[' => Some(Scalar::Array),
        b'{' => Some(Scalar::Object),
        _ => serde_json::from_str(text).ok(),
    }
}

/// Whether a raw value is `null`.
#[inline]
fn is_null(value: &RawValue) -> bool {
    value.get() == "null"
}

/// A raw value's string, if it is one.
#[inline]
fn string_of(value: &RawValue) -> Option<Cow<'_, str>> {
    match scalar_of(value)? {
        Scalar::Str(text) => Some(text),
        _ => None,
    }
}

/// A JSON object's members, values unread.
type Entries<'a> = Vec<(Cow<'a, str>, &'a RawValue)>;

/// The members of a JSON object's text, or `None` for anything that is not one JSON object.
fn parse(text: &str) -> Option<Entries<'_>> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let Members(entries) = Members::deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(entries)
}

/// An object's members as [`Entries`].
struct Members<'de>(Entries<'de>);

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members<'de>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Members<'de>, A::Error> {
                let mut entries = Vec::with_capacity(32);
                while let Some(Key(key)) = access.next_key::<Key<'de>>()? {
                    entries.push((key, access.next_value::<&'de RawValue>()?));
                }
                Ok(Members(entries))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// What the full check would have found in a record: only key-level findings, or none.
struct Proof<'r> {
    category: usize,
    shape: Shape,
    seen: u128,
    near: u128,
    no_value: u128,
    findings: Vec<KeyFinding<'r>>,
}

/// The most keys (top-level and under `properties`) a record may have for the hot path; a record
/// with more goes to the full check.
const MAX_RECORD_KEYS: usize = 96;

/// The most keys the key table does not know that the hot path tracks for duplicates.
const OTHER_KEYS: usize = 16;

/// One column of a record's flattened view.
#[derive(Clone, Copy)]
struct Column<'r> {
    /// The column name (an envelope key's column, else the key).
    key: &'r str,
    id: Option<KeyId>,
    value: &'r RawValue,
    /// From an envelope field of the common schema.
    envelope: bool,
    /// An envelope key with no column (`resourceId`): only its uniqueness matters.
    envelope_only: bool,
}

/// Walks a record's flattened view and gives up at the first thing the full check would report
/// beyond key-level findings (or might: a value the compiled checks cannot vouch for).
struct Walk<'r> {
    schema_index: &'r SchemaIndex,
    category: usize,
    shape: Shape,
    seen: u128,
    near: u128,
    no_value: u128,
    /// The key-table ids the record named, for duplicates.
    named: [u64; KeyTable::MAX_KEYS / 64],
    /// Keys the table does not know, for duplicates.
    others: [&'r str; OTHER_KEYS],
    other_count: usize,
    findings: Vec<KeyFinding<'r>>,
}

impl<'r> Walk<'r> {
    /// Notes that the record names a key; `None` if it named it before.
    fn name(&mut self, key: &'r str, id: Option<KeyId>) -> Option<()> {
        if let Some(id) = id {
            let (word, bit) = (usize::from(id) / 64, 1u64 << (id % 64));
            let word = self.named.get_mut(word)?;
            if *word & bit != 0 {
                return None;
            }
            *word |= bit;
            return Some(());
        }
        let earlier = &self.others[..self.other_count];
        if earlier.contains(&key) || self.other_count == OTHER_KEYS {
            return None;
        }
        self.others[self.other_count] = key;
        self.other_count += 1;
        Some(())
    }

    /// One flattened column.
    fn column(&mut self, column: Column<'r>) -> Option<()> {
        self.name(column.key, column.id)?;
        if column.envelope_only {
            return Some(());
        }
        let inventory = &self.schema_index.inventories[self.category];
        let role = match column.id {
            Some(id) => self.schema_index.keys.role(id, self.category),
            None => role_of(inventory, column.key),
        };
        let log_analytics = self.shape == Shape::LogAnalytics;
        let value = column.value;
        match role {
            KeyRole::Documented(field) => {
                let field = usize::from(field);
                let bit = 1u128 << field;
                self.seen |= bit;
                let doc = &inventory.fields[field];
                if is_null(value) {
                    // A `null` string column of Log Analytics is for the type check to report.
                    if log_analytics && doc.kusto == Some(KustoType::String) {
                        return None;
                    }
                    self.no_value |= bit;
                    return Some(());
                }
                let value = scalar_of(value)?;
                if log_analytics && doc.kusto.is_some_and(|kusto| !kusto_holds(kusto, &value)) {
                    return None;
                }
                if doc
                    .preferred
                    .is_some_and(|preferred| value.kind() != preferred)
                {
                    return None;
                }
                self.schema_index.field_checks[self.category]
                    .as_ref()?
                    .get(field)?
                    .accepts(&value)
                    .then_some(())
            }
            KeyRole::Workspace => Some(()),
            KeyRole::Near(field) => {
                let field = usize::from(field);
                self.near |= 1 << field;
                if is_null(value) {
                    self.no_value |= 1 << field;
                }
                self.findings.push(KeyFinding {
                    key: column.key,
                    value,
                    near: Some(field),
                });
                Some(())
            }
            KeyRole::Undocumented => {
                // A Log Analytics `null` in a column of another table, or an envelope field this
                // category does not document: known, never drift.
                if !((log_analytics && is_null(value)) || column.envelope) {
                    self.findings.push(KeyFinding {
                        key: column.key,
                        value,
                        near: None,
                    });
                }
                Some(())
            }
            KeyRole::Unsure => None,
        }
    }
}

/// A record's bookkeeping and key-level findings, or `None` when the full check must look at it.
fn prove<'r>(
    schema_index: &'r SchemaIndex,
    record: &'r Entries<'r>,
    path_hint: Option<usize>,
) -> Option<Proof<'r>> {
    let keys = &schema_index.keys;
    if record.len() > MAX_RECORD_KEYS {
        return None;
    }
    // Each key is hashed once, here.
    let mut ids = [None; MAX_RECORD_KEYS];
    let mut resource_log = false;
    for ((key, _), slot) in record.iter().zip(&mut ids) {
        *slot = keys.id(key);
        if let Some(id) = *slot {
            let facts = keys.facts(id);
            // Event Hubs batches, query responses and CLI rows are for the full reader.
            if facts.purpose == Purpose::Special {
                return None;
            }
            resource_log |= facts.marker;
        }
    }
    let mut columns: Vec<Column<'r>> = Vec::with_capacity(record.len() + 16);
    if resource_log {
        let mut properties: Option<Entries<'r>> = None;
        let mut found_properties = false;
        for ((key, value), &id) in record.iter().zip(&ids) {
            let plain = Column {
                key,
                id,
                value,
                envelope: false,
                envelope_only: false,
            };
            let Some(id) = id else {
                if schema_index.envelope.near_envelope_key(key) {
                    return None;
                }
                columns.push(plain);
                continue;
            };
            let facts = keys.facts(id);
            if facts.purpose == Purpose::Properties {
                if found_properties {
                    return None;
                }
                found_properties = true;
                if value.get().starts_with('{') {
                    properties = Some(parse(value.get())?);
                } else if !is_null(value) {
                    // A string holding an object is read, and said, by the full check.
                    return None;
                }
                continue;
            }
            match facts.envelope {
                EnvelopeRole::Column(column) => columns.push(Column {
                    key: keys.name(column),
                    id: Some(column),
                    envelope: true,
                    ..plain
                }),
                EnvelopeRole::Only => columns.push(Column {
                    envelope_only: true,
                    ..plain
                }),
                EnvelopeRole::Misspelled => return None,
                EnvelopeRole::None => columns.push(plain),
            }
        }
        for (key, value) in properties.iter().flatten() {
            // An escaped key (rare) is for the full check: the hot path borrows every key.
            let Cow::Borrowed(key) = *key else {
                return None;
            };
            let value = *value;
            let id = keys.id(key);
            if id.is_some_and(|id| keys.facts(id).purpose == Purpose::Special) {
                return None;
            }
            columns.push(Column {
                key,
                id,
                value,
                envelope: false,
                envelope_only: false,
            });
        }
        if columns.len() > MAX_RECORD_KEYS {
            return None;
        }
    } else {
        columns.extend(record.iter().zip(&ids).map(|((key, value), &id)| Column {
            key,
            id,
            value,
            envelope: false,
            envelope_only: false,
        }));
    }
    let category = classify(schema_index, &columns, path_hint)?;
    let mut walk = Walk {
        schema_index,
        category,
        shape: if resource_log {
            Shape::ResourceLog
        } else {
            Shape::LogAnalytics
        },
        seen: 0,
        near: 0,
        no_value: 0,
        named: [0; KeyTable::MAX_KEYS / 64],
        others: [""; OTHER_KEYS],
        other_count: 0,
        findings: Vec::new(),
    };
    for &column in &columns {
        walk.column(column)?;
    }
    let inventory = &schema_index.inventories[category];
    let required = match walk.shape {
        Shape::LogAnalytics => inventory.table_required_mask,
        Shape::ResourceLog => inventory.required_mask,
    };
    if required & !(walk.seen | walk.near) != 0 {
        return None;
    }
    Some(Proof {
        category,
        shape: walk.shape,
        seen: walk.seen,
        near: walk.near,
        no_value: walk.no_value,
        findings: walk.findings,
    })
}

/// The category as [`crate::classify::Classifier::classify`] finds it, when it is a known one.
fn classify(
    schema_index: &SchemaIndex,
    columns: &[Column<'_>],
    path_hint: Option<usize>,
) -> Option<usize> {
    let keys = &schema_index.keys;
    let classifier = schema_index.classifier();
    let (mut category, mut table) = (None, None);
    for column in columns {
        let Some(id) = column.id else { continue };
        match keys.facts(id).purpose {
            Purpose::CategoryColumn if category.is_none() => category = Some(column.value),
            Purpose::TableColumn if table.is_none() => table = Some(column.value),
            _ => {}
        }
    }
    if let Some(name) = category.and_then(string_of) {
        return classifier.category_index(&name);
    }
    if let Some(name) = table.and_then(string_of) {
        return classifier.table_index(&name);
    }
    classifier.fallback_or(path_hint)
}

/// [`KustoType::holds`] on a borrowed value.
#[inline]
fn kusto_holds(kusto: KustoType, value: &Scalar<'_>) -> bool {
    match (kusto, value) {
        (KustoType::String, value) => matches!(value, Scalar::Str(_)),
        (KustoType::Int | KustoType::Long, value) => {
            matches!(value, Scalar::PosInt(_) | Scalar::NegInt(_) | Scalar::Null)
        }
        (KustoType::Dynamic, _)
        | (_, Scalar::Null)
        | (KustoType::Guid | KustoType::Datetime | KustoType::Timespan, Scalar::Str(_))
        | (
            KustoType::Real | KustoType::Decimal,
            Scalar::PosInt(_) | Scalar::NegInt(_) | Scalar::Float(_),
        )
        | (KustoType::Bool, Scalar::Bool(_)) => true,
        _ => false,
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Null)
    }
    fn visit_bool<E>(self, value: bool) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Bool(value))
    }
    fn visit_u64<E>(self, value: u64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::PosInt(value))
    }
    fn visit_i64<E>(self, value: i64) -> Result<Scalar<'de>, E> {
        // serde_json gives non-negative integers as u64; keep the two apart as it does.
        Ok(match u64::try_from(value) {
            Ok(value) => Scalar::PosInt(value),
            Err(_) => Scalar::NegInt(value),
        })
    }
    fn visit_f64<E>(self, value: f64) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Float(value))
    }
    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Borrowed(value)))
    }
    fn visit_str<E>(self, value: &str) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(value.to_owned())))
    }
    fn visit_string<E>(self, value: String) -> Result<Scalar<'de>, E> {
        Ok(Scalar::Str(Cow::Owned(value)))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Scalar<'de>, A::Error> {
        while access.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Scalar<'de>, A::Error> {
        while access.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

/// An object key, borrowed from the text unless it holds escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}
