//! `acs-logs docs check` on the pages maintainers really write: every case of
//! `fixtures/docs-cases/` (copied from the shared cases, each with its README saying what was
//! wrong), pages that cannot be read, unclosed fences, CR-only line ends, and a run from outside
//! the repository on the embedded pages. Each assertion names the id, the page, the line and the
//! words of the message that matter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::root;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One place of one finding: id, category.field, page, line, column and the words said there.
#[derive(Debug)]
struct Place {
    id: String,
    subject: String,
    file: String,
    line: u64,
    column: Option<u64>,
    message: String,
}

struct Checked {
    code: i32,
    stderr: String,
    report: Value,
    places: Vec<Place>,
}

impl Checked {
    /// The places of `id` on `file` at `line`.
    fn at(&self, id: &str, file: &str, line: u64) -> Vec<&Place> {
        self.places
            .iter()
            .filter(|place| place.id == id && place.file == file && place.line == line)
            .collect()
    }

    /// The one place of `id` at `file:line` whose message holds every word in `words`.
    fn expect(&self, id: &str, file: &str, line: u64, words: &[&str]) -> &Place {
        let found = self.at(id, file, line);
        found
            .iter()
            .find(|place| words.iter().all(|word| place.message.contains(word)))
            .copied()
            .unwrap_or_else(|| {
                panic!(
                    "no {id} at {file}:{line} saying {words:?}; there: {found:#?}\nall: {:#?}",
                    self.places
                        .iter()
                        .filter(|place| place.id == id)
                        .collect::<Vec<_>>()
                )
            })
    }

    fn count(&self, id: &str) -> usize {
        self.places.iter().filter(|place| place.id == id).count()
    }
}

