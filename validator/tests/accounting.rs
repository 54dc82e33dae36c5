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
