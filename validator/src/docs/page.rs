//! Parses one documentation page as published, flaws included.
//!
//! The pages are not tidy: rows lack their closing pipe, a stray `.` stands before a name, names
//! come in backticks or plain, a heading is indented by a space. The parser reads what a person
//! reading the rendered page would read, and records each irregularity as a [`RowFlaw`] instead of
//! failing or repairing it silently.

use super::markdown::{first_code_span, split_row};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A page could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// The file could not be read (missing, or not UTF-8).
    #[error("{path}: cannot read the page: {source}")]
    Io {
        /// The page.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The `ms.date` of a page's front matter (month/day/year in the source).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocDate {
    /// Year.
    pub year: u16,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
}

impl std::fmt::Display for DocDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl DocDate {
    /// Reads `MM/DD/YYYY`, the form the pages use.
    pub(crate) fn parse(text: &str) -> Option<DocDate> {
        let mut parts = text.trim().split('/');
        let month = parts.next()?.trim().parse().ok()?;
        let day = parts.next()?.trim().parse().ok()?;
        let year = parts.next()?.trim().parse().ok()?;
        if parts.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        Some(DocDate { year, month, day })
    }
}

/// A Markdown heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 for `#`, 2 for `##`, ...
    pub level: usize,
    /// The heading text, without the hashes and emphasis markers.
    pub text: String,
    /// 1-based line number.
    pub line: usize,
    /// Whether the heading was indented (legal Markdown, but a sign of a careless edit).
    pub indented: bool,
}

/// A property table: `| Property | Description |`, or any two-column table under a log heading
/// whatever its header says (`| Dimension | Description |`): the first header cell is a label,
/// the structure is what makes it a property table. A table of more columns is one when a column
/// is headed `Description` (`| Property | Type | Description |`): the first column names, that one
/// describes, the others are not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropertyTable {
    /// The text of the nearest heading above the table.
    pub heading: String,
    /// 1-based line of that heading (0 when the table has none).
    pub heading_line: usize,
    /// The first header cell as written (`Property`, `Dimension`).
    pub header: String,
    /// Every header cell as written, trimmed (`Property`, `Type`, `Description`).
    pub columns: Vec<String>,
    /// The 0-based column of the descriptions (1 in a two-column table).
    pub description_column: usize,
    /// 1-based line of the header row.
    pub line: usize,
    /// The rows below the separator.
    pub rows: Vec<TableRow>,
    /// Lines without a pipe or a backticked name that GitHub renders as rows of the table
    /// (prose with no blank line before it): reported, never read as documented columns.
    pub stray_rows: Vec<TableRow>,
}

/// One row of a property table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// 1-based line number.
    pub line: usize,
    /// The name as written, without backticks or stray characters (`Operation Name`).
    pub name: String,
    /// The description cell, trimmed.
    pub description: String,
    /// Whether the name was in backticks.
    pub backticked: bool,
    /// What is wrong with how the row is written.
    pub flaws: Vec<RowFlaw>,
    /// The source line as it is.
    pub raw: String,
}

/// An irregularity in how a table row is written; the row was still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowFlaw {
    /// The row does not end with `|`.
    MissingClosingPipe,
    /// Characters stand in the name cell outside the name (`.` in ``|.`RoomId` |``).
    StrayCharacters {
        /// The stray text.
        text: String,
    },
    /// The row has a number of cells other than its header's.
    CellCount {
        /// How many cells it has.
        cells: usize,
        /// How many its header has.
        expected: usize,
    },
    /// The description cell is empty.
    EmptyDescription,
}

impl std::fmt::Display for RowFlaw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowFlaw::MissingClosingPipe => f.write_str("the row has no closing `|`"),
            RowFlaw::StrayCharacters { text } => {
                write!(f, "stray characters {text:?} in the name cell")
            }
            RowFlaw::CellCount { cells, expected } => {
                write!(f, "the row has {cells} cells, not {expected}")
            }
            RowFlaw::EmptyDescription => f.write_str("the description is empty"),
        }
    }
}

