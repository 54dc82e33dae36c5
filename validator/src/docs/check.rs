//! Checks documentation pages against the schemas, and against each other.
//!
//! Every observation is a [`DocObservation`] with a stable id and the page and line it is about,
//! so a maintainer can go straight to the row to fix.

use super::example::Example;
use super::page::{Page, PropertyTable, TableRow};
use super::render::category_of_table;
use crate::finding::{DocRef, FindingId};
use crate::inventory::{CategoryInventory, FieldDoc};
use acs_log_schemas::SchemaSet;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One thing wrong with a page, placed at its line. Its level comes from the id (and the
/// config file), as for data findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocObservation {
    /// Stable id.
    pub id: FindingId,
    /// The page's file name.
    pub page: String,
    /// 1-based line in the page.
    pub line: usize,
    /// 1-based column, where known.
    pub column: Option<usize>,
    /// The category concerned, if any.
    pub category: Option<String>,
    /// The field (data key or documented name) concerned, if any.
    pub field: Option<String>,
    /// What is wrong, in the documentation's terms.
    pub message: String,
    /// The table row (or table) the observation is about, if any.
    pub row: Option<DocRef>,
}

impl DocObservation {
    fn on_page(id: FindingId, page: &Page, line: usize, message: String) -> DocObservation {
        DocObservation {
            id,
            page: page.file.clone(),
            line,
            column: None,
            category: None,
            field: None,
            message,
            row: None,
        }
    }

    fn about(mut self, category: Option<&str>, field: Option<&str>) -> DocObservation {
        self.category = category.map(str::to_owned);
        self.field = field.map(str::to_owned);
        self
    }

    fn at_row(
        mut self,
        page: &Page,
        table: &PropertyTable,
        row: Option<&TableRow>,
    ) -> DocObservation {
        self.row = Some(DocRef {
            page: page.file.clone(),
            table: table.heading.clone(),
            name: row.map(|row| row.name.clone()),
            line: Some(row.map_or(table.line, |row| row.line) as u64),
        });
        self
    }
}

/// A name reduced to what survives spelling variations: letters and digits, lower-cased.
fn folded(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The words of a `PascalCase` or spaced name, lower-cased (`RecipientId` → `recipient`, `id`).
fn words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            previous_lower = false;
            words.push(String::new());
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower || words.is_empty() {
            words.push(String::new());
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        if let Some(word) = words.last_mut() {
            word.push(c.to_ascii_lowercase());
        }
    }
    words.retain(|word| !word.is_empty());
    words
}

/// Whether a new name looks like a rename of an old one: nearly the same letters, or the same
/// leading word (`RecipientAddress` for `RecipientId`).
fn looks_renamed(new: &str, old: &str) -> bool {
    let leading = |name: &str| {
        words(name)
            .into_iter()
            .next()
            .filter(|word| word.len() >= 4)
    };
    edit_distance(&folded(new), &folded(old)) <= 2
        || leading(new).is_some_and(|word| Some(word) == leading(old))
}

/// Edit distance, for telling a renamed column from a new one.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Checks pages; `pages` may include drafts the catalog has never seen. `inventories` are the
/// set's categories in catalog order, as the [`crate::validate::Checker`] builds them.
pub fn check_pages(
    set: &SchemaSet,
    inventories: &[CategoryInventory],
    pages: &[Page],
) -> Vec<DocObservation> {
    let mut observations = Vec::new();
    for page in pages {
        check_markdown(page, &mut observations);
        for table in &page.tables {
            match category_of_table(set, page, table) {
                Some(entry) => {
                    if let Some(inventory) = inventories
                        .iter()
                        .find(|inventory| inventory.category == entry.category)
                    {
                        check_table(inventory, page, table, &mut observations);
                    }
                }
                None => observations.push(
                    DocObservation::on_page(
                        FindingId::UnknownTable,
                        page,
                        table.line,
                        format!(
                            "the property table under {:?} documents no catalogued category",
                            table.heading
                        ),
                    )
                    .at_row(page, table, None),
                ),
            }
        }
        check_example_keys(set, page, &mut observations);
    }
    check_pages_agree(set, inventories, pages, &mut observations);
    observations.sort();
    observations.dedup();
    observations
}

fn check_markdown(page: &Page, observations: &mut Vec<DocObservation>) {
    for heading in page.headings.iter().filter(|heading| heading.indented) {
        let mut observation = DocObservation::on_page(
            FindingId::MalformedHeading,
            page,
            heading.line,
            format!(
                "the heading {:?} is indented; some renderers show it as text",
                heading.text
            ),
        );
        observation.column = Some(1);
        observations.push(observation);
    }
    for table in &page.tables {
        for row in &table.rows {
            for flaw in &row.flaws {
                observations.push(
                    DocObservation::on_page(
                        FindingId::MalformedTableRow,
                        page,
                        row.line,
                        format!("the row for {:?} was read, but {flaw}", row.name),
                    )
                    .about(None, Some(&row.name))
                    .at_row(page, table, Some(row)),
                );
            }
        }
    }
}

