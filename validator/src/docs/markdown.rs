//! The Markdown of a property table's cells, read and written by one set of rules, so that the
//! rows `docs render` and `suggest` write, `docs check` reads back the same.
//!
//! Reading follows GitHub-flavoured Markdown: a row splits at each `|` with no backslash before
//! it, and `\|` is a pipe in the cell's text (inside code spans too). A name cell's code span is
//! read as `CommonMark` reads one: a run of backticks of any length, closed by a run of the same
//! length, one space stripped from each end when both ends have one. Writing is the inverse: a
//! pipe is escaped, and a code span's fence is longer than any run of backticks inside it.

use std::ops::Range;

/// The header and separator rows of a property table, exactly as the pages write them.
pub(crate) const TABLE_HEAD: &str = "| Property | Description |\n| -------- | ---------------|\n";

/// Splits a table line into its cells, each with `\|` read as `|`; the flag says whether the
/// line ended with a pipe (a closing pipe, not a last empty cell).
///
/// As GitHub's cmark-gfm does: a pipe right after a backslash is in the cell whatever comes
/// before that backslash (`\\|` too: its cell scanner takes the longest match), and the one
/// backslash before each such pipe is then dropped.
pub(super) fn split_row(line: &str) -> (Vec<String>, bool) {
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix('|').unwrap_or(trimmed);
    let mut cells = Vec::new();
    let mut start = 0;
    let mut previous = None;
    for (index, c) in inner.char_indices() {
        if c == '|' && previous != Some('\\') {
            cells.push(&inner[start..index]);
            start = index + 1;
        }
        previous = Some(c);
    }
    let rest = &inner[start..];
    // The text after the last pipe is a cell unless there is none: then that pipe closed the row.
    let closed = !cells.is_empty() && rest.is_empty();
    if !closed {
        cells.push(rest);
    }
    let cells = cells.iter().map(|cell| cell.replace("\\|", "|")).collect();
    (cells, closed)
}

/// The first code span in `text`: its byte range (fences included) and its content as
/// `CommonMark` reads it. A run of backticks with no run of the same length after it is text.
pub(super) fn first_code_span(text: &str) -> Option<(Range<usize>, String)> {
    let bytes = text.as_bytes();
    let run_at = |start: usize| {
        bytes[start..]
            .iter()
            .take_while(|&&byte| byte == b'`')
            .count()
    };
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            // A backslash-escaped backtick opens nothing.
            b'\\' => index += 2,
            b'`' => {
                let open = run_at(index);
                let content_start = index + open;
                let mut probe = content_start;
                while probe < bytes.len() {
                    if bytes[probe] == b'`' {
                        let close = run_at(probe);
                        if close == open {
                            let content = &text[content_start..probe];
                            return Some((index..probe + close, span_content(content)));
                        }
                        probe += close;
                    } else {
                        probe += 1;
                    }
                }
                index = content_start;
            }
            _ => index += 1,
        }
    }
    None
}

/// A code span's text as `CommonMark` gives it: line ends become spaces, and one space is taken
/// from each end when both ends have one (and the text is not all spaces).
fn span_content(raw: &str) -> String {
    let text = raw.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let padded = text.len() >= 2 && text.starts_with(' ') && text.ends_with(' ');
    if padded && text.bytes().any(|byte| byte != b' ') {
        text[1..text.len() - 1].to_owned()
    } else {
        text
    }
}

/// `text` as a code span that reads back as `text`: fenced by one backtick more than its longest
/// run of backticks, and padded with a space on each side when it starts or ends with a
/// backtick, or starts and ends with a space (which the reader would otherwise take away).
pub(crate) fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.len() >= 2
            && text.starts_with(' ')
            && text.ends_with(' ')
            && text.bytes().any(|byte| byte != b' '));
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// `text` as the text of one cell: a pipe would end the cell and a line end the row.
pub(crate) fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// One row of a property table: the name (in a code span, or as it is) and the description.
pub(crate) fn property_row(name: &str, description: &str, backticks: bool) -> String {
    let name = if backticks {
        code_span(name)
    } else {
        name.to_owned()
    };
    format!("| {} | {} |", cell(&name), cell(description))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_splits_at_unescaped_pipes_only() {
        let (cells, closed) =
            split_row("| `Level` | The severity \\| level, `Informational` \\| `Error`. |");
        assert_eq!(
            cells,
            [
                " `Level` ",
                " The severity | level, `Informational` | `Error`. "
            ]
        );
        assert!(closed);
        // A pipe right after a backslash never ends a cell, even after `\\`.
        let (cells, closed) = split_row("| a \\\\| b |");
        assert_eq!(cells, [" a \\| b "]);
        assert!(closed);
        // A row ending in an escaped pipe has no closing pipe.
        assert_eq!(
            split_row("| a | b \\|"),
            (vec![" a ".into(), " b |".into()], false)
        );
        assert_eq!(split_row("|"), (vec![String::new()], false));
        assert_eq!(split_row("||"), (vec![String::new()], true));
    }

    #[test]
    fn code_spans_of_any_fence_length_are_read() {
        let span = first_code_span;
        assert_eq!(span("``ResultType``"), Some((0..14, "ResultType".into())));
        assert_eq!(span(".`RoomId`"), Some((1..9, "RoomId".into())));
        assert_eq!(span("`` `tick` ``"), Some((0..12, "`tick`".into())));
        assert_eq!(span("``a`b``"), Some((0..7, "a`b".into())));
        // Unmatched runs are text; the span starts at the first run that closes.
        assert_eq!(span("``a`"), None);
        assert_eq!(span("``` x `y`"), Some((6..9, "y".into())));
        assert_eq!(span("\\`a `b`"), Some((4..7, "b".into())));
        assert_eq!(span("`  `"), Some((0..4, "  ".into())));
    }

    #[test]
    fn what_is_written_reads_back() {
        for text in [
            "Odd|Key", "`tick`", "a``b", " padded ", "plain", "`", "a\\b",
        ] {
            let row = property_row(text, "A | B \\| C", true);
            let (cells, closed) = split_row(&row);
            assert!(closed, "{row}");
            assert_eq!(cells.len(), 2, "{row}");
            let (_, name) = first_code_span(&cells[0]).unwrap();
            assert_eq!(name, text, "{row}");
            assert_eq!(cells[1].trim(), "A | B \\| C", "{row}");
        }
        assert_eq!(code_span("`tick`"), "`` `tick` ``");
        assert_eq!(property_row("Odd|Key", "d", true), "| `Odd\\|Key` | d |");
        assert_eq!(property_row("Name", "d", false), "| Name | d |");
    }
}
