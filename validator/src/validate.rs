//! The rules: where every data finding is born. A record, once flattened (`normalise`) and
//! classified (`classify`), is put to one rule per family of findings, each a function below:
//! keys against the inventory (`undocumented-field`, `name-case-mismatch`), envelope spellings,
//! required fields, Kusto types of Log Analytics rows, values against the JSON Schema
//! (`type-mismatch`, `undocumented-enum-value`, `format-violation`), preferred types and
//! integral numbers. Every rule reads the [`SchemaIndex`] and writes to the [`Aggregate`], each
//! observation with the documented field the rule resolved (the report reads its doc row from
//! there, never looking the key up again); the hot path ([`crate::fast_path`]) hands over every
//! record it cannot prove clean.

use crate::aggregate::{
    Aggregate, CategoryKey, Head, Observation, Place, RecordOutcome, Shown, category_id,
};
use crate::classify::Class;
use crate::finding::{FindingId, Level, json_quoted};
use crate::index::SchemaIndex;
use crate::inventory::{CategoryInventory, JsonKind, KeyClass};
use crate::normalise::{self, EnvelopeMisspelling, Flattened, PropertiesForm, Shape};
use acs_log_schemas::{KustoType, value_of_untyped_text};
use jsonschema::error::ValidationErrorKind;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Display;

/// What the checker knows of a record beyond its fields.
struct RecordContext<'a> {
    shape: Shape,
    misspellings: &'a [EnvelopeMisspelling],
    /// Columns that came from envelope fields of the common schema.
    envelope_columns: &'a [String],
    /// Data, or a page's example. A flat record of data is a row of a Log Analytics table,
    /// typed by its Kusto types; a page's example is not.
    source: RecordSource<'a>,
}

/// Where a record came from: data, or an example a page writes over several lines.
#[derive(Clone, Copy)]
enum RecordSource<'a> {
    /// A record of data: its place is the record's. `written` is its JSON text when the reader
    /// has it, to show a number as written rather than as the float it parsed to (read only
    /// then: most records never need it).
    Data { written: Option<Written<'a>> },
    /// A page's example: a finding about a field is placed at the line of its key, which
    /// `key_line` finds in the example's text (the record's first line when it lacks the key).
    Example { key_line: &'a dyn Fn(&str) -> u64 },
}

impl RecordSource<'_> {
    /// The place of a finding about `field` (`""`: none) of the record at `place`.
    fn place_of(self, place: Place, field: &str) -> Place {
        match self {
            RecordSource::Example { key_line } if !field.is_empty() => Place {
                line: key_line(field),
                ..place
            },
            RecordSource::Data { .. } | RecordSource::Example { .. } => place,
        }
    }
}

/// Records one occurrence if the id is not turned off; says whether it was recorded.
fn note(
    schema_index: &SchemaIndex,
    aggregate: &mut Aggregate,
    head: Head,
    field: &str,
    demote: bool,
    observation: &Observation<'_>,
) -> bool {
    let Some(level) = schema_index.level(head.id) else {
        return false;
    };
    let level = if demote { level.demoted() } else { level };
    aggregate.note(head, field, level, observation);
    true
}

/// Records a problem with an input as a whole (not a record).
pub(crate) fn note_input_problem(
    schema_index: &SchemaIndex,
    aggregate: &mut Aggregate,
    id: FindingId,
    place: Place,
    message: &dyn Display,
) {
    let observation = Observation {
        place,
        column: None,
        value: None,
        note: Some(message),
        documented: None,
    };
    let head = Head { id, category: None };
    if id == FindingId::FormatViolation {
        // The form of an input as a whole is how its exporter rendered it (the portal's
        // `TimeGenerated [UTC]` display dates), read back as the service wrote it: a note
        // about the export, never drift of the records.
        if schema_index.level(id).is_some() {
            aggregate.note(head, "", Level::Info, &observation);
        }
        return;
    }
    note(schema_index, aggregate, head, "", false, &observation);
}

