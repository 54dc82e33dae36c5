//! Suggest: how to bring the schemas and the docs in line with the data. From a check report,
//! each undocumented field becomes a proposed schema property (its type inferred from the values
//! seen) and a row for the page's table; each documented field no record carried becomes a
//! note. Proposals come out as a JSON Patch per schema file and as Markdown, and `apply` writes
//! them into a schema directory. The source pages are never written.

use crate::docs::{TABLE_HEAD, property_row};
use crate::finding::{Finding, FindingId, StringShapes};
use crate::report::Report;
use acs_log_schemas::{KustoType, PageTable, SchemaSet};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The file whose `$defs` hold the columns many categories share.
const COMMON_FILE: &str = "common.schema.json";

/// How many observed values a proposed property keeps as `examples`.
const MAX_EXAMPLES: usize = 3;

/// A schema property to add for a field the data carries and the docs do not.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Proposal {
    /// The category.
    pub category: String,
    /// The category's schema file.
    pub schema_file: String,
    /// The data key.
    pub field: String,
    /// The property to add under `/properties/<field>`.
    pub property: Value,
    /// The row to add to the category's table, in the pages' format.
    pub row: String,
    /// Where the row belongs: the category's newest page and table.
    pub page: Option<PageTable>,
    /// How many records carried the field.
    pub records: u64,
}

/// A documented field no record carried: a question for the docs, not an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    /// The category.
    pub category: String,
    /// The data key.
    pub field: String,
    /// What to look into.
    pub message: String,
}

/// Everything `suggest` proposes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Suggestions {
    /// Properties to add, by category then field.
    pub proposals: Vec<Proposal>,
    /// Documented fields never seen.
    pub notes: Vec<Note>,
    /// What the proposals rest on.
    pub basis: Basis,
}

/// The data the proposals were drawn from, and what of it could not be read: proposals from
/// part of the data say so, and none are claimed from none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Basis {
    /// Records read (valid or with drift).
    pub records: u64,
    /// Inputs given.
    pub inputs: u64,
    /// Inputs read, wholly or in part (their format was told).
    pub inputs_read: u64,
    /// Records and inputs that could not be read, skipped paths, empty inputs: one line per
    /// place the report keeps, ``id: `place`: what is wrong there``, then
    /// ``id: N more not listed`` for any beyond them.
    pub not_read: Vec<String>,
}

impl Basis {
    fn of(report: &Report) -> Basis {
        let records = &report.summary.records;
        let mut not_read = Vec::new();
        for finding in report
            .findings
            .iter()
            .filter(|finding| finding.id.is_about_reading())
        {
            let id = finding.id.as_str();
            // Every place the report keeps, and what is wrong there; the count says the rest.
            for location in &finding.locations {
                let what = location.note.as_deref().unwrap_or(&finding.message);
                not_read.push(format!("{id}: `{location}`: {what}"));
            }
            if finding.locations.is_empty() {
                not_read.push(format!("{id}: {}", finding.message));
            }
            let listed = finding.locations.len().max(1) as u64;
            if finding.count > listed {
                not_read.push(format!("{id}: {} more not listed", finding.count - listed));
            }
        }
        Basis {
            records: records.total - records.unreadable,
            inputs: report.summary.inputs.len() as u64,
            inputs_read: report
                .summary
                .inputs
                .iter()
                .filter(|input| input.format.is_some())
                .count() as u64,
            not_read,
        }
    }
}

