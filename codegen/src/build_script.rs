//! The `build.rs` door: generate types into `OUT_DIR` and tell Cargo when to do it again.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), acs_log_codegen::Error> {
//!     acs_log_codegen::BuildScript::new()
//!         .input("schemas")
//!         .out_file("log_types.rs")
//!         .run()?;
//!     Ok(())
//! }
//! // src/lib.rs:  include!(concat!(env!("OUT_DIR"), "/log_types.rs"));
//! ```

use crate::error::Error;
use crate::settings::Settings;
use crate::{Generated, Generator};
use std::path::{Path, PathBuf};

/// Generates types from a build script.
#[derive(Debug, Clone)]
pub struct BuildScript {
    settings: Settings,
    inputs: Vec<PathBuf>,
    out_file: String,
}

impl Default for BuildScript {
    fn default() -> Self {
        BuildScript {
            settings: Settings::default(),
            inputs: Vec::new(),
            out_file: "schemas.rs".to_owned(),
        }
    }
}

impl BuildScript {
    /// Default settings, no inputs, output file `schemas.rs`.
    pub fn new() -> Self {
        Self::default()
    }

    /// The settings of the generation.
    #[must_use]
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Adds a schema file or directory, relative to the crate's manifest directory.
    #[must_use]
    pub fn input(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(path.into());
        self
    }

    /// The name of the file written in `OUT_DIR`.
    #[must_use]
    pub fn out_file(mut self, name: impl Into<String>) -> Self {
        self.out_file = name.into();
        self
    }

    /// Generates, writes `OUT_DIR/<out_file>` (only when its contents change), prints
    /// `cargo:rerun-if-changed` for every input and every schema file read, and prints each
    /// warning as a `cargo:warning`. Returns the generation, for scripts that write more.
    pub fn run(self) -> Result<Generated, Error> {
        let manifest_dir = env_path("CARGO_MANIFEST_DIR")?;
        let out_dir = env_path("OUT_DIR")?;
        let generated = Generator::new(self.settings)
            .base_dir(&manifest_dir)
            .inputs(self.inputs.iter().cloned())
            .generate();
        // Inputs are watched even when generation fails, so fixing a schema reruns the script.
        for input in &self.inputs {
            println!(
                "cargo:rerun-if-changed={}",
                manifest_dir.join(input).display()
            );
        }
        let generated = generated?;
        for file in generated.files_read() {
            let is_input = self
                .inputs
                .iter()
                .any(|input| manifest_dir.join(input) == *file);
            if !is_input {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
        for warning in generated.warnings() {
            println!("cargo:warning={warning}");
        }
        let source = generated.to_formatted_string()?;
        write_if_changed(&out_dir.join(&self.out_file), &source)?;
        Ok(generated)
    }
}

fn env_path(name: &str) -> Result<PathBuf, Error> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .ok_or_else(|| Error::Settings {
            setting: format!("environment variable {name}"),
            message: "not set: BuildScript runs from a Cargo build script".to_owned(),
        })
}

/// Writes a file unless it already holds exactly `contents`, so an unchanged output does not
/// make Cargo rebuild what includes it.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}
