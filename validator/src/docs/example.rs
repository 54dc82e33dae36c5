//! The example records in a page's fenced `json` blocks, read as the pages present them: a JSON
//! array of flattened records, or one record. A block that is not valid JSON keeps every fault
//! as a finding with its place in the page, and its records are recovered leniently
//! ([`super::lenient`]) so their drift is still checked.

use super::lenient;
use super::page::{CodeBlock, Page};
use serde_json::Value;

/// One fenced JSON example of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Example<'page> {
    /// The code block it came from.
    pub block: &'page CodeBlock,
    /// The records, or the first reason the block is not valid JSON.
    pub parsed: Result<Vec<Value>, ExampleError>,
    /// Every reason the block is not valid JSON, in page order (empty when it is valid).
    pub faults: Vec<ExampleError>,
    /// The records: as parsed when valid, else as recovered by the lenient read.
    pub records: Vec<Value>,
}

/// Why an example block is not valid JSON, placed in the page.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{page}:{line}:{column}: the example is not valid JSON: {message}")]
pub struct ExampleError {
    /// The page file name.
    pub page: String,
    /// 1-based line in the page.
    pub line: usize,
    /// 1-based column in that line.
    pub column: usize,
    /// What is wrong at that place.
    pub message: String,
}

impl Page {
    /// Every `json` code block, parsed.
    pub fn examples(&self) -> Vec<Example<'_>> {
        self.code_blocks
            .iter()
            .filter(|block| block.lang.eq_ignore_ascii_case("json"))
            .map(|block| example(&self.file, block))
            .collect()
    }
}

fn example<'page>(page: &str, block: &'page CodeBlock) -> Example<'page> {
    let place = |line: usize, column: usize, message: String| ExampleError {
        page: page.to_owned(),
        line: block.first_line + line.saturating_sub(1),
        column,
        message,
    };
    let (records, faults) = match serde_json::from_str::<Value>(&block.text) {
        Ok(Value::Array(records)) => (records, Vec::new()),
        Ok(record) => (vec![record], Vec::new()),
        Err(error) => {
            let read = lenient::read(&block.text);
            let mut faults: Vec<ExampleError> = read
                .faults
                .iter()
                .map(|fault| {
                    let message = match fault.opened {
                        Some((line, column)) => format!(
                            "{} (it opens at line {}, column {column})",
                            fault.message,
                            block.first_line + line - 1
                        ),
                        None => fault.message.clone(),
                    };
                    place(fault.line, fault.column, message)
                })
                .collect();
            if faults.is_empty() {
                // The lenient read accepted what serde_json does not: its word stands.
                let message = error.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(text, _)| text)
                    .to_owned();
                faults.push(place(error.line(), error.column().max(1), message));
            }
            (read.records(), faults)
        }
    };
    let parsed = match faults.first() {
        Some(first) => Err(first.clone()),
        None => Ok(records.clone()),
    };
    Example {
        block,
        parsed,
        faults,
        records,
    }
}

/// The 0-based line offset, within a block, at which each top-level record starts: each `{` at
/// depth 0, or at depth 1 inside an array.
pub(super) fn record_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut depth = 0usize;
    let mut in_array = false;
    let mut in_string = false;
    let mut escaped = false;
    for (line_index, line) in text.lines().enumerate() {
        for c in line.chars() {
            if in_string {
                in_string = c != '"' || escaped;
                escaped = c == '\\' && !escaped;
                continue;
            }
            match c {
                '"' => in_string = true,
                '[' if depth == 0 => {
                    in_array = true;
                    depth += 1;
                }
                '{' => {
                    if depth == usize::from(in_array) {
                        starts.push(line_index);
                    }
                    depth += 1;
                }
                '[' => depth += 1,
                '}' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    starts
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_trailing_comma_is_placed_in_the_page() {
        let page = Page::parse("p.md", "# H\n\n```json\n[\n  {\"a\": 1,\n  }\n]\n```\n");
        let examples = page.examples();
        let error = examples[0].parsed.clone().unwrap_err();
        assert_eq!((error.line, error.column), (5, 10));
        assert_eq!(examples[0].records, [serde_json::json!({"a": 1})]);
        assert_eq!(error.message, "trailing comma");
        assert_eq!(
            error.to_string(),
            "p.md:5:10: the example is not valid JSON: trailing comma"
        );
    }

    #[test]
    fn an_array_yields_its_records_and_an_object_itself() {
        let page = Page::parse(
            "p.md",
            "```json\n[{\"a\": 1}, {\"a\": 2}]\n```\n```JSON\n{\"b\": 1}\n```\n```\nnot json\n```\n",
        );
        let counts: Vec<usize> = page
            .examples()
            .iter()
            .map(|example| example.parsed.as_ref().unwrap().len())
            .collect();
        assert_eq!(counts, [2, 1]);
    }

    #[test]
    fn records_start_at_their_opening_brace() {
        assert_eq!(
            record_starts("\n  [\n    {\"a\": {\"b\": 1}},\n\n    {\"c\": \"{\"}\n  ]"),
            [2, 4]
        );
        assert_eq!(record_starts("{\n \"a\": [{}]\n}"), [0]);
    }
}