/// A schema file could not be changed.
#[derive(Debug, thiserror::Error)]
pub(crate) enum SuggestError {
    /// Reading or writing a schema file failed.
    #[error("{path}: {message}")]
    File {
        /// The schema file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
}

/// Proposals from a `check` report of the data against `set`.
pub(crate) fn suggest(set: &SchemaSet, report: &Report) -> Suggestions {
    let mut suggestions = Suggestions {
        basis: Basis::of(report),
        ..Suggestions::default()
    };
    let common = set
        .document(COMMON_FILE)
        .and_then(|document| document.get("$defs"))
        .and_then(Value::as_object);
    for finding in &report.findings {
        let (Some(category), Some(field)) = (&finding.category, &finding.field) else {
            continue;
        };
        let Some(entry) = set.category(category) else {
            continue;
        };
        match finding.id {
            FindingId::UndocumentedField => {
                let kusto = set
                    .reference_table(&entry.table)
                    .and_then(|table| table.column(field))
                    .map(|column| column.kusto_type);
                let property = propose_property(finding, field, common, kusto);
                let row = property_row(
                    field,
                    property["description"].as_str().unwrap_or_default(),
                    true,
                );
                suggestions.proposals.push(Proposal {
                    category: entry.category.clone(),
                    schema_file: entry.schema.clone(),
                    field: field.clone(),
                    property,
                    row,
                    page: entry.pages.first().cloned(),
                    records: finding.count,
                });
            }
            FindingId::DocumentedFieldNeverSeen => suggestions.notes.push(Note {
                category: entry.category.clone(),
                field: field.clone(),
                // The report's message says which: absent from every record, or `null` in all.
                message: format!(
                    "{}: check whether the service still emits it, or emits it under another name",
                    finding.message
                ),
            }),
            _ => {}
        }
    }
    suggestions
        .proposals
        .sort_by(|a, b| (&a.category, &a.field).cmp(&(&b.category, &b.field)));
    suggestions
        .notes
        .sort_by(|a, b| (&a.category, &a.field).cmp(&(&b.category, &b.field)));
    suggestions
}

/// A property for an undocumented field: the shared definition when `common.schema.json` has
/// one by that name, else the type the Azure Monitor table reference gives the column (evidence,
/// kept as `x-kusto-type`), else a type inferred from the values seen.
fn propose_property(
    finding: &Finding,
    field: &str,
    common: Option<&Map<String, Value>>,
    kusto: Option<KustoType>,
) -> Value {
    let mut property = Map::new();
    let description = format!(
        "Not yet documented: seen in {} record(s) by `acs-logs suggest`.",
        finding.count
    );
    if common.is_some_and(|defs| defs.contains_key(field)) {
        property.insert(
            "$ref".into(),
            Value::from(format!("{COMMON_FILE}#/$defs/{field}")),
        );
    } else if let Some(kusto) = kusto {
        property.extend(kusto.json_schema());
    } else {
        for (key, value) in inferred_type(&finding.observed_types, finding.strings) {
            property.insert(key, value);
        }
    }
    property.insert("description".into(), Value::from(description));
    let comment = match kusto {
        Some(kusto) => format!(
            "Proposed by acs-logs suggest: typed from the Azure Monitor table reference (Kusto {kusto}); no page documents this column yet."
        ),
        None => "Proposed by acs-logs suggest from the data; no page documents this column yet."
            .to_owned(),
    };
    property.insert("$comment".into(), Value::from(comment));
    if let Some(kusto) = kusto {
        property.insert("x-kusto-type".into(), Value::from(kusto.as_str()));
    }
    let examples: Vec<Value> = finding
        .examples
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok())
        .take(MAX_EXAMPLES)
        .collect();
    if !examples.is_empty() {
        property.insert("examples".into(), Value::Array(examples));
    }
    let first_seen = finding.locations.first().map(ToString::to_string);
    property.insert(
        "x-observed".into(),
        json!({ "records": finding.count, "types": finding.observed_types, "firstSeen": first_seen }),
    );
    Value::Object(property)
}

