//! The code generator: JSON Schema in, serde-ready Rust types out.
//!
//! One engine, several doors. [`Generator`] reads schema files (a file, a set of files, or a
//! directory), resolves `$ref`s within and across files from disk (never from the network), and
//! returns the types as a [`proc_macro2::TokenStream`] or as formatted source. The doors onto it
//! are [`BuildScript`] for a crate's `build.rs`, the `import_log_schema!` macro of
//! `acs-log-macros`, and the `acs-logs codegen` subcommand.
//!
//! ```no_run
//! use acs_log_codegen::{Generator, Settings};
//!
//! let generated = Generator::new(Settings::new())
//!     .input("schemas/acs")
//!     .generate()?;
//! for warning in generated.warnings() {
//!     eprintln!("warning: {warning}");
//! }
//! println!("{}", generated.to_formatted_string()?);
//! # Ok::<(), acs_log_codegen::Error>(())
//! ```
//!
//! # What the generated code looks like
//!
//! | schema | Rust |
//! |---|---|
//! | `object` with `properties` | a struct deriving `Debug, Clone, PartialEq`, serde's `Serialize`/`Deserialize` (exact `rename`s) and `schemars::JsonSchema`; `Option` only for what is not `required`; undocumented keys kept in `#[serde(flatten)] extra: serde_json::Map<String, Value>` |
//! | `object` without properties | `serde_json::Map<String, Value>`, or `BTreeMap<String, T>` when `additionalProperties` (or every `patternProperties` entry) has one schema |
//! | `patternProperties` | the keys they match kept in the `extra` map, typed when the patterns share a schema; beside `additionalProperties: false` a [`Warning`] says other keys are kept too |
//! | `array` | `Vec<T>` |
//! | `enum` of strings | an enum with one variant per value and a catch-all `Other(String)`, with `as_str`, `Display`, `FromStr` and `From<String>` |
//! | `const` | its primitive type, plus an associated constant on the struct (`SmsOperational::CATEGORY`) |
//! | `oneOf` / `anyOf` | a `#[serde(untagged)]` enum (`ResultSignature::Integer(i64)` or `::String(String)`); alternatives that are all strings collapse to `String` |
//! | `oneOf` / `anyOf` of objects with a distinct `const` in one property | an enum read by that property (`Event::Created(Created)`), the member without one as the catch-all; an unknown value is an error naming it when there is none |
//! | a reference back into a union (`Expr` holding `Vec<Expr>`) | the union's own type, boxed where a value would contain itself |
//! | `allOf: [{"$ref": ...}]` beside annotations | the referenced type itself; other merges are one type per distinct merge |
//! | `type: [T, "null"]`, a `null` alternative | `Option<T>`; absent and `null` stay apart when the field is optional |
//! | `string` + `date-time` | `Timestamp`, generated alongside: a `chrono::DateTime<FixedOffset>` plus the text as written, so seven-digit Log Analytics timestamps round-trip unchanged |
//! | `string` + `ipv4` / `ipv6` / `uuid` | `Spelled<std::net::Ipv4Addr>` / `Spelled<Ipv6Addr>` / `Spelled<uuid::Uuid>`, generated alongside: the parsed value plus the text as written, so `{936DA01F-...}` or a full-form IPv6 address comes back unchanged; other formats (`uri`, `email`) stay `String` ([`Settings::with_format`] changes any of this) |
//! | `integer` / `number` / `boolean` | `u64` when `minimum >= 0`, else `i64` / `serde_json::Number` (an integer stays an integer: `1` is not written back as `1.0`) / `bool` |
//! | `default` on an optional field | still `Option<T>` (absent stays absent on the way back out), plus `field_or_default()` returning the value or the default, for any default that is a value of the field's type |
//! | anything else | `serde_json::Value`, with a [`Warning`] naming the file and JSON pointer |
//!
//! Every path the generated code writes is fully qualified, so schema types may be called `From`,
//! `Option` or `String`. Each decision is documented where it is made: names in `names`, types
//! in `convert`, doc comments in `docs`. The generated code uses the crates `serde`, `serde_json`, `schemars`
//! (1.x) and, for `date-time` strings, `chrono`; a `uuid` format uses `uuid`.

mod build_script;
mod convert;
mod docs;
mod emit;
mod error;
mod names;
mod resolve;
mod settings;
mod types;

pub use build_script::BuildScript;
pub use convert::ANNOTATIONS;
pub use error::{Error, Warning};
pub use settings::{MissingRequired, Settings, UnknownFields};

use proc_macro2::TokenStream;
use std::path::{Path, PathBuf};

/// Generates Rust types from JSON Schema files.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    settings: Settings,
    base_dir: Option<PathBuf>,
    inputs: Vec<PathBuf>,
}

impl Generator {
    /// A generator with these settings and no inputs yet.
    pub fn new(settings: Settings) -> Self {
        Generator {
            settings,
            base_dir: None,
            inputs: Vec::new(),
        }
    }

    /// The directory relative inputs are resolved against, and which paths in messages and
    /// generated docs are shown relative to (the current directory by default).
    #[must_use]
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// Adds a schema file, or a directory whose `*.json` files are all read (sorted by name).
    /// A JSON file that says nothing about a shape (no `type`, `properties`, `$ref`, ...) and
    /// has no `$defs`, such as a catalog beside the schemas, yields no types.
    #[must_use]
    pub fn input(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.push(path.into());
        self
    }

