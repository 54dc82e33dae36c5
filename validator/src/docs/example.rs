//! The example records in a page's fenced `json` blocks, read as the pages present them: a JSON
//! array of flattened records, or one record. A block that is not valid JSON is kept as a
//! finding with its place in the page, never repaired.

use super::page::{CodeBlock, Page};
use serde_json::Value;

/// One fenced JSON example of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Example<'page> {
    /// The code block it came from.
    pub block: &'page CodeBlock,
    /// The records, or why the block is not valid JSON.
    pub parsed: Result<Vec<Value>, ExampleError>,
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
    /// What the JSON parser said, without its own position suffix.
    pub message: String,
}

impl Page {
    /// Every `json` code block, parsed.
    pub fn examples(&self) -> Vec<Example<'_>> {
        self.code_blocks
            .iter()
            .filter(|block| block.lang.eq_ignore_ascii_case("json"))
            .map(|block| Example {
                block,
                parsed: parse_block(&self.file, block),
            })
            .collect()
    }
}

fn parse_block(page: &str, block: &CodeBlock) -> Result<Vec<Value>, ExampleError> {
    match serde_json::from_str::<Value>(&block.text) {
        Ok(Value::Array(records)) => Ok(records),
        Ok(record) => Ok(vec![record]),
        Err(error) => {
            let message = error.to_string();
            // serde_json appends " at line L column C"; the page position replaces it.
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(text, _)| text)
                .to_owned();
            let (line, column) = if message == "trailing comma" {
                comma_before(&block.text, error.line(), error.column())
            } else {
                (error.line(), error.column())
            };
            Err(ExampleError {
                page: page.to_owned(),
                line: block.first_line + line.saturating_sub(1),
                column,
                message,
            })
        }
    }
}

/// `serde_json` places a trailing-comma error at the bracket that follows the comma; a maintainer
/// wants the comma. Walks back over white space from (line, column), both 1-based.
fn comma_before(text: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = text.split('\n').collect();
    let (mut row, mut col) = (line.saturating_sub(1), column.saturating_sub(1));
    loop {
        let chars: Vec<char> = lines
            .get(row)
            .map_or_else(Vec::new, |text| text.chars().collect());
        while col > 0 {
            col -= 1;
            match chars.get(col) {
                Some(',') => return (row + 1, col + 1),
                Some(c) if c.is_whitespace() => {}
                _ => return (line, column),
            }
        }
        if row == 0 {
            return (line, column);
        }
        row -= 1;
        col = lines.get(row).map_or(0, |text| text.chars().count());
    }
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
}
