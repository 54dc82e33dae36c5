//! Declares one module per checked-in snapshot of generated code (`codegen/schemas/*.rs`,
//! `codegen/acs/*.rs`, `codegen/cases/*/generated.rs`, `codegen/corpus/*/generated.rs`), for the `gallery` test to include: every snapshot is compiled, and a
//! broken one fails the test suite.
//! Nothing lists snapshots by hand: a new gallery schema's snapshot is picked up by itself.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")?;
    let mut source = String::new();
    for (group, dir, about) in [
        (
            "gallery",
            "codegen/schemas",
            "The gallery of general schemas",
        ),
        (
            "acs",
            "codegen/acs",
            "The ACS category schemas, each generated on its own",
        ),
    ] {
        let dir = Path::new(&manifest_dir).join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut snapshots: Vec<_> = std::fs::read_dir(&dir)?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|extension| extension == "rs"))
            .collect();
        snapshots.sort();
        writeln!(
            source,
            "#[doc = \"{about}, as generated.\"]\npub mod {group} {{"
        )?;
        for path in snapshots {
            println!("cargo:rerun-if-changed={}", path.display());
            let stem = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            // A test uses only some of the types, and schema prose names columns without
            // backticks.
            writeln!(
                source,
                "    #[doc = \"Generated from `{stem}`.\"]\n    #[allow(dead_code, clippy::doc_markdown)]\n    pub mod {} {{ include!({:?}); }}",
                module_name(&stem),
                path.display().to_string()
            )?;
        }
        source.push_str("}\n");
    }
    for (group, dir, about) in [
        (
            "cases",
            "codegen/cases",
            "Schemas other people wrote, one folder per case",
        ),
        (
            "corpus",
            "codegen/corpus",
            "Public real-world schemas, one folder each",
        ),
    ] {
        folder_group(
            &mut source,
            &Path::new(&manifest_dir).join(dir),
            group,
            about,
        )?;
    }
    std::fs::write(
        Path::new(&std::env::var("OUT_DIR")?).join("snapshots.rs"),
        source,
    )?;
    Ok(())
}

/// One module per folder of `dir` holding a `generated.rs` (a case or a corpus entry generated
/// from all the schemas in the folder), named after the folder.
fn folder_group(
    source: &mut String,
    dir: &Path,
    group: &str,
    about: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut folders: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("generated.rs"))
        .filter(|path| path.is_file())
        .collect();
    folders.sort();
    writeln!(
        source,
        "#[doc = \"{about}, as generated.\"]\npub mod {group} {{"
    )?;
    for path in folders {
        println!("cargo:rerun-if-changed={}", path.display());
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let module = module_name(&folder);
        // `01-recursion` → `case_01_recursion`: a module name cannot start with a digit.
        let module = if module.starts_with(|c: char| c.is_ascii_digit()) {
            format!("case_{module}")
        } else {
            module
        };
        writeln!(
            source,
            "    #[doc = \"Generated from `{folder}`.\"]\n    #[allow(dead_code, clippy::doc_markdown)]\n    pub mod {module} {{ include!({:?}); }}",
            path.display().to_string()
        )?;
    }
    source.push_str("}\n");
    Ok(())
}

/// `SMSOperational` → `sms_operational`, `custom-settings` → `custom_settings`.
fn module_name(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let mut name = String::new();
    for (index, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            name.push('_');
            continue;
        }
        let boundary = index > 0
            && c.is_ascii_uppercase()
            && (chars[index - 1].is_ascii_lowercase()
                || chars.get(index + 1).is_some_and(char::is_ascii_lowercase)
                    && chars[index - 1].is_ascii_uppercase());
        if boundary {
            name.push('_');
        }
        name.push(c.to_ascii_lowercase());
    }
    name
}
