//! The accounting promise as a property: random files of valid records, damaged records and
//! blank lines, with or without a byte order mark, with LF, CRLF or CR line ends, gzipped or
//! not, cut at a random point or whole: the total is always valid + with drift + unreadable,
//! and equal to the number of records written (a record cut short counts as unreadable).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use acs_log_schemas::SchemaSet;
use acs_log_validator::summary::RecordCounts;
use acs_log_validator::{Config, FailOn, Index, RunOptions};
use proptest::prelude::*;
use std::io::{Read, Write};
use std::sync::OnceLock;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(SchemaSet::acs(), Config::default(), None).unwrap())
}

fn good_lines() -> &'static Vec<String> {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| {
        include_str!("../../examples/exports/log-analytics/sms-clean.ndjson")
            .lines()
            .map(str::to_owned)
            .collect()
    })
}

/// One line of the file.
#[derive(Debug, Clone)]
enum Item {
    /// A valid record (index into the clean sample).
    Valid(usize),
    /// A valid record cut after this many bytes (at least one, never the whole).
    Damaged(usize, usize),
    /// Whitespace only.
    Blank(usize),
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        4 => (0..24usize).prop_map(Item::Valid),
        2 => (0..24usize, 1..400usize).prop_map(|(index, cut)| Item::Damaged(index, cut)),
        1 => (0..4usize).prop_map(Item::Blank),
    ]
}

fn text_of(item: &Item) -> String {
    let lines = good_lines();
    match item {
        Item::Valid(index) => lines[*index].clone(),
        Item::Damaged(index, cut) => {
            let line = &lines[*index];
            line[..(*cut).min(line.len() - 1)].to_owned()
        }
        Item::Blank(width) => " ".repeat(*width),
    }
}

/// The record counts of one file, read as `acs-logs check` reads it.
fn read(bytes: Vec<u8>) -> RecordCounts {
    let index = index();
    let options = RunOptions {
        jobs: 1,
        ..RunOptions::default()
    };
    let partial = index
        .check_files([("prop".to_owned(), bytes)], &options)
        .unwrap();
    index.report(&partial, None, FailOn::Never).summary.records
}

/// Non-blank lines in text (split at LF, CRLF or CR): the records a reader must count.
fn records_in(text: &[u8]) -> u64 {
    text.split(|byte| *byte == b'\n' || *byte == b'\r')
        .enumerate()
        .filter(|(index, line)| {
            let line = if *index == 0 {
                line.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(line)
            } else {
                line
            };
            !line.trim_ascii().is_empty()
        })
        .count() as u64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_record_written_is_counted_once(
        items in prop::collection::vec(item(), 0..40),
        bom in any::<bool>(),
        ending in 0..3usize,
        gzip in any::<bool>(),
        cut in prop::option::of(0.0..1.0f64),
    ) {
        let ending = ["\n", "\r\n", "\r"][ending];
        let mut text = Vec::new();
        if bom {
            text.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
        }
        for item in &items {
            text.extend_from_slice(text_of(item).as_bytes());
            text.extend_from_slice(ending.as_bytes());
        }
        let written = items.iter().filter(|item| !matches!(item, Item::Blank(_))).count() as u64;
        let damaged = items.iter().filter(|item| matches!(item, Item::Damaged(..))).count() as u64;
        let bytes = if gzip {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            encoder.write_all(&text).unwrap();
            encoder.finish().unwrap()
        } else {
            text.clone()
        };
        let (bytes, expected) = match cut {
            None => (bytes, written),
            Some(fraction) => {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, clippy::cast_precision_loss)]
                let at = (bytes.len() as f64 * fraction) as usize;
                let cut = bytes[..at].to_vec();
                // What survives the cut: for gzip, what a decoder gets out before the break.
                // Short of the two magic bytes, the cut file is not gzip but those bytes.
                let survived = if gzip && at >= 2 {
                    let mut out = Vec::new();
                    let mut decoder = flate2::read::MultiGzDecoder::new(&cut[..]);
                    let mut buffer = [0u8; 4096];
                    loop {
                        match decoder.read(&mut buffer) {
                            Ok(0) | Err(_) => break,
                            Ok(count) => out.extend_from_slice(&buffer[..count]),
                        }
                    }
                    out
                } else {
                    cut.clone()
                };
                let expected = records_in(&survived);
                (cut, expected)
            }
        };
        let records = read(bytes);
        prop_assert_eq!(records.total, records.valid + records.with_drift + records.unreadable);
        prop_assert_eq!(records.total, expected);
        if cut.is_none() {
            prop_assert_eq!(records.unreadable, damaged);
            prop_assert_eq!(records.valid, written - damaged);
        }
    }
}

/// The documented SMS columns the next property takes out of records.
const REMOVABLE: [&str; 4] = ["Country", "DurationMs", "URI", "NumberType"];

/// A clean SMS row without the columns of `removed` (a bit per [`REMOVABLE`] column).
fn row_without(index: usize, removed: u8) -> String {
    let mut record: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&good_lines()[index]).unwrap();
    for (bit, column) in REMOVABLE.iter().enumerate() {
        if removed & (1 << bit) != 0 {
            assert!(record.remove(*column).is_some(), "the sample has {column}");
        }
    }
    serde_json::to_string(&record).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A record lacking only documented columns that no record of its category carried has no
    /// finding left (each column is one `documented-field-never-seen` note): it counts valid.
    /// A record lacking a column others carry counts with drift. The same counts come out
    /// whether the records are checked in one run or as partials merged in any order.
    #[test]
    fn records_lacking_only_columns_no_record_carried_count_valid(
        records in prop::collection::vec((0..24usize, 0..16u8, 0..3usize), 1..30),
        order in any::<prop::sample::Index>(),
    ) {
        let never_carried = records.iter().fold(0b1111u8, |all, (_, removed, _)| all & removed);
        let valid = records
            .iter()
            .filter(|(_, removed, _)| removed & !never_carried == 0)
            .count() as u64;
        let mut files = vec![String::new(); 3];
        for (index, removed, file) in &records {
            files[*file].push_str(&row_without(*index, *removed));
            files[*file].push('\n');
        }
        let files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .enumerate()
            .filter(|(_, text)| !text.is_empty())
            .map(|(file, text)| (format!("sms-{file}.ndjson"), text.into_bytes()))
            .collect();
        let index = index();
        let options = RunOptions { jobs: 1, ..RunOptions::default() };
        let whole = index.check_files(files.clone(), &options).unwrap();
        let mut partials: Vec<_> = files
            .into_iter()
            .map(|file| index.check_files([file], &options).unwrap())
            .collect();
        let first = order.index(partials.len());
        partials.rotate_left(first);
        let mut merged = partials.remove(0);
        for partial in partials {
            merged.merge(partial).unwrap();
        }
        let expected = RecordCounts {
            total: records.len() as u64,
            valid,
            with_drift: records.len() as u64 - valid,
            unreadable: 0,
        };
        let report = index.report(&whole, None, FailOn::Never);
        prop_assert_eq!(&report.summary.records, &expected);
        let inputs: u64 = report.summary.inputs.iter().map(|input| input.records.valid).sum();
        prop_assert_eq!(inputs, valid);
        prop_assert_eq!(&report.summary.categories[0].records, &expected);
        let merged_report = index.report(&merged, None, FailOn::Never);
        prop_assert_eq!(&merged_report.summary, &report.summary);
    }
}