/// Records a record that could not be read.
pub(crate) fn note_unreadable(
    schema_index: &SchemaIndex,
    aggregate: &mut Aggregate,
    place: Place,
    column: Option<u64>,
    message: &dyn Display,
) {
    let observation = Observation {
        place,
        column,
        value: None,
        note: Some(message),
        documented: None,
    };
    note(
        schema_index,
        aggregate,
        Head {
            id: FindingId::UnreadableRecord,
            category: None,
        },
        "",
        false,
        &observation,
    );
    aggregate.count_record(place.input, None, RecordOutcome::Unreadable);
}

/// Checks one parsed JSON value: a record, or an Event Hubs `{"records": [...]}` batch.
pub(crate) fn check_value(
    schema_index: &SchemaIndex,
    value: Value,
    place: Place,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    match value {
        Value::Object(mut map)
            if map.len() == 1 && map.get("records").is_some_and(Value::is_array) =>
        {
            if let Some(Value::Array(records)) = map.remove("records") {
                for (index, record) in records.into_iter().enumerate() {
                    let place = Place {
                        record: Some(index as u64),
                        ..place
                    };
                    check_record(schema_index, record, place, path_hint, aggregate);
                }
            }
        }
        other => check_record(schema_index, other, place, path_hint, aggregate),
    }
}

/// Checks one record.
pub(crate) fn check_record(
    schema_index: &SchemaIndex,
    value: Value,
    place: Place,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    check_written_record(schema_index, value, None, place, path_hint, aggregate);
}

/// The JSON text a record was parsed from: the record itself, or an element of the batch or
/// array it was written in (cut out only when a finding needs it).
#[derive(Clone, Copy)]
pub(crate) struct Written<'t> {
    /// The text: the record, or the whole batch (`{"records": [...]}`) or array holding it.
    pub text: &'t [u8],
    /// The record's index in the batch's `records` or in the array, when `text` holds several.
    pub element: Option<usize>,
}

impl<'t> Written<'t> {
    /// The record's own text.
    fn record(self) -> Option<&'t str> {
        let text = std::str::from_utf8(self.text).ok()?;
        let Some(index) = self.element else {
            return Some(text);
        };
        // Elements are delimited, not parsed: only the one asked for is read again.
        let elements = if let Ok(elements) = serde_json::from_str::<Vec<&'t RawValue>>(text) {
            elements
        } else {
            let mut batch = serde_json::from_str::<BTreeMap<String, &'t RawValue>>(text).ok()?;
            serde_json::from_str::<Vec<&'t RawValue>>(batch.remove("records")?.get()).ok()?
        };
        elements.get(index).map(|raw| raw.get())
    }
}

/// Checks one record parsed from `written`, its JSON text when at hand: a number a finding
/// shows is shown as written.
pub(crate) fn check_written_record(
    schema_index: &SchemaIndex,
    value: Value,
    written: Option<Written<'_>>,
    place: Place,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    let source = RecordSource::Data { written };
    check_record_as(schema_index, value, place, source, path_hint, aggregate);
}

/// Checks one example of a documentation page, the record at `place`. A flattened example
/// there is a property bag as the page writes it, not a row a Log Analytics table stored: its
/// values are checked against the documented types, not against the table's Kusto types. A
/// finding about a field is placed at `key_line(field)`, the line of its key in the page.
pub(crate) fn check_example(
    schema_index: &SchemaIndex,
    value: Value,
    place: Place,
    key_line: &dyn Fn(&str) -> u64,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    check_record_as(
        schema_index,
        value,
        place,
        RecordSource::Example { key_line },
        path_hint,
        aggregate,
    );
}

