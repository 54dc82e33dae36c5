//! Render: the same report as text for a terminal, JSON, Markdown, SARIF 2.1.0, `JUnit` XML or
//! GitHub Actions workflow commands. Renderers only read the report; every format lists
//! findings in the report's (deterministic) order, so CI diffs are meaningful.
//!
//! The report carries the data's own keys and values, and data is not to be trusted: before the
//! text, Markdown, GitHub and `JUnit` renderers see it, every character a terminal or an XML
//! parser would act on (control characters such as LF, ESC, C1 controls, bidirectional
//! overrides, the noncharacters U+FFFE and U+FFFF) is spelled out as JSON spells it, `\n` or
//! `\u001b`: the same spelling as the JSON examples of values inside messages, so one value
//! never mixes two styles. SARIF's message texts are spelled so too (dashboards show them to
//! people); the JSON report, and SARIF's properties and URIs, keep the data exact, escaped as
//! JSON does.

mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

use crate::report::Report;
use std::fmt::Write as _;

/// The report formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Human-readable, for a terminal.
    Text,
    /// The report as JSON (see `report.schema.json`).
    Json,
    /// A PR comment or a note to the docs team.
    Markdown,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// `JUnit` XML, for CI test views.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// Options that change how a format looks, not what it says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// ANSI colours (text only): on a terminal, unless `NO_COLOR` is set.
    pub color: bool,
}

/// Renders a report.
pub fn render(report: &Report, format: Format, options: RenderOptions) -> String {
    match format {
        Format::Json => json::render(report),
        Format::Sarif => sarif::render(report),
        Format::Text | Format::Markdown | Format::Junit | Format::Github => {
            match printable_report(report) {
                Escaped::Clean => render_for_people(report, format, options.color),
                Escaped::Copy(safe) => render_for_people(&safe, format, options.color),
                // Never reached with the report model as it is; should a copy ever fail, the
                // whole output is escaped instead (without colour, whose codes are escapes).
                Escaped::Failed => printable(&render_for_people(report, format, false)),
            }
        }
    }
}

fn render_for_people(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Text => text::render(report, color),
        Format::Markdown => markdown::render(report),
        Format::Junit => junit::render(report),
        _ => github::render(report),
    }
}

/// What escaping a report gave.
enum Escaped {
    /// Nothing to escape.
    Clean,
    /// A copy with every string printable.
    Copy(Box<Report>),
    /// The copy could not be made.
    Failed,
}

/// Whether a character must not reach a terminal or an XML document as itself. Line ends and
/// tabs are among them: a key holding `\n  result: passed` must not print a line of its own.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// The text with every unsafe character spelled out as JSON (`serde_json`) spells it: `\n`,
/// `\r`, `\t`, `\b`, `\f`, else `\u001b`; every unsafe character is in the Basic Multilingual
/// Plane, so four hex digits always suffice.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if unsafe_char(c) => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// A copy of the report whose every string is [`printable`], unless it has nothing to escape
/// (the usual case: clean reports are not copied).
fn printable_report(report: &Report) -> Escaped {
    let Ok(mut value) = serde_json::to_value(report) else {
        return Escaped::Failed;
    };
    if !escape_strings(&mut value) {
        return Escaped::Clean;
    }
    serde_json::from_value(value).map_or(Escaped::Failed, |copy| Escaped::Copy(Box::new(copy)))
}

/// Escapes every string (and key) in place; says whether anything changed.
fn escape_strings(value: &mut serde_json::Value) -> bool {
    use serde_json::Value;
    match value {
        Value::String(text) if text.chars().any(unsafe_char) => {
            *text = printable(text);
            true
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |changed, item| escape_strings(item) | changed),
        Value::Object(map) => {
            let mut changed = false;
            if map.keys().any(|key| key.chars().any(unsafe_char)) {
                let entries = std::mem::take(map);
                for (key, item) in entries {
                    map.insert(printable(&key), item);
                }
                changed = true;
            }
            map.values_mut()
                .fold(changed, |changed, item| escape_strings(item) | changed)
        }
        _ => false,
    }
}

/// `category.field`, `category`, `field` or nothing, for titles.
pub(crate) fn subject(finding: &crate::finding::Finding) -> String {
    match (&finding.category, &finding.field) {
        (Some(category), Some(field)) => format!("{category}.{field}"),
        (Some(only), None) | (None, Some(only)) => only.clone(),
        (None, None) => String::new(),
    }
}
