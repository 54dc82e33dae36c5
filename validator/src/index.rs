//! The schema index: a schema set and a config compiled once, shared read-only by every
//! step. Catalog lookups (the classifier), the envelope map, each category's documented-field
//! inventory (every key pre-hashed), each documented field's compiled check for the hot path, the
//! compiled `jsonschema` validators, and the finding levels the config sets. It sits at the
//! bottom of the crate: the reader, the rules, the report and the docs check depend on it, and it
//! depends on none of them.

use crate::classify::Classifier;
use crate::config::Config;
use crate::error::SetupError;
use crate::field_check::{ClassVerdicts, FieldCheck};
use crate::finding::{FindingId, Level, PerFinding};
use crate::inventory::CategoryInventory;
use crate::key_table::KeyTable;
use crate::normalise::EnvelopeMap;
use acs_log_schemas::{CategoryEntry, SchemaSet};
use serde_json::Value;

/// The compiled schema set: everything a worker needs to check records, shared read-only.
pub(crate) struct SchemaIndex {
    /// The documented-field inventory of each catalog category, in catalog order.
    pub inventories: Vec<CategoryInventory>,
    /// For each category, the documented fields that carry an `x-preferred-type`.
    pub(crate) preferred: Vec<Vec<usize>>,
    pub(crate) validators: Vec<jsonschema::Validator>,
    /// For each category, each documented field's schema compiled for the hot path
    /// ([`crate::fast_path`]); `None` where the category's schema has a keyword beyond what
    /// field-by-field checks decide.
    pub(crate) field_checks: Vec<Option<Vec<FieldCheck>>>,
    /// For each category, each documented field's checks decided per kind of value.
    pub(crate) class_verdicts: Vec<Vec<ClassVerdicts>>,
    pub(crate) envelope: EnvelopeMap,
    /// Every key the index knows, numbered, with its role in each category.
    pub(crate) keys: KeyTable,
    classifier: Classifier,
    levels: PerFinding<Option<Level>>,
}

impl std::fmt::Debug for SchemaIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SchemaIndex")
            .field("categories", &self.inventories.len())
            .finish_non_exhaustive()
    }
}

impl SchemaIndex {
    /// Compiles every category of a schema set. `fallback_category` is `--category`.
    pub(crate) fn new(
        set: &SchemaSet,
        config: &Config,
        fallback_category: Option<&str>,
    ) -> Result<SchemaIndex, SetupError> {
        let fallback = match fallback_category {
            Some(name) => Some(
                set.categories()
                    .iter()
                    .position(|entry| entry.category.eq_ignore_ascii_case(name))
                    .ok_or_else(|| SetupError::UnknownCategory {
                        name: name.to_owned(),
                        known: set
                            .categories()
                            .iter()
                            .map(|entry| entry.category.clone())
                            .collect(),
                    })?,
            ),
            None => None,
        };
        let registry = schema_registry(set)?;
        let mut inventories = Vec::new();
        let mut validators = Vec::new();
        let mut preferred = Vec::new();
        let mut field_checks = Vec::new();
        let mut class_verdicts = Vec::new();
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
            let checks = compile_field_checks(set, &values_only, &inventory);
            class_verdicts.push(
                inventory
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(index, field)| {
                        let check = checks.as_ref().and_then(|checks| checks.get(index));
                        ClassVerdicts::compile(check, field.kusto, field.preferred)
                    })
                    .collect(),
            );
            field_checks.push(checks);
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
        let envelope = EnvelopeMap::new(&set.catalog.envelope);
        let classifier = Classifier::new(&set.catalog, fallback);
        let keys = KeyTable::build(&inventories, &envelope, &classifier);
        Ok(SchemaIndex {
            inventories,
            preferred,
            validators,
            field_checks,
            class_verdicts,
            envelope,
            keys,
            classifier,
            levels,
        })
    }

    /// The classifier, for readers that need a category before typing values (CSV).
    pub(crate) fn classifier(&self) -> &Classifier {
        &self.classifier
    }

    /// The level the config gives a finding id; `None` when it is turned off.
    pub(crate) fn level(&self, id: FindingId) -> Option<Level> {
        self.levels[id]
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `format` of the schema set, found anywhere in its files.
    fn formats(value: &Value, found: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(format)) = map.get("format") {
                    found.insert(format.clone());
                }
                map.values().for_each(|inner| formats(inner, found));
            }
            Value::Array(items) => items.iter().for_each(|inner| formats(inner, found)),
            _ => {}
        }
    }

    /// `jsonschema` passes a format it was built without (`idn-email` needs its `idna`
    /// feature) as an annotation: a schema asserting it would check nothing, silently.
    #[test]
    fn every_format_the_schema_set_asserts_is_checked() {
        let mut found = std::collections::BTreeSet::new();
        for (file, text) in SchemaSet::acs_files() {
            let value: Value =
                serde_json::from_str(text).unwrap_or_else(|error| panic!("{file}: {error}"));
            formats(&value, &mut found);
        }
        assert!(
            found.contains("date-time") && found.contains("idn-email"),
            "{found:?}"
        );
        let registry = schema_registry(SchemaSet::acs()).unwrap_or_else(|error| panic!("{error}"));
        for format in &found {
            let validator = compile(&registry, "test", &serde_json::json!({ "format": format }))
                .unwrap_or_else(|error| panic!("{format}: {error}"));
            assert!(
                !validator.is_valid(&Value::String("\u{1}not a value".into())),
                "the {format} format is not checked"
            );
        }
    }
}
