//! Renders each category's property table from the schemas, in the pages' own Markdown format,
//! and compares a page's tables with what the schemas say.
//!
//! The schemas are the truth, so the rendered table names each column as the data spells it
//! (`` `OperationName` ``, not "Operation Name") with the schema's description, in schema order.

use super::markdown::{TABLE_HEAD, property_row};
use super::page::Page;
use super::section::{category_of_table, documentation};
use crate::finding::json_quoted;
use acs_log_schemas::{CategoryEntry, SchemaSet};

/// The Markdown rows of a category's table (no heading), one line per schema property, names
/// in backticks as the pages mostly write them.
pub(super) fn table_rows(set: &SchemaSet, entry: &CategoryEntry) -> Vec<String> {
    table_rows_styled(set, entry, true)
}

/// [`table_rows`], with the names in backticks or not.
fn table_rows_styled(set: &SchemaSet, entry: &CategoryEntry, backticks: bool) -> Vec<String> {
    let Some(properties) = set
        .schema(&entry.category)
        .and_then(|schema| schema["properties"].as_object())
    else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(key, property)| {
            let description = property["description"].as_str().unwrap_or_default();
            property_row(key, description, backticks)
        })
        .collect()
}

/// A category's table under its heading, as a page section.
pub(super) fn render_category(set: &SchemaSet, entry: &CategoryEntry) -> String {
    let heading = entry
        .pages
        .first()
        .map_or(entry.title.as_str(), |source| source.table.as_str());
    let mut out = format!("### {heading}\n\n{TABLE_HEAD}");
    for row in table_rows(set, entry) {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// Every category's section (or only `category`'s), separated by blank lines.
pub(crate) fn render(set: &SchemaSet, category: Option<&CategoryEntry>) -> String {
    let entries: Vec<&CategoryEntry> = match category {
        Some(entry) => vec![entry],
        None => set.categories().iter().collect(),
    };
    entries
        .iter()
        .map(|entry| render_category(set, entry))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What of a page could not be compared with the schemas: a table under a log heading that
/// could not be read, a property table of no catalogued category, or a page with no property
/// table at all. A table not compared is never said to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotCompared {
    /// The page's file name.
    pub page: String,
    /// 1-based line of the table (0: the page as a whole).
    pub line: usize,
    /// Why, in words.
    pub reason: String,
}

/// Everything of `page` that [`compare_page`] cannot compare.
pub(crate) fn not_compared(set: &SchemaSet, page: &Page) -> Vec<NotCompared> {
    let at = |line, reason| NotCompared {
        page: page.file.clone(),
        line,
        reason,
    };
    let mut found: Vec<NotCompared> = page
        .unread_tables
        .iter()
        .map(|table| {
            at(
                table.line,
                format!(
                    "the table under {} could not be read: {}",
                    json_quoted(&table.heading),
                    table.reason
                ),
            )
        })
        .collect();
    found.extend(
        page.tables
            .iter()
            .filter(|table| category_of_table(set, page, table).is_none())
            .map(|table| {
                at(
                    table.line,
                    format!(
                        "the property table under {} documents no catalogued category",
                        json_quoted(&table.heading)
                    ),
                )
            }),
    );
    // A table read for its names and descriptions says more than the rendered table can: its
    // other columns (`Type`) are compared with nothing.
    found.extend(page.tables.iter().filter(|table| table.columns.len() > 2).map(|table| {
        let others: Vec<String> = table
            .columns
            .iter()
            .enumerate()
            .filter(|&(index, _)| index != 0 && index != table.description_column)
            .map(|(_, column)| json_quoted(column))
            .collect();
        at(
            table.line,
            format!(
                "the {} column(s) of the table under {}: the schemas render names and descriptions only",
                others.join(", "),
                json_quoted(&table.heading)
            ),
        )
    }));
    if page.tables.is_empty() && page.unread_tables.is_empty() {
        found.push(at(0, "no property table on the page".to_owned()));
    }
    found.sort_by_key(|item| item.line);
    found
}

/// A page's table that differs from the rendered one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TableDifference {
    /// The page's file name.
    pub page: String,
    /// The category the table documents.
    pub category: String,
    /// The heading above the table.
    pub heading: String,
    /// 1-based line of the table's header row.
    pub line: usize,
    /// A unified diff from the page's rows to the rendered ones.
    pub diff: String,
}

/// Compares the property tables of each catalogued section of a page (a table split by a
/// sub-heading is compared as one) with the schemas; returns those that differ. Tables of no
/// known category are left to the docs check, which reports them.
pub(crate) fn compare_page(set: &SchemaSet, page: &Page) -> Vec<TableDifference> {
    documentation(set, page)
        .into_iter()
        .filter_map(|documented| {
            let entry = documented.entry;
            let first = documented.tables.first()?;
            let rows: Vec<_> = documented.rows().map(|(_, row)| row).collect();
            let lines = |rows: Vec<&str>| {
                rows.iter()
                    .fold(String::new(), |text, row| text + row + "\n")
            };
            // Compared in the page's own style (names in backticks or not, as most of its rows
            // are; spacing inside cells as the renderer writes it), so the diff shows what would
            // change in words, not in layout. A row written irregularly is shown as it is.
            let backticks = 2 * rows.iter().filter(|row| row.backticked).count() >= rows.len();
            let written_rows: Vec<String> = rows
                .iter()
                .map(|row| {
                    if row.flaws.is_empty() && row.backticked == backticks {
                        property_row(&row.name, &row.description, backticks)
                    } else {
                        row.raw.trim_end().to_owned()
                    }
                })
                .collect();
            let written = lines(written_rows.iter().map(String::as_str).collect());
            let rendered_rows = table_rows_styled(set, entry, backticks);
            let rendered = lines(rendered_rows.iter().map(String::as_str).collect());
            if written == rendered {
                return None;
            }
            let diff = similar::TextDiff::from_lines(&written, &rendered)
                .unified_diff()
                .context_radius(1)
                .header(
                    &format!("{} ({})", page.file, first.heading),
                    &format!("schemas ({})", entry.category),
                )
                .to_string();
            Some(TableDifference {
                page: page.file.clone(),
                category: entry.category.clone(),
                heading: first.heading.clone(),
                line: first.line,
                diff,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_tables_read_back_identical() {
        let set = SchemaSet::acs();
        let text = render(set, None);
        let page = Page::parse("rendered.md", &text);
        assert_eq!(page.tables.len(), set.categories().len());
        assert!(
            compare_page(set, &page).is_empty(),
            "{:?}",
            compare_page(set, &page)
        );
        let sms = set.category("SMSOperational").unwrap();
        assert!(
            render(set, Some(sms))
                .starts_with("### SMS operational logs\n\n| Property | Description |\n")
        );
    }

    #[test]
    fn a_changed_row_shows_as_a_diff() {
        let set = SchemaSet::acs();
        let entry = set.category("EmailUserEngagementOperational").unwrap();
        let text = render_category(set, entry).replace(
            "| `UserAgent` | The user agent string from the client. |\n",
            "| `UserAgnt` | The user agent. |\n",
        );
        let differences = compare_page(set, &Page::parse("draft.md", &text));
        assert_eq!(differences.len(), 1);
        let diff = &differences[0].diff;
        assert!(diff.contains("-| `UserAgnt` | The user agent. |"), "{diff}");
        assert!(
            diff.contains("+| `UserAgent` | The user agent string from the client. |"),
            "{diff}"
        );
    }
}
