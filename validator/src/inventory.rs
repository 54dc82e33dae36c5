//! The documented-field inventory of each category, read from the schemas' `x-doc` provenance:
//! which keys the documentation lists, how each page writes them, which are required, which JSON
//! types they may have. The validator compares record keys against these precomputed tables, so
//! the per-record work is a hash lookup per key.

use crate::error::SetupError;
use crate::finding::DocRef;
use acs_log_schemas::{CategoryEntry, KustoType, SchemaSet};
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

/// The most documented fields a category may have: seen-field sets are 128-bit masks.
pub(crate) const MAX_DOCUMENTED_FIELDS: usize = 128;

/// A JSON type, as JSON Schema names them (`integer` apart from `number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum JsonKind {
    /// `null`
    Null,
    /// `true` / `false`
    Boolean,
    /// A number without a fractional part.
    Integer,
    /// Any other number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonKind {
    /// Every kind, in histogram order.
    pub(crate) const ALL: [JsonKind; 7] = [
        JsonKind::Null,
        JsonKind::Boolean,
        JsonKind::Integer,
        JsonKind::Number,
        JsonKind::String,
        JsonKind::Array,
        JsonKind::Object,
    ];

    /// The kind of a value; whole numbers (`3`, `3.0`) are integers, as in JSON Schema.
    pub(crate) fn of(value: &Value) -> JsonKind {
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Boolean,
            Value::Number(number) => {
                if number.is_i64()
                    || number.is_u64()
                    || number.as_f64().is_some_and(|f| f.fract() == 0.0)
                {
                    JsonKind::Integer
                } else {
                    JsonKind::Number
                }
            }
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }

    /// The JSON Schema name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JsonKind::Null => "null",
            JsonKind::Boolean => "boolean",
            JsonKind::Integer => "integer",
            JsonKind::Number => "number",
            JsonKind::String => "string",
            JsonKind::Array => "array",
            JsonKind::Object => "object",
        }
    }

    pub(crate) fn parse(name: &str) -> Option<JsonKind> {
        JsonKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Whether a value of this kind satisfies a schema that allows `allowed` (an integer is a
    /// number).
    pub(crate) fn allowed_by(self, allowed: &[JsonKind]) -> bool {
        allowed.is_empty()
            || allowed.contains(&self)
            || (self == JsonKind::Integer && allowed.contains(&JsonKind::Number))
    }
}

/// One documented field of a category.
#[derive(Debug, Clone)]
pub(crate) struct FieldDoc {
    /// The key as the data spells it (the schema's property name).
    pub key: String,
    /// Where the documentation lists it, and the name as written there.
    pub doc: DocRef,
    /// The JSON types the schema allows (empty: any).
    pub types: Vec<JsonKind>,
    /// The type the schema prefers when it accepts several (`x-preferred-type`).
    pub preferred: Option<JsonKind>,
    /// The Kusto type the Azure Monitor table reference gives the column (`x-kusto-type`): what
    /// a Log Analytics row holds; `None` where the reference lacks the column.
    pub kusto: Option<KustoType>,
    /// Whether every record must carry it.
    pub required: bool,
    /// Every name it answers to: the key, the documented name and the recorded spellings.
    pub spellings: Vec<String>,
    /// The schema's description.
    pub description: String,
}

impl FieldDoc {
    /// Whether a name (a data key, or a name a page writes) is this field's.
    pub(crate) fn answers_to(&self, name: &str) -> bool {
        self.spellings.iter().any(|spelling| spelling == name)
    }
}

/// How a record key relates to a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyClass {
    /// A documented field, by index into [`CategoryInventory::fields`].
    Documented(usize),
    /// A column the Log Analytics workspace adds: known, never drift.
    Workspace,
}

