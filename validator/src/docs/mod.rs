//! The documentation model: Markdown pages read into headings, property tables and fenced
//! examples, each with its line number, so every finding about the docs can point at a row.

mod example;
mod page;

pub use example::{Example, ExampleError};

pub use page::{CodeBlock, DocDate, Heading, Page, PageError, PropertyTable, RowFlaw, TableRow};
