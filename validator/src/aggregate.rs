//! Aggregate: per-record observations folded into one finding per (id, category, field) with
//! counts, the first few places, a histogram of JSON types and example values, plus tallies
//! that account for every record. [`Aggregate::merge`] is associative and commutative, so
//! chunks, files or partitions can be checked apart and merged in any order to the same result.

use crate::finding::{FindingId, Level, StringShapes};
use crate::inventory::JsonKind;
use crate::normalise::Shape;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// How many places (and example values) a finding keeps: the first ones in input order.
pub(crate) const MAX_SAMPLES: usize = 5;

/// Examples longer than this many bytes are cut, so a huge value cannot bloat a report.
const MAX_EXAMPLE_BYTES: usize = 120;

/// The most distinct fields (keys) kept per finding id and category. Data can carry a new key
/// in every record (300,000 records, 300,000 keys); past this bound the smallest names are
/// kept, whatever order they came in (so the report is the same for any `--jobs`), and the
/// others are counted together under [`OTHER_FIELDS`]. Memory stays bounded by it.
pub(crate) const MAX_FIELDS: usize = 1000;

/// The category name the records of unknown categories past [`MAX_FIELDS`] are counted under.
pub(crate) const OTHER_CATEGORIES: &str = "(other categories, past the 1000 kept)";

/// The field name the occurrences of fields past [`MAX_FIELDS`] are reported under.
pub(crate) const OTHER_FIELDS: &str = "(other keys, past the 1000 kept)";

/// The compact id of a catalog category (its index): catalogs hold a handful of categories.
pub(crate) fn category_id(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Where a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) struct Place {
    /// The input, by its index in the run's input list.
    pub input: u32,
    /// 1-based line; 0 when not known (rows of a parsed query response).
    pub line: u64,
    /// 0-based index within a JSON array, an Event Hubs batch or a query table.
    pub record: Option<u64>,
}

/// One place a finding was seen, with what was there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Sample {
    /// Where.
    pub place: Place,
    /// 1-based column, for parse errors.
    pub column: Option<u64>,
    /// The offending value, compact JSON, cut to a bounded length.
    pub value: Option<String>,
    /// What was wrong there (a parse error, a validator message).
    pub note: Option<String>,
}

/// The running state of one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FindingAcc {
    /// The most severe level any occurrence had.
    pub level: Level,
    /// Occurrences (records, or inputs for input findings).
    pub count: u64,
    /// The first places, sorted, at most [`MAX_SAMPLES`].
    pub samples: Vec<Sample>,
    /// Occurrences per JSON type of the offending value, in [`JsonKind::ALL`] order.
    pub types: [u64; 7],
    /// What the string values looked like.
    pub strings: StringShapes,
    /// The documented field the rule resolved the finding to, by inventory index (the field
    /// itself, or the one a near-miss spelling names): the report reads its doc row from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documented: Option<usize>,
}

impl FindingAcc {
    fn new(level: Level) -> FindingAcc {
        FindingAcc {
            level,
            count: 0,
            samples: Vec::new(),
            types: [0; 7],
            strings: StringShapes::default(),
            documented: None,
        }
    }

    fn add(&mut self, level: Level, observation: &Observation<'_>) {
        self.count += 1;
        self.level = self.level.max(level);
        self.documented = either_documented(self.documented, observation.documented);
        if let Some(value) = observation.value {
            self.types[value.kind() as usize] += 1;
            self.strings.observe(value.string());
        }
        // Records arrive in input order within a chunk, so once the samples are full almost
        // every later place is rejected here without formatting anything.
        let full = self.samples.len() >= MAX_SAMPLES;
        if full
            && self
                .samples
                .last()
                .is_some_and(|last| last.place <= observation.place)
        {
            return;
        }
        let position = self
            .samples
            .partition_point(|sample| sample.place < observation.place);
        self.samples.insert(
            position,
            Sample {
                place: observation.place,
                column: observation.column,
                value: observation.value.map(Shown::example_text),
                note: observation.note.map(ToString::to_string),
            },
        );
        self.samples.truncate(MAX_SAMPLES);
    }