fn check_record_as(
    schema_index: &SchemaIndex,
    value: Value,
    place: Place,
    source: RecordSource<'_>,
    path_hint: Option<usize>,
    aggregate: &mut Aggregate,
) {
    let map = match value {
        Value::Object(map) => map,
        other => {
            let message = format!(
                "a record must be a JSON object, not {}",
                JsonKind::of(&other).as_str()
            );
            note_unreadable(schema_index, aggregate, place, None, &message);
            return;
        }
    };
    let mut misspellings = Vec::new();
    let Flattened {
        shape,
        flat,
        envelope_columns,
        properties,
        collisions,
    } = schema_index.envelope.flatten(map, &mut misspellings);
    for collision in &collisions {
        let message = format!(
            "the column {} is given twice: {} holds {}, and {} holds {}; the first is checked, the second dropped",
            json_quoted(&collision.column),
            json_quoted(&collision.kept_key),
            collision.kept,
            json_quoted(&collision.dropped_key),
            collision.dropped,
        );
        note_input_problem(
            schema_index,
            aggregate,
            FindingId::DuplicateKey,
            place,
            &message,
        );
    }
    match properties {
        PropertiesForm::Object => {}
        PropertiesForm::EncodedObject => {
            // Read as the object it holds, and said: the common schema has an object there.
            if schema_index.level(FindingId::FormatViolation).is_some() {
                let message = "`properties` is a JSON string holding an object, read as that object (the resource-log common schema has an object)";
                let observation = Observation {
                    place: source.place_of(place, "properties"),
                    column: None,
                    value: None,
                    note: Some(&message),
                    documented: None,
                };
                aggregate.note(
                    Head {
                        id: FindingId::FormatViolation,
                        category: None,
                    },
                    "properties",
                    Level::Info,
                    &observation,
                );
            }
        }
        PropertiesForm::Unreadable(kind) => {
            let message = format!(
                "`properties` is {kind}, where the resource-log common schema has a JSON object: the record's service fields cannot be read"
            );
            note_unreadable(schema_index, aggregate, place, None, &message);
            return;
        }
    }
    let (key, drifted) = match schema_index.classifier().classify(&flat, path_hint) {
        Class::Known(index) => {
            let context = RecordContext {
                shape,
                misspellings: &misspellings,
                envelope_columns: &envelope_columns,
                source,
            };
            let verdict = check_known(schema_index, index, flat, &context, place, aggregate);
            if let Some(fields) = verdict.only_missing {
                aggregate.count_only_missing(place.input, category_id(index), shape, fields);
            }
            (CategoryKey::Known(category_id(index)), verdict.drifted)
        }
        Class::Unknown(name) => {
            let message = format!("category {} is not in the catalog", json_quoted(&name));
            let mut findings = Findings::new(schema_index, aggregate, place, source, None);
            findings.add(
                FindingId::UnknownCategory,
                &name,
                None,
                None,
                Some(&message),
                false,
            );
            (CategoryKey::Unknown(name), findings.drifted)
        }
        Class::Unnamed => {
            let mut findings = Findings::new(schema_index, aggregate, place, source, None);
            findings.add(FindingId::UnknownCategory, "", None, None, None, false);
            (CategoryKey::Unnamed, findings.drifted)
        }
    };
    let outcome = if drifted {
        RecordOutcome::Drifted(shape)
    } else {
        RecordOutcome::Valid(shape)
    };
    aggregate.count_record(place.input, Some(&key), outcome);
}

/// How a record of a known category came out.
struct Verdict {
    /// Whether it had a finding.
    drifted: bool,
    /// The documented fields it lacked, when its only findings were `missing-required-field`:
    /// the report counts it valid after all when no record of its category carried any of
    /// them (each is then a `documented-field-never-seen` note about the category, not a
    /// fault of this record).
    only_missing: Option<u128>,
}

