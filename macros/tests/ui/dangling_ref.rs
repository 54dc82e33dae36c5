//! Compile-fail case: a schema whose `$ref` points at a definition the file does not have.

acs_log_macros::import_log_schema!("tests/ui/dangling-ref.json");

fn main() {}
