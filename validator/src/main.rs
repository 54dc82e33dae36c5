//! `acs-logs`: the command-line door onto the validator library.

fn main() {
    println!("acs-logs {}", env!("CARGO_PKG_VERSION"));
}