fn check_known(
    schema_index: &SchemaIndex,
    index: usize,
    mut flat: Map<String, Value>,
    context: &RecordContext<'_>,
    place: Place,
    aggregate: &mut Aggregate,
) -> Verdict {
    let inventory = &schema_index.inventories[index];
    let mut findings = Findings::new(
        schema_index,
        aggregate,
        place,
        context.source,
        Some(category_id(index)),
    );
    // The CLI prints every cell as text: type it back from the table's Kusto types, as the
    // CSV reader does, so a faithful row is not a string where the table has a number.
    let cli_row = context.shape == Shape::LogAnalytics && normalise::is_cli_row(&flat);
    if cli_row {
        type_cli_row(inventory, &mut flat);
    }
    let mut keys = keys_rule(&mut findings, inventory, &flat, context, cli_row);
    keys.near |= envelope_spelling_rule(&mut findings, inventory, context.misspellings);
    let missing = required_rule(
        &mut findings,
        inventory,
        context.shape,
        keys.seen | keys.near,
    );
    // A recased or respelled key is the documented field, seen: its drift is the name.
    let seen = keys.seen | keys.near;
    findings.aggregate.mark_seen(category_id(index), seen);
    findings
        .aggregate
        .mark_valued(category_id(index), seen & !keys.no_value);

    // Fields whose type a rule reported: the others do not report it again.
    let mut type_reported: u128 = 0;
    if context.shape == Shape::LogAnalytics && matches!(context.source, RecordSource::Data { .. }) {
        kusto_type_rule(&mut findings, inventory, &flat, &mut type_reported);
    }
    // A field with no value has nothing for the schema to check.
    let mut bits = keys.no_value;
    while bits != 0 {
        let field = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        flat.remove(inventory.fields[field].key.as_str());
    }
    let record = Value::Object(flat);
    schema_rule(
        &mut findings,
        &schema_index.validators[index],
        inventory,
        &record,
        &mut type_reported,
    );
    preferred_type_rule(
        &mut findings,
        inventory,
        &schema_index.preferred[index],
        &record,
        type_reported,
    );
    integral_number_rule(&mut findings, inventory, &record, type_reported);
    Verdict {
        drifted: findings.drifted,
        only_missing: (findings.drifted && !findings.beyond_missing && missing != 0)
            .then_some(missing),
    }
}

/// Where one record's findings go, and whether any did.
pub(crate) struct Findings<'a> {
    schema_index: &'a SchemaIndex,
    aggregate: &'a mut Aggregate,
    place: Place,
    source: RecordSource<'a>,
    category: Option<u32>,
    pub(crate) drifted: bool,
    /// Whether a finding other than `missing-required-field` was recorded.
    beyond_missing: bool,
}

impl<'a> Findings<'a> {
    /// Findings about a record from `source` of a category (`None`: no known one).
    fn new(
        schema_index: &'a SchemaIndex,
        aggregate: &'a mut Aggregate,
        place: Place,
        source: RecordSource<'a>,
        category: Option<u32>,
    ) -> Findings<'a> {
        Findings {
            schema_index,
            aggregate,
            place,
            source,
            category,
            drifted: false,
            beyond_missing: false,
        }
    }

    /// Findings about a record of data of a category (`None`: no known one).
    pub(crate) fn of_category(
        schema_index: &'a SchemaIndex,
        aggregate: &'a mut Aggregate,
        place: Place,
        category: Option<u32>,
    ) -> Findings<'a> {
        Findings::new(
            schema_index,
            aggregate,
            place,
            RecordSource::Data { written: None },
            category,
        )
    }

    /// How a finding shows the value of the record's `key`: a float as the record writes it,
    /// when its text is at hand (parsed, `1e400` is the float range's end and
    /// `18446744073709551616` is `1.8446744073709552e19`); any other value as parsed.
    fn shown<'v>(&self, key: &str, value: &'v Value) -> Shown<'v>
    where
        'a: 'v,
    {
        let float = matches!(value, Value::Number(number) if number.is_f64());
        match self.source {
            RecordSource::Data {
                written: Some(written),
            } if float => {
                written_member(written, key).map_or(Shown::Parsed(value), |written| Shown::Number {
                    parsed: value,
                    written,
                })
            }
            RecordSource::Data { .. } | RecordSource::Example { .. } => Shown::Parsed(value),
        }
    }

    /// Records one finding about `field` of the record (at the level the config gives its id,
    /// one lower when `demote`), with the documented field the rule resolved it to (by
    /// inventory index), the value seen and a note.
    pub(crate) fn add(
        &mut self,
        id: FindingId,
        field: &str,
        documented: Option<usize>,
        value: Option<Shown<'_>>,
        message: Option<&dyn Display>,
        demote: bool,
    ) {
        let observation = Observation {
            place: self.source.place_of(self.place, field),
            column: None,
            value,
            note: message,
            documented,
        };
        let head = Head {
            id,
            category: self.category,
        };
        let noted = note(
            self.schema_index,
            self.aggregate,
            head,
            field,
            demote,
            &observation,
        );
        self.drifted |= noted;
        self.beyond_missing |= noted && id != FindingId::MissingRequiredField;
    }
}

