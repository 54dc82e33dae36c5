//! The five documentation pages the catalog was built from, embedded in the binary like the
//! schemas, so `acs-logs docs check` and `docs render --check` work from any directory. A page
//! named on the command line is read from disk instead.
//!
//! `include_str!` makes cargo rebuild when a page changes; a test checks that this list and
//! `docs/source/` hold the same files, so a page added there cannot be forgotten here.

use super::page::Page;

/// (file name, text) of each bundled page, in file-name order.
const BUNDLED: [(&str, &str); 5] = [
    (
        "call-automation-logs.md",
        include_str!("../../../docs/source/call-automation-logs.md"),
    ),
    (
        "communication-services-logs.md",
        include_str!("../../../docs/source/communication-services-logs.md"),
    ),
    (
        "email-logs.md",
        include_str!("../../../docs/source/email-logs.md"),
    ),
    (
        "rooms-logs.md",
        include_str!("../../../docs/source/rooms-logs.md"),
    ),
    (
        "sms-logs.md",
        include_str!("../../../docs/source/sms-logs.md"),
    ),
];

/// The bundled pages, parsed, in file-name order.
pub(crate) fn bundled_pages() -> Vec<Page> {
    BUNDLED
        .iter()
        .map(|(file, text)| Page::parse(file, text))
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn every_page_in_docs_source_is_embedded_as_it_is_on_disk() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/source");
        let mut on_disk: Vec<(String, String)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<(String, String)> = BUNDLED
            .iter()
            .map(|(file, text)| ((*file).to_owned(), (*text).to_owned()))
            .collect();
        assert_eq!(embedded, on_disk);
    }
}
