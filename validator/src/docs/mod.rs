//! The documentation model: Markdown pages read into headings, property tables and fenced
//! examples, each with its line number, so every finding about the docs can point at a row.

mod bundled;
mod check;
mod example;
mod lenient;
mod page;
mod render;
mod report;

pub use bundled::bundled_pages;
pub use check::{DocObservation, check_pages, lenient_records};
pub use example::{Example, ExampleError};
pub use render::{
    TableDifference, category_of_table, compare_page, render, render_category, schema_description,
    table_rows,
};
pub use report::docs_report;

pub use lenient::{JsonFault, LenientRead};
pub use page::{
    CodeBlock, DocDate, Heading, Page, PageError, PropertyTable, RowFlaw, TableRow, UnclosedFence,
    UnreadTable, is_log_heading,
};
