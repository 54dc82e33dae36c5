//! Embeds every JSON file of the ACS schema set, so adding a category is one new file plus its
//! catalog entry: nothing in the Rust source lists file names. Then generates the typed records
//! from the same files with `acs-log-codegen`: one type per category, and `AcsRecord`, the enum
//! over all categories that the catalog lists.

use acs_log_codegen::{BuildScript, Generated, MissingRequired, Settings};
use quote::{format_ident, quote};
use std::fmt::Write as _;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")?;
    let set_dir = Path::new(&manifest_dir).join("acs");
    let out_dir = std::env::var("OUT_DIR")?;
    println!("cargo:rerun-if-changed={}", set_dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&set_dir)?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| {
            Path::new(name)
                .extension()
                .is_some_and(|extension| extension.eq_ignore_ascii_case("json"))
        })
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
    std::fs::write(Path::new(&out_dir).join("embedded.rs"), source)?;

    // The typed records read real exports, where a documented column can be missing (the Chat
    // table has `Identity`, not the documented `UserId`): they parse such records, and the
    // validator is what reports the absence.
    let generated = BuildScript::new()
        .settings(Settings::new().with_missing_required(MissingRequired::Tolerate))
        .input("acs")
        .out_file("acs_types.rs")
        .run()?;
    let catalog: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(set_dir.join("catalog.json"))?)?;
    std::fs::write(
        Path::new(&out_dir).join("acs_records.rs"),
        record_enum(&catalog, &generated)?,
    )?;
    Ok(())
}

/// `AcsRecord`: one variant per catalog category, holding that category's generated type.
fn record_enum(
    catalog: &serde_json::Value,
    generated: &Generated,
) -> Result<String, Box<dyn std::error::Error>> {
    let mut variants = Vec::new();
    for entry in catalog["categories"].as_array().into_iter().flatten() {
        let (Some(category), Some(schema), Some(table)) = (
            entry["category"].as_str(),
            entry["schema"].as_str(),
            entry["table"].as_str(),
        ) else {
            return Err(
                format!("catalog entry without category, schema and table: {entry}").into(),
            );
        };
        let file = Path::new("acs").join(schema);
        let Some(type_name) = generated.root_type(&file) else {
            return Err(format!("{} generated no record type", file.display()).into());
        };
        variants.push((
            category.to_owned(),
            table.to_owned(),
            format_ident!("{type_name}"),
        ));
    }
    let docs = variants.iter().map(|(category, table, _)| {
        format!(" A `{category}` record (Log Analytics table `{table}`).")
    });
    let categories: Vec<&str> = variants
        .iter()
        .map(|(category, _, _)| category.as_str())
        .collect();
    let names: Vec<_> = variants.iter().map(|(_, _, name)| name).collect();
    let tokens = quote! {
        /// One ACS log record, typed by its category.
        ///
        /// Serialises as the record itself; parse one with [`AcsRecord::from_value`], which
        /// picks the category from the record, or [`AcsRecord::from_value_as`].
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum AcsRecord {
            #( #[doc = #docs] #names(#names), )*
        }

        impl AcsRecord {
            /// The diagnostic-setting category of the record, as the catalog spells it.
            pub fn category(&self) -> &'static str {
                match self {
                    #( Self::#names(_) => #categories, )*
                }
            }

            /// Deserialises `value` as the category the catalog spells `category`, or `None`
            /// for a name the catalog does not have.
            fn parse_as(
                category: &str,
                value: ::serde_json::Value,
            ) -> Option<Result<Self, ::serde_json::Error>> {
                Some(match category {
                    #( #categories => ::serde_json::from_value(value).map(Self::#names), )*
                    _ => return None,
                })
            }
        }
    };
    Ok(acs_log_codegen::format_tokens(tokens)?)
}
