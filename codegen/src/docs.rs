//! Schema descriptions as doc comments that rustdoc shows as written, never runs, and does not
//! warn about.
//!
//! A description is Markdown written for people, not Rust. It is parsed with `pulldown-cmark`,
//! the `CommonMark` parser rustdoc itself uses, with rustdoc's options, and edited wherever
//! rustdoc would do what its author did not mean, at any depth of block quotes, lists and
//! footnotes:
//! - a code block would be a doctest: a fenced one is given the `text` language (its fence is
//!   kept, so a four-backtick fence still holds a three-backtick line), an indented one becomes
//!   a `text` fence around the same lines, and a fence left open at the end is closed;
//! - HTML would be rendered, or warned about (`Vec<String>` holds an unclosed `<String>` tag):
//!   its `<` and `>` are escaped, so it shows as typed;
//! - brackets with no link target (`[link]`, `[x][y]`) would be an intra-doc link that does not
//!   resolve: they are escaped;
//! - a bare `http(s)://` URL draws rustdoc's `bare_urls` lint: it is wrapped in `<...>`.
//!
//! Code spans and real Markdown links are left as written. The edited text is parsed and edited
//! again until nothing is left to edit, since one edit can uncover another (an escaped `<pre>`
//! no longer hides the indented lines after it); text still unsafe after [`MAX_ROUNDS`], or
//! with a code block whose fence cannot be found, is shown verbatim in one `text` block.
//!
//! Lines are normalised first. Rustc refuses a bare carriage return in a doc comment, so `\r\n`
//! and a lone `\r` both end a line; trailing whitespace and blank lines go; and indentation that
//! every line shares goes, as rustdoc takes it off a doc comment, so that the text is read here
//! as rustdoc will read it. Text that is data rather than prose (a property name, an enum value)
//! is shown as an inline code span of its JSON spelling ([`code`]), so a newline or an indented
//! line in it can never start a code block.