/// A fenced code block (an example record, usually `json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeBlock {
    /// The info string after the fence (`json`).
    pub lang: String,
    /// The text of the nearest heading above the block.
    pub heading: String,
    /// 1-based line of the opening fence.
    pub fence_line: usize,
    /// 1-based line of the first content line.
    pub first_line: usize,
    /// The block's content, lines joined with `\n`.
    pub text: String,
}

/// A table under a log heading that could not be read as a property table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreadTable {
    /// The text of the nearest heading above the table.
    pub heading: String,
    /// 1-based line of that heading (0 when the table has none).
    pub heading_line: usize,
    /// 1-based line of the table's first line.
    pub line: usize,
    /// Why it could not be read.
    pub reason: String,
}

/// A code fence that is never closed. Markdown would run the block to the end of the page and
/// swallow every table after it; the parser ends it at the next heading or table instead, so
/// those are still read, and reports the fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnclosedFence {
    /// 1-based line of the opening fence.
    pub line: usize,
    /// 1-based line where the parser ended the block (the last line it kept).
    pub ended_at: usize,
}

/// A documentation page, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page's file name (`sms-logs.md`).
    pub file: String,
    /// Key/value pairs of the YAML front matter, as written.
    pub front_matter: BTreeMap<String, String>,
    /// The `ms.date` of the front matter.
    pub date: Option<DocDate>,
    /// Every heading, in order.
    pub headings: Vec<Heading>,
    /// Every property table, in order.
    pub tables: Vec<PropertyTable>,
    /// Every fenced code block, in order.
    pub code_blocks: Vec<CodeBlock>,
    /// Tables under log headings that could not be read as property tables.
    pub unread_tables: Vec<UnreadTable>,
    /// Code fences never closed.
    pub unclosed_fences: Vec<UnclosedFence>,
}

impl Page {
    /// Reads and parses a page from disk; the page is named by its file name.
    pub fn load(path: &Path) -> Result<Page, PageError> {
        let text = std::fs::read_to_string(path).map_err(|source| PageError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Page::parse(&Page::file_name(path), &text))
    }

    /// The name a page at `path` is known by in findings: its file name.
    pub(crate) fn file_name(path: &Path) -> String {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    }

    /// Parses a page's text. Never fails: what cannot be read as structure stays prose.
    pub fn parse(file: &str, text: &str) -> Page {
        // CRLF, LF and CR-only line ends all end a line: a page saved with CR-only ends is
        // otherwise one long line with no table in it.
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let lines: Vec<&str> = text.split('\n').collect();
        let (front_matter, body_start) = front_matter(&lines);
        let date = front_matter
            .get("ms.date")
            .and_then(|value| DocDate::parse(value));
        let mut page = Page {
            file: file.to_owned(),
            front_matter,
            date,
            headings: Vec::new(),
            tables: Vec::new(),
            code_blocks: Vec::new(),
            unread_tables: Vec::new(),
            unclosed_fences: Vec::new(),
        };
        let mut includes = Vec::new();
        let mut index = body_start;
        while index < lines.len() {
            let line = lines[index];
            let trimmed = line.trim_start();
            if let Some(fence) = fence_marker(line) {
                index = page.read_code_block(&lines, index, fence);
            } else if let Some(heading) = heading(line, index + 1) {
                // A docfx tab (`# [Current](#tab/current)`) is a tab of the section it sits
                // in, not a section of its own: the tables and examples under it stay in the
                // section of the heading above.
                if !is_tab(&heading.text) {
                    page.headings.push(heading);
                }
                index += 1;
            } else if trimmed.starts_with('|') {
                index = page.read_table(&lines, index);
            } else if trimmed
                .get(..6)
                .is_some_and(|start| start.eq_ignore_ascii_case("<table"))
            {
                page.unread_under_log_heading(
                    index + 1,
                    "it is an HTML `<table>`; only Markdown pipe tables are read",
                );
                index += 1;
            } else {
                if let Some(path) = include_path(trimmed) {
                    includes.push((index + 1, path));
                }
                index += 1;
            }
        }
        // A docfx include (`[!INCLUDE [name](path)]`) under a log heading with no table of its
        // own stands where the table would: the table is in a file this check does not read.
        for (line, path) in includes {
            let has_table = page.heading_above(line).is_some_and(|heading| {
                page.tables
                    .iter()
                    .any(|table| table.heading_line == heading.line)
            });
            if !has_table {
                page.unread_under_log_heading(
                    line,
                    &format!(
                        "it is included from another file ({path}, by `[!INCLUDE]`), which is not read"
                    ),
                );
            }
        }
        page.unread_tables.sort_by_key(|table| table.line);
        page
    }

