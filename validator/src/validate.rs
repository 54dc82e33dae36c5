//! Validate and compare: each record, once normalised and classified, is compared with its
//! category's documented-field inventory (undocumented keys, near-miss spellings, missing
//! required fields) and validated against the category's JSON Schema (types, formats, enums).
//! Schemas are compiled once per category; a record that passes `is_valid` costs no error
//! enumeration, and only failing records have their errors listed and classified.

use crate::aggregate::{
    Aggregate, CategoryKey, Head, Observation, Place, RecordOutcome, category_id,
};
use crate::classify::{Class, Classifier};
use crate::config::Config;
use crate::error::SetupError;
use crate::field_check::FieldCheck;
use crate::finding::{FindingId, Level, PerFinding};
use crate::inventory::{CategoryInventory, JsonKind, KeyClass};
use crate::normalise::{self, EnvelopeMap, EnvelopeMisspelling, Flattened, PropertiesForm, Shape};
use acs_log_schemas::{CategoryEntry, KustoType, SchemaSet, value_of_untyped_text};
use jsonschema::error::ValidationErrorKind;
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt::Display;

/// What the checker knows of a record beyond its fields.
struct RecordContext<'a> {
    shape: Shape,
    misspellings: &'a [EnvelopeMisspelling],
    /// Columns that came from envelope fields of the common schema.
    envelope_columns: &'a [String],
    /// Whether a flat record is a row of a Log Analytics table (data), typed by its Kusto
    /// types; not a page's example.
    table_rows: bool,
}

/// The compiled schema set: everything a worker needs to check records, shared read-only.
pub struct Checker {
    /// The documented-field inventory of each catalog category, in catalog order.
    pub inventories: Vec<CategoryInventory>,
    /// For each category, the documented fields that carry an `x-preferred-type`.
    preferred: Vec<Vec<usize>>,
    pub(crate) validators: Vec<jsonschema::Validator>,
    /// For each category, each documented field's schema compiled for the hot path
    /// ([`crate::fast_path`]); `None` where the category's schema has a keyword beyond what
    /// field-by-field checks decide.
    pub(crate) field_checks: Vec<Option<Vec<FieldCheck>>>,
    pub(crate) envelope: EnvelopeMap,
    classifier: Classifier,
    levels: PerFinding<Option<Level>>,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker")
            .field("categories", &self.inventories.len())
            .finish_non_exhaustive()
    }
}

