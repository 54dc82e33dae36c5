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
//! in `convert`, doc comments in `docs`.
//!
//! # What a crate using the generated code depends on
//!
//! ```toml
//! [dependencies]
//! serde = { version = "1", features = ["derive"] }
//! serde_json = "1"
//! # Every generated struct and union derives `schemars::JsonSchema`, and every enum implements
//! # it: `uuid1` is needed as soon as a schema has a `uuid` format, for `Spelled<uuid::Uuid>`.
//! schemars = { version = "1", features = ["uuid1"] }
//! # Only for `date-time` strings (`Timestamp`): the `alloc` feature, which the defaults include.
//! chrono = { version = "0.4", default-features = false, features = ["alloc"] }
//! # Only for `uuid` strings: no feature, as `Spelled` parses and prints the value itself.
//! uuid = { version = "1", default-features = false }
//! ```
//!
//! `ipv4` and `ipv6` use only `std`. A format mapped to another type with
//! [`Settings::with_format`] needs that type's crate instead, with whatever makes the type
//! implement schemars' `JsonSchema`.

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

    /// The directory relative inputs are resolved against (the current directory by default).
    /// Paths in messages and generated docs are shown as the inputs were given: a relative
    /// input, and the files its `$ref`s read, relative to this directory; an absolute one
    /// absolute.
    #[must_use]
    pub fn base_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.base_dir = Some(dir.into());
        self
    }

    /// Adds a schema file, or a directory whose `*.json` files are all read (sorted by name;
    /// hidden files left out; a directory without one is an error).
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

    /// Reads the schemas and generates the types; the first error ends the run (what a build
    /// wants: a build script or the macro fails on it).
    ///
    /// # Errors
    /// The first input that cannot be read, is not JSON, or holds a construct the generator
    /// cannot work around ([`Error`] names the file and the JSON pointer); an invalid setting.
    pub fn generate(&self) -> Result<Generated, Error> {
        let base_dir = self.resolved_base_dir()?;
        let files = self.input_files(&base_dir)?;
        self.try_generate(&base_dir, &files)
            .map_err(Failure::into_error)
    }

    /// Reads the schemas and generates the types of every input that can be generated: an input
    /// that cannot be read or converted is set aside with its error, and the others are
    /// generated without it (what a person running `acs-logs codegen a.json b.json` wants: every
    /// bad file named in one run).
    ///
    /// Each input set aside gives one error, its first; an error that is not about one input
    /// (an invalid setting, no input at all) leaves [`Each::generated`] empty. The generated code
    /// and its header name only the inputs kept, and the `$ref` targets they read.
    pub fn generate_each(&self) -> Each {
        let base_dir = match self.resolved_base_dir() {
            Ok(dir) => dir,
            Err(error) => {
                return Each {
                    generated: None,
                    errors: vec![error],
                };
            }
        };
        // Errors are reported in input order, whichever pass finds them: each file and each
        // input that cannot be expanded holds a place in that order.
        let mut errors: Vec<(usize, Error)> = Vec::new();
        let mut files = Vec::new();
        let mut places = Vec::new();
        for input in &self.inputs {
            match Self::expand_input(&base_dir, input) {
                Ok(expanded) => {
                    for file in expanded {
                        if !files.contains(&file) {
                            files.push(file);
                            places.push(places.len() + errors.len());
                        }
                    }
                }
                Err(error) => errors.push((places.len() + errors.len(), error)),
            }
        }
        let finish = |mut errors: Vec<(usize, Error)>, generated| {
            errors.sort_by_key(|&(place, _)| place);
            Each {
                generated,
                errors: errors.into_iter().map(|(_, error)| error).collect(),
            }
        };
        // A failed conversion may leave half-made types behind, so the run starts again from a
        // fresh graph without the input that failed. Each pass sets one input aside or ends.
        loop {
            if files.is_empty() {
                if errors.is_empty() {
                    errors.push((0, no_input_error()));
                }
                return finish(errors, None);
            }
            match self.try_generate(&base_dir, &files) {
                Ok(generated) => return finish(errors, Some(generated)),
                Err(Failure::Input { index, error }) => {
                    errors.push((places.remove(index), error));
                    files.remove(index);
                }
                Err(Failure::Run(error)) => {
                    errors.push((usize::MAX, error));
                    return finish(errors, None);
                }
            }
        }
    }

    fn resolved_base_dir(&self) -> Result<PathBuf, Error> {
        match &self.base_dir {
            Some(dir) => Ok(dir.clone()),
            None => std::env::current_dir().map_err(|source| Error::Io {
                path: PathBuf::from("."),
                source,
            }),
        }
    }

    /// One generation over `files`; a failure says which input it belongs to, when it does.
    fn try_generate(&self, base_dir: &Path, files: &[PathBuf]) -> Result<Generated, Failure> {
        let mut graph = resolve::SchemaGraph::new(base_dir.to_path_buf());
        let mut roots = Vec::new();
        let mut root_inputs = Vec::new();
        for (index, file) in files.iter().enumerate() {
            let doc = graph
                .load(file)
                .map_err(|error| Failure::Input { index, error })?;
            if !roots.contains(&doc) {
                roots.push(doc);
                root_inputs.push(index);
            }
        }
        let displays: Vec<PathBuf> = roots
            .iter()
            .map(|&doc| graph.doc(doc).display.clone())
            .collect();
        let mut converter = convert::Converter::new(&mut graph, &self.settings);
        converter.expect_root_names(&roots);
        for ((&doc, &index), display) in roots.iter().zip(&root_inputs).zip(&displays) {
            converter.convert_document(doc).map_err(|error| {
                // An error in a file the input refers to names the input too.
                let error = match error.file() {
                    Some(file) if file != display => Error::Referenced {
                        input: display.clone(),
                        source: Box::new(error),
                    },
                    _ => error,
                };
                Failure::Input { index, error }
            })?;
        }
        let convert::Converter {
            types,
            warnings,
            roots: root_types,
            ..
        } = converter;
        let emitter = emit::Emitter::new(&types, &self.settings).map_err(Failure::Run)?;
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
    fn input_files(&self, base_dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let mut files = Vec::new();
        for input in &self.inputs {
            files.extend(Self::expand_input(base_dir, input)?);
        }
        if files.is_empty() {
            return Err(no_input_error());
        }
        Ok(files)
    }

    /// One input: a file as itself, a directory as its `*.json` files sorted by name, each
    /// spelled as the input was (relative to `base_dir`, or absolute).
    fn expand_input(base_dir: &Path, input: &Path) -> Result<Vec<PathBuf>, Error> {
        let absolute = base_dir.join(input);
        if !absolute.is_dir() {
            return Ok(vec![input.to_path_buf()]);
        }
        let io_error = |source| Error::Io {
            path: input.to_path_buf(),
            source,
        };
        let mut entries = Vec::new();
        for entry in std::fs::read_dir(&absolute).map_err(io_error)? {
            let path = entry.map_err(io_error)?.path();
            let hidden = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().starts_with('.'));
            if path.is_file()
                && !hidden
                && path
                    .extension()
                    .is_some_and(|extension| extension == "json")
                && let Some(name) = path.file_name()
            {
                entries.push(input.join(name));
            }
        }
        if entries.is_empty() {
            return Err(io_error(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "a directory with no schema file in it (*.json)",
            )));
        }
        entries.sort();
        Ok(entries)
    }
}

fn no_input_error() -> Error {
    Error::Settings {
        setting: "inputs".to_owned(),
        message: "no schema file to read".to_owned(),
    }
}

/// Why one generation pass stopped: because of one input, or for the whole run.
enum Failure {
    Input { index: usize, error: Error },
    Run(Error),
}

impl Failure {
    fn into_error(self) -> Error {
        match self {
            Failure::Input { error, .. } | Failure::Run(error) => error,
        }
    }
}

/// What [`Generator::generate_each`] returns.
#[derive(Debug)]
pub struct Each {
    /// The types of every input kept; `None` when no input could be generated.
    pub generated: Option<Generated>,
    /// One error per input set aside (a directory or file that cannot be read, a file that is
    /// not JSON or holds a construct the generator cannot work around), and any error about the
    /// whole run.
    pub errors: Vec<Error>,
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
    /// The document, as shown in messages (as its input was given: relative to the base
    /// directory, or absolute).
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
