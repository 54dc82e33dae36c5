//! `JUnit` XML: one test suite per category (and one for the inputs themselves), one test case per
//! finding, failed when its level reaches `--fail-on`.

use super::subject;
use crate::finding::Finding;
use crate::report::Report;
use std::collections::BTreeMap;
use std::fmt::Write as _;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all.
            c if ((c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t'))
                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
            {
                out.push('\u{fffd}');
            }
            c => out.push(c),
        }
    }
    out
}

fn details(finding: &Finding) -> String {
    let mut text = String::new();
    for location in &finding.locations {
        let _ = writeln!(
            text,
            "at {location}{}",
            location
                .note
                .as_deref()
                .map(|note| format!(": {note}"))
                .unwrap_or_default()
        );
    }
    if !finding.examples.is_empty() {
        let _ = writeln!(text, "examples: {}", finding.examples.join(", "));
    }
    if let Some(doc) = &finding.documentation {
        let _ = writeln!(
            text,
            "docs: {} § {}{}",
            doc.page,
            doc.table,
            doc.name
                .as_deref()
                .map(|name| format!(", row {name}"))
                .unwrap_or_default()
        );
    }
    text
}

pub(super) fn render(report: &Report) -> String {
    let fail_on = report.summary.fail_on;
    let mut suites: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for category in &report.summary.categories {
        suites.entry(category.category.clone()).or_default();
    }
    for finding in &report.findings {
        suites
            .entry(finding.category.clone().unwrap_or_default())
            .or_default()
            .push(finding);
    }
    let total_tests: usize = suites.values().map(|findings| findings.len() + 1).sum();
    let total_failures = report
        .findings
        .iter()
        .filter(|finding| fail_on.fails(finding.level))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"acs-logs check\" tests=\"{total_tests}\" failures=\"{total_failures}\">"
    );
    for (category, findings) in &suites {
        let name = if category.is_empty() {
            "inputs"
        } else {
            category.as_str()
        };
        let failures = findings
            .iter()
            .filter(|finding| fail_on.fails(finding.level))
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            escape(name),
            findings.len() + 1
        );
        let records = report
            .summary
            .categories
            .iter()
            .find(|summary| summary.category == *category);
        let _ = writeln!(
            out,
            "    <testcase classname=\"acs-logs.{}\" name=\"records\">",
            escape(name)
        );
        if let Some(records) = records {
            let _ = writeln!(
                out,
                "      <system-out>{} records, {} valid, {} with drift</system-out>",
                records.records.total, records.records.valid, records.records.with_drift
            );
        }
        let _ = writeln!(out, "    </testcase>");
        for finding in findings {
            // A finding about no category or field (an unreadable input) is named by its id.
            let subject = subject(finding);
            let case_name = if subject.is_empty() {
                finding.id.to_string()
            } else {
                format!("{} {subject}", finding.id)
            };
            let _ = writeln!(
                out,
                "    <testcase classname=\"acs-logs.{}\" name=\"{}\">",
                escape(name),
                escape(&case_name)
            );
            if fail_on.fails(finding.level) {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    finding.level,
                    escape(&finding.message),
                    escape(&details(finding))
                );
            } else {
                let _ = writeln!(
                    out,
                    "      <system-out>{}: {}\n{}</system-out>",
                    finding.level,
                    escape(&finding.message),
                    escape(&details(finding))
                );
            }
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}
