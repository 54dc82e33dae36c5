//! What a user can change about the generated code, as a builder.
//!
//! ```
//! use acs_log_codegen::{MissingRequired, Settings, UnknownFields};
//!
//! let settings = Settings::new()
//!     .with_derive("Eq")
//!     .with_rename("SmsOperational", "SmsRecord")
//!     .with_replacement("ResultSignature", "my_crate::StatusCode")
//!     .with_format("uri", "::url::Url")
//!     .with_visibility("pub(crate)")
//!     .with_unknown_fields(UnknownFields::Deny)
//!     .with_missing_required(MissingRequired::Tolerate);
//! # let _ = settings;
//! ```

use std::collections::BTreeMap;

/// What happens to fields a record carries but its schema does not describe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownFields {
    /// Keep them in a `#[serde(flatten)] extra` map, so a record round-trips with nothing lost.
    /// A schema that says `"additionalProperties": false` still denies them.
    #[default]
    Capture,
    /// Reject the record (`#[serde(deny_unknown_fields)]`).
    Deny,
}

/// What a generated type does with a record that lacks a `required` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MissingRequired {
    /// Reject the record: a required field is a plain `T`.
    #[default]
    Reject,
    /// Parse the record anyway: a required field is an `Option<T>` (absent stays absent on the
    /// way back out), and the derived JSON Schema still lists it as required. For types that
    /// read real data, where a documented column can be missing: telling is the validator's job,
    /// not the parser's.
    Tolerate,
}

/// Settings for one generation run. Every setting is checked when [`crate::Generator::generate`]
/// runs, and a bad one is an [`crate::Error::Settings`].
#[derive(Debug, Clone)]
pub struct Settings {
    pub(crate) derives: Vec<String>,
    pub(crate) renames: BTreeMap<String, String>,
    pub(crate) replacements: BTreeMap<String, String>,
    pub(crate) formats: BTreeMap<String, String>,
    pub(crate) visibility: String,
    pub(crate) unknown_fields: UnknownFields,
    pub(crate) missing_required: MissingRequired,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            derives: Vec::new(),
            renames: BTreeMap::new(),
            replacements: BTreeMap::new(),
            formats: BTreeMap::new(),
            visibility: "pub".to_owned(),
            unknown_fields: UnknownFields::Capture,
            missing_required: MissingRequired::Reject,
        }
    }
}

impl Settings {
    /// The defaults: public types, unknown fields captured, no extra derives.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a derive to every generated type (for example `"Eq"` or `"::my_crate::MyTrait"`),
    /// besides `Debug`, `Clone`, `PartialEq`, serde's and schemars'.
    #[must_use]
    pub fn with_derive(mut self, path: impl Into<String>) -> Self {
        self.derives.push(path.into());
        self
    }

    /// Renames a generated type: `from` is the name the generator would give it.
    #[must_use]
    pub fn with_rename(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        self.renames.insert(from.into(), to.into());
        self
    }

    /// Uses an existing type instead of generating one: `name` is the name the generator would
    /// give it, `path` the Rust type to use wherever it is referred to.
    #[must_use]
    pub fn with_replacement(mut self, name: impl Into<String>, path: impl Into<String>) -> Self {
        self.replacements.insert(name.into(), path.into());
        self
    }

    /// Maps a string `format` to a Rust type, replacing the default mapping (`date-time` → the
    /// generated `Timestamp`, `ipv4`/`ipv6` → `std::net`, `uuid` → `uuid::Uuid`; others →
    /// `String`). The type must implement serde's `Serialize` and `Deserialize` and schemars' `JsonSchema`.
    #[must_use]
    pub fn with_format(mut self, format: impl Into<String>, path: impl Into<String>) -> Self {
        self.formats.insert(format.into(), path.into());
        self
    }

    /// The visibility of generated types, fields, constants and methods (`"pub"` by default).
    #[must_use]
    pub fn with_visibility(mut self, visibility: impl Into<String>) -> Self {
        self.visibility = visibility.into();
        self
    }

    /// What happens to fields the schema does not describe.
    #[must_use]
    pub fn with_unknown_fields(mut self, policy: UnknownFields) -> Self {
        self.unknown_fields = policy;
        self
    }

    /// What happens to a record that lacks a `required` field.
    #[must_use]
    pub fn with_missing_required(mut self, policy: MissingRequired) -> Self {
        self.missing_required = policy;
        self
    }
}