impl Checker {
    /// Compiles every category of a schema set. `fallback_category` is `--category`.
    pub fn new(
        set: &SchemaSet,
        config: &Config,
        fallback_category: Option<&str>,
    ) -> Result<Checker, SetupError> {
        let fallback = match fallback_category {
            Some(name) => Some(
                set.categories()
                    .iter()
                    .position(|entry| entry.category.eq_ignore_ascii_case(name))
                    .ok_or_else(|| SetupError::Schema {
                        file: "catalog.json".into(),
                        pointer: "/categories".into(),
                        message: format!(
                            "--category {name}: no such category; known: {}",
                            set.categories()
                                .iter()
                                .map(|entry| entry.category.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    })?,
            ),
            None => None,
        };
        let registry = schema_registry(set)?;
        let mut inventories = Vec::new();
        let mut validators = Vec::new();
        let mut preferred = Vec::new();
        let mut field_checks = Vec::new();
        for entry in set.categories() {
            let inventory =
                CategoryInventory::build(set, entry, &set.catalog.envelope.workspace_columns)?;
            let schema = schema_of(set, entry)?;
            // The inventory reports missing documented columns itself, by name and cheaply; the
            // validator checks values only, so a row that merely lacks a column stays on the
            // fast `is_valid` path instead of listing errors that would be thrown away.
            let mut values_only = schema.clone();
            if let Some(root) = values_only.as_object_mut() {
                root.remove("required");
            }
            let validator = compile(&registry, &entry.schema, &values_only)?;
            field_checks.push(compile_field_checks(set, &values_only, &inventory));
            preferred.push(
                inventory
                    .fields
                    .iter()
                    .enumerate()
                    .filter(|(_, field)| field.preferred.is_some())
                    .map(|(index, _)| index)
                    .collect(),
            );
            inventories.push(inventory);
            validators.push(validator);
        }
        let levels = PerFinding::from_fn(|id| config.level(id));
        Ok(Checker {
            inventories,
            preferred,
            validators,
            field_checks,
            envelope: EnvelopeMap::new(&set.catalog.envelope),
            classifier: Classifier::new(&set.catalog, fallback),
            levels,
        })
    }

    /// The classifier, for readers that need a category before typing values (CSV).
    pub fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// Records one occurrence if the id is not turned off; says whether it was recorded.
    fn note(
        &self,
        aggregate: &mut Aggregate,
        head: Head,
        field: &str,
        demote: bool,
        observation: &Observation<'_>,
    ) -> bool {
        let Some(level) = self.levels[head.id] else {
            return false;
        };
        let level = if demote { level.demoted() } else { level };
        aggregate.note(head, field, level, observation);
        true
    }

    /// Records a problem with an input as a whole (not a record).
    pub fn note_input_problem(
        &self,
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
        };
        let head = Head { id, category: None };
        if id == FindingId::FormatViolation {
            // The form of an input as a whole is how its exporter rendered it (the portal's
            // `TimeGenerated [UTC]` display dates), read back as the service wrote it: a note
            // about the export, never drift of the records.
            if self.levels[id].is_some() {
                aggregate.note(head, "", Level::Info, &observation);
            }
            return;
        }
        self.note(aggregate, head, "", false, &observation);
    }

    /// Records a record that could not be read.
    pub fn note_unreadable(
        &self,
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
        };
        self.note(
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
    pub fn check_value(
        &self,
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
                        self.check_record(record, place, path_hint, aggregate);
                    }
                }
            }
            other => self.check_record(other, place, path_hint, aggregate),
        }
    }

    /// Checks one record.
    pub fn check_record(
        &self,
        value: Value,
        place: Place,
        path_hint: Option<usize>,
        aggregate: &mut Aggregate,
    ) {
        self.check_record_as(value, place, path_hint, aggregate, true);
    }

    /// Checks one example of a documentation page. A flattened example there is a property
    /// bag as the page writes it, not a row a Log Analytics table stored: its values are checked
    /// against the documented types, not against the table's Kusto types.
    pub fn check_example(
        &self,
        value: Value,
        place: Place,
        path_hint: Option<usize>,
        aggregate: &mut Aggregate,
    ) {
        self.check_record_as(value, place, path_hint, aggregate, false);
    }

    fn check_record_as(
        &self,
        value: Value,
        place: Place,
        path_hint: Option<usize>,
        aggregate: &mut Aggregate,
        table_rows: bool,
    ) {
        let map = match value {
            Value::Object(map) => map,
            other => {
                let message = format!(
                    "a record must be a JSON object, not {}",
                    JsonKind::of(&other).as_str()
                );
                self.note_unreadable(aggregate, place, None, &message);
                return;
            }
        };
        let mut misspellings = Vec::new();
        let Flattened {
            shape,
            flat,
            envelope_columns,
            properties,
        } = self.envelope.flatten(map, &mut misspellings);
        match properties {
            PropertiesForm::Object => {}
            PropertiesForm::EncodedObject => {
                // Read as the object it holds, and said: the common schema has an object there.
                if self.levels[FindingId::FormatViolation].is_some() {
                    let message = "`properties` is a JSON string holding an object, read as that object (the resource-log common schema has an object)";
                    let observation = Observation {
                        place,
                        column: None,
                        value: None,
                        note: Some(&message),
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
                self.note_unreadable(aggregate, place, None, &message);
                return;
            }
        }
        let (key, drifted) = match self.classifier.classify(&flat, path_hint) {
            Class::Known(index) => {
                let context = RecordContext {
                    shape,
                    misspellings: &misspellings,
                    envelope_columns: &envelope_columns,
                    table_rows,
                };
                let drifted = self.check_known(index, flat, &context, place, aggregate);
                (CategoryKey::Known(category_id(index)), drifted)
            }
            Class::Unknown(name) => {
                let message = format!("category {name:?} is not in the catalog");
                let observation = Observation {
                    place,
                    column: None,
                    value: None,
                    note: Some(&message),
                };
                let drifted = self.note(
                    aggregate,
                    Head {
                        id: FindingId::UnknownCategory,
                        category: None,
                    },
                    &name,
                    false,
                    &observation,
                );
                (CategoryKey::Unknown(name), drifted)
            }
            Class::Unnamed => {
                let observation = Observation::at(place);
                let drifted = self.note(
                    aggregate,
                    Head {
                        id: FindingId::UnknownCategory,
                        category: None,
                    },
                    "",
                    false,
                    &observation,
                );
                (CategoryKey::Unnamed, drifted)
            }
        };
        let outcome = if drifted {
            RecordOutcome::Drifted(shape)
        } else {
            RecordOutcome::Valid(shape)
        };
        aggregate.count_record(place.input, Some(&key), outcome);
    }

    fn check_known(
        &self,
        index: usize,
        mut flat: Map<String, Value>,
        context: &RecordContext<'_>,
        place: Place,
        aggregate: &mut Aggregate,
    ) -> bool {
        let shape = context.shape;
        let misspellings = context.misspellings;
        let inventory = &self.inventories[index];
        let category = Some(category_id(index));
        let mut drifted = false;
        // The CLI prints every cell as text: type it back from the table's Kusto types, as the
        // CSV reader does, so a faithful row is not a string where the table has a number.
        let cli_row = shape == Shape::LogAnalytics && normalise::is_cli_row(&flat);
        if cli_row {
            for (key, value) in &mut flat {
                if let Value::String(text) = value {
                    *value = match kusto_type_of(inventory, key) {
                        Some(kusto) => kusto.value_of_text(text),
                        None if key == normalise::CLI_TABLE_COLUMN => continue,
                        // A column no documentation types: read the text for what it is.
                        None => value_of_untyped_text(text),
                    };
                }
            }
        }
        let mut seen = 0u128;
        let mut near = 0u128;
        // Documented fields that held `null`: no value for this record (a Log Analytics cell of
        // a non-string column, a resource-log property the operation does not set).
        let mut no_value = 0u128;
        for (key, value) in &flat {
            match inventory.classify_key(key) {
                Some(KeyClass::Documented(field)) => {
                    seen |= 1 << field;
                    let string_column = inventory.fields[field].kusto == Some(KustoType::String);
                    // Log Analytics writes `""`, never `null`, for a string column with no
                    // value: that `null` is left for the type check to report.
                    if value.is_null() && !(shape == Shape::LogAnalytics && string_column) {
                        no_value |= 1 << field;
                    }
                }
                Some(KeyClass::Workspace) => {}
                None if cli_row && key == normalise::CLI_TABLE_COLUMN => {}
                None => {
                    let (id, field) = match inventory.near_match(key) {
                        Some(field) => {
                            near |= 1 << field;
                            if value.is_null() {
                                no_value |= 1 << field;
                            }
                            (FindingId::NameCaseMismatch, Some(field))
                        }
                        // A Log Analytics `null` is no value; a query over several tables fills
                        // the columns of the others with it. A column is drift where it holds
                        // something.
                        None if value.is_null() && shape == Shape::LogAnalytics => continue,
                        // An envelope field of the resource-log common schema (`category`,
                        // `location`) whose column this category does not document: a known
                        // field of the envelope every resource log carries, never drift.
                        None if context.envelope_columns.iter().any(|column| column == key) => {
                            continue;
                        }
                        None => (FindingId::UndocumentedField, None),
                    };
                    let documented = field
                        .map(|field| format!("documented as {:?}", inventory.fields[field].key));
                    let observation = Observation {
                        place,
                        column: None,
                        value: Some(value),
                        note: documented.as_ref().map(|text| text as &dyn Display),
                    };
                    drifted |=
                        self.note(aggregate, Head { id, category }, key, false, &observation);
                }
            }
        }
        for misspelling in misspellings {
            if let Some(field) = inventory.field_index(&misspelling.column) {
                near |= 1 << field;
                let message = format!(
                    "envelope key {:?} for column {:?}",
                    misspelling.key, misspelling.column
                );
                let observation = Observation {
                    place,
                    column: None,
                    value: None,
                    note: Some(&message),
                };
                drifted |= self.note(
                    aggregate,
                    Head {
                        id: FindingId::NameCaseMismatch,
                        category,
                    },
                    &misspelling.key,
                    false,
                    &observation,
                );
            }
        }
        // A Log Analytics row carries the columns of its table: a documented column the table
        // lacks (per the table reference) is never missing from the row; the page and the
        // reference disagreeing is the docs check's `reference-disagrees`.
        let required = match shape {
            Shape::LogAnalytics => inventory.table_required_mask,
            Shape::ResourceLog => inventory.required_mask,
        };
        let mut missing = required & !seen & !near;
        while missing != 0 {
            let field = missing.trailing_zeros() as usize;
            missing &= missing - 1;
            drifted |= self.note(
                aggregate,
                Head {
                    id: FindingId::MissingRequiredField,
                    category,
                },
                &inventory.fields[field].key,
                false,
                &Observation::at(place),
            );
        }
        // A recased or respelled key is the documented field, seen: its drift is the name.
        aggregate.mark_seen(category_id(index), seen | near);
        aggregate.mark_valued(category_id(index), (seen | near) & !no_value);

        let mut type_reported: u128 = 0;
        if shape == Shape::LogAnalytics && context.table_rows {
            drifted |= self.check_kusto_types(index, &flat, place, aggregate, &mut type_reported);
        }
        // A field with no value has nothing for the schema to check.
        let mut bits = no_value;
        while bits != 0 {
            let field = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            flat.remove(inventory.fields[field].key.as_str());
        }
        let record = Value::Object(flat);
        let validator = &self.validators[index];
        if !validator.is_valid(&record) {
            let mut reported: Vec<(FindingId, String)> = Vec::new();
            for error in validator.iter_errors(&record) {
                let field = first_segment(error.instance_path().as_str());
                if field.is_empty() {
                    // Root-level errors are `required` ones, reported above from the inventory.
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
                    ValidationErrorKind::AnyOf { .. }
                    | ValidationErrorKind::OneOfNotValid { .. } => {
                        let allowed = field_index
                            .map_or(&[][..], |field| inventory.fields[field].types.as_slice());
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
                        && field_index.is_some_and(|field| type_reported & (1 << field) != 0))
                {
                    continue;
                }
                if id == FindingId::TypeMismatch
                    && let Some(field) = field_index
                {
                    type_reported |= 1 << field;
                }
                let observation = Observation {
                    place,
                    column: None,
                    value,
                    note: Some(&error),
                };
                drifted |= self.note(
                    aggregate,
                    Head { id, category },
                    &field,
                    false,
                    &observation,
                );
                reported.push((id, field.into_owned()));
            }
        }
        // A type the schema accepts but does not prefer (`"200"` for an HTTP status) is drift
        // worth a note, one level below a real type mismatch.
        for &field in &self.preferred[index] {
            let doc = &inventory.fields[field];
            let (Some(preferred), Some(value)) = (doc.preferred, record.get(doc.key.as_str()))
            else {
                continue;
            };
            let kind = JsonKind::of(value);
            if kind != preferred && kind.allowed_by(&doc.types) && type_reported & (1 << field) == 0
            {
                let message = format!(
                    "the documented type is {}; {} is accepted but not preferred",
                    preferred.as_str(),
                    kind.as_str()
                );
                let observation = Observation {
                    place,
                    column: None,
                    value: Some(value),
                    note: Some(&message),
                };
                drifted |= self.note(
                    aggregate,
                    Head {
                        id: FindingId::TypeMismatch,
                        category,
                    },
                    &doc.key,
                    true,
                    &observation,
                );
            }
        }
        // JSON Schema counts `70.0`, `7e1` and integers past 64 bits as integers, but no typed
        // reader does (an `i64` field rejects them): said as what they are. Only numbers the
        // parser held as floats are looked at, so ordinary records cost one test per value.
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
            let observation = Observation {
                place,
                column: None,
                value: Some(value),
                note: Some(&message),
            };
            drifted |= self.note(
                aggregate,
                Head {
                    id: FindingId::TypeMismatch,
                    category,
                },
                key,
                false,
                &observation,
            );
        }
        drifted
    }
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
    } else {
        Some("an integral number written as a float (70.0, 7e1), which integer types reject")
    }
}

