//! The section a place on a page sits in, and the category it documents: what ties a table and
//! an example to a category, whether or not the section's table could be read.
//!
//! A section is named by a heading. From the nearest heading above a place the reader climbs to
//! the headings that hold it (`#### Example` to the `###` above it), and the first that names a
//! catalogued category is the section's. A log heading over a table of its own (read or not) ends
//! the climb: that table documents its own category, catalogued or not.

use super::page::{Heading, Page, PropertyTable, TableRow, UnreadTable, is_log_heading};
use acs_log_schemas::{CategoryEntry, SchemaSet};

/// The section a place sits in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Section<'set, 'page> {
    /// The heading that names it.
    pub heading: &'page Heading,
    /// The category it documents, when catalogued.
    pub entry: Option<&'set CategoryEntry>,
}

/// The category a heading names: by the catalog's (page, heading), else by a heading that some
/// category's table carries on another page (a draft or a renamed file), or by its title.
fn category_named<'set>(
    set: &'set SchemaSet,
    page: &Page,
    heading: &str,
) -> Option<&'set CategoryEntry> {
    let by_page = set.categories().iter().find(|entry| {
        entry
            .pages
            .iter()
            .any(|source| source.page == page.file && source.table == heading)
    });
    by_page.or_else(|| {
        set.categories().iter().find(|entry| {
            entry
                .pages
                .iter()
                .any(|source| source.table.eq_ignore_ascii_case(heading))
                || entry.title.eq_ignore_ascii_case(heading)
        })
    })
}

/// Whether a table (read or not) stands right under `heading`.
fn heads_a_table(page: &Page, heading: &Heading) -> bool {
    page.tables
        .iter()
        .any(|table| table.heading_line == heading.line)
        || page
            .unread_tables
            .iter()
            .any(|table| table.heading_line == heading.line)
}

/// The section a 1-based line of `page` sits in (none above the first heading). When no heading
/// that holds it names a catalogued category, the section is uncatalogued: the first of them
/// over a table, else the nearest.
pub(super) fn section_at<'set, 'page>(
    set: &'set SchemaSet,
    page: &'page Page,
    line: usize,
) -> Option<Section<'set, 'page>> {
    let nearest = page.heading_above(line)?;
    let mut over_a_table = None;
    for heading in std::iter::successors(Some(nearest), |heading| page.parent(heading)) {
        if let Some(entry) = category_named(set, page, &heading.text) {
            return Some(Section {
                heading,
                entry: Some(entry),
            });
        }
        if heads_a_table(page, heading) {
            if is_log_heading(&heading.text) {
                return Some(Section {
                    heading,
                    entry: None,
                });
            }
            over_a_table.get_or_insert(heading);
        }
    }
    Some(Section {
        heading: over_a_table.unwrap_or(nearest),
        entry: None,
    })
}

/// The category a 1-based line of `page` documents: its section's, when catalogued. An example
/// with none is of its records' own `Category` or `Type`.
pub(super) fn category_at<'set>(
    set: &'set SchemaSet,
    page: &Page,
    line: usize,
) -> Option<&'set CategoryEntry> {
    section_at(set, page, line).and_then(|section| section.entry)
}

/// The category a page's table documents: its section's.
pub(super) fn category_of_table<'set>(
    set: &'set SchemaSet,
    page: &Page,
    table: &PropertyTable,
) -> Option<&'set CategoryEntry> {
    category_at(set, page, table.line)
}

/// A category's documentation on a page: the tables of one catalogued section (under its heading
/// and under its sub-headings, as a table split by `#### Participant counts`), and the tables
/// there that could not be read.
#[derive(Debug, Clone)]
pub(super) struct Documented<'set, 'page> {
    /// The category.
    pub entry: &'set CategoryEntry,
    /// The heading of its section.
    pub heading: &'page Heading,
    /// The property tables read, in page order.
    pub tables: Vec<&'page PropertyTable>,
    /// The tables that could not be read.
    pub unread: Vec<&'page UnreadTable>,
}

