//! Prints the Rust generated for the schema files or directories named on the command line,
//! and each warning on stderr: the library call behind `acs-logs codegen SCHEMA...`.

use acs_log_codegen::{Generator, Settings};
use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let generated = Generator::new(Settings::new()).inputs(paths).generate();
    match generated.and_then(|generated| Ok((generated.to_formatted_string()?, generated))) {
        Ok((source, generated)) => {
            for warning in generated.warnings() {
                eprintln!("warning: {warning}");
            }
            print!("{source}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
