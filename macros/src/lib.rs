//! The `import_log_schema!` proc-macro: a thin door onto `acs-log-codegen`.
//!
//! ```ignore
//! mod log_types {
//!     acs_log_macros::import_log_schema!("schemas/my-log.schema.json");
//! }
//! ```
//!
//! Each argument is a schema file or directory, relative to the calling crate's manifest
//! directory. The expansion is exactly what [`acs_log_codegen::BuildScript`] would write, plus
//! one `include_bytes!` per schema file read, so Cargo rebuilds the crate when a schema changes.
//! A schema that cannot be generated is a compile error on the argument, naming the file, the
//! JSON pointer and what is wrong. Warnings (constructs represented loosely) cannot be reported
//! by a stable proc-macro; the build API prints them.
//!
//! The expansion needs `serde`, `serde_json`, `schemars` 1.x and, for `date-time` strings,
//! `chrono` among the calling crate's dependencies; for `uuid` strings, `uuid` 1.x and
//! schemars' `uuid1` feature (the list, with features, is in `acs-log-codegen`'s docs). Invoke
//! it once per module: the support items it defines (`Timestamp`, `Spelled`) would clash.

use acs_log_codegen::{Error, Generator, Settings};
use proc_macro::TokenStream;
use quote::quote;
use std::path::{Path, PathBuf};
use syn::punctuated::Punctuated;
use syn::{LitStr, Token};

/// The variable that, when set, replaces `CARGO_MANIFEST_DIR` as the base of the paths: test
/// harnesses such as trybuild compile the caller in a scratch crate, away from its schemas.
const BASE_DIR_OVERRIDE: &str = "ACS_LOG_MACROS_BASE_DIR";

/// Expands JSON Schema files into Rust types; see the crate documentation.
#[proc_macro]
pub fn import_log_schema(input: TokenStream) -> TokenStream {
    let parser = Punctuated::<LitStr, Token![,]>::parse_terminated;
    let paths = match syn::parse::Parser::parse(parser, input) {
        Ok(paths) if !paths.is_empty() => paths,
        Ok(_) => {
            return syn::Error::new(
                proc_macro2::Span::call_site(),
                "expected one or more schema paths, as string literals",
            )
            .to_compile_error()
            .into();
        }
        Err(error) => return error.to_compile_error().into(),
    };
    expand(&paths.into_iter().collect::<Vec<_>>()).into()
}

fn expand(paths: &[LitStr]) -> proc_macro2::TokenStream {
    let base_dir = std::env::var_os(BASE_DIR_OVERRIDE)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let generated = Generator::new(Settings::new())
        .base_dir(&base_dir)
        .inputs(paths.iter().map(LitStr::value))
        .generate();
    match generated {
        Ok(generated) => {
            let tokens = generated.tokens();
            let files = generated
                .files_read()
                .iter()
                .map(|file| file.to_string_lossy().into_owned());
            quote! {
                #tokens
                #( const _: &[u8] = include_bytes!(#files); )*
            }
        }
        Err(error) => {
            let span = blamed_argument(paths, &error).span();
            syn::Error::new(span, error.to_string()).to_compile_error()
        }
    }
}

/// The argument an error is about: the one naming the file at fault, else the first.
fn blamed_argument<'a>(paths: &'a [LitStr], error: &Error) -> &'a LitStr {
    let file: Option<&Path> = match error {
        Error::Io { path, .. } | Error::Json { path, .. } => Some(path),
        Error::Schema { file, .. } => Some(file),
        _ => None,
    };
    file.and_then(|file| paths.iter().find(|path| Path::new(&path.value()) == file))
        .unwrap_or(&paths[0])
}