fn check_table(
    inventory: &CategoryInventory,
    page: &Page,
    table: &PropertyTable,
    observations: &mut Vec<DocObservation>,
) {
    let fields = &inventory.fields;
    let category = Some(inventory.category.as_str());
    let on_row = |row: &TableRow, id, field: &str, message: String| {
        DocObservation::on_page(id, page, row.line, message)
            .about(category, Some(field))
            .at_row(page, table, Some(row))
    };
    let mut matched = BTreeSet::new();
    let unmatched_fields: Vec<&FieldDoc> = fields
        .iter()
        .filter(|field| {
            !table
                .rows
                .iter()
                .any(|row| field.answers_to(&row.name) || folded(&row.name) == folded(&field.key))
        })
        .collect();
    for row in &table.rows {
        let field = fields
            .iter()
            .find(|field| field.answers_to(&row.name))
            .or_else(|| {
                fields
                    .iter()
                    .find(|field| folded(&row.name) == folded(&field.key))
            });
        let Some(field) = field else {
            let rename = unmatched_fields
                .iter()
                .find(|field| looks_renamed(&row.name, &field.key))
                .map(|field| field.key.as_str());
            let message = match rename {
                Some(old) => format!(
                    "{:?} is not in the {} schema; it looks like a rename of `{old}`, which this table no longer lists",
                    row.name, inventory.category
                ),
                None => format!(
                    "{:?} is documented here but the {} schema has no such column",
                    row.name, inventory.category
                ),
            };
            observations.push(on_row(
                row,
                FindingId::DocFieldNotInSchema,
                &row.name,
                message,
            ));
            continue;
        };
        matched.insert(field.key.as_str());
        if row.name != field.key {
            observations.push(on_row(
                row,
                FindingId::DocNameDiffersFromKey,
                &field.key,
                format!(
                    "documented as {:?}; the data spells it `{}`",
                    row.name, field.key
                ),
            ));
        }
        if row.description.trim() != field.description.trim() {
            observations.push(on_row(
                row,
                FindingId::DocDescriptionDiffers,
                &field.key,
                format!(
                    "the page says {:?}; the schema says {:?}",
                    row.description.trim(),
                    field.description.trim()
                ),
            ));
        }
    }
    for field in fields
        .iter()
        .filter(|field| !matched.contains(field.key.as_str()))
    {
        observations.push(
            DocObservation::on_page(
                FindingId::SchemaFieldNotInDoc,
                page,
                table.line,
                format!(
                    "the {} schema has `{}` (documented as {:?}), which this table lacks",
                    inventory.category,
                    field.key,
                    field.doc.name.as_deref().unwrap_or(&field.key)
                ),
            )
            .about(category, Some(&field.key))
            .at_row(page, table, None),
        );
    }
}

/// Keys of example records that the page's own tables do not list under that exact name.
fn check_example_keys(set: &SchemaSet, page: &Page, observations: &mut Vec<DocObservation>) {
    let documented: BTreeSet<&str> = page
        .tables
        .iter()
        .flat_map(|table| table.rows.iter().map(|row| row.name.as_str()))
        .collect();
    for example in page.examples() {
        let Example { block, parsed } = &example;
        let records = match parsed {
            Ok(records) => records.clone(),
            Err(error) => {
                let mut observation = DocObservation::on_page(
                    FindingId::ExampleInvalidJson,
                    page,
                    error.line,
                    format!(
                        "the example under {:?} is not valid JSON: {}",
                        block.heading, error.message
                    ),
                );
                observation.column = Some(error.column);
                observations.push(observation);
                lenient_records(&block.text)
            }
        };
        let lines: Vec<&str> = block.text.lines().collect();
        for record in &records {
            let Some(object) = record.as_object() else {
                continue;
            };
            let category = object
                .get("Category")
                .and_then(Value::as_str)
                .and_then(|name| set.category(name))
                .map(|entry| entry.category.as_str());
            for key in object
                .keys()
                .filter(|key| !documented.contains(key.as_str()))
            {
                let offset = lines
                    .iter()
                    .position(|line| line.contains(&format!("\"{key}\"")))
                    .unwrap_or(0);
                let message = match documented.iter().find(|name| folded(name) == folded(key)) {
                    Some(name) => format!(
                        "the example under {:?} spells {key:?}; the table documents {name:?}",
                        block.heading
                    ),
                    None => format!(
                        "the example under {:?} has {key:?}, which no table on the page documents",
                        block.heading
                    ),
                };
                observations.push(
                    DocObservation::on_page(
                        FindingId::ExampleKeyNotInTable,
                        page,
                        block.first_line + offset,
                        message,
                    )
                    .about(category, Some(key)),
                );
            }
        }
    }
}

