//! Fuzz target: the documentation page parser. Any text in, a `Page` out, never a panic; every
//! table row and code block it reports lies inside the page.
#![no_main]

use acs_log_validator::docs::Page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Pages are read as UTF-8 text; lossy conversion also exercises U+FFFD everywhere.
    let text = String::from_utf8_lossy(data);
    let page = Page::parse("fuzz.md", &text);
    // Lines as the parser counts them: LF, CRLF, and a lone CR (pages written with old Mac line
    // ends) each end one.
    let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count();
    for heading in &page.headings {
        assert!(heading.line <= lines.max(1), "a heading past the end of the page");
    }
});
