//! Generates the log types from `schemas/` into `OUT_DIR/log_types.rs`, as any crate would.

use acs_log_codegen::{BuildScript, Settings};

fn main() -> Result<(), acs_log_codegen::Error> {
    BuildScript::new()
        .settings(
            Settings::new()
                .with_rename("AppRequest", "Request")
                .with_rename("AppRequestLevel", "Level")
                // A binary exports nothing: crate visibility keeps `unreachable_pub` quiet.
                .with_visibility("pub(crate)"),
        )
        .input("schemas/app-request.schema.json")
        .out_file("log_types.rs")
        .run()?;
    Ok(())
}
