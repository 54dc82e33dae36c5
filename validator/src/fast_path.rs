//! The zero-copy hot path: a JSON Lines record scanned into borrowed keys and raw values
//! ([`crate::members`]: no `serde_json::Value`, no map), its keys looked up once in the
//! [`KeyTable`], and only the values a check needs read further, into [`Scalar`]s for the
//! compiled field checks. It proves a record clean, and counts it, or it steps aside: any record
//! with something to report (or anything it is not sure of) is checked again by the full rules in
//! [`crate::validate`], which find and explain every finding. So a report is the same byte for
//! byte with or without this path; only the time differs.

use crate::aggregate::{Aggregate, CategoryKey, Place, RecordOutcome, Shown, category_id};
use crate::field_check::Scalar;
use crate::finding::FindingId;
use crate::index::SchemaIndex;
use crate::key_table::{EnvelopeRole, Follows, KeyId, KeyRole, KeyTable, Purpose, role_of};
use crate::members::{Member, RawJson, RawKind, scan_object};
use crate::normalise::Shape;
use crate::validate::{DocumentedAs, Findings};
use acs_log_schemas::KustoType;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;

/// The hot path's working memory for the lines of one chunk, reused from line to line so a
/// record costs no allocation. It borrows from the chunk's text (`'t`).
#[derive(Default)]
pub(crate) struct Scratch<'t> {
    members: Vec<Member<'t>>,
    properties: Vec<Member<'t>>,
    columns: Vec<Column<'t>>,
    findings: Vec<KeyFinding<'t>>,
    follows: Follows,
}

