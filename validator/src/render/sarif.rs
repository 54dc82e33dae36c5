//! SARIF 2.1.0: one rule per finding id, one result per finding, located at the first places it
//! was seen. Validated against the OASIS schema in the tests.

use super::printable;
use crate::finding::{FindingId, Level};
use crate::report::Report;
use serde_json::{Value, json};
use std::fmt::Write as _;

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "note",
    }
}

/// A relative URI reference for a path: characters outside the unreserved and path sets are
/// percent-encoded.
fn uri(path: &str) -> String {
    if path == "-" {
        return "stdin".to_owned();
    }
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

pub(super) fn render(report: &Report) -> String {
    let rules: Vec<Value> = FindingId::ALL
        .iter()
        .map(|id| {
            json!({
                "id": id.as_str(),
                "name": id.as_str(),
                "shortDescription": { "text": id.description() },
                "defaultConfiguration": { "level": level(id.default_level()) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|finding| {
            let rule_index = finding.id.index();
            let locations: Vec<Value> = finding
                .locations
                .iter()
                .map(|location| {
                    let mut physical =
                        json!({ "artifactLocation": { "uri": uri(&location.file) } });
                    if let Some(line) = location.line {
                        let mut region = json!({ "startLine": line });
                        if let Some(column) = location.column {
                            region["startColumn"] = json!(column);
                        }
                        physical["region"] = region;
                    }
                    let mut entry = json!({ "physicalLocation": physical });
                    if let Some(note) = &location.note {
                        entry["message"] = json!({ "text": printable(note) });
                    }
                    entry
                })
                .collect();
            let mut result = json!({
                "ruleId": finding.id.as_str(),
                "ruleIndex": rule_index,
                "level": level(finding.level),
                // Dashboards show message texts to people: spelled as the text report spells
                // them. The properties and URIs stay exact, for machines.
                "message": { "text": printable(&finding.message) },
                "partialFingerprints": { "acsLogsFinding/v1": finding.fingerprint() },
                "properties": {
                    "category": finding.category,
                    "field": finding.field,
                    "count": finding.count,
                    "observedTypes": finding.observed_types,
                    "examples": finding.examples,
                    "documentation": finding.documentation,
                },
            });
            if !locations.is_empty() {
                result["locations"] = Value::Array(locations);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": report.tool,
                "version": report.version,
                "informationUri": "https://github.com/acs-log-schemas/acs-log-schemas",
                "rules": rules,
            }},
            "results": results,
            "properties": { "summary": report.summary },
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).unwrap_or_default();
    text.push('\n');
    text
}