    fn merge(&mut self, other: FindingAcc) {
        self.count += other.count;
        self.level = self.level.max(other.level);
        self.documented = either_documented(self.documented, other.documented);
        for (mine, theirs) in self.types.iter_mut().zip(other.types) {
            *mine += theirs;
        }
        self.strings.merge(other.strings);
        self.samples.extend(other.samples);
        // One sample per place, the same one whatever the order of merging: places tie in the
        // bucket of keys past the ones kept (many keys of one record), and the smallest
        // (value, note, column) of a place is kept.
        self.samples.sort_by(|a, b| {
            (a.place, &a.value, &a.note, a.column).cmp(&(b.place, &b.value, &b.note, b.column))
        });
        self.samples.dedup_by(|a, b| a.place == b.place);
        self.samples.truncate(MAX_SAMPLES);
    }
}

/// The documented field two occurrences resolved to. A rule resolves a (category, key) pair the
/// same way every time, so they agree; were they ever to differ, the smaller index is kept, so
/// merging stays associative and commutative.
fn either_documented(one: Option<usize>, other: Option<usize>) -> Option<usize> {
    match (one, other) {
        (Some(one), Some(other)) => Some(one.min(other)),
        (one, other) => one.or(other),
    }
}

/// A value a finding shows: one the full check parsed, or a string as the hot path's scanner
/// read it, by its JSON text (quotes included). The scanner reads a string that way only when
/// it holds no escape and no control character, so that text is the string's compact JSON as
/// it stands, and what lies between the quotes is the string: no `Value` need be built.
#[derive(Clone, Copy)]
pub(crate) enum Shown<'a> {
    /// A parsed value.
    Parsed(&'a Value),
    /// The JSON text of a string without escapes or control characters.
    PlainString(&'a str),
    /// A number as the record writes it (`1e400`, `70.0`, `18446744073709551616`): the parsed
    /// float would show another number, or the float range's end.
    Number {
        /// The parsed value.
        parsed: &'a Value,
        /// Its JSON text.
        written: &'a str,
    },
}

impl<'a> From<&'a Value> for Shown<'a> {
    fn from(value: &'a Value) -> Shown<'a> {
        Shown::Parsed(value)
    }
}

impl<'a> Shown<'a> {
    fn kind(self) -> JsonKind {
        match self {
            Shown::Parsed(value) | Shown::Number { parsed: value, .. } => JsonKind::of(value),
            Shown::PlainString(_) => JsonKind::String,
        }
    }

    /// The string, if the value is one.
    fn string(self) -> Option<&'a str> {
        match self {
            Shown::Parsed(Value::String(text)) => Some(text),
            Shown::Parsed(_) | Shown::Number { .. } => None,
            Shown::PlainString(json) => json.get(1..json.len().saturating_sub(1)),
        }
    }

    /// Compact JSON of the value, cut at a character boundary. A string no longer than the
    /// limit is shown whole, quotes and all.
    fn example_text(self) -> String {
        let (mut text, whole) = match self {
            Shown::Parsed(value) => (
                value.to_string(),
                value
                    .as_str()
                    .is_some_and(|text| text.len() <= MAX_EXAMPLE_BYTES),
            ),
            Shown::PlainString(json) => (
                json.to_owned(),
                json.len().saturating_sub(2) <= MAX_EXAMPLE_BYTES,
            ),
            Shown::Number { written, .. } => (written.to_owned(), false),
        };
        if !whole && text.len() > MAX_EXAMPLE_BYTES {
            let mut cut = MAX_EXAMPLE_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
            text.push('…');
        }
        text
    }
}

/// What one occurrence of a finding carries.
#[derive(Clone, Copy)]
pub(crate) struct Observation<'a> {
    /// Where.
    pub place: Place,
    /// The column, for parse errors.
    pub column: Option<u64>,
    /// The offending value.
    pub value: Option<Shown<'a>>,
    /// A message about this occurrence, formatted only if the place is kept.
    pub note: Option<&'a dyn std::fmt::Display>,
    /// The documented field the rule resolved, by inventory index of the finding's category.
    pub documented: Option<usize>,
}

