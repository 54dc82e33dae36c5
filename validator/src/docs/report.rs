//! The docs check as a [`Report`]: what is wrong with the pages becomes findings on the same
//! model as data drift, and the pages' example records go through the same rules ([`crate::validate`]) as log
//! exports, so `docs check` renders in every format `check` does.

use super::check::{DocObservation, check_pages};
use super::example::record_starts;
use super::page::{CodeBlock, Page, PageError};
use super::section::category_at;
use crate::aggregate::{Aggregate, Place, category_id};
use crate::finding::{Finding, Location, LocationKind, StringShapes};
use crate::pipeline::{RunOutput, Subject};
use crate::read::InputInfo;
use crate::read::source::{Input, InputSource};
use crate::report::{Report, ReportContext, build_report_with};
use acs_log_schemas::SchemaSet;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Checks pages against the schemas, each other and their own examples. `unread` are the pages
/// that could not be read: each is a finding, and the others are still checked.
pub(crate) fn docs_report(
    set: &SchemaSet,
    pages: &[Page],
    unread: &[PageError],
    context: &ReportContext<'_>,
) -> Report {
    let run = check_examples(set, pages, context);
    let mut observations = check_pages(set, &context.schema_index.inventories, pages);
    for error in unread {
        let PageError::Io { path, source } = error;
        observations.push(DocObservation {
            id: crate::finding::FindingId::UnreadableInput,
            page: Page::file_name(path),
            line: 0,
            column: None,
            category: None,
            field: None,
            message: format!("{}: cannot read the page: {source}", path.display()),
            row: None,
        });
    }
    let extra = page_findings(observations, context);
    build_report_with(&run, context, extra)
}

/// Every example record of every page (read leniently when the block is broken JSON, which
/// is reported on its own), checked as data whose input is the page: a finding about a field
/// is placed at the line of its key.
fn check_examples(set: &SchemaSet, pages: &[Page], context: &ReportContext<'_>) -> RunOutput {
    let mut aggregate = Aggregate::default();
    let mut inputs = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        inputs.push(Input {
            display: page.file.clone(),
            source: InputSource::File(PathBuf::from(&page.file)),
            category_hint: None,
        });
        for example in page.examples() {
            // The example's section decides its category; a record's own Category or Type
            // still wins when it has one, as for any data.
            let hint = category_at(set, page, example.block.fence_line).and_then(|entry| {
                set.categories()
                    .iter()
                    .position(|candidate| candidate.category == entry.category)
            });
            let records = example.records.clone();
            let starts = record_starts(&example.block.text);
            for (position, record) in records.into_iter().enumerate() {
                let offset = starts.get(position).copied().unwrap_or(0);
                let place = Place {
                    input: category_id(index),
                    line: (example.block.first_line + offset) as u64,
                    record: Some(position as u64),
                };
                let line_of = |field: &str| key_line(example.block, &starts, offset, field);
                crate::validate::check_example(
                    context.schema_index,
                    record,
                    place,
                    &line_of,
                    hint,
                    &mut aggregate,
                );
            }
        }
    }
    let infos = vec![InputInfo::default(); inputs.len()];
    RunOutput {
        subject: Subject::Pages,
        aggregate,
        inputs,
        infos,
    }
}

/// The page line of `"field"` in the record of `block` whose text starts `offset` lines in
/// (`starts`: where every record of the block starts), so a finding about a value points at its
/// row; the record's first line when the record lacks the key.
fn key_line(block: &CodeBlock, starts: &[usize], offset: usize, field: &str) -> u64 {
    let quoted = format!("\"{field}\"");
    let end = starts
        .iter()
        .copied()
        .find(|start| *start > offset)
        .unwrap_or(usize::MAX);
    let index = block
        .text
        .lines()
        .enumerate()
        .skip(offset)
        .take_while(|(index, _)| *index < end)
        .find(|(_, line)| line.contains(&quoted))
        .map_or(offset, |(index, _)| index);
    (block.first_line + index) as u64
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
                    line: (observation.line > 0).then_some(observation.line as u64),
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
