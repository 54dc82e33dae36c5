//! `acs-logs`: the command-line door onto the validator library. This file only dispatches to
//! one module per subcommand under `cli/`.

mod cli;

// Parsing allocates a few dozen small strings per record on every worker; mimalloc keeps that
// thread-local, where glibc's allocator made two workers barely faster than one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