// Only the tests below make an occurrence with nothing more to say than its place.
#[cfg(test)]
impl Observation<'_> {
    /// An occurrence at a place with nothing more to say.
    pub(crate) fn at(place: Place) -> Observation<'static> {
        Observation {
            place,
            column: None,
            value: None,
            note: None,
            documented: None,
        }
    }
}

/// The category part of a finding's key: a catalog index, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) struct Head {
    /// The id.
    pub id: FindingId,
    /// The catalog index of the category, when the finding belongs to a known one.
    pub category: Option<u32>,
}

/// Record counts that always add up: `total = valid + with_drift + unreadable`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Every record.
    pub total: u64,
    /// Records with no finding.
    pub valid: u64,
    /// Records read, with at least one finding.
    pub with_drift: u64,
    /// Records that could not be read.
    pub unreadable: u64,
    /// Records that arrived flattened (Log Analytics).
    pub log_analytics: u64,
    /// Records that arrived in the resource-log common schema.
    pub resource_log: u64,
}

impl Tally {
    fn merge(&mut self, other: &Tally) {
        self.total += other.total;
        self.valid += other.valid;
        self.with_drift += other.with_drift;
        self.unreadable += other.unreadable;
        self.log_analytics += other.log_analytics;
        self.resource_log += other.resource_log;
    }

    fn count(&mut self, outcome: RecordOutcome) {
        self.total += 1;
        match outcome {
            RecordOutcome::Valid(shape) | RecordOutcome::Drifted(shape) => {
                if matches!(outcome, RecordOutcome::Valid(_)) {
                    self.valid += 1;
                } else {
                    self.with_drift += 1;
                }
                match shape {
                    Shape::LogAnalytics => self.log_analytics += 1,
                    Shape::ResourceLog => self.resource_log += 1,
                }
            }
            RecordOutcome::Unreadable => self.unreadable += 1,
        }
    }
}

/// How one record came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordOutcome {
    /// No finding.
    Valid(Shape),
    /// At least one finding.
    Drifted(Shape),
    /// Could not be read.
    Unreadable,
}

/// Which category bucket a record is counted in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) enum CategoryKey {
    /// A catalog category, by index.
    Known(u32),
    /// A name the catalog does not know.
    Unknown(String),
    /// No name at all.
    Unnamed,
}

/// Everything observed so far in a chunk, a file, a partition or a whole run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Aggregate {
    // Partials (crate::partial) write aggregates; a JSON map needs string keys, so as pairs.
    #[serde(with = "findings_as_pairs")]
    findings: HashMap<Head, HashMap<Box<str>, FindingAcc>>,
    /// Per id and category: the occurrences of the fields not kept (see [`MAX_FIELDS`]).
    #[serde(with = "as_pairs")]
    overflow: HashMap<Head, FindingAcc>,
    inputs: Vec<Tally>,
    known: Vec<Tally>,
    /// Per category the catalog lacks (or none): its records. Keyed by an enum, so as pairs.
    #[serde(with = "as_pairs")]
    other_categories: BTreeMap<CategoryKey, Tally>,
    seen: Vec<u128>,
    /// Per category, the documented fields some record gave a value (not `null`).
    valued: Vec<u128>,
    /// Records counted with drift whose only findings were `missing-required-field`.
    // Older partials have none: read as empty.
    #[serde(default, with = "as_pairs")]
    only_missing: BTreeMap<OnlyMissingKey, OnlyMissing>,
}

/// Which records an [`OnlyMissing`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
struct OnlyMissingKey {
    input: u32,
    category: u32,
    /// The shape, as the documented fields a record must carry differ by it.
    log_analytics: bool,
}