/// The documented fields a record's keys named, as bit masks over the inventory.
struct KeyMasks {
    /// Named exactly.
    seen: u128,
    /// Named by a near-miss spelling (`SdkType` for `SDKType`).
    near: u128,
    /// Named, but holding `null`: no value for this record (a Log Analytics cell of a
    /// non-string column, a resource-log property the operation does not set).
    no_value: u128,
}

/// The note of a near-miss spelling: the key the documentation has (`documented as "SDKType"`).
pub(crate) struct DocumentedAs<'a>(pub(crate) &'a str);

impl Display for DocumentedAs<'_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "documented as {:?}", self.0)
    }
}

/// Types a CLI row's text cells back from the table's Kusto types.
fn type_cli_row(inventory: &CategoryInventory, flat: &mut Map<String, Value>) {
    for (key, value) in flat {
        if let Value::String(text) = value {
            *value = match kusto_type_of(inventory, key) {
                // The CLI writes ISO 8601: a display date there is reported, not read back.
                Some(kusto) => kusto.value_of_text_as_written(text),
                None if key == normalise::CLI_TABLE_COLUMN => continue,
                // A column no documentation types: read the text for what it is.
                None => value_of_untyped_text(text),
            };
        }
    }
}

/// `undocumented-field` and `name-case-mismatch`: every key against the inventory.
fn keys_rule(
    findings: &mut Findings<'_>,
    inventory: &CategoryInventory,
    flat: &Map<String, Value>,
    context: &RecordContext<'_>,
    cli_row: bool,
) -> KeyMasks {
    let log_analytics = context.shape == Shape::LogAnalytics;
    let mut masks = KeyMasks {
        seen: 0,
        near: 0,
        no_value: 0,
    };
    for (key, value) in flat {
        match inventory.classify_key(key) {
            Some(KeyClass::Documented(field)) => {
                masks.seen |= 1 << field;
                let string_column = inventory.fields[field].kusto == Some(KustoType::String);
                // Log Analytics writes `""`, never `null`, for a string column with no
                // value: that `null` is left for the type check to report.
                if value.is_null() && !(log_analytics && string_column) {
                    masks.no_value |= 1 << field;
                }
            }
            Some(KeyClass::Workspace) => {}
            None if cli_row && key == normalise::CLI_TABLE_COLUMN => {}
            None => {
                let (id, field) = match inventory.near_match(key) {
                    Some(field) => {
                        masks.near |= 1 << field;
                        if value.is_null() {
                            masks.no_value |= 1 << field;
                        }
                        (FindingId::NameCaseMismatch, Some(field))
                    }
                    // A Log Analytics `null` is no value; a query over several tables fills
                    // the columns of the others with it. A column is drift where it holds
                    // something.
                    None if value.is_null() && log_analytics => continue,
                    // An envelope field of the resource-log common schema (`category`,
                    // `location`) whose column this category does not document: a known
                    // field of the envelope every resource log carries, never drift.
                    None if context.envelope_columns.iter().any(|column| column == key) => {
                        continue;
                    }
                    None => (FindingId::UndocumentedField, None),
                };
                let documented = field.map(|field| DocumentedAs(&inventory.fields[field].key));
                findings.add(
                    id,
                    key,
                    field,
                    Some(findings.shown(key, value)),
                    documented.as_ref().map(|text| text as &dyn Display),
                    false,
                );
            }
        }
    }
    masks
}

/// `name-case-mismatch` of the envelope: a common-schema key spelled otherwise
/// (`correlationID`). Returns the documented fields so named.
fn envelope_spelling_rule(
    findings: &mut Findings<'_>,
    inventory: &CategoryInventory,
    misspellings: &[EnvelopeMisspelling],
) -> u128 {
    let mut near = 0u128;
    for misspelling in misspellings {
        if let Some(field) = inventory.field_index(&misspelling.column) {
            near |= 1 << field;
            let message = format!(
                "envelope key {} for column {}: the resource-log common schema spells it {}",
                json_quoted(&misspelling.key),
                json_quoted(&misspelling.column),
                json_quoted(&misspelling.expected)
            );
            findings.add(
                FindingId::NameCaseMismatch,
                &misspelling.key,
                Some(field),
                None,
                Some(&message),
                false,
            );
        }
    }
    near
}