/// Checks one line of JSON Lines text if it is a clean record; `false` leaves it, untouched and
/// uncounted, to the full check.
pub(crate) fn check_line<'t>(
    schema_index: &'t SchemaIndex,
    text: &'t str,
    place: Place,
    path_hint: Option<usize>,
    scratch: &mut Scratch<'t>,
    aggregate: &mut Aggregate,
) -> bool {
    scratch.members.clear();
    if scan_object(text, MAX_RECORD_KEYS, &mut scratch.members).is_none() {
        return false;
    }
    let Some(proof) = prove(schema_index, path_hint, scratch) else {
        return false;
    };
    // Nothing is recorded before every value a finding shows is in hand: a record is counted
    // here whole, or not at all.
    let Some(values) = scratch
        .findings
        .iter()
        .map(|finding| Held::of(finding.value))
        .collect::<Option<Vec<Held>>>()
    else {
        return false;
    };
    let category = category_id(proof.category);
    let inventory = &schema_index.inventories[proof.category];
    let mut findings = Findings::of_category(schema_index, aggregate, place, Some(category));
    for (finding, value) in scratch.findings.iter().zip(&values) {
        match finding.near {
            Some(field) => findings.add(
                FindingId::NameCaseMismatch,
                finding.key,
                Some(field),
                Some(value.shown()),
                Some(&DocumentedAs(&inventory.fields[field].key)),
                false,
            ),
            None => findings.add(
                FindingId::UndocumentedField,
                finding.key,
                None,
                Some(value.shown()),
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
    value: RawJson<'r>,
    near: Option<usize>,
}

/// The value a finding shows: a plain string by its JSON text (most undocumented values are
/// strings, and a parsed one would cost an allocation each), anything else parsed as the full
/// check holds it.
enum Held<'t> {
    Plain(&'t str),
    Parsed(Value),
}

impl<'t> Held<'t> {
    fn of(value: RawJson<'t>) -> Option<Held<'t>> {
        match value.kind() {
            RawKind::String => Some(Held::Plain(value.get())),
            _ => serde_json::from_str(value.get()).ok().map(Held::Parsed),
        }
    }

    fn shown(&self) -> Shown<'_> {
        match self {
            Held::Plain(json) => Shown::PlainString(json),
            Held::Parsed(value) => Shown::Parsed(value),
        }
    }
}

/// A raw value read for the checks (strings borrowed unless escaped; arrays and objects by
/// kind).
#[inline]
pub(crate) fn scalar_of(value: RawJson<'_>) -> Option<Scalar<'_>> {
    let text = value.get();
    match value.kind() {
        // The scanner has checked the string; without an escape its text is its value.
        RawKind::String => Some(Scalar::Str(Cow::Borrowed(text.get(1..text.len() - 1)?))),
        RawKind::Bool => Some(Scalar::Bool(text == "true")),
        RawKind::Null => Some(Scalar::Null),
        RawKind::Array => Some(Scalar::Array),
        RawKind::Object => Some(Scalar::Object),
        // Counts and sizes are mostly small non-negative integers, read here as serde_json
        // reads them; anything else (a sign: serde_json reads `-0` as a float) goes to it.
        RawKind::Number => match text.parse::<u64>() {
            Ok(int) => Some(Scalar::PosInt(int)),
            Err(_) => serde_json::from_str(text).ok(),
        },
        RawKind::EscapedString => serde_json::from_str(text).ok(),
    }
}

/// A raw value's string, if it is one.
#[inline]
fn string_of(value: RawJson<'_>) -> Option<Cow<'_, str>> {
    match scalar_of(value)? {
        Scalar::Str(text) => Some(text),
        _ => None,
    }
}

/// What the full check would have found in a record: only key-level findings, or none.
/// The findings themselves are left in the [`Scratch`].
struct Proof {
    category: usize,
    shape: Shape,
    seen: u128,
    near: u128,
    no_value: u128,
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
    value: RawJson<'r>,
    /// From an envelope field of the common schema.
    envelope: bool,
    /// An envelope key with no column (`resourceId`): only its uniqueness matters.
    envelope_only: bool,
}

/// Walks a record's flattened view and gives up at the first thing the full check would report
/// beyond key-level findings (or might: a value the compiled checks cannot vouch for).
struct Walk<'w, 'r> {
    schema_index: &'w SchemaIndex,
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
    findings: &'w mut Vec<KeyFinding<'r>>,
}

impl<'r> Walk<'_, 'r> {
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
                if value.is_null() {
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
                if value.is_null() {
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
                if !((log_analytics && value.is_null()) || column.envelope) {
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

/// A record's bookkeeping (its key-level findings left in `scratch.findings`), or `None` when
/// the full check must look at it.
fn prove<'t>(
    schema_index: &'t SchemaIndex,
    path_hint: Option<usize>,
    scratch: &mut Scratch<'t>,
) -> Option<Proof> {
    let keys = &schema_index.keys;
    let Scratch {
        members: record,
        properties,
        columns,
        findings,
        follows,
    } = scratch;
    // Each key is looked up once, here.
    let mut ids = [None; MAX_RECORD_KEYS];
    let mut resource_log = false;
    let mut previous = None;
    for ((key, _), slot) in record.iter().zip(&mut ids) {
        *slot = keys.id_following(key, Follows::after(previous), follows);
        previous = slot.or(previous);
        if let Some(id) = *slot {
            let facts = keys.facts(id);
            // Event Hubs batches, query responses and CLI rows are for the full reader.
            if facts.purpose == Purpose::Special {
                return None;
            }
            resource_log |= facts.marker;
        }
    }
    columns.clear();
    properties.clear();
    if resource_log {
        // The properties' first key is learnt as following the `properties` key itself, apart
        // from the record's first key.
        let mut found_properties = None;
        for (&(key, value), &id) in record.iter().zip(&ids) {
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
                if found_properties.is_some() {
                    return None;
                }
                found_properties = Some(id);
                match value.kind() {
                    RawKind::Object => scan_object(value.get(), MAX_RECORD_KEYS, properties)?,
                    RawKind::Null => {}
                    // A string holding an object is read, and said, by the full check.
                    _ => return None,
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
        let mut previous = found_properties;
        for &(key, value) in properties.iter() {
            let id = keys.id_following(key, Follows::after(previous), follows);
            previous = id.or(previous);
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
        columns.extend(record.iter().zip(&ids).map(|(&(key, value), &id)| Column {
            key,
            id,
            value,
            envelope: false,
            envelope_only: false,
        }));
    }
    let category = classify(schema_index, columns, path_hint)?;
    findings.clear();
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
        findings,
    };
    for &column in columns.iter() {
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