    /// The nearest heading above a 1-based line.
    pub(crate) fn heading_above(&self, line: usize) -> Option<&Heading> {
        self.headings
            .iter()
            .rev()
            .find(|heading| heading.line < line)
    }

    /// The heading whose section holds `heading`: the nearest one above it of a lower level.
    pub(crate) fn parent(&self, heading: &Heading) -> Option<&Heading> {
        self.headings
            .iter()
            .rev()
            .find(|above| above.line < heading.line && above.level < heading.level)
    }

    /// The nearest heading above a 1-based line, as (text, line).
    fn heading_text_above(&self, line: usize) -> (String, usize) {
        self.heading_above(line).map_or_else(
            || (String::new(), 0),
            |heading| (heading.text.clone(), heading.line),
        )
    }

    fn read_code_block(&mut self, lines: &[&str], start: usize, fence: &str) -> usize {
        let lang = lines[start]
            .trim_start()
            .trim_start_matches(fence)
            .trim()
            .to_owned();
        // A closing fence is the fence alone; a fence with an info string (```` ```json ````)
        // opens a block, so meeting one means this block was never closed.
        let mut end = start + 1;
        let mut unclosed = false;
        while end < lines.len() {
            let trimmed = lines[end].trim();
            if trimmed.starts_with(fence) {
                let marker = fence.chars().next().unwrap_or('`');
                if trimmed.chars().all(|c| c == marker) {
                    break;
                }
                unclosed = true;
                break;
            }
            end += 1;
        }
        // A closed block resumes after its closing fence.
        let mut resume = end + 1;
        if unclosed || end >= lines.len() {
            // Never closed: end the block before the next heading or table, which no example
            // holds, so what follows is still read.
            end = (start + 1..end.min(lines.len()))
                .find(|&index| {
                    heading(lines[index], index + 1).is_some()
                        || lines[index].trim_start().starts_with('|')
                })
                .unwrap_or(end.min(lines.len()));
            resume = end;
            let kept = lines[start + 1..end]
                .iter()
                .rposition(|line| !line.trim().is_empty())
                .map_or(start + 1, |last| start + 2 + last);
            self.unclosed_fences.push(UnclosedFence {
                line: start + 1,
                ended_at: kept,
            });
        }
        let text = lines[start + 1..end].join("\n");
        let (heading, _) = self.heading_text_above(start + 1);
        self.code_blocks.push(CodeBlock {
            lang,
            heading,
            fence_line: start + 1,
            first_line: start + 2,
            text,
        });
        resume
    }

