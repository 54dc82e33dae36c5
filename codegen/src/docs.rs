//! Schema descriptions as doc comments, made safe for rustdoc.
//!
//! A description is prose written for people, not Rust: rustdoc must never compile it as a
//! doctest. Two Markdown constructs would make it one, and both are neutralised:
//! - an indented code block (a line indented by four spaces or a tab): every line is unindented;
//! - a fenced code block with no language or a Rust one: every opening fence is given the
//!   `text` language, and a fence left open is closed.

use proc_macro2::TokenStream;
use quote::quote;

/// The description as doc text that rustdoc will not run.
pub(crate) fn escape(description: &str) -> String {
    let mut lines = Vec::new();
    let mut open_fence: Option<&str> = None;
    for line in description.lines() {
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
}
