//! Parses a log record with types that `import_log_schema!` expanded from `schemas/`.

mod log_types {
    // Schema descriptions name columns without backticks; the expansion is `pub`, as for a
    // library, and this binary uses only part of it.
    #![allow(clippy::doc_markdown, unreachable_pub, dead_code)]
    acs_log_macros::import_log_schema!("schemas/checkout.schema.json");
}

use log_types::{Checkout, CheckoutOutcome};

fn main() -> Result<(), serde_json::Error> {
    let line = r#"{"At": "2024-05-01T10:00:00Z", "Outcome": "Refunded", "Amount": 12.5, "Caller": "10.0.0.7", "OrderId": "{936DA01F-9ABD-4D9D-80C7-02AF85C822A8}"}"#;
    let checkout: Checkout = serde_json::from_str(line)?;
    // "Refunded" is not documented: kept, not rejected.
    assert_eq!(
        checkout.outcome,
        CheckoutOutcome::Other("Refunded".to_owned())
    );
    // A braced UUID is read as a `uuid::Uuid`, and kept as the data spelled it.
    let order = checkout.order_id.as_ref().map(|id| id.value().to_string());
    println!(
        "{} at {} from {:?}, order {:?}",
        checkout.outcome, checkout.at, checkout.caller, order
    );
    Ok(())
}
