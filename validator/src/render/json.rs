//! The report as pretty JSON, the shape `report.schema.json` describes.

use crate::report::Report;

pub(super) fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_default();
    text.push('\n');
    text
}
