//! `acs-logs`: the command-line door onto the validator library. The command line itself lives
//! in the library (`src/cli/`, one module per subcommand), where it can use the steps the
//! library keeps private; this file only picks the allocator and calls it.

// Parsing allocates a few dozen small strings per record on every worker; mimalloc keeps that
// thread-local, where glibc's allocator made two workers barely faster than one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    acs_log_validator::run_cli()
}