    fn read_table(&mut self, lines: &[&str], start: usize) -> usize {
        let mut end = start;
        // As GitHub renders it: past its separator, a table runs to a blank line or the start
        // of another block, and a line without pipes is a row of one cell (reported as such),
        // not the end of the table with the rows after it read as a table of their own.
        while end < lines.len()
            && (lines[end].trim_start().starts_with('|')
                || (end > start + 1
                    && is_separator(lines[start + 1])
                    && continues_table(lines[end])))
        {
            end += 1;
        }
        let header = split_row(lines[start]).0;
        let columns: Vec<String> = header.iter().map(|cell| cell.trim().to_owned()).collect();
        let first = columns.first().cloned().unwrap_or_default();
        let has_separator = end > start + 1 && is_separator(lines[start + 1]);
        let (heading, heading_line) = self.heading_text_above(start + 1);
        // Read by structure: two columns under a log heading, whatever the first header cell
        // says; `| Property |` tables anywhere, as the pages have always written them.
        let under_log_heading = is_log_heading(&heading);
        if !first.eq_ignore_ascii_case("property") && !under_log_heading {
            return end;
        }
        let body: Vec<&str> = if has_separator {
            lines[start + 2..end].to_vec()
        } else {
            Vec::new()
        };
        // Rows right after a blank line that ended a table read under the same heading: GitHub
        // shows them as a paragraph, not as rows of that table.
        let after_blank = start >= 2
            && lines[start - 1].trim().is_empty()
            && self.tables.last().is_some_and(|table| {
                table.heading_line == heading_line
                    && table.rows.last().is_some_and(|row| row.line == start - 1)
            });
        let read = if has_separator {
            description_column(&columns, &body)
        } else if after_blank {
            Err(format!(
                "the blank line {start} ends the table above, so these rows are not its rows, and they have no `| --- | --- |` separator of their own"
            ))
        } else {
            Err("it has no `| --- | --- |` separator under its header".to_owned())
        };
        match read {
            Ok(description_column) => {
                let (rows, stray_rows) = body
                    .iter()
                    .enumerate()
                    .map(|(offset, line)| {
                        table_row(line, start + 3 + offset, columns.len(), description_column)
                    })
                    .partition(|row| row.raw.contains('|') || row.backticked);
                self.tables.push(PropertyTable {
                    heading,
                    heading_line,
                    header: first,
                    columns,
                    description_column,
                    line: start + 1,
                    rows,
                    stray_rows,
                });
            }
            Err(reason) => self.unread_tables.push(UnreadTable {
                heading,
                heading_line,
                line: start + 1,
                reason,
            }),
        }
        end
    }

    /// Records a table at a 1-based line that cannot be read, when a log heading is above it
    /// (elsewhere a table is no property table, and not read).
    fn unread_under_log_heading(&mut self, line: usize, reason: &str) {
        let Some(heading) = self.heading_above(line) else {
            return;
        };
        if is_log_heading(&heading.text) {
            let (heading, heading_line) = (heading.text.clone(), heading.line);
            self.unread_tables.push(UnreadTable {
                heading,
                heading_line,
                line,
                reason: reason.to_owned(),
            });
        }
    }

    /// The property table read under the same heading as a table that could not be read: the
    /// section's table, beside which the other (an HTML table, rows cut off by a blank line) is
    /// reported on its own and does not stop the section's table from being compared.
    pub(crate) fn read_table_beside(&self, unread: &UnreadTable) -> Option<&PropertyTable> {
        self.tables
            .iter()
            .find(|table| table.heading_line == unread.heading_line)
    }

    /// The property table under a heading (exact text).
    pub fn table(&self, heading: &str) -> Option<&PropertyTable> {
        self.tables.iter().find(|table| table.heading == heading)
    }
}

/// Whether a heading names a log category's section ("SMS operational logs", "Usage logs
/// schema", "Operational Rooms logs schema"): tables under it are property tables. An example's
/// heading ("Example SMS sent log") names no section: what stands under it is an example of the
/// section above.
pub(super) fn is_log_heading(text: &str) -> bool {
    if is_example_heading(text) {
        return false;
    }
    let lower = text.trim().to_ascii_lowercase();
    let lower = lower.strip_suffix(" schema").unwrap_or(&lower);
    lower.ends_with(" logs") || lower.ends_with(" log")
}