impl<'page> Documented<'_, 'page> {
    /// Every row of every table read, each with its table, in page order.
    pub(super) fn rows(&self) -> impl Iterator<Item = (&'page PropertyTable, &'page TableRow)> {
        self.tables
            .clone()
            .into_iter()
            .flat_map(|table| table.rows.iter().map(move |row| (table, row)))
    }

    /// Whether every table of the section was read: only then is a column missing from the
    /// rows missing from the page.
    pub(super) fn complete(&self) -> bool {
        self.unread.is_empty()
    }
}

/// Every catalogued section of a page with a table (read or not), in page order.
pub(super) fn documentation<'set, 'page>(
    set: &'set SchemaSet,
    page: &'page Page,
) -> Vec<Documented<'set, 'page>> {
    let mut found: Vec<Documented<'set, 'page>> = Vec::new();
    let read = page
        .tables
        .iter()
        .map(|table| (table.line, Some(table), None));
    // A table not read beside one read under the same heading is reported on its own; the
    // section's table is still compared.
    let unread = page
        .unread_tables
        .iter()
        .filter(|table| page.read_table_beside(table).is_none())
        .map(|table| (table.line, None, Some(table)));
    for (line, table, unread) in read.chain(unread) {
        let Some(Section {
            heading,
            entry: Some(entry),
        }) = section_at(set, page, line)
        else {
            continue;
        };
        if !found
            .iter()
            .any(|documented| documented.heading.line == heading.line)
        {
            found.push(Documented {
                entry,
                heading,
                tables: Vec::new(),
                unread: Vec::new(),
            });
        }
        if let Some(documented) = found
            .iter_mut()
            .find(|documented| documented.heading.line == heading.line)
        {
            documented.tables.extend(table);
            documented.unread.extend(unread);
        }
    }
    found.sort_by_key(|documented| documented.heading.line);
    found
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PAGE: &str = "# Page\n\n## SMS operational logs\n\n| Property | Description |\n| --- | --- |\n| `A` | a. |\n\n#### Example SMS sent log\n\n```json\n{}\n```\n\n### Participant counts\n\n| Property | Description |\n| --- | --- |\n| `B` | b. |\n\n## Media summary logs\n\n| Property | Description |\n| --- | --- |\n| `C` | c. |\n\n```json\n{}\n```\n\n## Usage logs schema\n\n<table><tr><td>x</td></tr></table>\n\n```json\n{}\n```\n\n## Notes\n\n```json\n{}\n```\n";

    #[test]
    fn a_place_belongs_to_the_catalogued_heading_that_holds_it() {
        let set = SchemaSet::acs();
        let page = Page::parse("draft.md", PAGE);
        let category = |line: usize| {
            section_at(set, &page, line)
                .and_then(|section| section.entry)
                .map(|entry| entry.category.as_str())
        };
        let blocks: Vec<usize> = page
            .code_blocks
            .iter()
            .map(|block| block.fence_line)
            .collect();
        // Under `#### Example`; under a log heading with a table of its own; under a heading
        // whose table could not be read; under a heading of no category.
        assert_eq!(
            blocks
                .iter()
                .map(|&line| category(line))
                .collect::<Vec<_>>(),
            [Some("SMSOperational"), None, Some("Usage"), None]
        );
        // The sub-table under `### Participant counts` is the SMS section's.
        let tables: Vec<Option<&str>> = page
            .tables
            .iter()
            .map(|table| category_of_table(set, &page, table).map(|entry| entry.category.as_str()))
            .collect();
        assert_eq!(
            tables,
            [Some("SMSOperational"), Some("SMSOperational"), None]
        );
        let documented = documentation(set, &page);
        let summary: Vec<(&str, usize, usize, bool)> = documented
            .iter()
            .map(|documented| {
                (
                    documented.entry.category.as_str(),
                    documented.tables.len(),
                    documented.unread.len(),
                    documented.complete(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [("SMSOperational", 2, 0, true), ("Usage", 0, 1, false)]
        );
        let names: Vec<&str> = documented[0]
            .rows()
            .map(|(_, row)| row.name.as_str())
            .collect();
        assert_eq!(names, ["A", "B"]);
    }
}