/// Of the records whose only findings were missing fields: the fields every one of them
/// lacked, and how many lacked exactly those.
///
/// A record is valid after all when every field it lacked is one no record of its category
/// carried (the report says so once, as `documented-field-never-seen`). Such fields are missing
/// from every record of the shape, so a record lacking only them lacks the fewest: counting the
/// records whose missing set is the intersection of all of them is enough, and this summary
/// merges in any order to the same result, so `--jobs` and partials agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OnlyMissing {
    /// The intersection of the records' missing fields, as a mask over the inventory.
    fields: u128,
    /// How many records lacked exactly `fields`.
    records: u64,
}

impl OnlyMissing {
    fn merge(self, other: OnlyMissing) -> OnlyMissing {
        let fields = self.fields & other.fields;
        let mut records = 0;
        if self.fields == fields {
            records += self.records;
        }
        if other.fields == fields {
            records += other.records;
        }
        OnlyMissing { fields, records }
    }
}

impl Aggregate {
    /// Records one occurrence of a finding. `field` is `""` when the finding has none.
    pub(crate) fn note(
        &mut self,
        head: Head,
        field: &str,
        level: Level,
        observation: &Observation<'_>,
    ) {
        let fields = self.findings.entry(head).or_default();
        if let Some(acc) = fields.get_mut(field) {
            acc.add(level, observation);
            return;
        }
        let mut acc = FindingAcc::new(level);
        acc.add(level, observation);
        fields.insert(field.into(), acc);
        if fields.len() > MAX_FIELDS {
            self.evict(head);
        }
    }

    /// Moves the largest field names of `head` past [`MAX_FIELDS`] into its overflow. Only
    /// reached once a finding has that many distinct fields, so ordinary runs never scan.
    fn evict(&mut self, head: Head) {
        let Some(fields) = self.findings.get_mut(&head) else {
            return;
        };
        while fields.len() > MAX_FIELDS {
            let Some(largest) = fields.keys().max().cloned() else {
                return;
            };
            if let Some(acc) = fields.remove(&largest) {
                match self.overflow.get_mut(&head) {
                    Some(overflow) => overflow.merge(acc),
                    None => {
                        self.overflow.insert(head, acc);
                    }
                }
            }
        }
    }

    /// Counts one record for its input and its category.
    pub(crate) fn count_record(
        &mut self,
        input: u32,
        category: Option<&CategoryKey>,
        outcome: RecordOutcome,
    ) {
        tally_at(&mut self.inputs, input as usize).count(outcome);
        match category {
            Some(CategoryKey::Known(index)) => {
                tally_at(&mut self.known, *index as usize).count(outcome);
            }
            Some(other) => {
                if let Some(tally) = self.other_categories.get_mut(other) {
                    tally.count(outcome);
                } else {
                    self.other_categories
                        .entry(other.clone())
                        .or_default()
                        .count(outcome);
                    self.cap_categories();
                }
            }
            None => {}
        }
    }

    /// Keeps the tallies of at most [`MAX_FIELDS`] categories the catalog does not know (the
    /// smallest names, whatever order they came in); the others are counted together under
    /// [`OTHER_CATEGORIES`], so data naming a new category in every record stays bounded.
    fn cap_categories(&mut self) {
        let overflow = CategoryKey::Unknown(OTHER_CATEGORIES.to_owned());
        loop {
            let kept = self.other_categories.len()
                - usize::from(self.other_categories.contains_key(&overflow));
            if kept <= MAX_FIELDS {
                return;
            }
            let Some(largest) = self
                .other_categories
                .keys()
                .rev()
                .find(|key| **key != overflow)
                .cloned()
            else {
                return;
            };
            if let Some(tally) = self.other_categories.remove(&largest) {
                self.other_categories
                    .entry(overflow.clone())
                    .or_default()
                    .merge(&tally);
            }
        }
    }

    /// Marks documented fields of a category as seen.
    pub(crate) fn mark_seen(&mut self, category: u32, mask: u128) {
        let index = category as usize;
        if self.seen.len() <= index {
            self.seen.resize(index + 1, 0);
        }
        self.seen[index] |= mask;
    }

