//! The embedded table reference (`schemas/acs/table-reference.json`) says exactly what the
//! published include files in `docs/table-reference/` say: every column, its Kusto type, its
//! description and its line, with the provenance `sources.json` records, for every catalog table.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::SchemaSet;
use serde_json::Value;
use std::path::Path;

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// (name, type, description, line) of every row of an include file's column table.
fn published_columns(text: &str) -> Vec<(String, String, String, u32)> {
    let mut columns = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(inner) = line
            .strip_prefix("| ")
            .and_then(|rest| rest.strip_suffix(" |"))
        else {
            continue;
        };
        let cells: Vec<&str> = inner.splitn(3, " | ").collect();
        if cells.len() != 3 || cells[0] == "Column" {
            continue;
        }
        columns.push((
            cells[0].to_owned(),
            cells[1].to_owned(),
            cells[2].to_owned(),
            u32::try_from(index + 1).unwrap(),
        ));
    }
    columns
}

#[test]
fn embedded_reference_matches_the_published_files() {
    let set = SchemaSet::acs();
    let reference = set
        .table_reference()
        .expect("the ACS set has a table reference");
    let sources: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("docs/table-reference/sources.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(reference.repository, sources["repository"]);
    let listed = sources["tables"].as_array().unwrap();
    assert_eq!(listed.len(), reference.tables.len());
    for source in listed {
        let table = source["table"].as_str().unwrap();
        let entry = &reference.tables[table];
        assert_eq!(entry.path, source["path"].as_str().unwrap(), "{table}");
        assert_eq!(entry.commit, source["commit"].as_str().unwrap(), "{table}");
        assert_eq!(
            entry.file,
            format!("docs/table-reference/{}", source["file"].as_str().unwrap())
        );
        let text = std::fs::read_to_string(repo_root().join(&entry.file)).unwrap();
        assert!(
            text.contains(&format!("ms.custom: {table}\n")),
            "{table}: wrong file"
        );
        let published = published_columns(&text);
        let embedded: Vec<_> = entry
            .columns
            .iter()
            .map(|column| {
                (
                    column.name.clone(),
                    column.kusto_type.as_str().to_owned(),
                    column.description.clone(),
                    column.line,
                )
            })
            .collect();
        assert_eq!(embedded, published, "{table}");
    }
}

#[test]
fn every_catalog_table_has_a_reference_entry() {
    let set = SchemaSet::acs();
    for category in set.categories() {
        let table = set
            .reference_table(&category.table)
            .unwrap_or_else(|| panic!("no table reference for {}", category.table));
        assert!(
            table.column("TimeGenerated").is_some(),
            "{}",
            category.table
        );
        assert!(table.column("Type").is_some(), "{}", category.table);
    }
}
