//! The schemas cover the documentation: every name in every property table of the pages maps to
//! a schema property (by its key, its documented name or a recorded spelling), every table
//! belongs to a catalogued category, and every schema property comes from a row of its newest page.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::{PageTable, SchemaSet};
use acs_log_validator::docs::Page;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn pages() -> BTreeMap<String, Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/source");
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| Page::load(&entry.unwrap().path()).unwrap())
        .map(|page| (page.file.clone(), page))
        .collect()
}

/// Every name a schema property answers to: its key, its documented name, its spellings.
fn names_of(property: &str, schema: &Value) -> BTreeSet<String> {
    let doc = &schema["properties"][property]["x-doc"];
    let mut names = BTreeSet::from([property.to_owned()]);
    names.extend(doc["name"].as_str().map(str::to_owned));
    for spelling in doc["spellings"].as_array().into_iter().flatten() {
        names.extend(spelling.as_str().map(str::to_owned));
    }
    names
}

#[test]
fn every_documented_name_is_covered_by_its_category_schema() {
    let set = SchemaSet::acs();
    let pages = pages();
    let mut documented = 0;
    for entry in set.categories() {
        let schema = set.schema(&entry.category).unwrap();
        let covered: BTreeSet<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .flat_map(|property| names_of(property, schema))
            .collect();
        for PageTable { page, table } in &entry.pages {
            let rows = &pages[page]
                .table(table)
                .unwrap_or_else(|| panic!("{page}: no table under {table:?}"))
                .rows;
            assert!(!rows.is_empty(), "{page}: {table} is empty");
            for row in rows {
                assert!(
                    covered.contains(&row.name),
                    "{page}:{}: {:?} ({}) is documented but the {} schema does not cover it",
                    row.line,
                    row.name,
                    table,
                    entry.category
                );
                documented += 1;
            }
        }
    }
    // 10 Usage rows on four pages, 17 Chat, 19 + 22 SMS, 17 Call Automation, 13 Rooms, 12 + 13 + 10 Email.
    assert_eq!(documented, 40 + 17 + 41 + 17 + 13 + 35);
}

#[test]
fn every_property_table_in_the_pages_belongs_to_a_category() {
    let set = SchemaSet::acs();
    let claimed: BTreeSet<(&str, &str)> = set
        .categories()
        .iter()
        .flat_map(|entry| {
            entry
                .pages
                .iter()
                .map(|source| (source.page.as_str(), source.table.as_str()))
        })
        .collect();
    let pages = pages();
    let mut tables = 0;
    for page in pages.values() {
        for table in &page.tables {
            assert!(
                claimed.contains(&(page.file.as_str(), table.heading.as_str())),
                "{}:{}: the table under {:?} is in no catalog entry",
                page.file,
                table.line,
                table.heading
            );
            tables += 1;
        }
    }
    assert_eq!(tables, claimed.len());
}

#[test]
fn every_schema_property_comes_from_a_row_of_its_newest_page() {
    let set = SchemaSet::acs();
    let pages = pages();
    for entry in set.categories() {
        let schema = set.schema(&entry.category).unwrap();
        let newest = &entry.pages[0];
        let rows: BTreeSet<&str> = pages[&newest.page]
            .table(&newest.table)
            .unwrap()
            .rows
            .iter()
            .map(|row| row.name.as_str())
            .collect();
        for (key, property) in schema["properties"].as_object().unwrap() {
            let name = property["x-doc"]["name"].as_str().unwrap();
            assert!(
                rows.contains(name),
                "{}: {key} cites {name:?}, which {} lacks",
                entry.schema,
                newest.page
            );
        }
        // Newest first: the catalog orders a category's pages by their ms.date.
        let dates: Vec<_> = entry
            .pages
            .iter()
            .map(|source| pages[&source.page].date.unwrap())
            .collect();
        assert!(
            dates.windows(2).all(|pair| pair[0] >= pair[1]),
            "{}: pages not newest first: {dates:?}",
            entry.category
        );
    }
}
