//! Parses a log record with types that `build.rs` generated from `schemas/`.

mod log_types {
    // Schema descriptions name columns without backticks, and this binary uses only part of
    // the generated API.
    #![allow(clippy::doc_markdown, dead_code)]
    include!(concat!(env!("OUT_DIR"), "/log_types.rs"));
}

use log_types::{Level, Request, Status};

fn main() -> Result<(), serde_json::Error> {
    let line = r#"{"TimeGenerated": "2024-05-01T00:00:00.0040879Z", "Status": 202, "Level": "Warning", "Region": "westeurope"}"#;
    let request: Request = serde_json::from_str(line)?;
    assert_eq!(request.status, Status::Integer(202));
    assert_eq!(request.level, Level::Warning);
    println!(
        "{} at {} (undocumented: {:?})",
        request.level,
        request.time_generated,
        request.extra.keys().collect::<Vec<_>>()
    );
    println!("{}", serde_json::to_string(&request)?);
    Ok(())
}