/// Whether a heading introduces an example ("Example", "Example SMS sent log", "Examples").
fn is_example_heading(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.strip_prefix("example").is_some_and(|rest| {
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        rest.is_empty() || rest.starts_with(|c: char| !c.is_alphanumeric())
    })
}

/// Reads `---`-delimited front matter; returns it and the index of the first body line.
fn front_matter(lines: &[&str]) -> (BTreeMap<String, String>, usize) {
    let mut values = BTreeMap::new();
    if lines.first().map(|line| line.trim()) != Some("---") {
        return (values, 0);
    }
    for (index, line) in lines.iter().enumerate().skip(1) {
        if line.trim() == "---" {
            return (values, index + 1);
        }
        if let Some((key, value)) = line.split_once(':') {
            values.insert(key.trim().to_owned(), value.trim().to_owned());
        }
    }
    // An unterminated front matter is prose after all.
    (BTreeMap::new(), 0)
}

fn fence_marker(line: &str) -> Option<&'static str> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > 3 {
        return None;
    }
    ["```", "~~~"]
        .into_iter()
        .find(|fence| trimmed.starts_with(fence))
}

fn heading(line: &str, number: usize) -> Option<Heading> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if indent > 3 || line.starts_with('\t') {
        return None;
    }
    let level = trimmed.chars().take_while(|&c| c == '#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &trimmed[level..];
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let text = rest
        .trim()
        .trim_end_matches('#')
        .trim()
        .trim_matches('*')
        .trim()
        .to_owned();
    Some(Heading {
        level,
        text,
        line: number,
        indented: indent > 0,
    })
}

/// The file a docfx include line names (`[!INCLUDE [sms-table](./includes/sms-table.md)]`), in a
/// blockquote too (`> [!INCLUDE …]`), where docfx includes it all the same.
fn include_path(line: &str) -> Option<&str> {
    let mut line = line.trim();
    while let Some(rest) = line.strip_prefix('>') {
        line = rest.trim_start();
    }
    let rest = line.strip_prefix("[!")?;
    let keyword = rest.get(..7)?;
    if !keyword.eq_ignore_ascii_case("include") {
        return None;
    }
    let (_, target) = rest[7..].split_once("](")?;
    let (path, after) = target.split_once(')')?;
    (after.trim() == "]").then(|| path.trim())
}

/// Whether a heading's text is a docfx tab (`[Current](#tab/current)`, and with a condition,
/// `[Current](#tab/current/windows)`): Microsoft Learn renders the heading as a tab of a tab
/// group, not as a heading.
fn is_tab(text: &str) -> bool {
    text.strip_prefix('[')
        .and_then(|rest| rest.split_once("](#tab/"))
        .is_some_and(|(_, target)| {
            target.ends_with(')') && !target[..target.len() - 1].contains(')')
        })
}

/// Whether a line without a leading pipe still belongs to the table above it: it is not blank,
/// and starts no other block (heading, fence, quote, HTML, list item, thematic break).
fn continues_table(line: &str) -> bool {
    let trimmed = line.trim_start();
    let list_item = trimmed
        .strip_prefix(['-', '*', '+'])
        .or_else(|| {
            let digits = trimmed.len()
                - trimmed
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            (digits > 0)
                .then(|| trimmed[digits..].strip_prefix(['.', ')']))
                .flatten()
        })
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '));
    !trimmed.is_empty()
        && heading(line, 0).is_none()
        && fence_marker(line).is_none()
        && !trimmed.starts_with(['>', '<'])
        && !list_item
        && !trimmed.starts_with("---")
        && !trimmed.starts_with("***")
}

fn is_separator(line: &str) -> bool {
    let (cells, _) = split_row(line);
    !cells.is_empty()
        && cells.iter().all(|cell| {
            let cell = cell.trim();
            !cell.is_empty() && cell.chars().all(|c| matches!(c, '-' | ':'))
        })
}

