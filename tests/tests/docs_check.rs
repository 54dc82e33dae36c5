//! `docs check` on the bundled pages, at the library level: the irregularities, each by id, page
//! and line. (A draft revision is checked end to end in `validator/tests/cli_docs.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_schemas::SchemaSet;
use acs_log_validator::config::Config;
use acs_log_validator::docs::{DocObservation, Page, check_pages};
use acs_log_validator::finding::FindingId;
use acs_log_validator::validate::Checker;
use std::collections::BTreeSet;
use std::path::Path;

fn bundled_pages() -> Vec<Page> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/source");
    let mut pages: Vec<Page> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| Page::load(&entry.unwrap().path()).unwrap())
        .collect();
    pages.sort_by(|a, b| a.file.cmp(&b.file));
    pages
}

/// Checks pages as `acs-logs docs check` does, against the ACS schemas.
fn check(pages: &[Page]) -> Vec<DocObservation> {
    let set = SchemaSet::acs();
    let checker = Checker::new(set, &Config::default(), None).unwrap();
    check_pages(set, &checker.inventories, pages)
}

fn at(observations: &[DocObservation], id: FindingId) -> BTreeSet<String> {
    observations
        .iter()
        .filter(|observation| observation.id == id)
        .map(|observation| {
            format!(
                "{}:{} {}",
                observation.page,
                observation.line,
                observation.field.clone().unwrap_or_default()
            )
        })
        .collect()
}

fn set_of(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

#[test]
fn broken_examples_malformed_rows_and_headings_are_placed() {
    let observations = check(&bundled_pages());
    assert_eq!(
        at(&observations, FindingId::ExampleInvalidJson),
        set_of(&[
            "rooms-logs.md:80 ",
            "rooms-logs.md:98 ",
            "rooms-logs.md:117 ",
            "rooms-logs.md:135 ",
            "rooms-logs.md:151 ",
            "rooms-logs.md:171 "
        ])
    );
    let invalid = observations
        .iter()
        .find(|observation| observation.id == FindingId::ExampleInvalidJson)
        .unwrap();
    assert_eq!(invalid.column, Some(34));
    assert!(
        invalid.message.contains("trailing comma")
            && invalid.message.contains("Example CreateRoom log")
    );
    assert_eq!(
        at(&observations, FindingId::MalformedTableRow),
        set_of(&[
            "email-logs.md:75 SmtpStatusCode",
            "email-logs.md:76 EnhancedSmtpStatusCode",
            "email-logs.md:77 SenderDomain",
            "email-logs.md:78 SenderUsername",
            "email-logs.md:79 IsHardBounce",
            "rooms-logs.md:56 RoomId",
        ])
    );
    assert_eq!(
        at(&observations, FindingId::MalformedHeading),
        set_of(&["rooms-logs.md:140 "])
    );
}

#[test]
fn names_that_differ_from_the_data_keys_are_reported_per_row() {
    let observations = check(&bundled_pages());
    let names = at(&observations, FindingId::DocNameDiffersFromKey);
    for expected in [
        "rooms-logs.md:57 RoomLifespan",
        "sms-logs.md:90 MessageId",
        "sms-logs.md:72 CorrelationId",
        "communication-services-logs.md:44 TimeGenerated",
        "rooms-logs.md:52 OperationName",
        "email-logs.md:39 CorrelationId",
    ] {
        assert!(
            names.contains(expected),
            "{expected} missing from {names:?}"
        );
    }
    // Usage's seven spaced or renamed names on four pages, CorrelationID in seven operational
    // tables (Chat, SMS twice, Call Automation, three Email), MessageID, RoomLifeSpan, and the
    // Rooms table's own three spaced names.
    assert_eq!(names.len(), 7 * 4 + 7 + 1 + 1 + 3);
    // The examples spell the keys as the data does, not as their own tables do.
    let example_keys = at(&observations, FindingId::ExampleKeyNotInTable);
    assert!(
        example_keys.contains("sms-logs.md:118 MessageId")
            && example_keys.contains("rooms-logs.md:77 RoomLifespan")
    );
}

#[test]
fn the_older_sms_table_disagrees_with_the_newer_page() {
    let observations = check(&bundled_pages());
    assert_eq!(
        at(&observations, FindingId::SchemaFieldNotInDoc),
        set_of(&[
            "communication-services-logs.md:79 Country",
            "communication-services-logs.md:79 MessageId",
            "communication-services-logs.md:79 NumberType"
        ])
    );
    let disagree = at(&observations, FindingId::PagesDisagree);
    assert!(
        disagree.contains("communication-services-logs.md:96 PhoneNumber"),
        "{disagree:?}"
    );
    let phone = observations
        .iter()
        .find(|observation| observation.id == FindingId::PagesDisagree && observation.line == 96)
        .unwrap();
    assert!(
        phone.message.contains("sms-logs.md (2023-04-14, newer)")
            && phone.message.contains("sent to")
            && phone.message.contains("sent from"),
        "{}",
        phone.message
    );
    assert_eq!(
        at(&observations, FindingId::DocDescriptionDiffers),
        set_of(&[
            "communication-services-logs.md:46 OperationVersion",
            "communication-services-logs.md:84 OperationVersion",
            "communication-services-logs.md:96 PhoneNumber"
        ])
    );
    // Nothing on the pages names a column the schemas lack: the schemas cover the docs.
    assert!(at(&observations, FindingId::DocFieldNotInSchema).is_empty());
}