/// The documented-field inventory of one category.
#[derive(Debug, Clone)]
pub(crate) struct CategoryInventory {
    /// The category name as the catalog writes it.
    pub category: String,
    /// The Log Analytics table.
    pub table: String,
    /// The page and table that document the category (the newest).
    pub home: DocRef,
    /// The documented fields, in schema order.
    pub fields: Vec<FieldDoc>,
    /// Exact key → class.
    keys: HashMap<String, KeyClass>,
    /// Normalised key (lowercase letters and digits only) of every field name and recorded
    /// spelling → field index.
    normalised: HashMap<String, usize>,
    /// Bit `i` set when field `i` is required.
    pub required_mask: u128,
    /// The required fields a Log Analytics row must carry: those the table reference lists for
    /// the category's table (all of them where the reference lacks the table).
    pub table_required_mask: u128,
    /// Every column of the table in the Azure Monitor table reference, with its Kusto type: the
    /// second witness an undocumented column is checked against.
    reference: HashMap<String, KustoType>,
}

impl CategoryInventory {
    /// The class of an exact key.
    #[inline]
    pub(crate) fn classify_key(&self, key: &str) -> Option<KeyClass> {
        self.keys.get(key).copied()
    }

    /// The documented field a key matches once case, spaces and punctuation are ignored.
    pub(crate) fn near_match(&self, key: &str) -> Option<usize> {
        // Called for every undocumented key of every record: normalise on the stack.
        let mut buffer = [0u8; 64];
        let mut length = 0;
        for byte in key.bytes().filter(u8::is_ascii_alphanumeric) {
            if length == buffer.len() {
                return self.normalised.get(&normalise_name(key)).copied();
            }
            buffer[length] = byte.to_ascii_lowercase();
            length += 1;
        }
        let normalised = std::str::from_utf8(&buffer[..length]).ok()?;
        self.normalised.get(normalised).copied()
    }

    /// The Kusto type of a column the table reference lists for this category's table.
    pub(crate) fn reference_type(&self, column: &str) -> Option<KustoType> {
        self.reference.get(column).copied()
    }

    /// Every column name this category's data may carry besides its documented fields: the
    /// table reference's columns and the workspace's.
    pub(crate) fn known_columns(&self) -> impl Iterator<Item = &str> {
        self.reference
            .keys()
            .chain(self.keys.keys())
            .map(String::as_str)
    }

    /// The index of a documented field by its exact key.
    pub(crate) fn field_index(&self, key: &str) -> Option<usize> {
        match self.keys.get(key) {
            Some(KeyClass::Documented(index)) => Some(*index),
            _ => None,
        }
    }