/// The column of a property table's descriptions: the second of two; of more, the one headed
/// `Description`, provided some row has as many cells as the header (when none has, the header
/// was edited without its rows, and GitHub shows the descriptions in the wrong column). Else why
/// the table cannot be read.
fn description_column(columns: &[String], body: &[&str]) -> Result<usize, String> {
    let count = columns.len();
    if count == 2 {
        return Ok(1);
    }
    let Some(description) = columns
        .iter()
        .skip(1)
        .position(|column| column.eq_ignore_ascii_case("description"))
        .map(|position| position + 1)
    else {
        return Err(format!(
            "its header has {count} cells, not 2, and none of them is headed `Description`"
        ));
    };
    let widths: Vec<usize> = body
        .iter()
        .filter(|line| line.contains('|'))
        .map(|line| split_row(line).0.len())
        .collect();
    if widths.is_empty() || widths.contains(&count) {
        return Ok(description);
    }
    Err(match widths.first() {
        Some(&width) if widths.iter().all(|&other| other == width) => {
            format!("its header has {count} cells, not {width} as its rows have")
        }
        _ => format!("its header has {count} cells, and none of its rows has as many"),
    })
}

/// A row of a table of `columns` columns whose descriptions are in column `description`.
fn table_row(line: &str, number: usize, columns: usize, description: usize) -> TableRow {
    let (cells, closed) = split_row(line);
    let mut flaws = Vec::new();
    if !closed {
        flaws.push(RowFlaw::MissingClosingPipe);
    }
    if cells.len() != columns {
        flaws.push(RowFlaw::CellCount {
            cells: cells.len(),
            expected: columns,
        });
    }
    let name_cell = cells.first().map_or("", |cell| cell.trim());
    // Cells past the last column are the description's, as the row was meant (its pipes not
    // escaped); reported above.
    let description = if description + 1 == columns {
        cells.get(description..).map(|rest| rest.join("|"))
    } else {
        cells.get(description).cloned()
    }
    .unwrap_or_default()
    .trim()
    .to_owned();
    if description.is_empty() {
        flaws.push(RowFlaw::EmptyDescription);
    }
    let (name, backticked, stray) = split_name(name_cell);
    if !stray.is_empty() {
        flaws.push(RowFlaw::StrayCharacters { text: stray });
    }
    TableRow {
        line: number,
        name,
        description,
        backticked,
        flaws,
        raw: line.to_owned(),
    }
}

