//! Compile-fail case: a schema path that names no file.

acs_log_macros::import_log_schema!("tests/ui/no-such-schema.json");

fn main() {}
