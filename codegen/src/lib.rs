//! The code generator: JSON Schema in, Rust types out.
