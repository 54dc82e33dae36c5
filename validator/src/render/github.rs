//! GitHub Actions workflow commands: one annotation per finding at its first place (one per
//! place kept, for data not read), and a closing notice with the summary.

use super::subject;
use crate::finding::{Level, Location};
use crate::report::Report;
use std::fmt::Write as _;

/// Escapes a command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The properties of an annotation at `location` (none: no place).
fn place_properties(location: Option<&Location>) -> Vec<String> {
    let mut properties = Vec::new();
    if let Some(location) = location {
        properties.push(format!("file={}", property(&location.file)));
        if let Some(line) = location.line {
            properties.push(format!("line={line}"));
        }
        if let Some(column) = location.column {
            properties.push(format!("col={column}"));
        }
    }
    properties
}

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let command = match finding.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let title = subject(finding);
        let title = format!(
            "title={}",
            property(format!("{} {title}", finding.id).trim_end())
        );
        let mut message = finding.message.clone();
        if let Some(doc) = &finding.documentation {
            let _ = write!(message, " (docs: {} § {})", doc.page, doc.table);
        }
        // Drift is one annotation, at its first place. Data not read is one per place kept:
        // each is another file or record lost, and a reviewer must see every one of them.
        if finding.id.is_about_reading() && !finding.locations.is_empty() {
            for location in &finding.locations {
                let mut properties = place_properties(Some(location));
                properties.push(title.clone());
                let text = location.note.as_deref().unwrap_or(&message);
                let _ = writeln!(out, "::{command} {}::{}", properties.join(","), data(text));
            }
            continue;
        }
        let mut properties = place_properties(finding.locations.first());
        properties.push(title);
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    let summary = &report.summary;
    let records = &summary.records;
    let not_read = summary
        .inputs
        .iter()
        .filter(|input| input.not_read.is_some())
        .count();
    let mut text = format!(
        "{} records: {} valid, {} with drift, {} unreadable; {} error, {} warning, {} info findings",
        records.total,
        records.valid,
        records.with_drift,
        records.unreadable,
        summary.by_level.error,
        summary.by_level.warning,
        summary.by_level.info
    );
    if not_read > 0 {
        let _ = write!(text, "; {not_read} input(s) not read");
    }
    if summary.suppressed_by_baseline > 0 {
        let _ = write!(
            text,
            "; {} suppressed by the baseline",
            summary.suppressed_by_baseline
        );
    }
    let _ = writeln!(out, "::notice title=acs-logs summary::{}", data(&text));
    out
}
