//! End-to-end runs of `acs-logs docs` and `acs-logs codegen`, as a documentation maintainer or a
//! curious developer would run them from the repository root.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{acs_logs, finding_ids, golden, root, schema_copy};
use serde_json::Value;

/// `id category.field` → the `page:line` places of that finding.
fn places(report: &Value, id: &str, subject: &str) -> Vec<String> {
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| {
            let field = finding["field"].as_str().unwrap_or("");
            let category = finding["category"].as_str().unwrap_or("");
            finding["id"] == id && (subject == format!("{category}.{field}") || subject == field)
        })
        .unwrap_or_else(|| panic!("no {id} finding for {subject}"));
    finding["locations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|location| {
            assert_eq!(location["kind"], "doc");
            format!(
                "{}:{}",
                location["file"].as_str().unwrap(),
                location["line"]
            )
        })
        .collect()
}

#[test]
fn docs_check_reports_the_bundled_pages_irregularities_by_id_page_and_line() {
    let run = acs_logs(&["docs", "check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    // Examples that are not JSON: every fault, each trailing comma (most Rooms examples have
    // two: after the last member and after the record).
    assert_eq!(
        places(&report, "example-invalid-json", "RoomsOperational."),
        [
            "rooms-logs.md:80",
            "rooms-logs.md:98",
            "rooms-logs.md:99",
            "rooms-logs.md:117",
            "rooms-logs.md:118",
            "rooms-logs.md:135",
            "rooms-logs.md:136",
            "rooms-logs.md:151",
            "rooms-logs.md:152",
            "rooms-logs.md:171",
            "rooms-logs.md:172"
        ]
    );
    // Example values that break the schema, found by the same rules as log exports.
    // Each at the row of the offending value, or at the record's `{` when the value is missing.
    assert_eq!(
        places(
            &report,
            "format-violation",
            "RoomsOperational.TimeGenerated"
        ),
        ["rooms-logs.md:79"]
    );
    // The page lists operation names after "E.g.": examples, not a closed set, so the
    // UpdateRoom example at rooms-logs.md:110 is no drift.
    assert!(
        !report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|finding| finding["id"] == "undocumented-enum-value"),
        "{report:#}"
    );
    // The table reference types ResultSignature `string` for Rooms: the CreateRoom example's
    // number is the one that contradicts it.
    assert_eq!(
        places(&report, "type-mismatch", "RoomsOperational.ResultSignature"),
        ["rooms-logs.md:75"]
    );
    assert_eq!(
        places(
            &report,
            "missing-required-field",
            "SMSOperational.OperationVersion"
        ),
        ["sms-logs.md:129", "sms-logs.md:159"]
    );
    // Table rows, headings and the pages against each other.
    assert_eq!(
        places(&report, "malformed-table-row", "RoomId"),
        ["rooms-logs.md:56"]
    );
    assert_eq!(
        places(&report, "malformed-heading", ""),
        ["rooms-logs.md:140"]
    );
    assert_eq!(
        places(&report, "pages-disagree", "SMSOperational.PhoneNumber"),
        ["communication-services-logs.md:96"]
    );
    assert_eq!(
        places(
            &report,
            "schema-field-not-in-doc",
            "SMSOperational.NumberType"
        ),
        ["communication-services-logs.md:79"]
    );
    assert_eq!(
        places(
            &report,
            "doc-name-differs-from-key",
            "RoomsOperational.RoomLifespan"
        ),
        ["rooms-logs.md:57"]
    );
    let summary = &report["summary"]["records"];
    assert_eq!(
        (summary["total"].as_u64(), summary["valid"].as_u64()),
        (Some(9), Some(0)),
        "nine example records, none clean"
    );
}

#[test]
fn docs_check_renders_in_every_format() {
    for format in ["text", "markdown", "sarif", "junit", "github"] {
        let run = acs_logs(&["docs", "check", "--format", format]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(
            run.stdout.contains("rooms-logs.md"),
            "{format}: {}",
            run.stdout
        );
    }
    let github = acs_logs(&["docs", "check", "--format", "github"]).stdout;
    assert!(
        github
            .lines()
            .any(|line| line.starts_with("::error file=rooms-logs.md,line=80")),
        "{github}"
    );
}

#[test]
fn docs_render_round_trips_and_check_shows_a_readable_diff() {
    let dir = tempfile::tempdir().unwrap();
    let rendered = dir.path().join("rendered.md");
    let written = acs_logs(&["docs", "render", "--output", rendered.to_str().unwrap()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let round_trip = acs_logs(&["docs", "render", "--check", rendered.to_str().unwrap()]);
    assert_eq!(round_trip.code, 0, "{}", round_trip.stdout);
    assert!(
        round_trip
            .stdout
            .contains("every property table matches the schemas")
    );

    let text = std::fs::read_to_string(&rendered).unwrap();
    let changed = text.replace(
        "| `PhoneNumber` | The phone number the SMS message is being sent from. |",
        "| `PhoneNumber` | The phone number the SMS message is being sent to. |",
    );
    assert_ne!(changed, text);
    std::fs::write(&rendered, changed).unwrap();
    let differs = acs_logs(&["docs", "render", "--check", rendered.to_str().unwrap()]);
    assert_eq!(differs.code, 1);
    assert!(
        differs.stdout.contains(
            "the SMSOperational table under \"SMS operational logs\" differs from the schemas"
        ),
        "{}",
        differs.stdout
    );
    assert!(
        differs
            .stdout
            .contains("-| `PhoneNumber` | The phone number the SMS message is being sent to. |"),
        "{}",
        differs.stdout
    );
    assert!(
        differs
            .stdout
            .contains("+| `PhoneNumber` | The phone number the SMS message is being sent from. |"),
        "{}",
        differs.stdout
    );

    // The published pages name columns as the data does not, so they differ from the schemas.
    let published = acs_logs(&["docs", "render", "--check", "docs/source/rooms-logs.md"]);
    assert_eq!(published.code, 1);
    assert!(
        published
            .stdout
            .contains("-| `Correlation ID` | Unique ID of the request. |"),
        "{}",
        published.stdout
    );
    assert!(
        published
            .stdout
            .contains("+| `CorrelationId` | Unique ID of the request. |"),
        "{}",
        published.stdout
    );
}

#[test]
fn docs_render_writes_one_category_in_the_pages_format() {
    let run = acs_logs(&[
        "docs",
        "render",
        "--category",
        "EmailUserEngagementOperational",
    ]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("### Email User Engagement operational logs\n\n| Property | Description |\n| -------- | ---------------|\n| `TimeGenerated` |"), "{}", run.stdout);
    assert_eq!(
        run.stdout
            .lines()
            .filter(|line| line.starts_with("| `"))
            .count(),
        10
    );
    let unknown = acs_logs(&["docs", "render", "--category", "Nope"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("--category Nope: no such category"));
}

#[test]
fn docs_check_on_a_missing_page_is_a_finding_naming_it() {
    let run = acs_logs(&["docs", "check", "no-such-page.md"]);
    // Exit 2, as `check` on a path that does not exist; the report names it all the same.
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("no-such-page.md: cannot read the page"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("error[unreadable-input]")
            && run.stdout.contains("no-such-page.md: cannot read the page"),
        "{}",
        run.stdout
    );
}

#[test]
fn codegen_prints_the_generated_types_for_a_schema() {
    let schema = root().join("schemas/acs/SMSOperational.schema.json");
    let run = acs_logs(&["codegen", schema.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("pub struct SmsOperational {"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("#[serde(rename = \"CorrelationId\")]"));
    let tolerant = acs_logs(&["codegen", "--tolerate-missing", schema.to_str().unwrap()]).stdout;
    assert!(
        tolerant.contains("pub correlation_id: ::core::option::Option<::std::string::String>,"),
        "{tolerant}"
    );
    let missing = acs_logs(&["codegen", "nope.json"]);
    assert_eq!(missing.code, 2);
    assert!(missing.stderr.contains("nope.json"), "{}", missing.stderr);
}

/// Every finding `docs check` makes on the bundled pages, at every place, one line each: the
/// golden file is the complete, reviewed list of the pages' irregularities.
#[test]
fn docs_check_finds_exactly_the_reviewed_irregularities() {
    let report = acs_logs(&["docs", "check", "--format", "json"]).json();
    let mut lines = Vec::new();
    for finding in report["findings"].as_array().unwrap() {
        let subject = [finding["category"].as_str(), finding["field"].as_str()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(".");
        for location in finding["locations"].as_array().unwrap() {
            let column = location["column"]
                .as_u64()
                .map(|column| format!(":{column}"))
                .unwrap_or_default();
            lines.push(format!(
                "{} {} {subject} {}:{}{column}",
                finding["level"].as_str().unwrap(),
                finding["id"].as_str().unwrap(),
                location["file"].as_str().unwrap(),
                location["line"]
            ));
        }
    }
    lines.sort();
    golden("docs.findings.txt", &(lines.join("\n") + "\n"));
}

/// A draft revision of the email page, as a maintainer would write it before publishing: two
/// columns added (`RecipientAddress`, `ClientIpAddress`), one gone (`RecipientId`), an example
/// broken.
const DRAFT: &str = r#"---
ms.date: 11/02/2026
---
# Azure Communication Services email logs

## Email User Engagement operational logs

| Property | Description |
| -------- | ---------------|
| `TimeGenerated` | The timestamp (UTC) of when the log was generated. |
| `Location` | The region where the operation was processed. |
| `OperationName` | The operation associated with log record. |
| `OperationVersion` | The `api-version` associated with the operation. |
| `Category` | The log category of the event. |
| `CorrelationId` | The ID for correlated events. |
| `RecipientAddress` | The email address for the targeted recipient. |
| `EngagementType` | The type of user engagement being tracked. |
| `EngagementContext` | The context represents what the user interacted with. |
| `UserAgent` | The user agent string from the client. |
| `ClientIpAddress` | The IP address of the client that opened or clicked. |

#### Example

```json
[
  {
    "TimeGenerated": "2026-11-01T10:00:00Z",
    "Category": "EmailUserEngagementOperational",
    "EngagementType": "Click",
  }
]
```
"#;

#[test]
fn docs_check_on_a_draft_reports_new_and_gone_columns_and_the_broken_example() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("email-logs-draft.md");
    std::fs::write(&draft, DRAFT).unwrap();
    let run = acs_logs(&["docs", "check", draft.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report = run.json();
    let subject = "EmailUserEngagementOperational";
    assert_eq!(
        places(
            &report,
            "doc-field-not-in-schema",
            &format!("{subject}.RecipientAddress")
        ),
        ["email-logs-draft.md:16"]
    );
    assert_eq!(
        places(
            &report,
            "doc-field-not-in-schema",
            &format!("{subject}.ClientIpAddress")
        ),
        ["email-logs-draft.md:20"]
    );
    assert_eq!(
        places(
            &report,
            "schema-field-not-in-doc",
            &format!("{subject}.RecipientId")
        ),
        ["email-logs-draft.md:8"]
    );
    assert_eq!(
        places(&report, "example-invalid-json", &format!("{subject}.")),
        ["email-logs-draft.md:29"]
    );
    let messages: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|finding| finding["message"].as_str())
        .collect();
    // Two new rows beside one gone column: additions and a removal, no rename claimed.
    assert!(messages.iter().any(|message| message.contains("\"RecipientAddress\" is documented here but the EmailUserEngagementOperational schema has no such column")), "{messages:?}");
    assert!(
        messages.iter().all(|message| !message.contains("rename")),
        "{messages:?}"
    );
    assert!(messages.iter().any(|message| message.contains("\"ClientIpAddress\" is documented here but the EmailUserEngagementOperational schema has no such column")), "{messages:?}");
    // The draft spells CorrelationId as the data does, so no name is flagged.
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|finding| finding["id"] != "doc-name-differs-from-key")
    );
    // The draft's descriptions are shorter than the schema's: each is reported, at its row.
    assert_eq!(
        places(
            &report,
            "doc-description-differs",
            &format!("{subject}.OperationVersion")
        ),
        ["email-logs-draft.md:13"]
    );
    // One new row where the gone column stood: that, and only that, is a rename.
    let renamed = DRAFT.replace(
        "| `ClientIpAddress` | The IP address of the client that opened or clicked. |\n",
        "",
    );
    std::fs::write(&draft, renamed).unwrap();
    let report = acs_logs(&["docs", "check", draft.to_str().unwrap(), "--format", "json"]).json();
    let rename = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|finding| finding["id"] == "doc-field-not-in-schema")
        .unwrap();
    assert!(
        rename["message"].as_str().unwrap().contains("\"RecipientAddress\" is not in the EmailUserEngagementOperational schema; it looks like a rename of `RecipientId`, the one column this table no longer lists (it stands where that row stood)"),
        "{rename}"
    );
}

#[test]
fn render_check_never_says_a_table_it_could_not_read_matches() {
    let dir = tempfile::tempdir().unwrap();
    let rendered = acs_logs(&["docs", "render", "--category", "SMSOperational"]).stdout;
    let cases = [
        (
            "extra-column.md",
            rendered
                .replacen(
                    "| Property | Description |",
                    "| Property | Description | Type |",
                    1,
                )
                .replacen("| -------- | ---------------|", "| --- | --- | --- |", 1),
            "not compared: the table under \"SMS operational logs\" could not be read",
        ),
        (
            "heading-typo.md",
            rendered.replacen("### SMS operational logs", "### SMS operatonal logs", 1),
            "not compared: the property table under \"SMS operatonal logs\" documents no catalogued category",
        ),
        (
            "no-table.md",
            "# A page\n\nNo tables here.\n".to_owned(),
            "no-table.md: not compared: no property table on the page",
        ),
    ];
    for (name, text, said) in cases {
        assert_ne!(text, rendered, "{name}: the edit took");
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let run = acs_logs(&["docs", "render", "--check", path.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        assert!(run.stdout.contains(said), "{name}: {}", run.stdout);
        assert!(
            !run.stdout.contains("every property table matches"),
            "{name}: {}",
            run.stdout
        );
    }
}

#[test]
fn a_page_with_nothing_to_check_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.json");
    std::fs::write(&path, "{\"categories\": []}\n").unwrap();
    let run = acs_logs(&["docs", "check", path.to_str().unwrap(), "--format", "json"]);
    let report = run.json();
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{report}");
    assert_eq!(findings[0]["id"], "empty-input");
    assert_eq!(findings[0]["locations"][0]["file"], "catalog.json");
    let strict = acs_logs(&[
        "docs",
        "check",
        path.to_str().unwrap(),
        "--fail-on",
        "warning",
    ]);
    assert_eq!(strict.code, 1);
}

#[test]
fn a_row_without_pipes_is_a_malformed_row_not_the_end_of_its_table() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(root().join("docs/source/sms-logs.md")).unwrap();
    let row = "| `URI` | The URI of the request. |";
    let line = page.lines().position(|line| line == row).unwrap() + 1;
    let edited = page.replacen(row, "`URI` The URI of the request.", 1);
    let path = dir.path().join("sms-logs.md");
    std::fs::write(&path, edited).unwrap();
    let report = acs_logs(&["docs", "check", path.to_str().unwrap(), "--format", "json"]).json();
    let findings = report["findings"].as_array().unwrap();
    // The rows after it are still the table's: no column is said to be missing from it.
    assert!(
        !findings
            .iter()
            .any(|finding| finding["id"] == "schema-field-not-in-doc"),
        "{report}"
    );
    let malformed = findings
        .iter()
        .find(|finding| finding["id"] == "malformed-table-row")
        .expect("the row is reported");
    assert_eq!(malformed["field"], "URI");
    assert_eq!(malformed["locations"][0]["line"], line);
}

#[test]
fn a_page_named_twice_is_read_once() {
    let once = acs_logs(&[
        "docs",
        "check",
        "docs/source/sms-logs.md",
        "--format",
        "json",
    ])
    .json();
    let twice = acs_logs(&[
        "docs",
        "check",
        "docs/source/sms-logs.md",
        "docs/source/../source/sms-logs.md",
        "--format",
        "json",
    ]);
    assert!(
        twice
            .stderr
            .contains("the same file as docs/source/sms-logs.md, already read"),
        "{}",
        twice.stderr
    );
    assert_eq!(twice.json()["summary"], once["summary"]);
}

#[test]
fn render_check_compares_words_not_the_page_layout() {
    let dir = tempfile::tempdir().unwrap();
    let rendered = acs_logs(&["docs", "render", "--category", "SMSOperational"]).stdout;
    // The page's own style: names without backticks, spaces padded inside the cells.
    let plain = rendered.replace('`', "").replace(" |\n", "   |\n");
    assert_ne!(plain, rendered);
    let path = dir.path().join("plain.md");
    std::fs::write(&path, &plain).unwrap();
    let same = acs_logs(&["docs", "render", "--check", path.to_str().unwrap()]);
    assert_eq!(same.code, 0, "{}", same.stdout);
    // A change in words still shows, in the page's style.
    std::fs::write(&path, plain.replacen("| MessageId |", "| MessageID |", 1)).unwrap();
    let changed = acs_logs(&["docs", "render", "--check", path.to_str().unwrap()]);
    assert_eq!(changed.code, 1);
    assert!(
        changed.stdout.contains("\n-| MessageID |"),
        "{}",
        changed.stdout
    );
    assert!(
        changed.stdout.contains("\n+| MessageId |"),
        "{}",
        changed.stdout
    );
    assert_eq!(
        changed.stdout.matches("\n-|").count(),
        1,
        "{}",
        changed.stdout
    );
}

#[test]
fn prose_with_no_blank_line_after_a_table_is_one_malformed_row_not_a_column() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(root().join("docs/source/sms-logs.md")).unwrap();
    let row = "| `URI` | The URI of the request. |";
    let line = page.lines().position(|line| line == row).unwrap() + 2;
    let edited = page.replacen(row, &format!("{row}\nSee the notes below for more."), 1);
    let path = dir.path().join("sms-logs.md");
    std::fs::write(&path, edited).unwrap();
    let findings = |path: &str| {
        let report = acs_logs(&["docs", "check", path, "--format", "json"]).json();
        report["findings"].as_array().unwrap().clone()
    };
    let before = findings("docs/source/sms-logs.md");
    let after = findings(path.to_str().unwrap());
    assert_eq!(after.len(), before.len() + 1, "{after:#?}");
    let added = after
        .iter()
        .find(|finding| {
            finding["message"]
                .as_str()
                .unwrap()
                .contains("a line without pipes continues the table")
        })
        .expect("the line is reported");
    assert_eq!(added["id"], "malformed-table-row");
    assert_eq!(added["category"], "SMSOperational");
    assert_eq!(added["locations"][0]["line"], line);
}

#[test]
fn render_check_spells_out_control_characters_from_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let rendered = acs_logs(&["docs", "render", "--category", "SMSOperational"]).stdout;
    let edited = rendered.replacen(
        "The URI of the request.",
        "The URI\u{1b}[2J of the\u{7} request.",
        1,
    );
    assert_ne!(edited, rendered);
    let path = dir.path().join("page.md");
    std::fs::write(&path, edited).unwrap();
    let run = acs_logs(&["docs", "render", "--check", path.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('\u{7}'));
    assert!(
        run.stdout
            .contains(r"The URI\u001b[2J of the\u0007 request."),
        "{}",
        run.stdout
    );
}

/// A description holding pipes, a `\|` and a line end, as `docs render` writes it, is read back
/// by `docs check` as the schema's: the two commands agree on one page.
#[test]
fn what_docs_render_writes_docs_check_reads_back_as_the_schemas_say() {
    let schemas = schema_copy();
    let dir = schemas.path();
    let file = dir.join("RoomsOperational.schema.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    schema["properties"]["Level"]["description"] =
        "The severity | level of the event.\nA second line, `code|pipe`.".into();
    schema["properties"]["RoomId"]["description"] = "The ID of the Room (`a` \\| `b`).".into();
    std::fs::write(&file, serde_json::to_string_pretty(&schema).unwrap()).unwrap();
    let dir = dir.to_str().unwrap();
    let rendered = acs_logs(&[
        "docs",
        "render",
        "--schemas",
        dir,
        "--category",
        "RoomsOperational",
    ]);
    assert_eq!(rendered.code, 0, "{}", rendered.stderr);
    assert!(
        rendered.stdout.contains(
            "| `Level` | The severity \\| level of the event. A second line, `code\\|pipe`. |"
        ),
        "{}",
        rendered.stdout
    );
    let page = schemas.path().join("rooms-logs.md");
    std::fs::write(&page, &rendered.stdout).unwrap();
    let page = page.to_str().unwrap();
    let compared = acs_logs(&["docs", "render", "--schemas", dir, "--check", page]);
    assert_eq!(compared.code, 0, "{}", compared.stdout);
    let report = acs_logs(&["docs", "check", "--format", "json", "--schemas", dir, page]).json();
    let ids = finding_ids(&report);
    for id in [
        "malformed-table-row",
        "doc-description-differs",
        "doc-field-not-in-schema",
        "schema-field-not-in-doc",
    ] {
        assert!(!ids.contains(&id), "{id}: {report:#}");
    }
}