/// JSON Schema keywords for the values seen: one type, or a list; a string that was always a
/// timestamp (or empty) gets `format: date-time`.
fn inferred_type(types: &BTreeMap<String, u64>, strings: StringShapes) -> Map<String, Value> {
    let nullable = types.contains_key("null");
    let mut kinds: Vec<&str> = types
        .keys()
        .map(String::as_str)
        .filter(|kind| *kind != "null")
        .collect();
    // An integer is a number too: a field that carried both is a number.
    if kinds.contains(&"number") {
        kinds.retain(|kind| *kind != "integer");
    }
    let mut keywords = Map::new();
    let timestamps =
        strings.date_times > 0 && strings.date_times + strings.empty == strings.strings;
    match kinds.as_slice() {
        ["string"] if timestamps && strings.empty > 0 => {
            let mut branches = vec![
                json!({"type": "string", "format": "date-time"}),
                json!({"type": "string", "maxLength": 0}),
            ];
            if nullable {
                branches.push(json!({"type": "null"}));
            }
            keywords.insert("anyOf".into(), Value::Array(branches));
            return keywords;
        }
        _ => {}
    }
    let mut names: Vec<Value> = kinds.iter().map(|kind| Value::from(*kind)).collect();
    if nullable {
        names.push(Value::from("null"));
    }
    let type_value = if names.len() == 1 {
        names.remove(0)
    } else {
        Value::Array(names)
    };
    keywords.insert("type".into(), type_value);
    if kinds == ["string"] && timestamps {
        keywords.insert("format".into(), Value::from("date-time"));
    }
    keywords
}

impl Suggestions {
    /// One RFC 6902 JSON Patch per schema file: an `add` per proposed property.
    pub(crate) fn patches(&self) -> BTreeMap<String, Value> {
        let mut patches: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for proposal in &self.proposals {
            let pointer = format!(
                "/properties/{}",
                proposal.field.replace('~', "~0").replace('/', "~1")
            );
            patches
                .entry(proposal.schema_file.clone())
                .or_default()
                .push(json!({"op": "add", "path": pointer, "value": proposal.property}));
        }
        patches
            .into_iter()
            .map(|(file, operations)| (file, Value::Array(operations)))
            .collect()
    }

    /// The proposals for people: per category, the rows to add to the page and the patch.
    pub(crate) fn markdown(&self) -> String {
        let mut out = String::from("# Suggestions from the data\n\n");
        let basis = &self.basis;
        let inputs = if basis.inputs_read == basis.inputs {
            format!("{} input(s)", basis.inputs)
        } else {
            format!("{} of {} input(s)", basis.inputs_read, basis.inputs)
        };
        let _ = writeln!(
            out,
            "From {} record(s) read in {inputs}{}.\n",
            basis.records,
            if basis.not_read.is_empty() {
                ""
            } else {
                "; some inputs or records were not read (listed at the end)"
            }
        );
        if basis.records == 0 {
            out.push_str("Nothing to suggest: no record was read.\n");
        } else if self.proposals.is_empty() && self.notes.is_empty() {
            out.push_str("Nothing to suggest: the records read carry no undocumented field, and every documented field was seen.\n");
        }
        self.proposals_markdown(&mut out);
        if !basis.not_read.is_empty() {
            out.push_str("\n## Not read\n\nThe proposals do not cover these:\n\n");
            for line in &basis.not_read {
                let _ = writeln!(out, "- {line}");
            }
        }
        out
    }

    fn proposals_markdown(&self, out: &mut String) {
        let mut by_category: BTreeMap<&str, Vec<&Proposal>> = BTreeMap::new();
        for proposal in &self.proposals {
            by_category
                .entry(&proposal.category)
                .or_default()
                .push(proposal);
        }
        let patches = self.patches();
        for (category, proposals) in &by_category {
            let _ = writeln!(out, "## {category}\n");
            if let Some(page) = proposals
                .first()
                .and_then(|proposal| proposal.page.as_ref())
            {
                let _ = writeln!(
                    out,
                    "Rows for the table under \"{}\" in `{}`:\n",
                    page.table, page.page
                );
            }
            out.push_str(TABLE_HEAD);
            for proposal in proposals {
                out.push_str(&proposal.row);
                out.push('\n');
            }
            if let Some(file) = proposals
                .first()
                .map(|proposal| proposal.schema_file.as_str())
                && let Some(patch) = patches.get(file)
            {
                let text = serde_json::to_string_pretty(patch).unwrap_or_default();
                let _ = writeln!(out, "\nJSON Patch for `{file}`:\n\n```json\n{text}\n```\n");
            }
        }
        if !self.notes.is_empty() {
            out.push_str("## Documented but never seen\n\n");
            for note in &self.notes {
                let _ = writeln!(out, "- {}", note.message);
            }
        }
    }

