//! The documentation model: Markdown pages read into headings, property tables and fenced
//! examples, each with its line number, so every finding about the docs can point at a row.
//!
//! The page model ([`Page`] and what it holds) is public: a caller can read the pages as the
//! checks do. Checking pages against the schemas, rendering their tables and the docs report are
//! the `acs-logs docs` command's, and private.

mod bundled;
mod check;
mod example;
mod lenient;
mod markdown;
mod page;
mod render;
mod report;
mod section;

pub use example::{Example, ExampleError};
pub use page::{
    CodeBlock, DocDate, Heading, Page, PageError, PropertyTable, RowFlaw, TableRow, UnclosedFence,
    UnreadTable,
};

pub(crate) use bundled::bundled_pages;
pub(crate) use markdown::{TABLE_HEAD, property_row};
pub(crate) use render::{compare_page, not_compared, render};
pub(crate) use report::docs_report;
