acs_log_macros::import_log_schema!("tests/ui/dangling-ref.json");

fn main() {}