    /// Marks documented fields of a category as having carried a value (not `null`).
    pub(crate) fn mark_valued(&mut self, category: u32, mask: u128) {
        let index = category as usize;
        if self.valued.len() <= index {
            self.valued.resize(index + 1, 0);
        }
        self.valued[index] |= mask;
    }

    /// The documented fields of a category that carried a value so far.
    pub(crate) fn valued(&self, category: u32) -> u128 {
        self.valued.get(category as usize).copied().unwrap_or(0)
    }

    /// Folds another aggregate into this one.
    pub(crate) fn merge(&mut self, other: Aggregate) {
        for (head, fields) in other.findings {
            let mine = self.findings.entry(head).or_default();
            for (field, acc) in fields {
                match mine.get_mut(&field) {
                    Some(existing) => existing.merge(acc),
                    None => {
                        mine.insert(field, acc);
                    }
                }
            }
            if mine.len() > MAX_FIELDS {
                self.evict(head);
            }
        }
        for (head, acc) in other.overflow {
            match self.overflow.get_mut(&head) {
                Some(overflow) => overflow.merge(acc),
                None => {
                    self.overflow.insert(head, acc);
                }
            }
        }
        for (index, tally) in other.inputs.iter().enumerate() {
            tally_at(&mut self.inputs, index).merge(tally);
        }
        for (index, tally) in other.known.iter().enumerate() {
            tally_at(&mut self.known, index).merge(tally);
        }
        for (key, tally) in other.other_categories {
            self.other_categories.entry(key).or_default().merge(&tally);
        }
        self.cap_categories();
        for (index, mask) in other.seen.into_iter().enumerate() {
            self.mark_seen(u32::try_from(index).unwrap_or(u32::MAX), mask);
        }
        for (index, mask) in other.valued.into_iter().enumerate() {
            self.mark_valued(u32::try_from(index).unwrap_or(u32::MAX), mask);
        }
        for (key, counted) in other.only_missing {
            self.add_only_missing(key, counted);
        }
    }

    /// Counts a record whose only findings were `missing-required-field`, for `fields`.
    pub(crate) fn count_only_missing(
        &mut self,
        input: u32,
        category: u32,
        shape: Shape,
        fields: u128,
    ) {
        let key = OnlyMissingKey {
            input,
            category,
            log_analytics: shape == Shape::LogAnalytics,
        };
        self.add_only_missing(key, OnlyMissing { fields, records: 1 });
    }

    fn add_only_missing(&mut self, key: OnlyMissingKey, counted: OnlyMissing) {
        let merged = self
            .only_missing
            .get(&key)
            .map_or(counted, |mine| mine.merge(counted));
        self.only_missing.insert(key, merged);
    }

    /// The records counted with drift that are valid after all: their only findings were
    /// missing fields that no record of their category carried. As (input, category, records).
    pub(crate) fn valid_after_all(&self) -> impl Iterator<Item = (u32, u32, u64)> + '_ {
        self.only_missing.iter().filter_map(|(key, counted)| {
            (counted.fields != 0 && counted.fields & self.seen(key.category) == 0).then_some((
                key.input,
                key.category,
                counted.records,
            ))
        })
    }

    /// Every finding, in no particular order; the fields past [`MAX_FIELDS`] of an id and
    /// category as one, named [`OTHER_FIELDS`].
    pub(crate) fn findings(&self) -> impl Iterator<Item = (Head, &str, &FindingAcc)> {
        self.findings
            .iter()
            .flat_map(|(head, fields)| {
                fields
                    .iter()
                    .map(move |(field, acc)| (*head, &**field, acc))
            })
            .chain(
                self.overflow
                    .iter()
                    .map(|(head, acc)| (*head, OTHER_FIELDS, acc)),
            )
    }

    /// The tally of an input.
    pub(crate) fn input_tally(&self, input: u32) -> Tally {
        self.inputs.get(input as usize).copied().unwrap_or_default()
    }

    /// The tally of a catalog category.
    pub(crate) fn category_tally(&self, category: u32) -> Tally {
        self.known
            .get(category as usize)
            .copied()
            .unwrap_or_default()
    }

    /// Tallies of records whose category is unknown or unnamed.
    pub(crate) fn other_categories(&self) -> &BTreeMap<CategoryKey, Tally> {
        &self.other_categories
    }

    /// The documented fields of a category seen so far.
    pub(crate) fn seen(&self, category: u32) -> u128 {
        self.seen.get(category as usize).copied().unwrap_or(0)
    }

    /// The sum of all input tallies.
    pub(crate) fn total(&self) -> Tally {
        let mut total = Tally::default();
        for tally in &self.inputs {
            total.merge(tally);
        }
        total
    }
}