/// `missing-required-field`; returns the fields missing. A Log Analytics row carries the
/// columns of its table: a documented column the table lacks (per the table reference) is never
/// missing from the row; the page and the reference disagreeing is the docs check's
/// `reference-disagrees`.
fn required_rule(
    findings: &mut Findings<'_>,
    inventory: &CategoryInventory,
    shape: Shape,
    named: u128,
) -> u128 {
    let required = match shape {
        Shape::LogAnalytics => inventory.table_required_mask,
        Shape::ResourceLog => inventory.required_mask,
    };
    let missing = required & !named;
    let mut bits = missing;
    while bits != 0 {
        let field = bits.trailing_zeros() as usize;
        bits &= bits - 1;
        findings.add(
            FindingId::MissingRequiredField,
            &inventory.fields[field].key,
            Some(field),
            None,
            None,
            false,
        );
    }
    missing
}

/// `type-mismatch` of a Log Analytics row: its documented columns against the table
/// reference's Kusto types. A `string` column is a string there even where the resource-log
/// shape carries a boolean or a number (`IsHardBounce`), and a non-string column may be `null`.
fn kusto_type_rule(
    findings: &mut Findings<'_>,
    inventory: &CategoryInventory,
    flat: &Map<String, Value>,
    type_reported: &mut u128,
) {
    for (field, doc) in inventory.fields.iter().enumerate() {
        let (Some(kusto), Some(value)) = (doc.kusto, flat.get(doc.key.as_str())) else {
            continue;
        };
        if kusto.holds(value) {
            continue;
        }
        *type_reported |= 1 << field;
        let message = format!(
            "a Log Analytics column of Kusto type {kusto} (Azure Monitor table reference) holds {}",
            what_number(value).unwrap_or(JsonKind::of(value).as_str())
        );
        findings.add(
            FindingId::TypeMismatch,
            &doc.key,
            Some(field),
            Some(findings.shown(&doc.key, value)),
            Some(&message),
            false,
        );
    }
}

/// `type-mismatch`, `undocumented-enum-value` and `format-violation`: the values against the
/// category's JSON Schema. A record that passes `is_valid` costs no error enumeration.
fn schema_rule(
    findings: &mut Findings<'_>,
    validator: &jsonschema::Validator,
    inventory: &CategoryInventory,
    record: &Value,
    type_reported: &mut u128,
) {
    if validator.is_valid(record) {
        return;
    }
    let mut reported: Vec<(FindingId, String)> = Vec::new();
    for error in validator.iter_errors(record) {
        let field = first_segment(error.instance_path().as_str());
        if field.is_empty() {
            // Root-level errors are `required` ones, reported from the inventory.
            continue;
        }
        let value = record.get(field.as_ref());
        let kind = value.map(JsonKind::of);
        let field_index = inventory.field_index(&field);
        let id = match error.kind() {
            ValidationErrorKind::Required { .. } => continue,
            ValidationErrorKind::Type { .. } => FindingId::TypeMismatch,
            ValidationErrorKind::Enum { .. } | ValidationErrorKind::Constant { .. } => {
                FindingId::UndocumentedEnumValue
            }
            ValidationErrorKind::AnyOf { .. } | ValidationErrorKind::OneOfNotValid { .. } => {
                let allowed =
                    field_index.map_or(&[][..], |field| inventory.fields[field].types.as_slice());
                if kind.is_some_and(|kind| !kind.allowed_by(allowed)) {
                    FindingId::TypeMismatch
                } else {
                    FindingId::FormatViolation
                }
            }
            _ => FindingId::FormatViolation,
        };
        if reported
            .iter()
            .any(|(seen_id, seen_field)| *seen_id == id && seen_field == field.as_ref())
            || (id == FindingId::TypeMismatch
                && field_index.is_some_and(|field| *type_reported & (1 << field) != 0))
        {
            continue;
        }
        if id == FindingId::TypeMismatch
            && let Some(field) = field_index
        {
            *type_reported |= 1 << field;
        }
        findings.add(
            id,
            &field,
            field_index,
            value.map(Shown::from),
            Some(&Explained(&error)),
            false,
        );
        reported.push((id, field.into_owned()));
    }
}