/// Runs `acs-logs docs check --format json` with `args`, in `dir`.
fn docs_check_in(dir: &Path, args: &[&str]) -> Checked {
    let output = Command::new(env!("CARGO_BIN_EXE_acs-logs"))
        .args(["docs", "check", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|error| {
        panic!(
            "{error}: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let mut places = Vec::new();
    for finding in report["findings"].as_array().unwrap() {
        let subject = [finding["category"].as_str(), finding["field"].as_str()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(".");
        for location in finding["locations"].as_array().unwrap() {
            places.push(Place {
                id: finding["id"].as_str().unwrap().to_owned(),
                subject: subject.clone(),
                file: location["file"].as_str().unwrap().to_owned(),
                line: location["line"].as_u64().unwrap_or(0),
                column: location["column"].as_u64(),
                message: location["note"]
                    .as_str()
                    .or(finding["message"].as_str())
                    .unwrap()
                    .to_owned(),
            });
        }
    }
    Checked {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        report,
        places,
    }
}

fn case(path: &str) -> PathBuf {
    root()
        .join("validator/tests/fixtures/docs-cases")
        .join(path)
}

/// Every place of a run as `id subject line`, sorted, with each line passed through `moved` (to
/// compare a page with a copy that has lines inserted).
fn shape(run: &Checked, moved: impl Fn(u64) -> u64) -> Vec<String> {
    let mut lines: Vec<String> = run
        .places
        .iter()
        .map(|place| format!("{} {} {}", place.id, place.subject, moved(place.line)))
        .collect();
    lines.sort();
    lines
}

fn docs_check(pages: &[PathBuf]) -> Checked {
    let args: Vec<&str> = pages.iter().map(|page| page.to_str().unwrap()).collect();
    docs_check_in(&root(), &args)
}

#[test]
fn case_01_every_json_fault_is_named_and_the_records_are_recovered_and_checked() {
    let run = docs_check(&[case("01-call-automation-revision/call-automation-logs.md")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let page = "call-automation-logs.md";
    // The first example: a trailing comma *and* no closing `]`, each at its line and column.
    let comma = run.expect(
        "example-invalid-json",
        page,
        83,
        &["(line 65)", "trailing comma", "1 record(s) were recovered"],
    );
    assert_eq!(comma.column, Some(54));
    let bracket = run.expect(
        "example-invalid-json",
        page,
        84,
        &[
            "the `[` is never closed (it opens at line 66, column 1)",
            "recovered",
        ],
    );
    assert_eq!(bracket.column, Some(2));
    // The second: no closing `]` (its four-backtick fence closes it).
    let second = run.expect(
        "example-invalid-json",
        page,
        128,
        &[
            "(line 112)",
            "the `[` is never closed (it opens at line 113",
            "recovered",
        ],
    );
    assert_eq!(second.column, Some(2));
    assert_eq!(run.count("example-invalid-json"), 3);
    // The recovered record of the first example is checked as Call Automation data: its drift
    // is reported at the row of each value.
    let checked = |id: &str, subject: &str, line: u64| {
        assert!(
            run.places
                .iter()
                .any(|place| place.id == id && place.subject == subject && place.line == line),
            "no {id} {subject} at {line}: {:#?}",
            run.places
        );
    };
    checked(
        "undocumented-field",
        "CallAutomationOperational.TimeGenerated [UTC]",
        68,
    );
    checked("type-mismatch", "CallAutomationOperational.DurationMs", 76);
    // A `URI` with no scheme is not drift: neither the page nor the table reference (Kusto
    // `string`) says it is a URI reference, and real Call Automation rows carry a bare host.
    assert!(
        !run.places
            .iter()
            .any(|place| place.subject == "CallAutomationOperational.URI"
                && place.id == "format-violation"),
        "URI is reported though no source gives it a format: {:#?}",
        run.places
    );
    assert_eq!(run.report["summary"]["records"]["total"], 2);
    // The message quotes the operational table's own row, not the Usage table's.
    run.expect(
        "example-key-not-in-table",
        page,
        70,
        &[
            "spells \"CorrelationId\"",
            "\"Call Automation operational logs\" table (line 42) documents \"CorrelationID\" (line 46)",
        ],
    );
    assert!(
        run.places
            .iter()
            .all(|place| !place.message.contains("documents \"Correlation ID\"")),
        "a message quotes the Usage table's row"
    );
    // The media-summary example sits under a table of no catalogued category and its record
    // names none: said in page terms, without advice about folders or flags.
    let unnamed = run.expect(
        "unknown-category",
        page,
        114,
        &["example record(s) name no category", "in its section"],
    );
    assert!(!unnamed.message.contains("--category") && !unnamed.message.contains("insights-logs"));
    run.expect(
        "unknown-table",
        page,
        89,
        &["\"Call Automation media summary logs\""],
    );
    // One new row and no column gone: an addition, not a rename.
    run.expect(
        "doc-field-not-in-schema",
        page,
        61,
        &["\"operationID\" is documented here but the CallAutomationOperational schema has no such column"],
    );
    assert!(
        run.places
            .iter()
            .all(|place| !place.message.contains("rename"))
    );
}

#[test]
fn case_02_a_dimension_table_is_read_and_both_new_tables_are_unknown() {
    let run = docs_check(&[case("02-dimension-header/communication-services-logs.md")]);
    let page = "communication-services-logs.md";
    run.expect(
        "unknown-table",
        page,
        91,
        &["\"Authentication operational logs\" documents no catalogued category"],
    );
    run.expect(
        "unknown-table",
        page,
        111,
        &["\"Network Traversal operational logs\" documents no catalogued category"],
    );
    assert_eq!(run.count("unreadable-table"), 0);

    // The bundled SMS page with its header changed to `| Dimension |` reads as the original.
    let patched = docs_check(&[case("02-dimension-header/patched-sms-logs.md")]);
    let page = "patched-sms-logs.md";
    patched.expect(
        "doc-name-differs-from-key",
        page,
        72,
        &["documented as \"CorrelationID\""],
    );
    patched.expect(
        "doc-name-differs-from-key",
        page,
        90,
        &["documented as \"MessageID\""],
    );
    let original = docs_check(&[root().join("docs/source/sms-logs.md")]);
    assert_eq!(shape(&patched, |line| line), shape(&original, |line| line));
    assert!(
        patched.count("example-key-not-in-table") < 20,
        "the SMS table was skipped"
    );
}

#[test]
fn case_03_each_email_sample_is_checked_as_its_section() {
    let run = docs_check(&[case("03-email-samples-by-section/email-logs.md")]);
    let page = "email-logs.md";
    for (line, key, table) in [
        (
            40,
            "OperationType",
            "Email Send Mail operational logs\" table (line 21)",
        ),
        (
            41,
            "OperationCategory",
            "Email Send Mail operational logs\" table (line 21)",
        ),
        (
            73,
            "OperationType",
            "Email Status Update operational logs\" table (line 53)",
        ),
        (
            74,
            "OperationCategory",
            "Email Status Update operational logs\" table (line 53)",
        ),
        (
            102,
            "OperationType",
            "Email User Engagement operational logs\" table (line 85)",
        ),
        (
            109,
            "OperationType",
            "Email User Engagement operational logs\" table (line 85)",
        ),
    ] {
        run.expect(
            "example-key-not-in-table",
            page,
            line,
            &[&format!("has \"{key}\""), table, "does not document"],
        );
    }
    let two = run.expect(
        "example-invalid-json",
        page,
        108,
        &[
            "a second JSON value follows the first",
            "2 record(s) were recovered",
        ],
    );
    assert_eq!(two.column, Some(1));
    // Each sample's records were checked as its section's category.
    for subject in [
        "EmailSendMailOperational.OperationType",
        "EmailStatusUpdateOperational.OperationType",
        "EmailUserEngagementOperational.OperationType",
    ] {
        assert!(
            run.places
                .iter()
                .any(|place| place.id == "undocumented-field" && place.subject == subject),
            "{subject} was not checked"
        );
    }
    assert_eq!(run.count("unknown-category"), 0);

    // The bundled page with one partial sample under the Send Mail table.
    let patched = docs_check(&[case("03-email-samples-by-section/patched-email-logs.md")]);
    let page = "patched-email-logs.md";
    let mismatch = patched
        .at("type-mismatch", page, 64)
        .into_iter()
        .find(|place| place.subject == "EmailSendMailOperational.ToRecipientsCount");
    assert!(mismatch.is_some(), "{:#?}", patched.places);
    assert!(
        patched
            .places
            .iter()
            .any(|place| place.id == "missing-required-field"
                && place.subject == "EmailSendMailOperational.TimeGenerated"
                && place.line == 64)
    );
    assert_eq!(patched.count("unknown-category"), 0);
}

#[test]
fn case_04_a_docfx_tab_is_a_tab_of_its_section_not_a_heading() {
    let run = docs_check(&[case("04-docfx-tab/sms-logs.md")]);
    let page = "sms-logs.md";
    // The page reads as the bundled one, its lines moved by the two tab lines inserted above
    // the table (after line 66) and the Older tab's seven below it (after line 91).
    let original = docs_check(&[root().join("docs/source/sms-logs.md")]);
    let moved = |line: u64| match line {
        0..67 => line,
        67..92 => line + 2,
        _ => line + 9,
    };
    assert_eq!(shape(&run, |line| line), shape(&original, moved));
    assert_eq!(run.count("unknown-table"), 0);
    run.expect(
        "doc-name-differs-from-key",
        page,
        74,
        &["documented as \"CorrelationID\""],
    );
    run.expect(
        "example-key-not-in-table",
        page,
        110,
        &["the \"SMS operational logs\" table (line 70) documents \"CorrelationID\" (line 74)"],
    );
    // No message names the tab, and none about SMS records quotes the Usage table.
    let wrong = |place: &&Place| {
        place.message.contains("#tab/")
            || place.subject.starts_with("SMSOperational")
                && place.message.contains("Usage logs schema")
    };
    let wrong: Vec<&Place> = run.places.iter().filter(wrong).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn case_05_escaped_pipes_and_a_double_backtick_name_are_read_as_github_reads_them() {
    let run = docs_check(&[case("05-escaped-pipes-and-code-spans/rooms-logs.md")]);
    let page = "rooms-logs.md";
    // The description is read with its pipes, and compared with the schema's as such.
    run.expect(
        "doc-description-differs",
        page,
        51,
        &["the page says \"The severity | level of the event, e.g. `Informational` | `Error`.\""],
    );
    // Nothing else differs from the bundled page: no malformed row, no empty name, no
    // ResultType missing from the table or the examples.
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    let mut expected = shape(&original, |line| line);
    expected.push("doc-description-differs RoomsOperational.Level 51".to_owned());
    expected.sort();
    assert_eq!(shape(&run, |line| line), expected);
    assert!(run.at("malformed-table-row", page, 51).is_empty());
    assert!(
        run.places
            .iter()
            .all(|place| !place.subject.contains("ResultType"))
    );
}

/// The bundled Rooms page's findings whose id is in `ids`, lines moved by `moved`.
fn rooms_shape(ids: &[&str], moved: impl Fn(u64) -> u64) -> Vec<String> {
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    shape(&original, moved)
        .into_iter()
        .filter(|line| ids.iter().any(|id| line.starts_with(&format!("{id} "))))
        .collect()
}

/// The ids of findings about examples as data, which do not depend on the page's table.
const RECORD_IDS: [&str; 5] = [
    "type-mismatch",
    "format-violation",
    "missing-required-field",
    "example-invalid-json",
    "malformed-heading",
];

#[test]
fn case_06_an_html_table_is_reported_and_its_section_examples_are_still_checked() {
    let run = docs_check(&[case("06-html-table/rooms-logs.md")]);
    let page = "rooms-logs.md";
    run.expect(
        "unreadable-table",
        page,
        48,
        &[
            "\"Operational Rooms logs schema\"",
            "it is an HTML `<table>`",
            "the examples of its section are checked against the schema alone",
        ],
    );
    assert_eq!(run.count("unknown-category"), 0);
    // The examples' own errors, as on the bundled page (the HTML table is one line longer); no
    // key is said to be missing from the table that was not read.
    let mut expected = rooms_shape(&RECORD_IDS, |line| if line > 62 { line + 1 } else { line });
    expected.push("unreadable-table RoomsOperational 48".to_owned());
    expected.sort();
    assert_eq!(shape(&run, |line| line), expected);
    run.expect(
        "type-mismatch",
        page,
        76,
        &["201 is not of type \"string\""],
    );
}

#[test]
fn case_07_a_table_with_a_type_column_is_read_by_its_description_column() {
    let run = docs_check(&[case("07-type-column/rooms-logs.md")]);
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    assert_eq!(shape(&run, |line| line), shape(&original, |line| line));
    let render = common::acs_logs(&[
        "docs",
        "render",
        "--check",
        case("07-type-column/rooms-logs.md").to_str().unwrap(),
    ]);
    assert_eq!(render.code, 1);
    assert!(
        render.stdout.contains(
            "rooms-logs.md:48: not compared: the \"Type\" column(s) of the table under \"Operational Rooms logs schema\""
        ),
        "{}",
        render.stdout
    );
}

#[test]
fn case_08_a_table_split_by_a_sub_heading_documents_its_section_category() {
    let run = docs_check(&[case("08-split-table/rooms-logs.md")]);
    // The page reads as the bundled one; five lines (a blank, the sub-heading, a blank, a header,
    // a separator) stand between the two halves of the table.
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    let moved = |line: u64| if line > 57 { line + 5 } else { line };
    assert_eq!(shape(&run, |line| line), shape(&original, moved));
    for id in [
        "unknown-table",
        "schema-field-not-in-doc",
        "unknown-category",
    ] {
        assert_eq!(run.count(id), 0, "{id}");
    }
}

#[test]
fn case_09_an_included_table_is_said_not_read_and_no_other_table_is_quoted() {
    let run = docs_check(&[case("09-included-table/sms-logs.md")]);
    let page = "sms-logs.md";
    let include = run.expect(
        "unreadable-table",
        page,
        68,
        &[
            "\"SMS operational logs\"",
            "included from another file (./includes/sms-table.md, by `[!INCLUDE]`), which is not read",
        ],
    );
    assert_eq!(include.subject, "SMSOperational");
    // The bundled page's findings, less those about the SMS table's rows (the include line
    // stands for its 24 lines), and the include.
    let original = docs_check(&[root().join("docs/source/sms-logs.md")]);
    let mut expected: Vec<String> =
        shape(&original, |line| if line > 91 { line - 23 } else { line })
            .into_iter()
            .filter(|line| {
                !line.starts_with("doc-name-differs-from-key SMSOperational.")
                    && !line.starts_with("example-key-not-in-table SMSOperational.")
            })
            .collect();
    expected.push("unreadable-table SMSOperational 68".to_owned());
    expected.sort();
    assert_eq!(shape(&run, |line| line), expected);
    assert!(
        run.places
            .iter()
            .all(|place| !place.message.contains("documents \"Correlation ID\"")),
        "a message quotes the Usage table's row"
    );
}

#[test]
fn case_10_an_html_table_under_an_example_heading_leaves_the_example_in_its_section() {
    let run = docs_check(&[case("10-html-under-example/rooms-logs.md")]);
    // The bundled page's findings, two lines lower past the table and the blank after it.
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    let moved = |line: u64| if line > 86 { line + 2 } else { line };
    assert_eq!(shape(&run, |line| line), shape(&original, moved));
    for id in ["unreadable-table", "unknown-category"] {
        assert_eq!(run.count(id), 0, "{id}");
    }
}

#[test]
fn case_11_an_included_example_is_no_unreadable_table() {
    let run = docs_check(&[case("11-included-example/rooms-logs.md")]);
    // The bundled page's findings, less those of the GetRoom example (lines 87 to 101, for which
    // the include's line stands).
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    let mut places: Vec<&Place> = original
        .places
        .iter()
        .filter(|place| !(87..=101).contains(&place.line))
        .collect();
    places.sort_by_key(|place| place.line);
    let mut expected: Vec<String> = places
        .iter()
        .map(|place| {
            let line = if place.line > 101 {
                place.line - 14
            } else {
                place.line
            };
            format!("{} {} {line}", place.id, place.subject)
        })
        .collect();
    expected.sort();
    assert_eq!(shape(&run, |line| line), expected);
    for id in ["unreadable-table", "unknown-category"] {
        assert_eq!(run.count(id), 0, "{id}");
    }
}

#[test]
fn case_12_an_html_table_beside_the_pipe_table_does_not_stop_it_being_compared() {
    let run = docs_check(&[case("12-html-after-table/rooms-logs.md")]);
    let page = "rooms-logs.md";
    run.expect(
        "unreadable-table",
        page,
        64,
        &[
            "it is an HTML `<table>`",
            "the section's table at line 48 is",
        ],
    );
    // The bundled page's findings, three lines lower past the HTML table, and that table.
    let original = docs_check(&[root().join("docs/source/rooms-logs.md")]);
    let mut expected = shape(&original, |line| if line > 63 { line + 3 } else { line });
    expected.push("unreadable-table RoomsOperational 64".to_owned());
    expected.sort();
    assert_eq!(shape(&run, |line| line), expected);
}

#[test]
fn case_13_rows_after_a_blank_line_are_reported_and_the_rows_before_it_compared() {
    let run = docs_check(&[case("13-blank-in-table/rooms-logs.md")]);
    let page = "rooms-logs.md";
    run.expect(
        "unreadable-table",
        page,
        55,
        &["the blank line 54 ends the table above", "line 48 is"],
    );
    // The rows before the blank line are compared: their spellings, and the columns after it
    // missing from the table GitHub shows.
    run.expect(
        "doc-name-differs-from-key",
        page,
        50,
        &["\"Correlation ID\""],
    );
    assert!(run.count("example-key-not-in-table") > 0);
    run.expect("schema-field-not-in-doc", page, 48, &["`ResultType`"]);
}

#[test]
fn case_14_an_include_in_a_blockquote_is_an_included_table() {
    let run = docs_check(&[case("14-include-in-blockquote/rooms-logs.md")]);
    let include = run.expect(
        "unreadable-table",
        "rooms-logs.md",
        48,
        &["included from another file (./includes/rooms-table.md, by `[!INCLUDE]`)"],
    );
    assert_eq!(include.subject, "RoomsOperational");
    for id in ["example-key-not-in-table", "unknown-category"] {
        assert_eq!(run.count(id), 0, "{id}");
    }
}

#[test]
fn an_unreadable_page_is_a_finding_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.md");
    std::fs::write(&broken, b"# Not UTF-8 \xff\xfe\n").unwrap();
    let missing = dir.path().join("missing.md");
    let run = docs_check(&[
        broken.clone(),
        missing,
        root().join("docs/source/rooms-logs.md"),
    ]);
    // A page that does not exist ends the run with 2, as in `check`; one that is not UTF-8
    // is a finding like any damaged data (exit 1).
    assert_eq!(run.code, 2, "{}", run.stderr);
    let damaged_only = docs_check(&[broken.clone(), root().join("docs/source/rooms-logs.md")]);
    assert_eq!(damaged_only.code, 1, "{}", damaged_only.stderr);
    let unread: Vec<&Place> = run
        .places
        .iter()
        .filter(|place| place.id == "unreadable-input")
        .collect();
    assert_eq!(unread.len(), 2, "{unread:#?}");
    assert!(unread.iter().any(|place| place.file == "broken.md"
        && place.message.contains("broken.md: cannot read the page")));
    assert!(unread.iter().any(|place| place.file == "missing.md"
        && place.message.contains("missing.md: cannot read the page")));
    assert!(run.stderr.contains("missing.md: cannot read the page"));
    run.expect("malformed-heading", "rooms-logs.md", 140, &["indented"]);
}

#[test]
fn an_unclosed_fence_is_reported_and_the_tables_after_it_are_read() {
    let sms = std::fs::read_to_string(root().join("docs/source/sms-logs.md")).unwrap();
    // Close no fence before the SMS table: open one above the Usage table's heading.
    let broken = sms.replacen(
        "### Usage logs schema",
        "```json\n{\"a\": 1}\n\n### Usage logs schema",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sms-logs.md");
    std::fs::write(&page, &broken).unwrap();
    let run = docs_check(&[page]);
    run.expect(
        "unclosed-fence",
        "sms-logs.md",
        51,
        &["never closed", "read up to line 52"],
    );
    // The SMS table below is still read: its rows are still checked.
    run.expect(
        "doc-name-differs-from-key",
        "sms-logs.md",
        75,
        &["documented as \"CorrelationID\""],
    );
}

#[test]
fn a_table_under_a_log_heading_that_cannot_be_read_is_reported_at_its_line() {
    let sms = std::fs::read_to_string(root().join("docs/source/sms-logs.md")).unwrap();
    // A third column in the SMS table's header and separator.
    let broken = sms.replacen(
        "| Property | Description |\n| -------- | ---------------|\n| `TimeGenerated` | The timestamp (UTC) of when the log was generated. |\n| `OperationName`",
        "| Property | Type | Description |\n| --- | --- | --- |\n| `TimeGenerated` | The timestamp (UTC) of when the log was generated. |\n| `OperationName`",
        1,
    );
    assert_ne!(broken, sms);
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sms-logs.md");
    std::fs::write(&page, &broken).unwrap();
    let run = docs_check(&[page]);
    run.expect(
        "unreadable-table",
        "sms-logs.md",
        68,
        &["\"SMS operational logs\"", "its header has 3 cells, not 2"],
    );
}

#[test]
fn a_page_with_cr_only_line_ends_reads_as_the_same_page() {
    let sms = std::fs::read_to_string(root().join("docs/source/sms-logs.md")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sms-logs.md");
    std::fs::write(&page, sms.replace('\n', "\r")).unwrap();
    let cr = docs_check(&[page]);
    let lf = docs_check(&[root().join("docs/source/sms-logs.md")]);
    let lines = |run: &Checked| {
        let mut lines: Vec<String> = run
            .places
            .iter()
            .map(|place| {
                format!(
                    "{} {} {} {}",
                    place.id, place.subject, place.line, place.message
                )
            })
            .collect();
        lines.sort();
        lines
    };
    assert!(!lines(&lf).is_empty());
    assert_eq!(lines(&cr), lines(&lf));
}

#[test]
fn docs_check_and_render_check_work_outside_the_repository_on_the_embedded_pages() {
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = docs_check_in(elsewhere.path(), &[]);
    let inside = docs_check_in(&root(), &[]);
    assert_eq!(outside.code, 1, "{}", outside.stderr);
    assert_eq!(outside.report["findings"], inside.report["findings"]);
    let pages: Vec<&str> = outside.report["summary"]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|input| {
            input["path"]
                .as_str()
                .or(input["display"].as_str())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(pages.len(), 5, "{pages:?}");
    outside.expect("malformed-heading", "rooms-logs.md", 140, &["indented"]);

    let render = Command::new(env!("CARGO_BIN_EXE_acs-logs"))
        .args(["docs", "render", "--check"])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&render.stdout);
    // The published pages name columns as the data does not: they differ, and say so.
    assert_eq!(render.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("rooms-logs.md:48: the RoomsOperational table under \"Operational Rooms logs schema\" differs from the schemas"),
        "{stdout}"
    );
}
