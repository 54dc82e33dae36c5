//! Fuzz target: the code generator. Any schema file in: an error or code, never a panic, and
//! code that comes out is formatted Rust (it went through `syn` and prettyplease).
#![no_main]

use acs_log_codegen::{Generator, Settings};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One directory per fuzzing process; the schema is rewritten there for every input.
fn dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("acs-fuzz-codegen-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    // Only JSON reaches the converter; anything else would only fuzz serde_json.
    if serde_json::from_slice::<serde_json::Value>(data).is_err() {
        return;
    }
    let dir = dir();
    let file = dir.join("fuzz.schema.json");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let generated = Generator::new(Settings::default())
        .base_dir(dir)
        .input(&file)
        .generate();
    if let Ok(generated) = generated {
        let _ = generated.to_formatted_string();
    }
});
