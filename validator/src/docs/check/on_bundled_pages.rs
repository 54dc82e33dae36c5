//! `docs check` on the bundled pages, at the library level: the irregularities, each by id, page
//! and line. (A draft revision is checked end to end in `validator/tests/cli_docs.rs`, the shared
//! cases in `validator/tests/cli_docs_cases.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::{DocObservation, check_pages};
use crate::config::Config;
use crate::docs::{Page, bundled_pages};
use crate::finding::FindingId;
use crate::index::SchemaIndex;
use acs_log_schemas::SchemaSet;
use std::collections::BTreeSet;

/// Checks pages as `acs-logs docs check` does, against the ACS schemas.
fn check(pages: &[Page]) -> Vec<DocObservation> {
    let set = SchemaSet::acs();
    let schema_index = SchemaIndex::new(set, &Config::default(), None).unwrap();
    check_pages(set, &schema_index.inventories, pages)
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
            "rooms-logs.md:99 ",
            "rooms-logs.md:117 ",
            "rooms-logs.md:118 ",
            "rooms-logs.md:135 ",
            "rooms-logs.md:136 ",
            "rooms-logs.md:151 ",
            "rooms-logs.md:152 ",
            "rooms-logs.md:171 ",
            "rooms-logs.md:172 "
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
            && invalid
                .message
                .contains("its 1 record(s) were recovered by a lenient read and checked"),
        "{}",
        invalid.message
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

/// The message about an example key quotes the row of the example's own category: on the SMS
/// page, the SMS table's `CorrelationID`, not the Usage table's "Correlation ID".
#[test]
fn example_keys_are_compared_with_the_table_of_their_section() {
    let observations = check(&bundled_pages());
    let message = |line: usize, field: &str| {
        observations
            .iter()
            .find(|observation| {
                observation.id == FindingId::ExampleKeyNotInTable
                    && observation.page == "sms-logs.md"
                    && observation.line == line
                    && observation.field.as_deref() == Some(field)
            })
            .map_or_else(
                || panic!("no example-key-not-in-table for {field} at {line}"),
                |observation| observation.message.clone(),
            )
    };
    let correlation = message(101, "CorrelationId");
    assert!(
        correlation.contains(
            "the \"SMS operational logs\" table (line 68) documents \"CorrelationID\" (line 72)"
        ),
        "{correlation}"
    );
    let message_id = message(118, "MessageId");
    assert!(
        message_id.contains("documents \"MessageID\" (line 90)"),
        "{message_id}"
    );
}

/// One column spelled differently on two pages (for sibling operational categories) is reported
/// at the odd row, naming a row on another page.
#[test]
fn a_column_spelled_differently_across_pages_is_reported_with_both_places() {
    let observations = check(&bundled_pages());
    let spelled: Vec<&DocObservation> = observations
        .iter()
        .filter(|observation| {
            observation.id == FindingId::PagesDisagree && observation.message.contains("is spelled")
        })
        .collect();
    let places: BTreeSet<String> = spelled
        .iter()
        .map(|observation| format!("{}:{}", observation.page, observation.line))
        .collect();
    assert_eq!(
        places,
        set_of(&["rooms-logs.md:50", "rooms-logs.md:52", "rooms-logs.md:53"])
    );
    let correlation = spelled
        .iter()
        .find(|observation| observation.line == 50)
        .unwrap();
    assert!(
        correlation
            .message
            .contains("`CorrelationId` is spelled \"Correlation ID\" here")
            && correlation.message.contains("but \"CorrelationID\" on"),
        "{}",
        correlation.message
    );
}

/// The Azure Monitor table reference as a second witness: both directions, both sources named.
#[test]
fn pages_are_compared_with_the_table_reference() {
    let observations = check(&bundled_pages());
    let reference = at(&observations, FindingId::ReferenceDisagrees);
    for expected in [
        "communication-services-logs.md:79 NumberType",
        "call-automation-logs.md:46 OperationId",
        "call-automation-logs.md:52 Category",
        "sms-logs.md:53 StartTime",
    ] {
        assert!(
            reference.contains(expected),
            "{expected} missing from {reference:?}"
        );
    }
    // Workspace columns (TenantId, _ResourceId, ...) are the workspace's, which no page documents.
    assert!(
        reference
            .iter()
            .all(|place| !place.ends_with(" TenantId") && !place.contains(" _"))
    );
    let lacks = observations
        .iter()
        .find(|observation| {
            observation.id == FindingId::ReferenceDisagrees
                && observation.page == "communication-services-logs.md"
                && observation.field.as_deref() == Some("NumberType")
        })
        .unwrap();
    assert!(
        lacks
            .message
            .contains("docs/table-reference/acssmsincomingoperations-include.md:25")
            && lacks
                .message
                .contains("azure-monitor-ref/tables/includes/acssmsincomingoperations-include.md")
            && lacks
                .message
                .contains("the \"SMS operational logs\" table here lacks it"),
        "{}",
        lacks.message
    );
    let extra = observations
        .iter()
        .find(|observation| {
            observation.id == FindingId::ReferenceDisagrees
                && observation.page == "call-automation-logs.md"
                && observation.line == 52
        })
        .unwrap();
    assert!(
        extra.message.contains("\"Category\" is documented here, but the Azure Monitor table reference for ACSCallAutomationIncomingOperations")
            && extra.message.contains("has no such column"),
        "{}",
        extra.message
    );
}

/// The embedded pages are the pages on disk.
#[test]
fn the_embedded_pages_parse_as_the_files_do() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/source");
    for page in bundled_pages() {
        assert_eq!(page, Page::load(&dir.join(&page.file)).unwrap());
    }
}