impl Checker {
    /// Checks a Log Analytics row's documented columns against the table reference's Kusto
    /// types: a `string` column is a string there even where the resource-log shape carries a
    /// boolean or a number (`IsHardBounce`), and a non-string column may be `null`.
    fn check_kusto_types(
        &self,
        index: usize,
        flat: &Map<String, Value>,
        place: Place,
        aggregate: &mut Aggregate,
        type_reported: &mut u128,
    ) -> bool {
        let inventory = &self.inventories[index];
        let mut drifted = false;
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
            let observation = Observation {
                place,
                column: None,
                value: Some(value),
                note: Some(&message),
            };
            drifted |= self.note(
                aggregate,
                Head {
                    id: FindingId::TypeMismatch,
                    category: Some(category_id(index)),
                },
                &doc.key,
                false,
                &observation,
            );
        }
        drifted
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

/// Root keywords of a category schema that field-by-field checks fully account for: with only
/// these, a record passes the schema exactly when each of its properties passes its own.
const FIELD_WISE_ROOT: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "title",
    "description",
    "properties",
];

/// Each documented field's schema compiled for the hot path, in inventory order; `None` when the
/// category's schema (without `required`, which the inventory checks) has a root keyword that
/// ties properties together or constrains undocumented ones.
fn compile_field_checks(
    set: &SchemaSet,
    schema: &Value,
    inventory: &CategoryInventory,
) -> Option<Vec<FieldCheck>> {
    let root = schema.as_object()?;
    for (keyword, value) in root {
        let accounted = FIELD_WISE_ROOT.contains(&keyword.as_str())
            || keyword.starts_with("x-")
            || (keyword == "type" && value == "object")
            || (keyword == "additionalProperties" && value == &Value::Bool(true));
        if !accounted {
            return None;
        }
    }
    let properties = root.get("properties")?.as_object()?;
    // A `$ref` reads a document of the set by file name, or a pointer into this one; a target
    // that refers on again is left to `jsonschema`.
    let resolve = |reference: &str| -> Option<Value> {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let document = if file.is_empty() {
            schema
        } else {
            let name = file.rsplit('/').next().unwrap_or(file);
            set.documents()
                .find(|(path, _)| path.rsplit('/').next() == Some(name))
                .map(|(_, document)| document)?
        };
        let target = document.pointer(pointer)?;
        (!target.to_string().contains("\"$ref\"")).then(|| target.clone())
    };
    Some(
        inventory
            .fields
            .iter()
            .map(|field| match properties.get(&field.key) {
                Some(property) => FieldCheck::compile(property, &resolve),
                None => FieldCheck::compile(&Value::Bool(false), &resolve),
            })
            .collect(),
    )
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

/// A category's schema compiled as published (with its `required`), formats asserted and
/// references resolved only within the set.
pub fn category_validator(
    set: &SchemaSet,
    registry: &jsonschema::Registry<'static>,
    category: &str,
) -> Result<jsonschema::Validator, SetupError> {
    let entry = set.category(category).ok_or_else(|| SetupError::Schema {
        file: "catalog.json".into(),
        pointer: "/categories".into(),
        message: format!("no category {category}"),
    })?;
    compile(registry, &entry.schema, schema_of(set, entry)?)
}

/// A catalog category's schema document (the set checks on loading that it is there).
fn schema_of<'set>(set: &'set SchemaSet, entry: &CategoryEntry) -> Result<&'set Value, SetupError> {
    set.schema(&entry.category)
        .ok_or_else(|| SetupError::Schema {
            file: entry.schema.clone(),
            pointer: String::new(),
            message: "missing".into(),
        })
}