/// Reads an example that is JSON but for trailing commas, so its keys and values can still be
/// checked. The example stays reported as invalid; this is only to look further.
pub fn lenient_records(text: &str) -> Vec<Value> {
    let mut cleaned = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut in_string = false;
    let mut escaped = false;
    for (index, &c) in chars.iter().enumerate() {
        if in_string {
            in_string = c != '"' || escaped;
            escaped = c == '\\' && !escaped;
        } else if c == '"' {
            in_string = true;
        } else if c == ','
            && chars[index + 1..]
                .iter()
                .find(|next| !next.is_whitespace())
                .is_some_and(|next| matches!(next, '}' | ']'))
        {
            continue;
        }
        cleaned.push(c);
    }
    match serde_json::from_str::<Value>(&cleaned) {
        Ok(Value::Array(records)) => records,
        Ok(record) => vec![record],
        Err(_) => Vec::new(),
    }
}

/// Two pages documenting one category: what the older one says differently from the newest.
fn check_pages_agree(
    set: &SchemaSet,
    inventories: &[CategoryInventory],
    pages: &[Page],
    observations: &mut Vec<DocObservation>,
) {
    let by_file: BTreeMap<&str, &Page> = pages
        .iter()
        .map(|page| (page.file.as_str(), page))
        .collect();
    for entry in set.categories() {
        let tables: Vec<(&Page, &PropertyTable)> = entry
            .pages
            .iter()
            .filter_map(|source| {
                by_file
                    .get(source.page.as_str())
                    .and_then(|page| page.table(&source.table).map(|table| (*page, table)))
            })
            .collect();
        let Some(&(newest_page, newest)) = tables.iter().max_by_key(|(page, _)| page.date) else {
            continue;
        };
        let newest_rows: BTreeMap<String, &TableRow> = newest
            .rows
            .iter()
            .map(|row| (folded(&row.name), row))
            .collect();
        let fields = inventories
            .iter()
            .find(|inventory| inventory.category == entry.category)
            .map_or(&[][..], |inventory| inventory.fields.as_slice());
        // Findings name a column by its data key, as every other finding does.
        let key_of = |name: &str| {
            fields
                .iter()
                .find(|field| field.answers_to(name))
                .map_or_else(|| name.to_owned(), |field| field.key.clone())
        };
        let dated = |page: &Page| {
            page.date
                .map_or_else(|| "undated".to_owned(), |date| date.to_string())
        };
        for &(page, table) in &tables {
            if std::ptr::eq(table, newest) {
                continue;
            }
            let versus = format!(
                "{} ({}, newer) and {} ({})",
                newest_page.file,
                dated(newest_page),
                page.file,
                dated(page)
            );
            let rows: BTreeMap<String, &TableRow> = table
                .rows
                .iter()
                .map(|row| (folded(&row.name), row))
                .collect();
            let mut disagree = |row: Option<&TableRow>, field: &str, message: String| {
                let line = row.map_or(table.line, |row| row.line);
                observations.push(
                    DocObservation::on_page(
                        FindingId::PagesDisagree,
                        page,
                        line,
                        format!(
                            "{versus} document {} differently: {message}",
                            entry.category
                        ),
                    )
                    .about(Some(&entry.category), Some(&key_of(field)))
                    .at_row(page, table, row),
                );
            };
            for (name, row) in &newest_rows {
                match rows.get(name) {
                    None => disagree(
                        None,
                        &row.name,
                        format!(
                            "{:?} (line {}) is only on the newer page",
                            row.name, row.line
                        ),
                    ),
                    Some(old) if old.description.trim() != row.description.trim() => disagree(
                        Some(old),
                        &row.name,
                        format!(
                            "{:?} is described as {:?} here and {:?} there",
                            row.name,
                            old.description.trim(),
                            row.description.trim()
                        ),
                    ),
                    Some(old) if old.name != row.name => disagree(
                        Some(old),
                        &row.name,
                        format!("spelled {:?} here and {:?} there", old.name, row.name),
                    ),
                    Some(_) => {}
                }
            }
            for (name, row) in &rows {
                if !newest_rows.contains_key(name) {
                    disagree(
                        Some(row),
                        &row.name,
                        format!("{:?} is only on the older page", row.name),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_are_told_from_new_columns() {
        assert_eq!(words("RecipientId"), ["recipient", "id"]);
        assert_eq!(words("Correlation ID"), ["correlation", "id"]);
        assert!(looks_renamed("RecipientAddress", "RecipientId"));
        assert!(looks_renamed("UserAgnt", "UserAgent"));
        assert!(!looks_renamed("ClientIpAddress", "RecipientId"));
        assert!(
            !looks_renamed("SdkVersion", "SdkType"),
            "a three-letter leading word is too weak a sign"
        );
    }
}