/// Moving an aggregate into another run's input numbering, for merging partials.
impl Aggregate {
    /// Renumbers inputs: input `i` becomes `map[i]`. `map` must be increasing, so the first
    /// places each finding kept stay the first ones in the new numbering (and merging keeps
    /// exactly the samples a single run would have kept). An index outside `map` is kept as is.
    pub(crate) fn remap_inputs(&mut self, map: &[u32]) {
        let renumber = |input: u32| map.get(input as usize).copied().unwrap_or(input);
        for fields in self.findings.values_mut() {
            for acc in fields.values_mut() {
                for sample in &mut acc.samples {
                    sample.place.input = renumber(sample.place.input);
                }
            }
        }
        let old = std::mem::take(&mut self.inputs);
        for (index, tally) in old.into_iter().enumerate() {
            let input = renumber(u32::try_from(index).unwrap_or(u32::MAX));
            tally_at(&mut self.inputs, input as usize).merge(&tally);
        }
        for (mut key, counted) in std::mem::take(&mut self.only_missing) {
            key.input = renumber(key.input);
            self.add_only_missing(key, counted);
        }
    }

    /// How many inputs have a tally slot.
    pub(crate) fn input_slots(&self) -> usize {
        self.inputs.len()
    }
}

/// Serde for the findings map as a list of (head, field, finding) triples.
mod findings_as_pairs {
    use super::{FindingAcc, HashMap, Head};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Findings = HashMap<Head, HashMap<Box<str>, FindingAcc>>;

    pub(super) fn serialize<S: Serializer>(
        map: &Findings,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let triples: Vec<(&Head, &str, &FindingAcc)> = map
            .iter()
            .flat_map(|(head, fields)| fields.iter().map(move |(field, acc)| (head, &**field, acc)))
            .collect();
        triples.serialize(serializer)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Findings, D::Error> {
        let triples: Vec<(Head, Box<str>, FindingAcc)> = Vec::deserialize(deserializer)?;
        let mut map = Findings::default();
        for (head, field, acc) in triples {
            map.entry(head).or_default().insert(field, acc);
        }
        Ok(map)
    }
}

/// Serde for a map whose keys are not strings (a JSON object's must be) as a list of
/// (key, value) pairs.
mod as_pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<'m, M, K, V, S>(map: &'m M, serializer: S) -> Result<S::Ok, S::Error>
    where
        &'m M: IntoIterator<Item = (&'m K, &'m V)>,
        K: Serialize + 'm,
        V: Serialize + 'm,
        S: Serializer,
    {
        serializer.collect_seq(map)
    }

    pub(super) fn deserialize<'de, M, K, V, D>(deserializer: D) -> Result<M, D::Error>
    where
        M: FromIterator<(K, V)>,
        K: Deserialize<'de>,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Vec::<(K, V)>::deserialize(deserializer).map(|pairs| pairs.into_iter().collect())
    }
}

