//! The zero-copy hot path: a JSON Lines record scanned into borrowed keys and raw values
//! ([`crate::members`]: no `serde_json::Value`, no map), its keys looked up once in the
//! [`KeyTable`], and only the values a check needs read further, into [`Scalar`]s for the
//! compiled field checks. It proves a record clean, and counts it, or it steps aside: any record
//! with something to report (or anything it is not sure of) is checked again by the full rules in
//! [`crate::validate`], which find and explain every finding. So a report is the same byte for
//! byte with or without this path; only the time differs.

use crate::aggregate::{Aggregate, CategoryKey, Place, RecordOutcome, Shown, category_id};
use crate::field_check::{Scalar, ValueClass, Verdict, field_accepts};
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
// Measured: called out of line, its result went through memory and the caller's read of it
// stalled on store forwarding (12% of the chunk loop's own time).
#[allow(clippy::inline_always)]
#[inline(always)]
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
                value_passes(
                    self.schema_index,
                    self.category,
                    field,
                    value,
                    log_analytics,
                )
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

/// Whether a documented field's value (not `null`) passes what the hot path checks: by its
/// class's verdict, compiled with the index, where the class alone decides (a string under a
/// field with no format, length or enum, a plain count), else by reading it.
#[inline]
fn value_passes(
    schema_index: &SchemaIndex,
    category: usize,
    field: usize,
    value: RawJson<'_>,
    log_analytics: bool,
) -> bool {
    let verdict = class_of(value).map_or(Verdict::Read, |class| {
        schema_index
            .class_verdicts
            .get(category)
            .and_then(|fields| fields.get(field))
            .map_or(Verdict::StepAside, |verdicts| {
                verdicts.get(log_analytics, class)
            })
    });
    match verdict {
        Verdict::Accept => true,
        Verdict::StepAside => false,
        Verdict::Read => read_value_passes(schema_index, category, field, value, log_analytics),
    }
}

/// [`value_passes`], by reading the value whatever its class.
fn read_value_passes(
    schema_index: &SchemaIndex,
    category: usize,
    field: usize,
    value: RawJson<'_>,
    log_analytics: bool,
) -> bool {
    let (Some(doc), Some(value)) = (
        schema_index
            .inventories
            .get(category)
            .and_then(|inventory| inventory.fields.get(field)),
        scalar_of(value),
    ) else {
        return false;
    };
    let check = schema_index
        .field_checks
        .get(category)
        .and_then(Option::as_ref)
        .and_then(|checks| checks.get(field));
    field_accepts(check, doc.kusto, doc.preferred, log_analytics, &value)
}

/// A raw value's class, when its text alone says it without reading it: `None` for `null`, a
/// string with an escape, and the numbers whose class takes parsing (a sign, more digits than
/// certainly fit a `u64` or keep a fraction apart from an integer in an `f64`).
#[inline]
fn class_of(value: RawJson<'_>) -> Option<ValueClass> {
    match value.kind() {
        RawKind::String => Some(ValueClass::Str),
        RawKind::Bool => Some(ValueClass::Bool),
        RawKind::Array => Some(ValueClass::Array),
        RawKind::Object => Some(ValueClass::Object),
        RawKind::Number => number_class(value.get().as_bytes()),
        RawKind::Null | RawKind::EscapedString => None,
    }
}