    /// Adds several inputs (see [`Generator::input`]).
    #[must_use]
    pub fn inputs<P: Into<PathBuf>>(mut self, paths: impl IntoIterator<Item = P>) -> Self {
        self.inputs.extend(paths.into_iter().map(Into::into));
        self
    }

    /// Reads the schemas and generates the types.
    pub fn generate(&self) -> Result<Generated, Error> {
        let base_dir = match &self.base_dir {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().map_err(|source| Error::Io {
                path: PathBuf::from("."),
                source,
            })?,
        };
        let mut graph = resolve::SchemaGraph::new(base_dir);
        let mut roots = Vec::new();
        for file in self.input_files(&graph)? {
            let doc = graph.load(&file)?;
            if !roots.contains(&doc) {
                roots.push(doc);
            }
        }
        let mut converter = convert::Converter::new(&mut graph, &self.settings);
        for &doc in &roots {
            converter.convert_document(doc)?;
        }
        let convert::Converter {
            types,
            warnings,
            roots: root_types,
            ..
        } = converter;
        let emitter = emit::Emitter::new(&types, &self.settings)?;
        let tokens = emitter.emit();
        let root_types = root_types
            .iter()
            .map(|&(doc, id)| RootType {
                file: graph.doc(doc).display.clone(),
                name: emitter.name(id).to_owned(),
            })
            .collect();
        Ok(Generated {
            tokens,
            warnings,
            files: graph.docs().iter().map(|doc| doc.path.clone()).collect(),
            display_files: graph.docs().iter().map(|doc| doc.display.clone()).collect(),
            root_types,
        })
    }

    /// The inputs with directories expanded to their `*.json` files.
    fn input_files(&self, graph: &resolve::SchemaGraph) -> Result<Vec<PathBuf>, Error> {
        let mut files = Vec::new();
        for input in &self.inputs {
            let absolute = graph.absolute(input);
            if !absolute.is_dir() {
                files.push(absolute);
                continue;
            }
            let io_error = |source| Error::Io {
                path: input.clone(),
                source,
            };
            let mut entries = Vec::new();
            for entry in std::fs::read_dir(&absolute).map_err(io_error)? {
                let path = entry.map_err(io_error)?.path();
                if path.is_file()
                    && path
                        .extension()
                        .is_some_and(|extension| extension == "json")
                {
                    entries.push(path);
                }
            }
            entries.sort();
            files.extend(entries);
        }
        if files.is_empty() {
            return Err(Error::Settings {
                setting: "inputs".to_owned(),
                message: "no schema file to read".to_owned(),
            });
        }
        Ok(files)
    }
}

/// The output of one run: the code, what was worked around, and what was read.
#[derive(Debug, Clone)]
pub struct Generated {
    tokens: TokenStream,
    warnings: Vec<Warning>,
    files: Vec<PathBuf>,
    display_files: Vec<PathBuf>,
    root_types: Vec<RootType>,
}

/// The type generated for the root of an input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootType {
    /// The document, as shown in messages (relative to the base directory).
    pub file: PathBuf,
    /// The Rust type's name.
    pub name: String,
}

impl Generated {
    /// The generated items.
    pub fn tokens(&self) -> &TokenStream {
        &self.tokens
    }

    /// The generated items, formatted by prettyplease, after a header naming the schema files.
    pub fn to_formatted_string(&self) -> Result<String, Error> {
        let mut header = String::from(
            "// Generated by acs-log-codegen from the JSON Schema files below; do not edit.\n",
        );
        for file in &self.display_files {
            header = header + "//   " + &file.display().to_string() + "\n";
        }
        Ok(header + "\n" + &format_tokens(self.tokens.clone())?)
    }

    /// Everything the generator represented loosely, with file and JSON pointer.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// Every schema file read, inputs and `$ref` targets alike (absolute paths).
    pub fn files_read(&self) -> &[PathBuf] {
        &self.files
    }

    /// The root type of each input document that has one, in input order.
    pub fn root_types(&self) -> &[RootType] {
        &self.root_types
    }

    /// The root type generated for a document, looked up by its path as shown in messages.
    pub fn root_type(&self, file: &Path) -> Option<&str> {
        self.root_types
            .iter()
            .find(|root| root.file == file)
            .map(|root| root.name.as_str())
    }
}

/// Formats items with prettyplease, the way generated files are written, with a blank line
/// between top-level items (prettyplease leaves none).
pub fn format_tokens(tokens: TokenStream) -> Result<String, Error> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|error| Error::Emit {
        message: error.to_string(),
    })?;
    let unparsed = prettyplease::unparse(&file);
    let mut out = String::with_capacity(unparsed.len() + unparsed.len() / 16);
    let mut previous_ends_item = false;
    for line in unparsed.lines() {
        if previous_ends_item && !line.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        // A doc comment may end with `;` (prose quoting code); only code ends an item.
        let top_level = !line.starts_with(char::is_whitespace) && !line.starts_with("//");
        previous_ends_item = top_level && (line == "}" || line.ends_with(';'));
    }
    Ok(out)
}
