//! Embeds every JSON file of the ACS schema set, so adding a category is one new file plus its
//! catalog entry: nothing in the Rust source lists file names.

use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")?;
    let set_dir = Path::new(&manifest_dir).join("acs");
    println!("cargo:rerun-if-changed={}", set_dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&set_dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| Path::new(name).extension().is_some_and(|ext| ext == "json"))
        .collect();
    names.sort();
    let mut source = String::from(
        "/// Every file of the embedded ACS schema set, as (file name, text).\npub(crate) static EMBEDDED_FILES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        println!("cargo:rerun-if-changed={}", set_dir.join(name).display());
        writeln!(
            source,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/acs/{name}\"))),"
        )?;
    }
    source.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR")?).join("embedded.rs");
    std::fs::write(out, source)?;
    Ok(())
}
