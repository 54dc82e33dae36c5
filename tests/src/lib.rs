//! Workspace-level tests live under `tests/tests/`; this library is empty on purpose.
//!
//! The checked-in snapshots of generated code (`tests/codegen/**/*.rs`) are compiled by the
//! `gallery` test target, not here, so a stale or broken snapshot never stops the `snapshots`
//! test from running and writing the new output.

/// The gallery schema whose descriptions hold code blocks, compiled in this library so that
/// `cargo test` runs rustdoc over its doc comments: a description that escaped as a doctest
/// would fail the suite.
#[allow(clippy::doc_markdown)]
pub mod doc_escaping {
    include!("../codegen/schemas/docs.rs");
}
