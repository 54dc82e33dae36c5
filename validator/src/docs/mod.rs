//! The documentation model: Markdown pages read into headings, property tables and fenced
//! examples, each with its line number, so every finding about the docs can point at a row.

mod check;
mod example;
mod page;
mod render;
mod report;

pub use check::{DocObservation, check_pages, lenient_records};
pub use example::{Example, ExampleError};
pub use render::{
    TableDifference, category_of_table, compare_page, render, render_category, schema_description,
    table_rows,
};
pub use report::docs_report;

pub use page::{CodeBlock, DocDate, Heading, Page, PageError, PropertyTable, RowFlaw, TableRow};
