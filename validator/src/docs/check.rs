//! Checks documentation pages against the schemas, and against each other.
//!
//! Every observation is a [`DocObservation`] with a stable id and the page and line it is about,
//! so a maintainer can go straight to the row to fix.

use super::example::{Example, record_starts};
use super::markdown::cell;
use super::page::{Page, PropertyTable, TableRow};
use super::section::{
    Documented, Section, category_at, category_of_table, documentation, section_at,
};
use crate::finding::{DocRef, FindingId, json_quoted};
use crate::inventory::{CategoryInventory, FieldDoc};
use acs_log_schemas::{CategoryEntry, SchemaSet};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One thing wrong with a page, placed at its line. Its level comes from the id (and the
/// config file), as for data findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct DocObservation {
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

/// Whether two descriptions are nearly the same text (a word or two changed): the specific
/// evidence, beside the position, that a new row renames an old column.
fn near_identical(a: &str, b: &str) -> bool {
    let (a, b) = (words(a).join(" "), words(b).join(" "));
    !a.is_empty() && edit_distance(&a, &b) <= (a.len().max(b.len()) / 10).max(3)
}

/// Edit distance, for telling a reworded description from another one.
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
/// set's categories in catalog order, as the [`crate::index::SchemaIndex`] builds them.
pub(super) fn check_pages(
    set: &SchemaSet,
    inventories: &[CategoryInventory],
    pages: &[Page],
) -> Vec<DocObservation> {
    let inventory_of = |category: &str| {
        inventories
            .iter()
            .find(|inventory| inventory.category == category)
    };
    let mut observations = Vec::new();
    for page in pages {
        check_markdown(set, page, &mut observations);
        // A page with nothing to check (not Markdown, a wrong file) is said, never passed.
        if page.tables.is_empty() && page.unread_tables.is_empty() && page.code_blocks.is_empty() {
            observations.push(DocObservation::on_page(
                FindingId::EmptyInput,
                page,
                0,
                "the page holds no property table and no code block: nothing on it was checked"
                    .to_owned(),
            ));
        }
        for documented in documentation(set, page) {
            if let Some(inventory) = inventory_of(&documented.entry.category) {
                check_table(inventory, page, &documented, &mut observations);
                check_reference(set, inventory, page, &documented, &mut observations);
            }
        }
        for table in page
            .tables
            .iter()
            .filter(|table| category_of_table(set, page, table).is_none())
        {
            observations.push(
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
            );
        }
        check_examples(set, page, &mut observations);
    }
    check_pages_agree(set, inventories, pages, &mut observations);
    check_spellings(set, inventories, pages, &mut observations);
    observations.sort();
    observations.dedup();
    observations
}

fn check_markdown(set: &SchemaSet, page: &Page, observations: &mut Vec<DocObservation>) {
    // An unread table names its section's category, when catalogued: the same fault on two
    // categories' sections is two findings (and baseline entries).
    let unread = page.unread_tables.iter().map(|table| {
        (
            FindingId::UnreadableTable,
            table.line,
            match page.read_table_beside(table) {
                Some(read) => format!(
                    "the table under the log heading {:?} could not be read as a property table: {}. What it documents is not compared with the schema; the section's table at line {} is",
                    table.heading, table.reason, read.line
                ),
                None => format!(
                    "the table under the log heading {:?} could not be read as a property table: {}. What it documents is not compared with the schema, and the examples of its section are checked against the schema alone",
                    table.heading, table.reason
                ),
            },
            category_at(set, page, table.line).map(|entry| entry.category.as_str()),
        )
    });
    let unclosed = page.unclosed_fences.iter().map(|fence| {
        (
            FindingId::UnclosedFence,
            fence.line,
            format!(
                "the code fence opened here is never closed; Markdown shows the rest of the page as code. The block was read up to line {}, and what follows as the page",
                fence.ended_at
            ),
            None,
        )
    });
    for (id, line, message, category) in unread.chain(unclosed) {
        observations.push(DocObservation::on_page(id, page, line, message).about(category, None));
    }
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
        // The table's category, when known: a malformed `Level` row of the SMS table is not
        // the same finding (nor the same baseline entry) as one of the Rooms table.
        let category = category_of_table(set, page, table).map(|entry| entry.category.as_str());
        for row in &table.stray_rows {
            observations.push(
                DocObservation::on_page(
                    FindingId::MalformedTableRow,
                    page,
                    row.line,
                    format!(
                        "a line without pipes continues the table ({}): GitHub shows it as a row of one cell; a blank line before it ends the table",
                        json_quoted(row.raw.trim())
                    ),
                )
                .about(category, None),
            );
        }
        for row in &table.rows {
            for flaw in &row.flaws {
                observations.push(
                    DocObservation::on_page(
                        FindingId::MalformedTableRow,
                        page,
                        row.line,
                        format!("the row for {:?} was read, but {flaw}", row.name),
                    )
                    .about(category, Some(&row.name))
                    .at_row(page, table, Some(row)),
                );
            }
        }
    }
}