/// A number's class by its text, which the scanner has held to `-?(0|[1-9][0-9]*)(.[0-9]+)?`.
/// - At most 19 digits and no fraction: under 10^19, so a `u64` ([`Scalar::PosInt`]).
/// - A fraction of zeros only: an `f64` holding an integer (rounding an integer gives one).
/// - Another fraction, with at most 15 digits in all: the nearest `f64` is off by at most a
///   relative 2^-53, which for 15 digits is under 0.12 of the last digit's unit, while the
///   decimal is at least a whole unit away from any integer, so the `f64` keeps a fraction.
#[inline]
fn number_class(text: &[u8]) -> Option<ValueClass> {
    if text.first() == Some(&b'-') {
        return None;
    }
    match memchr::memchr(b'.', text) {
        None => (text.len() <= 19).then_some(ValueClass::PosInt),
        Some(dot) => {
            let fraction = text.get(dot + 1..)?;
            if fraction.iter().all(|&digit| digit == b'0') {
                Some(ValueClass::IntegralFloat)
            } else if text.len() - 1 <= 15 {
                Some(ValueClass::FractionalFloat)
            } else {
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::members::scan_value_text;
    use acs_log_schemas::SchemaSet;
    use proptest::prelude::*;

    /// Values of every class and of none, near the edges the class verdicts rest on.
    const VALUES: &[&str] = &[
        "true",
        "false",
        r#""""#,
        r#""x""#,
        r#""Succeeded""#,
        r#""2024-05-01T00:00:00.0470039Z""#,
        r#""2024-13-01T00:00:00Z""#,
        r#""74.144.168.240""#,
        r#""::1""#,
        r#""someone@example.com""#,
        r#""c9e9c616-612e-4696-a6ce-cc1b78e51061""#,
        r#""esc\"aped""#,
        "0",
        "15",
        "9999999999999999999",
        "18446744073709551615",
        "18446744073709551616",
        "-1",
        "-0",
        "15.0",
        "15.000",
        "0.5",
        "-0.5",
        "123456789012345.5",
        "1234567890123456.5",
        "[]",
        "[1]",
        "{}",
        r#"{"a":1}"#,
    ];

    /// Deciding by class gives what reading gives, for every documented field of every
    /// category, in both shapes, on every value above.
    #[test]
    fn class_verdicts_agree_with_reading_the_value() {
        let index = SchemaIndex::new(SchemaSet::acs(), &Config::default(), None).unwrap();
        let mut decided = 0;
        for (category, inventory) in index.inventories.iter().enumerate() {
            for field in 0..inventory.fields.len() {
                for log_analytics in [false, true] {
                    for text in VALUES {
                        let value = scan_value_text(text).unwrap();
                        let read = read_value_passes(&index, category, field, value, log_analytics);
                        let passes = value_passes(&index, category, field, value, log_analytics);
                        assert_eq!(
                            passes, read,
                            "{} {} = {text} (Log Analytics: {log_analytics})",
                            inventory.category, inventory.fields[field].key
                        );
                        decided += usize::from(class_of(value).is_some());
                    }
                }
            }
        }
        assert!(decided > 0);
    }

    /// The scalar the full reading gives a number, as a class.
    fn read_class(text: &str) -> Option<ValueClass> {
        match scalar_of(scan_value_text(text)?)? {
            Scalar::PosInt(_) => Some(ValueClass::PosInt),
            Scalar::Float(float) if float.fract() == 0.0 => Some(ValueClass::IntegralFloat),
            Scalar::Float(_) => Some(ValueClass::FractionalFloat),
            _ => None,
        }
    }

    /// Past 2^53 an `f64` holds only integers, so a written fraction is rounded away: those
    /// numbers are read, never classed by their text.
    #[test]
    fn a_fraction_an_f64_rounds_away_is_not_classed_by_text() {
        for text in [
            "9007199254740993.5",
            "4503599627370497.5",
            "99999999999999999.9",
            "123456789012345.5",
            "0.000000000000001",
            "15.0",
        ] {
            let value = scan_value_text(text).unwrap();
            if let Some(class) = class_of(value) {
                assert_eq!(Some(class), read_class(text), "{text}");
            }
        }
    }

    proptest! {
        /// A number's class by its text is the class of the number it reads as, whenever the
        /// text gives one.
        #[test]
        fn number_class_by_text_is_the_read_class(
            negative in any::<bool>(),
            integer in "(0|[1-9][0-9]{0,19})",
            fraction in proptest::option::of("[0-9]{1,19}"),
        ) {
            let mut text = String::new();
            if negative {
                text.push('-');
            }
            text.push_str(&integer);
            if let Some(fraction) = &fraction {
                text.push('.');
                text.push_str(fraction);
            }
            // The scanner declines what it cannot read exactly; those never get a class.
            if let Some(class) = scan_value_text(&text).and_then(class_of) {
                prop_assert_eq!(Some(class), read_class(&text), "{}", text);
            }
        }
    }
}
