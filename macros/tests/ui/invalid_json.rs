acs_log_macros::import_log_schema!("tests/ui/invalid-json.json");

fn main() {}