/// A catalogued section's tables against its category's schema: every row, and every column no
/// row documents (when every table of the section was read).
fn check_table(
    inventory: &CategoryInventory,
    page: &Page,
    documented: &Documented<'_, '_>,
    observations: &mut Vec<DocObservation>,
) {
    let Some(&first) = documented.tables.first() else {
        return;
    };
    let fields = &inventory.fields;
    let category = Some(inventory.category.as_str());
    let rows: Vec<(&PropertyTable, &TableRow)> = documented.rows().collect();
    let on_row = |(table, row): (&PropertyTable, &TableRow), id, field: &str, message: String| {
        DocObservation::on_page(id, page, row.line, message)
            .about(category, Some(field))
            .at_row(page, table, Some(row))
    };
    let mut matched = BTreeSet::new();
    let unmatched_fields: Vec<&FieldDoc> = fields
        .iter()
        .filter(|field| {
            !rows.iter().any(|(_, row)| {
                field.answers_to(&row.name) || folded(&row.name) == folded(&field.key)
            })
        })
        .collect();
    let field_of = |row: &TableRow| {
        fields
            .iter()
            .find(|field| field.answers_to(&row.name))
            .or_else(|| {
                fields
                    .iter()
                    .find(|field| folded(&row.name) == folded(&field.key))
            })
    };
    // A rename is claimed only on specific evidence: exactly one new row and one column gone,
    // with the new row where the old one stood or described in nearly the same words. Several
    // new rows beside one gone column are additions and a removal; a column may be in a table
    // of the section that could not be read.
    let new_rows: Vec<usize> = (0..rows.len())
        .filter(|&index| field_of(rows[index].1).is_none())
        .collect();
    let rename = match (new_rows.as_slice(), unmatched_fields.as_slice()) {
        ([index], [old]) if documented.complete() => {
            let row = rows[*index].1;
            let position = fields.iter().position(|field| field.key == old.key);
            if position == Some(*index) {
                Some((old.key.as_str(), "it stands where that row stood"))
            } else if near_identical(&row.description, &old.description) {
                Some((old.key.as_str(), "it is described in nearly the same words"))
            } else {
                None
            }
        }
        _ => None,
    };
    for &(table, row) in &rows {
        let Some(field) = field_of(row) else {
            let message = match rename {
                Some((old, evidence)) => format!(
                    "{:?} is not in the {} schema; it looks like a rename of `{old}`, the one column this table no longer lists ({evidence})",
                    row.name, inventory.category
                ),
                None => format!(
                    "{:?} is documented here but the {} schema has no such column",
                    row.name, inventory.category
                ),
            };
            observations.push(on_row(
                (table, row),
                FindingId::DocFieldNotInSchema,
                &row.name,
                message,
            ));
            continue;
        };
        matched.insert(field.key.as_str());
        if row.name != field.key {
            observations.push(on_row(
                (table, row),
                FindingId::DocNameDiffersFromKey,
                &field.key,
                format!(
                    "documented as {:?}; the data spells it `{}`",
                    row.name, field.key
                ),
            ));
        }
        // Compared as a cell holds them: a table row has no line ends, so the schema's are the
        // spaces `docs render` writes for them.
        if cell(&row.description).trim() != cell(&field.description).trim() {
            observations.push(on_row(
                (table, row),
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
    // A column no row documents may be in a table of the section that could not be read
    // (reported on its own): it is not said to be missing.
    if !documented.complete() {
        return;
    }
    for field in fields
        .iter()
        .filter(|field| !matched.contains(field.key.as_str()))
    {
        observations.push(
            DocObservation::on_page(
                FindingId::SchemaFieldNotInDoc,
                page,
                first.line,
                format!(
                    "the {} schema has `{}` (documented as {:?}), which this table lacks",
                    inventory.category,
                    field.key,
                    field.doc.name.as_deref().unwrap_or(&field.key)
                ),
            )
            .about(category, Some(&field.key))
            .at_row(page, first, None),
        );
    }
}

/// Each example: every JSON fault, and the keys of its records that the table of its category
/// does not list under that exact name.
fn check_examples(set: &SchemaSet, page: &Page, observations: &mut Vec<DocObservation>) {
    let documented = documentation(set, page);
    for example in page.examples() {
        let Example {
            block,
            faults,
            records,
            ..
        } = &example;
        let section = section_at(set, page, block.fence_line);
        let entry = section.and_then(|section| section.entry);
        let recovered = if records.is_empty() {
            "no record could be recovered from it".to_owned()
        } else {
            format!(
                "its {} record(s) were recovered by a lenient read and checked",
                records.len()
            )
        };
        for fault in faults {
            let mut observation = DocObservation::on_page(
                FindingId::ExampleInvalidJson,
                page,
                fault.line,
                format!(
                    "the example under {:?} (line {}) is not valid JSON: {}; {recovered}",
                    block.heading, block.fence_line, fault.message
                ),
            );
            observation.column = Some(fault.column);
            observations.push(observation.about(entry.map(|entry| entry.category.as_str()), None));
        }
        let lines: Vec<&str> = block.text.lines().collect();
        let starts = record_starts(&block.text);
        for (position, record) in records.iter().enumerate() {
            let start = starts.get(position).copied().unwrap_or(0);
            let Some(object) = record.as_object() else {
                continue;
            };
            let own = ["Category", "Type"].iter().find_map(|column| {
                object
                    .get(*column)
                    .and_then(Value::as_str)
                    .and_then(|name| set.category(name).or_else(|| set.by_table(name)))
            });
            let category = entry.or(own);
            let Some(tables) = key_tables(set, page, &documented, section, category) else {
                continue;
            };
            let rows: Vec<(&PropertyTable, &TableRow)> = tables
                .iter()
                .flat_map(|&table| table.rows.iter().map(move |row| (table, row)))
                .collect();
            let not_documented = match tables.first() {
                Some(table) => format!(
                    "the {:?} table (line {}) does not document",
                    table.heading, table.line
                ),
                None => "no table on the page documents".to_owned(),
            };
            for key in object
                .keys()
                .filter(|key| !rows.iter().any(|(_, row)| row.name == **key))
            {
                let offset = lines
                    .iter()
                    .enumerate()
                    .skip(start)
                    .find(|(_, line)| line.contains(&format!("\"{key}\"")))
                    .map_or(start, |(index, _)| index);
                let message = match rows
                    .iter()
                    .find(|(_, row)| folded(&row.name) == folded(key))
                {
                    Some((table, row)) => format!(
                        "the example under {:?} spells {key:?}; the {:?} table (line {}) documents {:?} (line {})",
                        block.heading, table.heading, table.line, row.name, row.line
                    ),
                    None => format!(
                        "the example under {:?} has {key:?}, which {not_documented}",
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
                    .about(category.map(|entry| entry.category.as_str()), Some(key)),
                );
            }
        }
    }
}

/// The tables an example record's keys are looked up in: those of its category's section on
/// this page (the example's own section first); with no category, the tables of the example's
/// section, else every table of the page. None when its category's section holds a table that
/// could not be read (reported on its own): its keys may be documented there. A category with no
/// table on this page has none: a row of another category's table is never quoted.
fn key_tables<'page>(
    set: &SchemaSet,
    page: &'page Page,
    documented: &[Documented<'_, 'page>],
    section: Option<Section<'_, 'page>>,
    category: Option<&CategoryEntry>,
) -> Option<Vec<&'page PropertyTable>> {
    let Some(category) = category else {
        let in_section: Vec<&PropertyTable> = page
            .tables
            .iter()
            .filter(|table| {
                let of_table = section_at(set, page, table.line).map(|found| found.heading.line);
                of_table.is_some() && of_table == section.map(|section| section.heading.line)
            })
            .collect();
        return Some(if in_section.is_empty() {
            page.tables.iter().collect()
        } else {
            in_section
        });
    };
    let mut sections = documented
        .iter()
        .filter(|documented| documented.entry.category == category.category);
    let own = sections.clone().find(|documented| {
        section.is_some_and(|section| section.heading.line == documented.heading.line)
    });
    match own.or_else(|| sections.next()) {
        Some(documented) if !documented.complete() => None,
        Some(documented) => Some(documented.tables.clone()),
        None => Some(Vec::new()),
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
        // The category's section on each catalogued page, when every table of it was read (of
        // one that was not, no row can be said to be only on one page).
        let sections: Vec<(&Page, Documented<'_, '_>)> = entry
            .pages
            .iter()
            .filter_map(|source| {
                let page = *by_file.get(source.page.as_str())?;
                let documented = documentation(set, page).into_iter().find(|documented| {
                    documented.entry.category == entry.category
                        && documented.heading.text == source.table
                })?;
                let whole = documented.complete() && !documented.tables.is_empty();
                whole.then_some((page, documented))
            })
            .collect();
        let Some((newest_page, newest)) = sections.iter().max_by_key(|(page, _)| page.date) else {
            continue;
        };
        let newest_rows = rows_by_name(newest);
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
        for (page, documented) in &sections {
            if std::ptr::eq(*page, *newest_page) {
                continue;
            }
            let versus = format!(
                "{} ({}, newer) and {} ({})",
                newest_page.file,
                dated(newest_page),
                page.file,
                dated(page)
            );
            let rows = rows_by_name(documented);
            let first = documented.tables[0];
            let mut disagree =
                |at: Option<(&PropertyTable, &TableRow)>, field: &str, message: String| {
                    let (table, row) = at.map_or((first, None), |(table, row)| (table, Some(row)));
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
            for (name, (_, row)) in &newest_rows {
                match rows.get(name) {
                    None => disagree(
                        None,
                        &row.name,
                        format!(
                            "{:?} (line {}) is only on the newer page",
                            row.name, row.line
                        ),
                    ),
                    Some(&(table, old)) if old.description.trim() != row.description.trim() => {
                        disagree(
                            Some((table, old)),
                            &row.name,
                            format!(
                                "{:?} is described as {:?} here and {:?} there",
                                row.name,
                                old.description.trim(),
                                row.description.trim()
                            ),
                        );
                    }
                    Some(_) => {}
                }
            }
            for (name, &(table, row)) in &rows {
                if !newest_rows.contains_key(name) {
                    disagree(
                        Some((table, row)),
                        &row.name,
                        format!("{:?} is only on the older page", row.name),
                    );
                }
            }
        }
    }
}

/// A section's rows by their folded name, each with its table.
fn rows_by_name<'page>(
    documented: &Documented<'_, 'page>,
) -> BTreeMap<String, (&'page PropertyTable, &'page TableRow)> {
    documented
        .rows()
        .map(|(table, row)| (folded(&row.name), (table, row)))
        .collect()
}

/// The family a category's columns are compared within across pages: the operational
/// categories are siblings (they share `TimeGenerated`, `CorrelationId`, `OperationName`, ...);
/// any other category (Usage) is its own family.
fn family(category: &str) -> &str {
    if category.ends_with("Operational") {
        "Operational"
    } else {
        category
    }
}

/// One documented column as a page spells it.
struct Spelling<'page> {
    page: &'page Page,
    table: &'page PropertyTable,
    row: &'page TableRow,
    category: String,
}

/// The same column spelled differently on two pages, for one category or sibling categories:
/// each spelling that fewer pages use is reported at its row, naming a row on another page that
/// spells it as most pages do.
fn check_spellings(
    set: &SchemaSet,
    inventories: &[CategoryInventory],
    pages: &[Page],
    observations: &mut Vec<DocObservation>,
) {
    let mut columns: BTreeMap<(String, String), Vec<Spelling<'_>>> = BTreeMap::new();
    for page in pages {
        for table in &page.tables {
            let Some(entry) = category_of_table(set, page, table) else {
                continue;
            };
            let Some(inventory) = inventories
                .iter()
                .find(|inventory| inventory.category == entry.category)
            else {
                continue;
            };
            for row in &table.rows {
                let field = inventory.fields.iter().find(|field| {
                    field.answers_to(&row.name) || folded(&row.name) == folded(&field.key)
                });
                if let Some(field) = field {
                    columns
                        .entry((family(&entry.category).to_owned(), field.key.clone()))
                        .or_default()
                        .push(Spelling {
                            page,
                            table,
                            row,
                            category: entry.category.clone(),
                        });
                }
            }
        }
    }
    for ((_, key), spellings) in &columns {
        // Pages per spelling; the spelling on most pages is the one the others are told of
        // (on a tie, the data key's spelling, else the first in order).
        let mut pages_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for spelling in spellings {
            pages_of
                .entry(spelling.row.name.as_str())
                .or_default()
                .insert(spelling.page.file.as_str());
        }
        if pages_of.len() < 2 {
            continue;
        }
        let Some(usual) = pages_of
            .iter()
            .max_by_key(|(name, files)| {
                (
                    files.len(),
                    **name == key.as_str(),
                    std::cmp::Reverse(**name),
                )
            })
            .map(|(name, _)| *name)
        else {
            continue;
        };
        for spelling in spellings
            .iter()
            .filter(|spelling| spelling.row.name != usual)
        {
            let Some(witness) = spellings
                .iter()
                .find(|other| other.row.name == usual && other.page.file != spelling.page.file)
            else {
                continue;
            };
            let others = pages_of.get(usual).map_or(0, BTreeSet::len);
            let message = format!(
                "`{key}` is spelled {:?} here ({} table, line {}) but {usual:?} on {others} other page(s), such as {}:{} ({} table)",
                spelling.row.name,
                spelling.table.heading,
                spelling.row.line,
                witness.page.file,
                witness.row.line,
                witness.table.heading,
            );
            observations.push(
                DocObservation::on_page(
                    FindingId::PagesDisagree,
                    spelling.page,
                    spelling.row.line,
                    message,
                )
                .about(Some(&spelling.category), Some(key))
                .at_row(spelling.page, spelling.table, Some(spelling.row)),
            );
        }
    }
}

/// The page's table against the Azure Monitor table reference for its category's Log Analytics
/// table: columns the reference has that the page lacks (the workspace's own columns aside,
/// which no page documents), and columns the page documents that the reference does not have.
fn check_reference(
    set: &SchemaSet,
    inventory: &CategoryInventory,
    page: &Page,
    documented: &Documented<'_, '_>,
    observations: &mut Vec<DocObservation>,
) {
    let entry = documented.entry;
    let Some(reference) = set.reference_table(&entry.table) else {
        return;
    };
    let Some(&table) = documented.tables.first() else {
        return;
    };
    let rows: Vec<(&PropertyTable, &TableRow)> = documented.rows().collect();
    let repository = set
        .table_reference()
        .map_or("", |reference| reference.repository.as_str());
    let workspace = &set.catalog.envelope.workspace_columns;
    let answers = |row: &TableRow, column: &str| {
        folded(&row.name) == folded(column)
            || inventory
                .fields
                .iter()
                .any(|field| field.key == column && field.answers_to(&row.name))
    };
    let category = Some(entry.category.as_str());
    // A column may be in a table of the section that could not be read: none is said to lack.
    let lacking = reference
        .columns
        .iter()
        .filter(|column| documented.complete() && !workspace.contains(&column.name));
    for column in lacking {
        if rows.iter().any(|(_, row)| answers(row, &column.name)) {
            continue;
        }
        observations.push(
            DocObservation::on_page(
                FindingId::ReferenceDisagrees,
                page,
                table.line,
                format!(
                    "the Azure Monitor table reference lists `{}` ({}) for {} at {}:{} ({} in {repository}); the {:?} table here lacks it",
                    column.name,
                    column.kusto_type.as_str(),
                    entry.table,
                    reference.file,
                    column.line,
                    reference.path,
                    table.heading
                ),
            )
            .about(category, Some(&column.name))
            .at_row(page, table, None),
        );
    }
    let lines = reference.columns.iter().map(|column| column.line);
    let (first, last) = (lines.clone().min().unwrap_or(0), lines.max().unwrap_or(0));
    for &(table, row) in &rows {
        if reference
            .columns
            .iter()
            .any(|column| answers(row, &column.name))
        {
            continue;
        }
        let key = inventory
            .fields
            .iter()
            .find(|field| field.answers_to(&row.name))
            .map_or(row.name.as_str(), |field| field.key.as_str());
        observations.push(
            DocObservation::on_page(
                FindingId::ReferenceDisagrees,
                page,
                row.line,
                format!(
                    "{:?} is documented here, but the Azure Monitor table reference for {} ({}, columns at lines {first}-{last}; {} in {repository}) has no such column",
                    row.name, entry.table, reference.file, reference.path
                ),
            )
            .about(category, Some(key))
            .at_row(page, table, Some(row)),
        );
    }
}

// `docs check` on the bundled pages: every irregularity by id, page and line.
#[cfg(test)]
mod on_bundled_pages;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words_and_descriptions_compare_loosely() {
        assert_eq!(words("RecipientId"), ["recipient", "id"]);
        assert_eq!(words("Correlation ID"), ["correlation", "id"]);
        assert!(near_identical(
            "The email address for the targeted recipient.",
            "The email address of the targeted recipient."
        ));
        assert!(!near_identical(
            "The IP address of the client.",
            "The email address for the targeted recipient."
        ));
    }
}
