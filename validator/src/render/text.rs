//! Text for a terminal: one block per finding, then the statistics block. Colour only when the
//! caller says so (a tty without `NO_COLOR`).

use super::subject;
use crate::finding::Level;
use crate::report::{NotRead, RecordCounts, Report};
use std::fmt::Write as _;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{code}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }
    fn level(&self, level: Level) -> String {
        let code = match level {
            Level::Error => "1;31",
            Level::Warning => "1;33",
            Level::Info => "1;36",
        };
        self.wrap(code, level.as_str())
    }
}

fn counts(records: &RecordCounts) -> String {
    format!(
        "{} records: {} valid, {} with drift, {} unreadable",
        records.total, records.valid, records.with_drift, records.unreadable
    )
}

pub(super) fn render(report: &Report, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    for finding in &report.findings {
        let title = subject(finding);
        let _ = writeln!(
            out,
            "{}[{}] {}{}",
            paint.level(finding.level),
            paint.wrap("1", finding.id.as_str()),
            if title.is_empty() {
                String::new()
            } else {
                format!("{title}: ")
            },
            finding.message
        );
        for location in &finding.locations {
            let note = location
                .note
                .as_deref()
                .map(|note| format!("  {note}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  {} {location}{note}", paint.wrap("34", "-->"));
        }
        if finding.count > finding.locations.len() as u64 && !finding.locations.is_empty() {
            let _ = writeln!(
                out,
                "      … and {} more",
                finding.count - finding.locations.len() as u64
            );
        }
        if !finding.observed_types.is_empty() {
            let types: Vec<String> = finding
                .observed_types
                .iter()
                .map(|(kind, count)| format!("{kind} ×{count}"))
                .collect();
            let _ = writeln!(out, "  types: {}", types.join(", "));
        }
        if !finding.examples.is_empty() {
            let _ = writeln!(out, "  examples: {}", finding.examples.join(", "));
        }
        if let Some(doc) = &finding.documentation {
            let row = doc
                .name
                .as_deref()
                .map(|name| format!(", row {name:?}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  docs: {} § {}{row}", doc.page, doc.table);
        }
        out.push('\n');
    }
    let summary = &report.summary;
    let _ = writeln!(out, "{}", paint.wrap("1", "Summary"));
    let _ = writeln!(out, "  {}", counts(&summary.records));
    for category in &summary.categories {
        let name = if category.category.is_empty() {
            "(no category)"
        } else {
            category.category.as_str()
        };
        let coverage = category.coverage.as_ref().map_or_else(
            || "; not in the catalog".to_owned(),
            |coverage| {
                format!(
                    "; {}/{} documented fields seen",
                    coverage.seen, coverage.documented
                )
            },
        );
        let _ = writeln!(
            out,
            "  {name}: {} records, {} valid, {} with drift{coverage}",
            category.records.total, category.records.valid, category.records.with_drift
        );
    }
    for input in &summary.inputs {
        let (format, gzip) = match (input.format.as_deref(), input.not_read) {
            (Some(format), _) => (format, if input.gzip { "+gzip" } else { "" }),
            (None, not_read) => (
                not_read.map_or("not read", NotRead::as_str),
                if input.gzip { " gzip" } else { "" },
            ),
        };
        let mut shapes = Vec::new();
        if input.shapes.log_analytics > 0 {
            shapes.push("log-analytics");
        }
        if input.shapes.resource_log > 0 {
            shapes.push("resource-log");
        }
        let shapes = if shapes.is_empty() {
            String::new()
        } else {
            format!(", {}", shapes.join("+"))
        };
        let _ = writeln!(
            out,
            "  {} ({format}{gzip}{shapes}): {}",
            input.input,
            counts(&input.records)
        );
    }
    let levels = &summary.by_level;
    let _ = write!(
        out,
        "  findings: {} error, {} warning, {} info",
        levels.error, levels.warning, levels.info
    );
    if summary.suppressed_by_baseline > 0 {
        let _ = write!(
            out,
            "; {} suppressed by the baseline",
            summary.suppressed_by_baseline
        );
    }
    out.push('\n');
    let fail_on = serde_json::to_value(summary.fail_on)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default();
    let verdict = if summary.failed {
        paint.wrap("1;31", "FAILED")
    } else {
        paint.wrap("1;32", "passed")
    };
    let _ = writeln!(out, "  result: {verdict} (--fail-on {fail_on})");
    out
}
