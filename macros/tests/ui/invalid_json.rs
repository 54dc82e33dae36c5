//! Compile-fail case: a schema file that is not valid JSON (a trailing comma).

acs_log_macros::import_log_schema!("tests/ui/invalid-json.json");

fn main() {}
