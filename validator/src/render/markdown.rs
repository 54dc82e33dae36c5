//! Markdown: a pull-request comment, or a note to the documentation team (which page and table
//! each finding contradicts).

use crate::finding::Finding;
use crate::report::{NotRead, Report};
use std::fmt::Write as _;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn code(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("`{}`", cell(text).replace('`', "'"))
    }
}

fn docs(finding: &Finding) -> String {
    finding
        .documentation
        .as_ref()
        .map_or_else(String::new, |doc| {
            let row = doc
                .name
                .as_deref()
                .map(|name| format!(" — row {}", code(name)))
                .unwrap_or_default();
            format!("{} § {}{row}", cell(&doc.page), cell(&doc.table))
        })
}

pub(super) fn render(report: &Report) -> String {
    let summary = &report.summary;
    let mut out = String::new();
    // The headline names what fails: drift, data that could not be read, or both.
    let failing = |reading: bool| {
        report.findings.iter().any(|finding| {
            finding.id.is_about_reading() == reading && summary.fail_on.fails(finding.level)
        })
    };
    let verdict = match (summary.failed, failing(false), failing(true)) {
        (false, _, _) => "✅ passed",
        (true, true, true) => "❌ drift and data not read fail the check",
        (true, false, true) => "❌ data not read fails the check",
        (true, _, false) => "❌ drift fails the check",
    };
    let _ = writeln!(out, "## acs-logs check: {verdict}\n");
    let records = &summary.records;
    let _ = writeln!(
        out,
        "**{}** records: **{}** valid, **{}** with drift, **{}** unreadable. Findings: {} error, {} warning, {} info{}.\n",
        records.total,
        records.valid,
        records.with_drift,
        records.unreadable,
        summary.by_level.error,
        summary.by_level.warning,
        summary.by_level.info,
        if summary.suppressed_by_baseline > 0 {
            format!(
                " ({} suppressed by the baseline)",
                summary.suppressed_by_baseline
            )
        } else {
            String::new()
        }
    );
    if !report.findings.is_empty() {
        let _ = writeln!(out, "### Findings\n");
        let _ = writeln!(
            out,
            "| Level | Id | Category | Field | Records | First seen | Documentation |"
        );
        let _ = writeln!(out, "|---|---|---|---|---:|---|---|");
        for finding in &report.findings {
            let first = finding
                .locations
                .first()
                .map(|location| code(&location.to_string()))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {} | {} | {} |",
                finding.level,
                finding.id,
                cell(finding.category.as_deref().unwrap_or("")),
                code(finding.field.as_deref().unwrap_or("")),
                finding.count,
                first,
                docs(finding)
            );
        }
        out.push('\n');
    }
    if !summary.categories.is_empty() {
        let _ = writeln!(out, "### Categories\n");
        let _ = writeln!(
            out,
            "| Category | Table | Records | Valid | With drift | Documented fields seen |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---|");
        for category in &summary.categories {
            let coverage = category.coverage.as_ref().map_or_else(
                || "not in the catalog".to_owned(),
                |coverage| format!("{}/{}", coverage.seen, coverage.documented),
            );
            let name = if category.category.is_empty() {
                "(none)"
            } else {
                category.category.as_str()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(name),
                cell(category.table.as_deref().unwrap_or("")),
                category.records.total,
                category.records.valid,
                category.records.with_drift,
                coverage
            );
        }
        out.push('\n');
    }
    if !summary.inputs.is_empty() {
        let _ = writeln!(out, "### Inputs\n");
        let _ = writeln!(
            out,
            "| Input | Format | Log Analytics rows | Resource-log records | Records | Valid | With drift | Unreadable |"
        );
        let _ = writeln!(out, "|---|---|---:|---:|---:|---:|---:|---:|");
        for input in &summary.inputs {
            let format = format!(
                "{}{}",
                input
                    .format
                    .as_deref()
                    .or(input.not_read.map(NotRead::as_str))
                    .unwrap_or("not read"),
                if input.gzip { " (gzip)" } else { "" }
            );
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                code(&input.input),
                format,
                input.shapes.log_analytics,
                input.shapes.resource_log,
                input.records.total,
                input.records.valid,
                input.records.with_drift,
                input.records.unreadable
            );
        }
        out.push('\n');
    }
    out
}