    /// Builds the inventory of one catalog entry.
    pub(crate) fn build(
        set: &SchemaSet,
        entry: &CategoryEntry,
        workspace_columns: &[String],
    ) -> Result<CategoryInventory, SetupError> {
        let schema = set
            .schema(&entry.category)
            .ok_or_else(|| SetupError::Schema {
                file: entry.schema.clone(),
                pointer: String::new(),
                message: format!("no schema for category {}", entry.category),
            })?;
        let home = entry.pages.first().map_or_else(
            || DocRef {
                page: String::new(),
                table: entry.title.clone(),
                name: None,
                line: None,
            },
            |page| DocRef {
                page: page.page.clone(),
                table: page.table.clone(),
                name: None,
                line: None,
            },
        );
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let properties = schema.get("properties").and_then(Value::as_object);
        let mut fields = Vec::new();
        let mut keys = HashMap::default();
        let mut normalised = HashMap::default();
        let mut required_mask = 0u128;
        for column in workspace_columns {
            keys.insert(column.clone(), KeyClass::Workspace);
        }
        for (key, property) in properties.into_iter().flatten() {
            let index = fields.len();
            if index >= MAX_DOCUMENTED_FIELDS {
                return Err(SetupError::Schema {
                    file: entry.schema.clone(),
                    pointer: "/properties".into(),
                    message: format!("more than {MAX_DOCUMENTED_FIELDS} documented fields"),
                });
            }
            let x_doc = property.get("x-doc");
            let doc = DocRef {
                page: x_doc
                    .and_then(|doc| doc.get("page"))
                    .and_then(Value::as_str)
                    .map_or_else(|| home.page.clone(), str::to_owned),
                table: x_doc
                    .and_then(|doc| doc.get("table"))
                    .and_then(Value::as_str)
                    .map_or_else(|| home.table.clone(), str::to_owned),
                name: Some(
                    x_doc
                        .and_then(|doc| doc.get("name"))
                        .and_then(Value::as_str)
                        .unwrap_or(key)
                        .to_owned(),
                ),
                line: None,
            };
            let mut spellings = vec![key.clone()];
            if let Some(name) = &doc.name {
                spellings.push(name.clone());
            }
            if let Some(list) = x_doc
                .and_then(|doc| doc.get("spellings"))
                .and_then(Value::as_array)
            {
                spellings.extend(list.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            for spelling in &spellings {
                normalised.entry(normalise_name(spelling)).or_insert(index);
            }
            let mut types = Vec::new();
            let mut preferred = None;
            collect_types(set, &entry.schema, property, &mut types, &mut preferred, 0);
            types.sort();
            types.dedup();
            let is_required = required.contains(&key.as_str());
            if is_required {
                required_mask |= 1u128 << index;
            }
            // A documented field shadows a workspace column of the same name.
            keys.insert(key.clone(), KeyClass::Documented(index));
            let kusto = property
                .get("x-kusto-type")
                .cloned()
                .and_then(|name| serde_json::from_value(name).ok());
            fields.push(FieldDoc {
                key: key.clone(),
                doc,
                types,
                preferred,
                kusto,
                required: is_required,
                spellings,
                description: property
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
        let reference: HashMap<String, KustoType> = set
            .reference_table(&entry.table)
            .into_iter()
            .flat_map(|table| &table.columns)
            .map(|column| (column.name.clone(), column.kusto_type))
            .collect();
        let table_required_mask = if reference.is_empty() {
            required_mask
        } else {
            fields
                .iter()
                .enumerate()
                .filter(|(_, field)| field.required && reference.contains_key(&field.key))
                .fold(0u128, |mask, (index, _)| mask | 1u128 << index)
        };
        Ok(CategoryInventory {
            category: entry.category.clone(),
            table: entry.table.clone(),
            home,
            fields,
            keys,
            normalised,
            required_mask,
            table_required_mask,
            reference,
        })
    }
}

/// Lowercase ASCII letters and digits only: `Correlation ID`, `correlation_id` and
/// `CorrelationID` all become `correlationid`.
pub(crate) fn normalise_name(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Collects the JSON types a property schema allows, following `$ref`s within the set and the
/// branches of `anyOf`/`oneOf`, and its `x-preferred-type`.
fn collect_types(
    set: &SchemaSet,
    file: &str,
    schema: &Value,
    types: &mut Vec<JsonKind>,
    preferred: &mut Option<JsonKind>,
    depth: usize,
) {
    // Schemas of the set are shallow; the bound only guards against a `$ref` cycle.
    if depth > 16 {
        return;
    }
    if preferred.is_none() {
        *preferred = schema
            .get("x-preferred-type")
            .and_then(Value::as_str)
            .and_then(JsonKind::parse);
    }
    match schema.get("type") {
        Some(Value::String(name)) => types.extend(JsonKind::parse(name)),
        Some(Value::Array(names)) => {
            types.extend(
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(JsonKind::parse),
            );
        }
        _ => {}
    }
    for keyword in ["anyOf", "oneOf"] {
        for branch in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            collect_types(set, file, branch, types, preferred, depth + 1);
        }
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let (target_file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file = if target_file.is_empty() {
            file
        } else {
            target_file.rsplit('/').next().unwrap_or(target_file)
        };
        if let Some(target) = set
            .document(target_file)
            .and_then(|document| document.pointer(fragment))
        {
            collect_types(set, target_file, target, types, preferred, depth + 1);
        }
    }
}