/// A validation error as a reader wants it: an `anyOf` of formats and "empty" (an address
/// column: `ipv4`, `ipv6` or `""`) says what the value is not, branch by branch
/// (`"203.0.113.5:443" is not an IPv4 address, nor an IPv6 address, nor empty`), where
/// `jsonschema` says only that it "is not valid under any of the schemas listed in the 'anyOf'
/// keyword". Any other error is the validator's own message.
struct Explained<'e, 'i>(&'e jsonschema::ValidationError<'i>);

impl Display for Explained<'_, '_> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let error = self.0;
        let ValidationErrorKind::AnyOf { context } = error.kind() else {
            return write!(formatter, "{error}");
        };
        let mut branches = Vec::with_capacity(context.len());
        for branch in context {
            match branch.as_slice() {
                [only] => match only.kind() {
                    ValidationErrorKind::Format { format } => {
                        branches.push(match format.as_str() {
                            "ipv4" => "an IPv4 address".to_owned(),
                            "ipv6" => "an IPv6 address".to_owned(),
                            "email" | "idn-email" => "an email address".to_owned(),
                            other => format!("a {}", json_quoted(other)),
                        });
                    }
                    ValidationErrorKind::MaxLength { limit: 0 } => branches.push("empty".into()),
                    _ => return write!(formatter, "{error}"),
                },
                _ => return write!(formatter, "{error}"),
            }
        }
        write!(
            formatter,
            "{} is not {}",
            error.instance(),
            branches.join(", nor ")
        )
    }
}

/// `type-mismatch`, one level down: a type the schema accepts but does not prefer (`"200"` for
/// an HTTP status) is drift worth a note, below a real type mismatch.
fn preferred_type_rule(
    findings: &mut Findings<'_>,
    inventory: &CategoryInventory,
    preferred_fields: &[usize],
    record: &Value,
    type_reported: u128,
) {
    for &field in preferred_fields {
        let doc = &inventory.fields[field];
        let (Some(preferred), Some(value)) = (doc.preferred, record.get(doc.key.as_str())) else {
            continue;
        };
        let kind = JsonKind::of(value);
        if kind != preferred && kind.allowed_by(&doc.types) && type_reported & (1 << field) == 0 {
            let message = format!(
                "the documented type is {}; {} is accepted but not preferred",
                preferred.as_str(),
                kind.as_str()
            );
            findings.add(
                FindingId::TypeMismatch,
                &doc.key,
                Some(field),
                Some(findings.shown(&doc.key, value)),
                Some(&message),
                true,
            );
        }
    }
}

/// `type-mismatch` of integers: JSON Schema counts `70.0`, `7e1` and integers past 64 bits as
/// integers, but no typed reader does (an `i64` field rejects them): said as what they are. Only
/// numbers the parser held as floats are looked at, so ordinary records cost one test per value.
fn integral_number_rule(
    findings: &mut Findings<'_>,
    inventory: &CategoryInventory,
    record: &Value,
    type_reported: u128,
) {
    for (key, value) in record.as_object().into_iter().flatten() {
        let Some(what) = what_number(value) else {
            continue;
        };
        let Some(field) = inventory.field_index(key) else {
            continue;
        };
        let types = &inventory.fields[field].types;
        if !types.contains(&JsonKind::Integer)
            || types.contains(&JsonKind::Number)
            || type_reported & (1 << field) != 0
        {
            continue;
        }
        let message = format!("the documented type is integer; the value is {what}");
        findings.add(
            FindingId::TypeMismatch,
            key,
            Some(field),
            Some(findings.shown(key, value)),
            Some(&message),
            false,
        );
    }
}

/// The JSON text of member `key` of the record written as `written`: at its top level, in its
/// `properties` (a resource-log record's service fields), or at its top level whatever the
/// case (an envelope key, `durationMs` for the column `DurationMs`). `None` when none is there.
fn written_member<'t>(written: Written<'t>, key: &str) -> Option<&'t str> {
    type Members<'t> = BTreeMap<String, &'t RawValue>;
    let written = written.record()?;
    // Members are not parsed, only delimited: `1e400` and 30-digit integers read as text.
    let members = |text: &'t str| serde_json::from_str::<Members<'t>>(text).ok();
    let top = members(written)?;
    let exact = |members: &Members<'t>| members.get(key).map(|raw| raw.get());
    exact(&top)
        .or_else(|| exact(&members(top.get("properties")?.get())?))
        .or_else(|| {
            top.iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(key))
                .map(|(_, raw)| raw.get())
        })
}

