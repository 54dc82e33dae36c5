//! GitHub Actions workflow commands: one annotation per finding at its first place, and a
//! closing notice with the summary.

use super::subject;
use crate::finding::Level;
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

pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let command = match finding.level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Info => "notice",
        };
        let mut properties = Vec::new();
        if let Some(location) = finding.locations.first() {
            properties.push(format!("file={}", property(&location.file)));
            if let Some(line) = location.line {
                properties.push(format!("line={line}"));
            }
            if let Some(column) = location.column {
                properties.push(format!("col={column}"));
            }
        }
        let title = subject(finding);
        properties.push(format!(
            "title={}",
            property(format!("{} {title}", finding.id).trim_end())
        ));
        let mut message = finding.message.clone();
        if let Some(doc) = &finding.documentation {
            let _ = write!(message, " (docs: {} § {})", doc.page, doc.table);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    let records = &report.summary.records;
    let _ = writeln!(
        out,
        "::notice title=acs-logs summary::{}",
        data(&format!(
            "{} records: {} valid, {} with drift, {} unreadable; {} error, {} warning, {} info findings",
            records.total,
            records.valid,
            records.with_drift,
            records.unreadable,
            report.summary.by_level.error,
            report.summary.by_level.warning,
            report.summary.by_level.info
        ))
    );
    out
}