fn tally_at(tallies: &mut Vec<Tally>, index: usize) -> &mut Tally {
    if tallies.len() <= index {
        tallies.resize(index + 1, Tally::default());
    }
    &mut tallies[index]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    proptest::proptest! {
        /// A string the scanner hands over by its JSON text (no escape, no control character)
        /// is counted and shown as the parsed string is: same kind, same string shape, same
        /// example, whole or cut, at every length around the example limit.
        #[test]
        fn a_plain_string_is_shown_as_its_parsed_value_is(
            text in "[^\\\\\"\\x00-\\x1f]{0,3}(2024-05-01T00:00:00Z)?[a-zé€😀 ]{0,130}"
        ) {
            let json = format!("\"{text}\"");
            let value = Value::String(text.clone());
            let (plain, parsed) = (Shown::PlainString(&json), Shown::Parsed(&value));
            proptest::prop_assert_eq!(plain.kind(), parsed.kind());
            proptest::prop_assert_eq!(plain.string(), parsed.string());
            proptest::prop_assert_eq!(plain.example_text(), parsed.example_text());
        }
    }

    fn chunk(seed: u64) -> Aggregate {
        let mut aggregate = Aggregate::default();
        for step in 0..40u64 {
            let line = seed * 100 + step;
            let place = Place {
                input: u32::try_from(seed % 2).unwrap(),
                line,
                record: None,
            };
            let value = Value::from(format!("v{}", line % 7));
            let id = if step % 3 == 0 {
                FindingId::UndocumentedField
            } else {
                FindingId::TypeMismatch
            };
            let level = if step % 5 == 0 {
                Level::Error
            } else {
                Level::Warning
            };
            let observation = Observation {
                place,
                column: None,
                value: Some(Shown::Parsed(&value)),
                note: None,
                documented: Some(usize::try_from(step % 4).unwrap()),
            };
            aggregate.note(
                Head {
                    id,
                    category: Some(u32::try_from(step % 2).unwrap()),
                },
                &format!("F{}", step % 4),
                level,
                &observation,
            );
            let outcome = if step % 4 == 0 {
                RecordOutcome::Valid(Shape::LogAnalytics)
            } else {
                RecordOutcome::Drifted(Shape::ResourceLog)
            };
            aggregate.count_record(
                place.input,
                Some(&CategoryKey::Known(u32::try_from(step % 3).unwrap())),
                outcome,
            );
            aggregate.mark_seen(u32::try_from(step % 3).unwrap(), 1 << (step % 9));
        }
        aggregate.count_record(
            0,
            Some(&CategoryKey::Unknown(format!("X{seed}"))),
            RecordOutcome::Drifted(Shape::LogAnalytics),
        );
        aggregate
    }

    #[test]
    fn merging_in_any_order_gives_the_same_result() {
        let chunks: Vec<Aggregate> = (0..5).map(chunk).collect();
        let orders: [[usize; 5]; 4] = [
            [0, 1, 2, 3, 4],
            [4, 3, 2, 1, 0],
            [2, 0, 4, 1, 3],
            [1, 3, 0, 4, 2],
        ];
        let mut results = Vec::new();
        for order in orders {
            let mut merged = Aggregate::default();
            for index in order {
                merged.merge(chunks[index].clone());
            }
            results.push(merged);
        }
        // A tree of merges (associativity) must agree with the left folds.
        let mut left = chunks[0].clone();
        left.merge(chunks[1].clone());
        let mut right = chunks[2].clone();
        right.merge(chunks[3].clone());
        right.merge(chunks[4].clone());
        left.merge(right);
        results.push(left);
        for result in &results[1..] {
            assert_eq!(result, &results[0]);
        }
        let total = results[0].total();
        assert_eq!(total.total, 205);
        assert_eq!(
            total.total,
            total.valid + total.with_drift + total.unreadable
        );
    }

    #[test]
    fn samples_keep_the_first_places() {
        let mut aggregate = Aggregate::default();
        let head = Head {
            id: FindingId::UndocumentedField,
            category: Some(0),
        };
        for line in (1..=20u64).rev() {
            aggregate.note(
                head,
                "X",
                Level::Warning,
                &Observation::at(Place {
                    input: 0,
                    line,
                    record: None,
                }),
            );
        }
        let (_, _, acc) = aggregate.findings().next().unwrap();
        let lines: Vec<u64> = acc.samples.iter().map(|sample| sample.place.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5]);
        assert_eq!(acc.count, 20);
    }
}
