//! Render: the same report as text for a terminal, JSON, Markdown, SARIF 2.1.0, `JUnit` XML or
//! GitHub Actions workflow commands. Renderers only read the report; every format lists
//! findings in the report's (deterministic) order, so CI diffs are meaningful.

mod github;
mod json;
mod junit;
mod markdown;
mod sarif;
mod text;

use crate::report::Report;

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
        Format::Text => text::render(report, options.color),
        Format::Json => json::render(report),
        Format::Markdown => markdown::render(report),
        Format::Sarif => sarif::render(report),
        Format::Junit => junit::render(report),
        Format::Github => github::render(report),
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