fn compile(
    registry: &jsonschema::Registry<'static>,
    file: &str,
    schema: &Value,
) -> Result<jsonschema::Validator, SetupError> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_registry(registry)
        .build(schema)
        .map_err(|error| SetupError::Schema {
            file: file.to_owned(),
            pointer: error.schema_path().to_string(),
            message: error.to_string(),
        })
}

/// Every document of the set, registered under its `$id` (or the set's base URI plus its file
/// name), so relative `$ref`s resolve in memory and nothing is ever fetched.
pub fn schema_registry(set: &SchemaSet) -> Result<jsonschema::Registry<'static>, SetupError> {
    let mut resources = Vec::new();
    for (file, document) in set.documents() {
        let id = document.get("$id").and_then(Value::as_str).map_or_else(
            || format!("{}{file}", acs_log_schemas::ACS_SCHEMA_BASE),
            str::to_owned,
        );
        resources.push((id, document.clone()));
    }
    let mut builder = jsonschema::Registry::new();
    for (id, document) in resources {
        builder = builder
            .add(&id, document)
            .map_err(|error| SetupError::Schema {
                file: id.clone(),
                pointer: String::new(),
                message: error.to_string(),
            })?;
    }
    builder.prepare().map_err(|error| SetupError::Schema {
        file: set.origin.display().to_string(),
        pointer: String::new(),
        message: error.to_string(),
    })
}
