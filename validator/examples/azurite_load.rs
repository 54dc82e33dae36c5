//! Uploads a local archive tree to an Azurite blob service already listening on a loopback
//! port, each top-level folder a container: what `bench/blob.sh` measures reading back.
//!
//! `cargo run --release -p acs-log-validator --example azurite_load -- PORT TREE`
//! prints the connection string to give `acs-logs` (`AZURE_STORAGE_CONNECTION_STRING`).

#[path = "../tests/azurite/mod.rs"]
mod azurite;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [port, tree] = args.as_slice() else {
        eprintln!("usage: azurite_load PORT TREE");
        return ExitCode::from(2);
    };
    let Ok(port) = port.parse::<u16>() else {
        eprintln!("azurite_load: {port:?} is not a port number");
        return ExitCode::from(2);
    };
    let azurite = azurite::Azurite::attach(port);
    azurite.upload_tree(std::path::Path::new(tree));
    println!("{}", azurite.connection_string(azurite::KEY));
    ExitCode::SUCCESS
}
