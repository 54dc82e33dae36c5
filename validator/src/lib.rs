//! The validator library: the documentation model and, later, the check pipeline.

pub mod docs;
