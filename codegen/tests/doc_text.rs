//! Any text in a schema gives doc comments that rustdoc shows as the text and never runs: no
//! bare carriage return (rustc refuses one), and no code block but `text` ones, at any depth of
//! block quotes and lists, wherever the text comes from (a description, a key, an enum value).

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, Settings};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
use serde_json::json;

#[test]
fn hazardous_text_reaches_docs_safely() {
    let code = "\n\n    panic!(\"x\")\n\n\tunreachable!()\r\n```\nassert!(false)\n```\n\n> ```\n> assert!(false)\n> ```\n\n- >     quoted()";
    let schema = json!({
        "title": format!("title{code}"),
        "description": format!("Windows\r\nline\rbare{code}"),
        "type": "object",
        "properties": {
            format!("key{code}"): { "type": "string" },
            "value": { "enum": [format!("enum{code}"), "`", "x\ry"] },
            "constant": { "const": format!("const{code}") }
        }
    });
    let dir = std::env::temp_dir().join(format!("acs-codegen-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("hazards.json"), schema.to_string()).unwrap();
    let source = Generator::new(Settings::new())
        .base_dir(&dir)
        .input("hazards.json")
        .generate()
        .unwrap()
        .to_formatted_string()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        !source.contains('\r'),
        "a carriage return reached the output"
    );
    for doc in doc_comments(&source) {
        let runnable: Vec<&str> = Parser::new_ext(&doc, Options::ENABLE_FOOTNOTES)
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if &*info == "text" => {
                    None
                }
                Event::Start(Tag::CodeBlock(_)) => Some(&doc[range]),
                _ => None,
            })
            .collect();
        assert!(
            runnable.is_empty(),
            "code blocks rustdoc would run: {runnable:?} in\n{doc}"
        );
    }
}

/// The text of each doc comment in generated source, as rustdoc reads it (one space after
/// `///` taken off every line).
fn doc_comments(source: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut doc: Option<String> = None;
    for line in source.lines() {
        match line.trim_start().strip_prefix("///") {
            Some(text) => {
                let doc = doc.get_or_insert_with(String::new);
                doc.push_str(text.strip_prefix(' ').unwrap_or(text));
                doc.push('\n');
            }
            None => docs.extend(doc.take()),
        }
    }
    docs.extend(doc);
    docs
}
