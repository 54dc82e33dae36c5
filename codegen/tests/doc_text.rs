//! Any text in a schema gives doc comments that rustdoc shows as the text and never runs: no
//! bare carriage return (rustc refuses one), no line indented into a code block, no fence
//! without a language, wherever the text comes from (a description, a key, an enum value).

// Test helpers may unwrap and panic: a failed assumption in a test is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use acs_log_codegen::{Generator, Settings};
use serde_json::json;

#[test]
fn hazardous_text_reaches_docs_safely() {
    let code = "\n\n    panic!(\"x\")\n\n\tunreachable!()\r\n```\nassert!(false)\n```";
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
    let mut open_fence = false;
    for line in source.lines() {
        let Some(doc) = line.trim_start().strip_prefix("///") else {
            continue;
        };
        let text = doc.strip_prefix(' ').unwrap_or(doc);
        assert!(
            !text.starts_with("    ") && !text.starts_with('\t'),
            "indented doc line (a code block): {line:?}"
        );
        if text.starts_with("```") {
            assert!(
                open_fence || text == "```text",
                "a fence rustdoc would run: {line:?}"
            );
            open_fence = !open_fence;
        }
    }
    assert!(!open_fence, "a fence left open");
}