    /// Adds the proposed properties to the schema files in `dir`, keeping each file's layout
    /// (two-space indentation, a final newline). Returns the files written.
    pub(crate) fn apply(&self, dir: &Path) -> Result<Vec<PathBuf>, SuggestError> {
        let mut written = Vec::new();
        let root = std::fs::canonicalize(dir).map_err(|error| SuggestError::File {
            path: dir.to_path_buf(),
            message: format!("cannot read: {error}"),
        })?;
        for (file, patch) in self.patches() {
            let path = dir.join(&file);
            let failed = |message: String| SuggestError::File {
                path: path.clone(),
                message,
            };
            // A schema file that is a link out of the directory is not written through.
            match std::fs::canonicalize(&path) {
                Ok(real) if real.starts_with(&root) => {}
                Ok(real) => {
                    return Err(failed(format!(
                        "leads outside the schema directory (to {}); not written",
                        real.display()
                    )));
                }
                Err(error) => return Err(failed(format!("cannot read: {error}"))),
            }
            let text = std::fs::read_to_string(&path)
                .map_err(|error| failed(format!("cannot read: {error}")))?;
            let mut schema: Value = serde_json::from_str(&text)
                .map_err(|error| failed(format!("not valid JSON: {error}")))?;
            let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut)
            else {
                return Err(failed("has no `properties` object to add to".into()));
            };
            for operation in patch.as_array().into_iter().flatten() {
                let field = operation["path"]
                    .as_str()
                    .unwrap_or_default()
                    .trim_start_matches("/properties/");
                let field = field.replace("~1", "/").replace("~0", "~");
                properties.insert(field, operation["value"].clone());
            }
            let mut out =
                serde_json::to_string_pretty(&schema).map_err(|error| failed(error.to_string()))?;
            out.push('\n');
            // Atomically: an interrupted run never leaves a schema file that is not JSON.
            crate::write::write_atomic(&path, out.as_bytes())
                .map_err(|error| failed(format!("cannot write: {error}")))?;
            written.push(path);
        }
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
        pairs
            .iter()
            .map(|(kind, count)| ((*kind).to_owned(), *count))
            .collect()
    }

    #[test]
    fn types_are_inferred_from_what_was_seen() {
        let none = StringShapes::default();
        assert_eq!(
            Value::Object(inferred_type(&types(&[("integer", 4)]), none)),
            json!({"type": "integer"})
        );
        assert_eq!(
            Value::Object(inferred_type(
                &types(&[("integer", 4), ("number", 1)]),
                none
            )),
            json!({"type": "number"})
        );
        assert_eq!(
            Value::Object(inferred_type(&types(&[("boolean", 2), ("null", 1)]), none)),
            json!({"type": ["boolean", "null"]})
        );
        let stamps = StringShapes {
            strings: 5,
            empty: 0,
            date_times: 5,
        };
        assert_eq!(
            Value::Object(inferred_type(&types(&[("string", 5)]), stamps)),
            json!({"type": "string", "format": "date-time"})
        );
        let some_empty = StringShapes {
            strings: 5,
            empty: 2,
            date_times: 3,
        };
        assert_eq!(
            Value::Object(inferred_type(&types(&[("string", 5)]), some_empty)),
            json!({"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "maxLength": 0}]})
        );
        let words = StringShapes {
            strings: 5,
            empty: 0,
            date_times: 4,
        };
        assert_eq!(
            Value::Object(inferred_type(&types(&[("string", 5)]), words)),
            json!({"type": "string"})
        );
        assert_eq!(
            Value::Object(inferred_type(
                &types(&[("string", 1), ("integer", 1)]),
                none
            )),
            json!({"type": ["integer", "string"]})
        );
    }
}