use proc_macro2::TokenStream;
use pulldown_cmark::{BrokenLink, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use quote::quote;
use std::ops::Range;

/// The description as doc text that rustdoc shows as written, does not run, and does not warn
/// about.
pub(crate) fn escape(description: &str) -> String {
    let normalised = normalise(description);
    let mut text = normalised.clone();
    for _ in 0..MAX_ROUNDS {
        match edits(&text) {
            Some(edits) if edits.is_empty() => return text,
            Some(edits) => text = apply(&text, edits),
            None => break,
        }
    }
    verbatim(&normalised)
}

/// How many times the text is parsed and edited before [`verbatim`] is used instead. One round
/// is usual, two when escaped HTML uncovers something, one more per level of brackets nested in
/// brackets.
const MAX_ROUNDS: usize = 16;

/// The whole text in one `text` code block, for the text that rounds of edits did not make
/// safe: rustdoc runs none of it and shows it character for character, though not as Markdown.
fn verbatim(text: &str) -> String {
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat((longest_run + 1).max(3));
    format!("{fence}text\n{text}\n{fence}")
}

/// The Markdown extensions rustdoc reads doc comments with.
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// One line per line end, without trailing whitespace, trailing blank lines, or the indentation
/// every line shares (counted in characters, spaces and tabs alike, as rustdoc counts it).
fn normalise(description: &str) -> String {
    let unified = description.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = unified.split('\n').map(str::trim_end).collect();
    let indent = lines
        .iter()
        .filter(|line| !line.is_empty())
        .map(|line| line.len() - line.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut lines: Vec<&str> = lines
        .into_iter()
        .map(|line| line.get(indent..).unwrap_or_default())
        .collect();
    while lines.last().is_some_and(|line| line.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

/// Text to put in place of a range of the description (an insertion when the range is empty).
struct Edit {
    range: Range<usize>,
    with: String,
}

impl Edit {
    fn insert(at: usize, with: &str) -> Edit {
        Edit {
            range: at..at,
            with: with.to_owned(),
        }
    }
}

/// The text with the edits made, in order of place (and, at one place, in the order given); an
/// edit overlapping an earlier one is left for the next round.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len() + 8 * edits.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.with);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Every edit one parse of the text calls for, or `None` when a code block cannot be made a
/// `text` one by editing.
fn edits(text: &str) -> Option<Vec<Edit>> {
    // Rustdoc takes every bracketed text without a target for an intra-doc link, so a broken
    // link is parsed as a link here too, and its place noted.
    let mut broken = Vec::new();
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_with_broken_link_callback(
        text,
        rustdoc_options(),
        Some(|link: BrokenLink<'_>| {
            broken.push(link.span);
            Some((CowStr::Borrowed(""), CowStr::Borrowed("")))
        }),
    )
    .into_offset_iter()
    .collect();
    let mut edits = Vec::new();
    let mut containers = 0_usize;
    let mut links = 0_usize;
    let mut block: Option<CodeBlock<'_>> = None;
    let mut code_spans = Vec::new();
    let mut prose = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::BlockQuote(_) | Tag::Item | Tag::FootnoteDefinition(_)) => {
                containers += 1;
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::Item | TagEnd::FootnoteDefinition) => {
                containers = containers.saturating_sub(1);
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => links = links.saturating_sub(1),
            Event::Start(Tag::CodeBlock(kind)) => {
                block = Some(CodeBlock {
                    kind,
                    range,
                    top_level: containers == 0,
                    lines: Vec::new(),
                });
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = block.take() {
                    edits.extend(block.edits(text)?);
                }
            }
            Event::Text(content) => match &mut block {
                Some(block) => block.lines.push((range, content)),
                None if links == 0 => prose.push(range),
                None => {}
            },
            Event::Code(_) => code_spans.push(range),
            Event::Html(_) | Event::InlineHtml(_) => {
                edits.extend(escape_bytes(text, range, b"<>", &[]));
            }
            _ => {}
        }
    }
    for span in broken {
        edits.extend(escape_bytes(text, span, b"[]", &code_spans));
    }
    // A URL's closing `>` goes in before a backslash inserted at the same place (escaping the
    // `[` or `<` right after the URL), which would otherwise escape it.
    let mut urls_first = wrap_bare_urls(text, &prose);
    urls_first.extend(edits);
    Some(urls_first)
}

/// A code block as parsed: its kind, its range, whether it is outside every container, and
/// the text of its lines.
struct CodeBlock<'a> {
    kind: CodeBlockKind<'a>,
    range: Range<usize>,
    top_level: bool,
    lines: Vec<(Range<usize>, CowStr<'a>)>,
}

impl CodeBlock<'_> {
    /// What makes the block a `text` block, closed, that shows the same lines; `None` when
    /// its fence is not where the parser said it starts.
    fn edits(&self, text: &str) -> Option<Vec<Edit>> {
        match &self.kind {
            CodeBlockKind::Fenced(info) => self.fenced_edits(text, info),
            CodeBlockKind::Indented => Some(vec![self.indented_edit(text)]),
        }
    }

    /// A fenced block keeps its fence and gets the `text` language; left open at the end of
    /// the description, it is closed (in a container it ends with the container).
    fn fenced_edits(&self, text: &str, info: &str) -> Option<Vec<Edit>> {
        let start = self.range.start;
        let fence_char = text.as_bytes()[start];
        let run = text[start..]
            .bytes()
            .take_while(|&byte| byte == fence_char)
            .count();
        let fence = &text[start..start + run];
        if run < 3 {
            return None;
        }
        let mut edits = Vec::new();
        if info != "text" {
            let line_end = text[start..]
                .find('\n')
                .map_or(text.len(), |end| start + end);
            edits.push(Edit {
                range: start + run..line_end,
                with: "text".to_owned(),
            });
        }
        if self.top_level && !closed(&text[self.range.clone()], fence_char, run) {
            let newline = if text.ends_with('\n') { "" } else { "\n" };
            edits.push(Edit::insert(text.len(), &format!("{newline}{fence}")));
        }
        Some(edits)
    }

    /// An indented block becomes a `text` fence around the same lines, at the same depth: the
    /// fence lines and every line of the block start with the block quote markers and list
    /// indentation it is in (a list marker on its first line opens the fence).
    fn indented_edit(&self, text: &str) -> Edit {
        let line_start = text[..self.range.start]
            .rfind('\n')
            .map_or(0, |end| end + 1);
        let prefix = container_prefix(&text[line_start..self.range.start]);
        let continuation: String = prefix
            .chars()
            .map(|c| if c == '>' { '>' } else { ' ' })
            .collect();
        let code: String = self.lines.iter().map(|(_, line)| line.as_ref()).collect();
        let code = code.strip_suffix('\n').unwrap_or(&code);
        let longest_run = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat((longest_run + 1).max(3));
        let mut with = format!("{prefix}{fence}text");
        for line in code.split('\n') {
            with.push('\n');
            with.push_str(format!("{continuation}{line}").trim_end());
        }
        with = with + "\n" + &continuation + &fence;
        let end = self
            .lines
            .last()
            .map_or(self.range.end, |(range, _)| range.end);
        let end = if text[..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
        Edit {
            range: line_start..end,
            with,
        }
    }
}

/// Whether a fenced block's text (from its opening fence) ends with a closing fence. Only
/// asked of a block outside every container, whose closing fence is indented less than four.
fn closed(block: &str, fence_char: u8, run: usize) -> bool {
    let Some((_, rest)) = block.split_once('\n') else {
        return false;
    };
    let last = rest.rsplit('\n').next().unwrap_or_default();
    let unindented = last.trim_start_matches(' ');
    let body = unindented.trim_end();
    last.len() - unindented.len() < 4
        && body.len() >= run
        && body.bytes().all(|byte| byte == fence_char)
}

/// The markers and indentation of the containers an indented code block's first line is in:
/// the text before the block on its line, tabs expanded, less the block's four columns, with a
/// space after each `>`.
fn container_prefix(before: &str) -> String {
    let mut prefix = String::new();
    let mut column = 0;
    for c in before.chars() {
        if c == '\t' {
            let next = column + 4 - column % 4;
            prefix.extend(std::iter::repeat_n(' ', next - column));
            column = next;
        } else {
            prefix.push(c);
            column += 1;
        }
    }
    let spaces = prefix.len() - prefix.trim_end_matches(' ').len();
    prefix.truncate(prefix.len() - spaces.min(4));
    // A space after every `>`: a block quote takes one space after its marker as part of it,
    // so the lines after, which have one, line up with this one only if it has one too.
    let mut lined_up = String::with_capacity(prefix.len() + 2);
    let mut chars = prefix.chars().peekable();
    while let Some(c) = chars.next() {
        lined_up.push(c);
        if c == '>' && chars.peek() != Some(&' ') {
            lined_up.push(' ');
        }
    }
    lined_up
}

/// A backslash before each of `bytes` in `range` that is not escaped already nor in one of
/// `keep` (code spans, where a backslash would show).
fn escape_bytes(text: &str, range: Range<usize>, bytes: &[u8], keep: &[Range<usize>]) -> Vec<Edit> {
    range
        .filter(|&at| bytes.contains(&text.as_bytes()[at]))
        .filter(|&at| !escaped(text, at) && !keep.iter().any(|kept| kept.contains(&at)))
        .map(|at| Edit::insert(at, "\\"))
        .collect()
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(text: &str, at: usize) -> bool {
    let backslashes = text.as_bytes()[..at]
        .iter()
        .rev()
        .take_while(|&&byte| byte == b'\\')
        .count();
    backslashes % 2 == 1
}

/// `<` and `>` around each `http://` or `https://` URL in plain text (`prose`: the ranges of
/// text outside links and code), so that rustdoc takes it for a link. Trailing punctuation
/// (`.`, `,`, a `)` without its `(`) is left outside. A URL glued to a `*` or `_` is left as it
/// is: next to `<` or `>`, the `*` or `_` could open or close emphasis where it did not, or the
/// other way round.
fn wrap_bare_urls(text: &str, prose: &[Range<usize>]) -> Vec<Edit> {
    // Text events split at characters that might have been Markdown (`_`, quotes): adjacent
    // ones are one run of text.
    let mut runs: Vec<Range<usize>> = Vec::new();
    for range in prose {
        match runs.last_mut() {
            Some(last) if last.end == range.start => last.end = range.end,
            _ => runs.push(range.clone()),
        }
    }
    let mut edits = Vec::new();
    for run in runs {
        let mut from = run.start;
        while let Some(found) = ["http://", "https://"]
            .iter()
            .filter_map(|scheme| text[from..run.end].find(scheme))
            .min()
        {
            let start = from + found;
            let length = text[start..run.end]
                .find(|c: char| c.is_whitespace() || c.is_control() || "<>`\\*".contains(c))
                .unwrap_or(run.end - start);
            let url = trim_url(&text[start..start + length]);
            from = start + url.len().max(1);
            let glued = |at: Option<&u8>| at.is_some_and(|byte| b"*_".contains(byte));
            if url.ends_with("://")
                || glued(text.as_bytes()[..start].last())
                || glued(text.as_bytes().get(start + url.len()))
            {
                continue;
            }
            edits.push(Edit::insert(start, "<"));
            edits.push(Edit::insert(start + url.len(), ">"));
        }
    }
    edits
}

/// A URL without the punctuation that more likely ends the sentence around it.
fn trim_url(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ':', ';', '!', '?', '\'', '"', '*', '_']);
        let trimmed = match trimmed.strip_suffix(')') {
            Some(inner) if inner.matches('(').count() < trimmed.matches(')').count() => inner,
            _ => trimmed,
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
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

    /// The code blocks in a doc text that rustdoc would run: all but `text` ones.
    fn runnable(doc: &str) -> Vec<String> {
        Parser::new_ext(doc, rustdoc_options())
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "text" => {
                    None
                }
                Event::Start(Tag::CodeBlock(_)) => Some(doc[range].to_owned()),
                _ => None,
            })
            .collect()
    }

    /// What a reader sees of Markdown: its HTML, less what the escaping changes and a reader
    /// does not see (a code block's language, `&lt;` for a `<` rustdoc would have taken for a
    /// tag, a link around a URL that was not one).
    fn shown(markdown: &str) -> String {
        // Ended by a line end, as in a doc comment: pulldown-cmark leaves it off the last line of
        // a code block at the very end.
        let markdown = format!("{markdown}\n");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(&markdown, rustdoc_options()));
        let mut seen = String::new();
        let mut rest = html.as_str();
        while let Some(start) = rest.find('<') {
            seen.push_str(&rest[..start]);
            let tag_end = rest[start..]
                .find('>')
                .map_or(rest.len(), |end| start + end + 1);
            let tag = &rest[start..tag_end];
            if tag.starts_with("<code class=") {
                seen.push_str("<code>");
            } else if !(tag.starts_with("<a ") || tag == "</a>") {
                seen.push_str(tag);
            }
            rest = &rest[tag_end..];
        }
        seen.push_str(rest);
        seen.replace("&lt;", "<").replace("&gt;", ">")
    }

    /// Asserts that the escaped description runs nothing and shows as the description did.
    fn assert_safe_and_shown_as_written(description: &str) -> String {
        let doc = escape(description);
        assert_eq!(
            runnable(&doc),
            Vec::<String>::new(),
            "{description:?} gave {doc:?}"
        );
        assert_eq!(
            shown(&doc),
            shown(&normalise(description)),
            "{description:?} gave {doc:?}"
        );
        doc
    }

    #[test]
    fn code_blocks_at_any_depth_become_text_blocks_showing_the_same_lines() {
        for (description, doc) in [
            (
                "> quote\n>\n>     quoted code assert!(false);",
                "> quote\n>\n> ```text\n> quoted code assert!(false);\n> ```",
            ),
            (
                "> ```\n> assert!(false);\n> ```",
                "> ```text\n> assert!(false);\n> ```",
            ),
            (
                "> > ~~~~\n> > assert!(false);\n> > ~~~~",
                "> > ~~~~text\n> > assert!(false);\n> > ~~~~",
            ),
            (
                "* a\n  > ```rust\n  > assert!(false);\n  > ```",
                "* a\n  > ```text\n  > assert!(false);\n  > ```",
            ),
            (
                "- item\n\n  ```\n  assert!(false);\n  ```",
                "- item\n\n  ```text\n  assert!(false);\n  ```",
            ),
            (
                "1. step\n\n       assert!(false);",
                "1. step\n\n   ```text\n   assert!(false);\n   ```",
            ),
            (
                "Top level.\n\n    let x = 1;\n\n    assert_eq!(x, 2);\n\nEnd",
                "Top level.\n\n```text\nlet x = 1;\n\nassert_eq!(x, 2);\n```\n\nEnd",
            ),
            (
                "Tabbed code:\n\n\tfn main() { panic!() }\n",
                "Tabbed code:\n\n```text\nfn main() { panic!() }\n```",
            ),
            (
                ">1.\t\t  x\n>    y",
                "> 1. ```text\n>      x\n>    ```\n>    y",
            ),
            (
                "-     code ```\n      more",
                "- ````text\n  code ```\n  more\n  ````",
            ),
        ] {
            assert_eq!(assert_safe_and_shown_as_written(description), doc);
        }
    }

    #[test]
    fn a_fence_keeps_its_length_so_a_shorter_one_inside_stays_text() {
        let description =
            "```rust,should_panic\nassert!(false);\n```\n````\n```\nassert!(false)\n````";
        assert_eq!(
            assert_safe_and_shown_as_written(description),
            "```text\nassert!(false);\n```\n````text\n```\nassert!(false)\n````"
        );
    }

    #[test]
    fn a_fence_left_open_is_closed_where_the_description_ends() {
        assert_eq!(
            assert_safe_and_shown_as_written("x\n\n~~~rust\nopen\n\n"),
            "x\n\n~~~text\nopen\n~~~"
        );
        assert_eq!(
            assert_safe_and_shown_as_written("````\n```"),
            "````text\n```\n````"
        );
    }

    #[test]
    fn text_that_rounds_of_edits_leave_unsafe_is_shown_verbatim() {
        assert_eq!(verbatim("a\n```\nb"), "````text\na\n```\nb\n````");
        assert_eq!(
            runnable(&verbatim("    x\n```rust\ny")),
            Vec::<String>::new()
        );
        let nested = format!(
            "{}x{}",
            "[".repeat(MAX_ROUNDS + 1),
            "]".repeat(MAX_ROUNDS + 1)
        );
        assert_eq!(escape(&nested), verbatim(&nested));
    }

    #[test]
    fn indentation_every_line_shares_goes_as_rustdoc_takes_it_off() {
        assert_eq!(escape("    a\n      b\n\n    c  "), "a\n  b\n\nc");
    }

    #[test]
    fn html_unresolved_brackets_and_bare_urls_are_escaped_outside_code_and_links() {
        for (description, doc) in [
            (
                "HTML <T> and <br> and Vec<String> and [link] and [x][y] and http://example.com",
                "HTML \\<T\\> and \\<br\\> and Vec\\<String\\> and \\[link\\] and \\[x\\]\\[y\\] and <http://example.com>",
            ),
            (
                "`Vec<T>` and [`Foo`] and [docs](https://x.io) and [ref] and <https://y.io> and \\[z]\n\n[ref]: https://z.io",
                "`Vec<T>` and \\[`Foo`\\] and [docs](https://x.io) and [ref] and <https://y.io> and \\[z]\n\n[ref]: https://z.io",
            ),
            (
                "See http://example.com/a_(b). Or (https://x.io/y), http:// alone.",
                "See <http://example.com/a_(b)>. Or (<https://x.io/y>), http:// alone.",
            ),
            (
                "<pre>\n\n    assert!(false);\n\n</pre>",
                "\\<pre\\>\n\n```text\nassert!(false);\n```\n\n\\</pre\\>",
            ),
            (
                "*http://a.io* and x_http://b.io_",
                "*http://a.io* and x_http://b.io_",
            ),
            ("[http://in.brackets]", "\\[<http://in.brackets>\\]"),
            (
                "http://example.com[x] and http://example.com<b>",
                "<http://example.com>\\[x\\] and <http://example.com>\\<b\\>",
            ),
        ] {
            assert_eq!(escape(description), doc);
        }
    }

    /// Every arrangement of a few lines, each a container's markers before a line that could
    /// open or close a code block: none gives a block rustdoc runs, and all show as written.
    #[test]
    fn no_nesting_of_quotes_lists_and_code_gives_a_doctest() {
        let containers = ["", "> ", "- ", "  ", "> > ", "* > ", "1. ", "   "];
        let contents = [
            "x",
            "",
            "    code",
            "\tcode",
            "```",
            "```rust",
            "~~~~",
            "````",
            "  ```",
            "> x",
            "<T> [a] http://e.io/a_b.",
            "`<c>` [b](u) [^1]",
        ];
        let lines: Vec<String> = containers
            .iter()
            .flat_map(|container| {
                contents
                    .iter()
                    .map(move |content| format!("{container}{content}"))
            })
            .collect();
        // A fixed walk through the arrangements of four lines (a linear congruential sequence),
        // after every arrangement of two.
        let mut seed: u64 = 0x5eed;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or_default() % lines.len()
        };
        for first in &lines {
            for second in &lines {
                assert_safe_and_shown_as_written(&format!("{first}\n{second}"));
            }
        }
        for _ in 0..20_000 {
            let description = [next(), next(), next(), next()]
                .map(|line| lines[line].as_str())
                .join("\n");
            assert_safe_and_shown_as_written(&description);
        }
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

    /// Descriptions made of pieces of Markdown in a fixed pseudo-random order: none gives a block
    /// rustdoc runs, and all show as written. (Raw HTML is left out: an HTML block escaped is
    /// shown as a paragraph of its text, by design; so are brackets, which rustdoc parses with
    /// its broken-link callback and a plain renderer without.)
    #[test]
    fn no_mix_of_markdown_pieces_gives_a_doctest() {
        let pieces = [
            "\n",
            " ",
            "\t",
            ">",
            "-",
            "*",
            "1.",
            "`",
            "```",
            "~~~",
            "(",
            ")",
            "http://a.b",
            "é",
            "x",
            "_",
            ":",
            "#",
            "|",
            "    ",
        ];
        let mut seed: u64 = 7;
        let mut next = |below: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap_or_default() % below
        };
        for _ in 0..20_000 {
            let length = 2 + next(30);
            let description: String = (0..length).map(|_| pieces[next(pieces.len())]).collect();
            // Smart punctuation makes `--` a dash in text, and not in a link.
            if !description.contains("--") {
                assert_safe_and_shown_as_written(&description);
            }
        }
    }
}