/// What an integral number the parser held as a float is, said as what a typed reader sees:
/// JSON Schema calls `70.0`, `7e1` and integers past 64 bits integers, but an `i64` rejects them.
/// `None` for any other value.
fn what_number(value: &Value) -> Option<&'static str> {
    let Value::Number(number) = value else {
        return None;
    };
    let as_float = number.as_f64().filter(|_| number.is_f64())?;
    if as_float.fract() != 0.0 {
        None
    } else if as_float.abs() >= 9_223_372_036_854_775_808.0 {
        Some("an integer beyond 64 bits, which no 64-bit integer type holds")
    } else if as_float == 0.0 && as_float.is_sign_negative() {
        // serde_json reads `-0` as the float -0.0, as it reads `-0.0`: either is this.
        Some(
            "a negative zero (-0 or -0.0), which JSON parsers read as a float and integer types reject",
        )
    } else {
        Some("an integral number written as a float (70.0, 7e1), which integer types reject")
    }
}

/// The Kusto type of a column of a category's table: the documented field's `x-kusto-type`, or
/// the table reference's type for a column the pages lack.
fn kusto_type_of(inventory: &CategoryInventory, key: &str) -> Option<KustoType> {
    match inventory.field_index(key) {
        Some(field) => inventory.fields[field].kusto,
        None => inventory.reference_type(key),
    }
}

/// The first segment of a JSON pointer, unescaped (`/a~1b/c` → `a/b`).
fn first_segment(pointer: &str) -> Cow<'_, str> {
    let rest = pointer.strip_prefix('/').unwrap_or(pointer);
    let segment = rest.split('/').next().unwrap_or("");
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

#[cfg(test)]
mod tests {
    use super::{Written, written_member};

    fn record(text: &[u8]) -> Written<'_> {
        Written {
            text,
            element: None,
        }
    }

    #[test]
    fn a_member_is_found_as_written_at_the_top_in_properties_or_by_its_envelope_case() {
        let row =
            record(br#"{"DurationMs": 7e1, "Big": 123456789012345678901234567890, "Huge": 1e400}"#);
        assert_eq!(written_member(row, "DurationMs"), Some("7e1"));
        assert_eq!(
            written_member(row, "Big"),
            Some("123456789012345678901234567890")
        );
        assert_eq!(written_member(row, "Huge"), Some("1e400"));
        let resource_log = record(
            br#"{"durationMs": 70.0, "properties": {"DeliveryAttempts": -0, "Country": "US"}}"#,
        );
        assert_eq!(written_member(resource_log, "DeliveryAttempts"), Some("-0"));
        assert_eq!(written_member(resource_log, "DurationMs"), Some("70.0"));
        assert_eq!(written_member(resource_log, "Missing"), None);
        assert_eq!(written_member(record(b"[1, 2]"), "DurationMs"), None);
    }

    #[test]
    fn a_member_of_an_element_is_found_in_its_batch_or_array() {
        let element = |text, index| Written {
            text,
            element: Some(index),
        };
        let batch: &[u8] = br#"{"records": [{"durationMs": 1}, {"durationMs": 7e1}]}"#;
        assert_eq!(written_member(element(batch, 1), "DurationMs"), Some("7e1"));
        assert_eq!(written_member(element(batch, 0), "DurationMs"), Some("1"));
        assert_eq!(written_member(element(batch, 2), "DurationMs"), None);
        let array: &[u8] = br#"[{"DurationMs": 1e400}, {"DurationMs": -0}]"#;
        assert_eq!(
            written_member(element(array, 0), "DurationMs"),
            Some("1e400")
        );
        assert_eq!(written_member(element(array, 1), "DurationMs"), Some("-0"));
        assert_eq!(written_member(element(b"{}", 0), "DurationMs"), None);
    }
}