/// Separates the name in a name cell from what stands around it: the content of its code span
/// (`` `RoomId` ``, ``` ``ResultType`` ```), else the text from its first letter or digit.
fn split_name(cell: &str) -> (String, bool, String) {
    if let Some((span, name)) = first_code_span(cell) {
        let stray = format!("{}{}", &cell[..span.start], &cell[span.end..])
            .trim()
            .to_owned();
        return (name.trim().to_owned(), true, stray);
    }
    // A plain name: anything before its first letter is stray.
    let start = cell
        .find(|c: char| c.is_alphanumeric())
        .unwrap_or(cell.len());
    (
        cell[start..].trim().to_owned(),
        false,
        cell[..start].trim().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each table not read: its line and why.
    fn unread(page: &Page) -> Vec<(usize, &str)> {
        page.unread_tables
            .iter()
            .map(|table| (table.line, table.reason.as_str()))
            .collect()
    }

    #[test]
    fn rows_keep_their_flaws() {
        let text = "---\nms.date: 05/25/2023\n---\n ## Table\n\n| Property | Description |\n| --- | --- |\n|.`RoomId` | The ID. |\n| `SmtpStatusCode` | No pipe\n| Operation Name | Plain. |\n";
        let page = Page::parse("p.md", text);
        assert_eq!(
            page.date,
            Some(DocDate {
                year: 2023,
                month: 5,
                day: 25
            })
        );
        assert!(page.headings[0].indented);
        let table = page.table("Table").unwrap();
        assert_eq!(table.line, 6);
        let names: Vec<_> = table.rows.iter().map(|row| row.name.as_str()).collect();
        assert_eq!(names, ["RoomId", "SmtpStatusCode", "Operation Name"]);
        assert_eq!(
            table.rows[0].flaws,
            [RowFlaw::StrayCharacters { text: ".".into() }]
        );
        assert_eq!(table.rows[1].flaws, [RowFlaw::MissingClosingPipe]);
        assert_eq!(table.rows[1].description, "No pipe");
        assert!(table.rows[2].flaws.is_empty() && !table.rows[2].backticked);
        assert_eq!(table.rows[2].line, 10);
    }

    #[test]
    fn escaped_pipes_and_code_spans_of_any_fence_are_read_as_github_reads_them() {
        let text = "## A logs\n\n| Property | Description |\n| --- | --- |\n| `Level` | One \\| two, `a\\|b`. |\n| ``ResultType`` | Status. |\n| `` `tick` `` | Ticks. |\n| `Odd\\|Key` | Odd. |\n";
        let page = Page::parse("p.md", text);
        let rows = &page.tables[0].rows;
        let read: Vec<(&str, &str)> = rows
            .iter()
            .map(|row| (row.name.as_str(), row.description.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("Level", "One | two, `a|b`."),
                ("ResultType", "Status."),
                ("`tick`", "Ticks."),
                ("Odd|Key", "Odd.")
            ]
        );
        assert!(
            rows.iter()
                .all(|row| row.flaws.is_empty() && row.backticked)
        );
    }

    #[test]
    fn code_blocks_carry_their_lines_and_heading() {
        let page = Page::parse("p.md", "# A\n```json\n[1,\n]\n```\n");
        assert_eq!(page.code_blocks.len(), 1);
        let block = &page.code_blocks[0];
        assert_eq!(
            (
                block.lang.as_str(),
                block.heading.as_str(),
                block.first_line
            ),
            ("json", "A", 3)
        );
        assert_eq!(block.text, "[1,\n]");
    }

    #[test]
    fn unterminated_front_matter_is_prose() {
        let page = Page::parse("p.md", "---\nms.date: 01/01/2020\n# H\n");
        assert!(page.front_matter.is_empty() && page.date.is_none());
    }

    #[test]
    fn a_two_column_table_under_a_log_heading_is_read_whatever_its_header() {
        let text = "### Network Traversal operational logs\n\n| Dimension | Description |\n|---|---|\n| RouteType | How. |\n\n### Other logs\n\n| Property | Type | Notes |\n| --- | --- | --- |\n| A | string | B |\n\n## Notes\n\n| Term | Meaning |\n| --- | --- |\n| x | y |\n";
        let page = Page::parse("p.md", text);
        assert_eq!(page.tables.len(), 1);
        assert_eq!(page.tables[0].header, "Dimension");
        assert_eq!(page.tables[0].rows[0].name, "RouteType");
        assert_eq!(
            page.unread_tables,
            [UnreadTable {
                heading: "Other logs".into(),
                heading_line: 7,
                line: 9,
                reason: "its header has 3 cells, not 2, and none of them is headed `Description`"
                    .into()
            }]
        );
    }

    #[test]
    fn a_table_of_more_columns_is_read_by_its_description_column() {
        let text = "## A logs\n\n| Property | Type | Description |\n| --- | --- | --- |\n| `A` | string | The a. |\n| `B` | int |\n\n## B logs\n\n| Property | Type | Description |\n| --- | --- | --- |\n| `A` | The a. |\n| `B` | The b. |\n\n## C logs\n\n<TABLE>\n<tr><td>A</td></tr>\n</TABLE>\n\n## Notes\n\n<table><tr><td>x</td></tr></table>\n";
        let page = Page::parse("p.md", text);
        assert_eq!(page.tables.len(), 1);
        let table = &page.tables[0];
        assert_eq!((table.columns.len(), table.description_column), (3, 2));
        assert_eq!(table.rows[0].description, "The a.");
        assert!(table.rows[0].flaws.is_empty());
        assert_eq!(
            table.rows[1].flaws,
            [
                RowFlaw::CellCount {
                    cells: 2,
                    expected: 3
                },
                RowFlaw::EmptyDescription
            ]
        );
        // Rows that all lack the header's third cell: a header edited without its rows. An HTML
        // table under a log heading is reported; under another heading it is no property table.
        assert_eq!(
            unread(&page),
            [
                (10, "its header has 3 cells, not 2 as its rows have"),
                (
                    17,
                    "it is an HTML `<table>`; only Markdown pipe tables are read"
                )
            ]
        );
    }

    #[test]
    fn a_docfx_tab_is_not_a_heading() {
        let text = "### SMS operational logs\n# [Current](#tab/current)\n\n| Property | Description |\n| --- | --- |\n| `A` | a. |\n\n# [Older](#tab/older/windows)\n\nOld.\n\n---\n\n# [Not a tab](#tab)\n";
        let page = Page::parse("p.md", text);
        let headings: Vec<&str> = page.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings, ["SMS operational logs", "[Not a tab](#tab)"]);
        assert_eq!(page.tables[0].heading, "SMS operational logs");
        assert!(is_tab("[Current](#tab/current)"));
        assert!(!is_tab("[Current](#tab/current) and more"));
    }

    #[test]
    fn an_include_standing_for_a_table_is_a_table_not_read() {
        let text = "## SMS operational logs\n\n[!INCLUDE [sms-table](./includes/sms-table.md)]\n\n## Usage logs schema\n\n| Property | Description |\n| --- | --- |\n| `A` | a. |\n\n[!include[note](note.md)]\n\n## Notes\n\n[!INCLUDE [x](x.md)]\n";
        let page = Page::parse("p.md", text);
        // Under a log heading with no table; not beside a table; not under another heading.
        assert_eq!(
            unread(&page),
            [(
                3,
                "it is included from another file (./includes/sms-table.md, by `[!INCLUDE]`), which is not read"
            )]
        );
        assert_eq!(include_path("[!INCLUDE [a](b.md)] and text"), None);
        assert_eq!(include_path("[!NOTE]"), None);
        assert_eq!(include_path("> > [!INCLUDE [a](b.md)]"), Some("b.md"));
    }

    #[test]
    fn an_example_heading_is_no_log_heading() {
        assert!(is_log_heading("Operational Rooms logs schema"));
        assert!(!is_log_heading("Example GetRoom log"));
        assert!(!is_log_heading("Examples: SMS logs"));
        assert!(is_log_heading("Exampled logs"));
        let text = "### Operational Rooms logs schema\n\n#### Example GetRoom log\n\n<table><tr><td>x</td></tr></table>\n\n[!INCLUDE [ex](./includes/getroom.md)]\n";
        assert!(Page::parse("p.md", text).unread_tables.is_empty());
    }

    #[test]
    fn cr_only_line_ends_are_line_ends() {
        let page = Page::parse(
            "p.md",
            "# SMS operational logs\r\r| Property | Description |\r| --- | --- |\r| `A` | B. |\r",
        );
        assert_eq!(page.tables.len(), 1);
        assert_eq!(page.tables[0].rows[0].line, 5);
    }

    #[test]
    fn an_unclosed_fence_ends_before_the_next_heading_and_tables_after_it_are_read() {
        let text = "## A logs\n\n```json\n{\"a\": 1}\n\n## B logs\n\n| Property | Description |\n| --- | --- |\n| `B` | b. |\n\n#### Example\n\n```json\n{}\n```\n";
        let page = Page::parse("p.md", text);
        assert_eq!(
            page.unclosed_fences,
            [UnclosedFence {
                line: 3,
                ended_at: 4
            }]
        );
        assert_eq!(page.code_blocks[0].text, "{\"a\": 1}\n");
        assert_eq!(page.tables.len(), 1);
        assert_eq!(page.code_blocks[1].heading, "Example");
    }
}
