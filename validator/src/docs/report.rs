//! The docs check as a [`Report`]: what is wrong with the pages becomes findings on the same
//! model as data drift, and the pages' example records go through the same [`Checker`] as log
//! exports, so `docs check` renders in every format `check` does.

use super::check::{DocObservation, check_pages, lenient_records};
use super::page::Page;
use crate::aggregate::{Aggregate, Place, category_id};
use crate::finding::{Finding, Location, LocationKind, StringShapes};
use crate::pipeline::RunOutput;
use crate::read::InputInfo;
use crate::read::source::{Input, InputSource};
use crate::report::{Report, ReportContext, build_report_with};
use acs_log_schemas::SchemaSet;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Checks pages against the schemas, each other and their own examples.
pub fn docs_report(set: &SchemaSet, pages: &[Page], context: &ReportContext<'_>) -> Report {
    let run = check_examples(set, pages, context);
    let extra = page_findings(
        check_pages(set, &context.checker.inventories, pages),
        context,
    );
    let mut report = build_report_with(&run, context, extra, false);
    for finding in &mut report.findings {
        for location in &mut finding.locations {
            if location.kind == LocationKind::Data {
                location.kind = LocationKind::Doc;
                if let (Some(field), Some(line)) = (&finding.field, location.line) {
                    location.line = Some(key_line(pages, &location.file, line, field));
                }
            }
        }
    }
    for input in &mut report.summary.inputs {
        input.format = Some("markdown".to_owned());
    }
    report
}

/// Every example record of every page (read leniently when the block is broken JSON, which
/// is reported on its own), checked as data whose input is the page.
fn check_examples(set: &SchemaSet, pages: &[Page], context: &ReportContext<'_>) -> RunOutput {
    let mut aggregate = Aggregate::default();
    let mut inputs = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let hint = page_category(set, page);
        inputs.push(Input {
            display: page.file.clone(),
            source: InputSource::File(PathBuf::from(&page.file)),
            category_hint: hint,
        });
        for example in page.examples() {
            let records = match &example.parsed {
                Ok(records) => records.clone(),
                Err(_) => lenient_records(&example.block.text),
            };
            let starts = record_starts(&example.block.text);
            for (position, record) in records.into_iter().enumerate() {
                let offset = starts.get(position).copied().unwrap_or(0);
                let place = Place {
                    input: category_id(index),
                    line: (example.block.first_line + offset) as u64,
                    record: Some(position as u64),
                };
                context
                    .checker
                    .check_record(record, place, hint, &mut aggregate);
            }
        }
    }
    let infos = vec![InputInfo::default(); inputs.len()];
    RunOutput {
        aggregate,
        inputs,
        infos,
    }
}

/// The line of `"field"` in the example record that starts at `record_line`, so a finding
/// about a value points at its row; the record's first line when the record lacks the key.
fn key_line(pages: &[Page], file: &str, record_line: u64, field: &str) -> u64 {
    let quoted = format!("\"{field}\"");
    let Some(block) = pages
        .iter()
        .filter(|page| page.file == file)
        .flat_map(|page| &page.code_blocks)
        .find(|block| {
            (block.first_line as u64) <= record_line
                && record_line < (block.first_line + block.text.lines().count()) as u64
        })
    else {
        return record_line;
    };
    let skip = usize::try_from(record_line)
        .unwrap_or(usize::MAX)
        .saturating_sub(block.first_line);
    let starts = record_starts(&block.text);
    let end = starts
        .iter()
        .copied()
        .find(|start| *start > skip)
        .unwrap_or(usize::MAX);
    block
        .text
        .lines()
        .enumerate()
        .skip(skip)
        .take_while(|(index, _)| *index < end)
        .find(|(_, line)| line.contains(&quoted))
        .map_or(record_line, |(index, _)| (block.first_line + index) as u64)
}

/// The category a page's examples belong to when they do not say: the one operational category
/// the page documents (the Rooms examples carry no `Category`).
fn page_category(set: &SchemaSet, page: &Page) -> Option<usize> {
    let mut documented = set.categories().iter().enumerate().filter(|(_, entry)| {
        entry
            .pages
            .first()
            .is_some_and(|newest| newest.page == page.file)
            && entry.category != "Usage"
    });
    match (documented.next(), documented.next()) {
        (Some((index, _)), None) => Some(index),
        _ => None,
    }
}

/// The 0-based line offset, within a block, at which each top-level record starts: each `{` at
/// depth 0, or at depth 1 inside an array.
fn record_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut depth = 0usize;
    let mut in_array = false;
    let mut in_string = false;
    let mut escaped = false;
    for (line_index, line) in text.lines().enumerate() {
        for c in line.chars() {
            if in_string {
                in_string = c != '"' || escaped;
                escaped = c == '\\' && !escaped;
                continue;
            }
            match c {
                '"' => in_string = true,
                '[' if depth == 0 => {
                    in_array = true;
                    depth += 1;
                }
                '{' => {
                    if depth == usize::from(in_array) {
                        starts.push(line_index);
                    }
                    depth += 1;
                }
                '[' => depth += 1,
                '}' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    starts
}

/// Page observations grouped into findings, one per (id, category, field), keeping every place:
/// pages are small, and each place is a row to fix.
fn page_findings(observations: Vec<DocObservation>, context: &ReportContext<'_>) -> Vec<Finding> {
    let mut grouped: BTreeMap<
        (crate::finding::FindingId, Option<String>, Option<String>),
        Vec<DocObservation>,
    > = BTreeMap::new();
    for observation in observations {
        grouped
            .entry((
                observation.id,
                observation.category.clone(),
                observation.field.clone(),
            ))
            .or_default()
            .push(observation);
    }
    grouped
        .into_iter()
        .filter_map(|((id, category, field), observations)| {
            let level = context.config.level(id)?;
            let first = observations.first()?;
            let message = if observations.len() == 1 {
                first.message.clone()
            } else {
                format!(
                    "{} places; the first: {}",
                    observations.len(),
                    first.message
                )
            };
            let documentation = first.row.clone();
            // One place says what the message says; several each say their own.
            let several = observations.len() > 1;
            let locations = observations
                .iter()
                .map(|observation| Location {
                    kind: LocationKind::Doc,
                    file: observation.page.clone(),
                    line: Some(observation.line as u64),
                    column: observation.column.map(|column| column as u64),
                    record: None,
                    note: several.then(|| observation.message.clone()),
                })
                .collect();
            Some(Finding {
                id,
                level,
                category,
                field,
                message,
                count: observations.len() as u64,
                locations,
                observed_types: BTreeMap::new(),
                examples: Vec::new(),
                strings: StringShapes::default(),
                documentation,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_start_at_their_opening_brace() {
        assert_eq!(
            record_starts("\n  [\n    {\"a\": {\"b\": 1}},\n\n    {\"c\": \"{\"}\n  ]"),
            [2, 4]
        );
        assert_eq!(record_starts("{\n \"a\": [{}]\n}"), [0]);
    }
}
