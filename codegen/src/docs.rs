//! Schema descriptions as doc comments, made safe for rustdoc.
//!
//! A description is prose written for people, not Rust: rustdoc must never compile it as a
//! doctest. Two Markdown constructs would make it one, and both are neutralised:
//! - an indented code block (a line indented by four spaces or a tab): every line is unindented;
//! - a fenced code block with no language or a Rust one: every opening fence is given the
//!   `text` language, and a fence left open is closed.
//!
//! Line ends are normalised first: rustc refuses a bare carriage return in a doc comment, so
//! `\r\n` and a lone `\r` both end a line. Text that is data rather than prose (a property
//! name, an enum value) is shown as an inline code span of its JSON spelling ([`code`]), so a
//! newline or an indented line in it can never start a code block.

use proc_macro2::TokenStream;
use quote::quote;

/// The description as doc text that rustdoc will not run.
pub(crate) fn escape(description: &str) -> String {
    let mut lines = Vec::new();
    let mut open_fence: Option<&str> = None;
    let normalised = description.replace("\r\n", "\n").replace('\r', "\n");
    for line in normalised.lines() {
        let line = line.trim();
        let fence = ["```", "~~~"]
            .into_iter()
            .find(|fence| line.starts_with(fence));
        match (fence, open_fence) {
            (Some(fence), None) => {
                open_fence = Some(fence);
                lines.push(format!("{fence}text"));
            }
            (Some(fence), Some(open)) if fence == open => {
                open_fence = None;
                lines.push(fence.to_owned());
            }
            _ => lines.push(line.to_owned()),
        }
    }
    if let Some(fence) = open_fence {
        lines.push(fence.to_owned());
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines.join("\n")
}

/// A value from the data (a key, an enum value) as an inline code span of its JSON spelling:
/// one line whatever it holds, fenced by more backticks than it contains in a row.
pub(crate) fn code(value: &str) -> String {
    let json = serde_json::Value::String(value.to_owned()).to_string();
    let spelled = json
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .unwrap_or(&json);
    let longest_run = spelled.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    // A space on each side keeps a backtick at either end from joining the fence.
    let pad = if spelled.starts_with('`') || spelled.ends_with('`') || spelled.is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{spelled}{pad}{fence}")
}

/// `#[doc = "..."]` attributes, one per line, for already escaped text.
pub(crate) fn attributes(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    quote! { #( #[doc = #lines] )* }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unindents_code_blocks_and_labels_fences_as_text() {
        let text = "Example:\n\n    let x = 1;\n```\nfn main() {}\n```\n~~~rust\nx\n";
        assert_eq!(
            escape(text),
            "Example:\n\nlet x = 1;\n```text\nfn main() {}\n```\n~~~text\nx\n~~~"
        );
    }

    #[test]
    fn carriage_returns_end_lines() {
        assert_eq!(escape("x\ry"), "x\ny");
        assert_eq!(escape("a\r\nb\rc"), "a\nb\nc");
        assert!(!attributes(&escape("x\ry")).to_string().contains('\r'));
    }

    #[test]
    fn data_text_is_one_inline_code_span() {
        assert_eq!(code("a b"), "`a b`");
        assert_eq!(code("k\n\n    panic!()"), "`k\\n\\n    panic!()`");
        assert_eq!(code("back`tick"), "``back`tick``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code(""), "`  `");
        assert_eq!(code("x\ry"), "`x\\ry`");
    }
}
