//! Findings as data: every problem the validator (or, later, the docs checker) reports is a
//! [`Finding`] with a stable [`FindingId`], a [`Level`], the places it was seen and the
//! documentation row it contradicts. Renderers only ever read this model.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Declares [`FindingId`] from one row per id (its doc, kebab-case name, default level and
/// description) and derives from the same rows everything said per id: [`FindingId::ALL`],
/// `as_str`, `default_level`, `description` and `index`. A new id is one row; no list can miss it.
/// The name is the variant's serde (kebab-case) spelling; the tests below check that they agree.
macro_rules! finding_ids {
    (
        $(#[$meta:meta])*
        pub enum FindingId {
            $(
                $(#[doc = $doc:literal])*
                $variant:ident {
                    name: $name:literal,
                    level: $level:ident,
                    description: $description:literal $(,)?
                }
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        pub enum FindingId {
            $($(#[doc = $doc])* $variant,)+
        }

        impl FindingId {
            /// Every id, in a stable order: the order of the rows (SARIF numbers its rules by it).
            pub const ALL: [FindingId; [$($name),+].len()] = [$(FindingId::$variant),+];

            /// The kebab-case id.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingId::$variant => $name,)+
                }
            }

            /// The level a finding has unless the config file says otherwise.
            pub fn default_level(self) -> Level {
                match self {
                    $(FindingId::$variant => Level::$level,)+
                }
            }

            /// One sentence saying what the id means, for SARIF rules and the Markdown legend.
            pub fn description(self) -> &'static str {
                match self {
                    $(FindingId::$variant => $description,)+
                }
            }

            /// Whether the id is about reading the inputs (an unreadable input or record, an
            /// empty input, a skipped path) rather than about what the records hold: such a
            /// finding names no drift, and a baseline never accepts it.
            pub fn is_about_reading(self) -> bool {
                matches!(
                    self,
                    FindingId::UnreadableRecord
                        | FindingId::UnreadableInput
                        | FindingId::EmptyInput
                        | FindingId::SkippedPath
                        | FindingId::RepeatedInput
                )
            }

            /// The id's place in [`FindingId::ALL`], so that a table by id ([`PerFinding`]) is
            /// never indexed by a number kept by hand.
            pub(crate) const fn index(self) -> usize {
                self as usize
            }
        }
    };
}

finding_ids! {
    /// The stable identifier of a kind of finding. The kebab-case spelling is the public contract:
    /// baselines, config files, SARIF rule ids and CI scripts refer to it.
    #[derive(
        Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
    )]
    #[serde(rename_all = "kebab-case")]
    pub enum FindingId {
        /// A field in the data that the documentation does not list for the category.
        UndocumentedField {
            name: "undocumented-field",
            level: Warning,
            description: "A field in the data that the documentation does not list for its category.",
        },
        /// A documented (required) field absent from a record.
        MissingRequiredField {
            name: "missing-required-field",
            level: Error,
            description: "A documented field is missing from records.",
        },
        /// A documented field that no record of the category carried.
        DocumentedFieldNeverSeen {
            name: "documented-field-never-seen",
            level: Info,
            description: "A documented field that no record of the category carried.",
        },
        /// A value whose JSON type is not the documented one.
        TypeMismatch {
            name: "type-mismatch",
            level: Error,
            description: "A value whose JSON type differs from the documented type.",
        },
        /// A key that differs from a documented one only by case, spacing or a recorded spelling.
        NameCaseMismatch {
            name: "name-case-mismatch",
            level: Warning,
            description: "A key that differs from a documented name only by case, spacing or a recorded alternative spelling.",
        },
        /// A value outside the documented set of values.
        UndocumentedEnumValue {
            name: "undocumented-enum-value",
            level: Warning,
            description: "A value outside the documented set of values.",
        },
        /// A value of the right type in the wrong form (a timestamp, an address, a range).
        FormatViolation {
            name: "format-violation",
            level: Error,
            description: "A value of the documented type in a form the documentation does not allow (timestamp, address, range).",
        },
        // A storage account receives every ACS category and the pages cover eight: a category
        // they do not cover is drift to hear about, not a broken contract.
        /// A record whose category the catalog does not know, or that names no category.
        UnknownCategory {
            name: "unknown-category",
            level: Warning,
            description: "A record whose category the catalog does not know, or that names none.",
        },
        /// A record that could not be read: invalid JSON or UTF-8, too large, too deeply nested.
        UnreadableRecord {
            name: "unreadable-record",
            level: Error,
            description: "A record that could not be read (invalid JSON or UTF-8, too large, nested too deep).",
        },
        /// An input that could not be read at all, or only in part (binary, broken gzip).
        UnreadableInput {
            name: "unreadable-input",
            level: Error,
            description: "An input that could not be read, or only in part (binary data, a broken gzip stream).",
        },
        /// An input (file or directory) that holds no records.
        EmptyInput {
            name: "empty-input",
            level: Warning,
            description: "An input file or directory that holds no log records.",
        },
        /// A page's table lists a column the schema does not have (a new or renamed column).
        DocFieldNotInSchema {
            name: "doc-field-not-in-schema",
            level: Error,
            description: "A page's table lists a column the schema does not have (new, or renamed).",
        },
        /// A schema property has no row in a page's table for its category.
        SchemaFieldNotInDoc {
            name: "schema-field-not-in-doc",
            level: Error,
            description: "A schema property has no row in a page's table for its category.",
        },
        /// A page names a column differently from the data key (`Operation Name`, `CorrelationID`).
        DocNameDiffersFromKey {
            name: "doc-name-differs-from-key",
            level: Warning,
            description: "A page names a column differently from the key the data uses.",
        },
        /// A page describes a column differently from the schema.
        DocDescriptionDiffers {
            name: "doc-description-differs",
            level: Info,
            description: "A page describes a column differently from the schema.",
        },
        /// Two pages document one category differently.
        PagesDisagree {
            name: "pages-disagree",
            level: Warning,
            description: "Two pages document the same category differently.",
        },
        /// A page's example is not valid JSON.
        ExampleInvalidJson {
            name: "example-invalid-json",
            level: Error,
            description: "A page's example is not valid JSON.",
        },
        /// A page's example uses a key its tables do not list under that spelling.
        ExampleKeyNotInTable {
            name: "example-key-not-in-table",
            level: Warning,
            description: "A page's example uses a key that its tables do not list under that spelling.",
        },
        /// A table row that was read although it is malformed (no closing pipe, stray characters).
        MalformedTableRow {
            name: "malformed-table-row",
            level: Warning,
            description: "A table row was read although it is malformed (a missing closing pipe, stray characters).",
        },
        /// A heading written so that some renderers show it as text (indented).
        MalformedHeading {
            name: "malformed-heading",
            level: Warning,
            description: "A heading is written so that some Markdown renderers show it as text.",
        },
        /// A property table that documents no catalogued category.
        UnknownTable {
            name: "unknown-table",
            level: Warning,
            description: "A property table documents no catalogued category.",
        },
        /// A table under a log heading that cannot be read as a property table.
        UnreadableTable {
            name: "unreadable-table",
            level: Warning,
            description: "A table under a log heading that cannot be read as a property table.",
        },
        /// A code fence that is never closed.
        UnclosedFence {
            name: "unclosed-fence",
            level: Warning,
            description: "A code fence that is never closed.",
        },
        /// A page and the Azure Monitor table reference disagree on a category's columns.
        ReferenceDisagrees {
            name: "reference-disagrees",
            level: Warning,
            description: "A page and the Azure Monitor table reference disagree on a category's columns.",
        },
        /// A record that names one key twice, or gives one column two values (by two spellings of
        /// an envelope key, or outside and inside a resource log's `properties`); only one of
        /// the values is kept.
        DuplicateKey {
            name: "duplicate-key",
            level: Error,
            description: "A record names one key twice, or gives one column two values (two spellings of an envelope key, or outside and inside `properties`); a reader silently keeps only one.",
        },
        /// A path the directory walk skipped or could not read (unreadable, a FIFO or device, a
        /// compression format not read, a hidden or non-log file).
        SkippedPath {
            name: "skipped-path",
            level: Warning,
            description: "A path not read: in a directory walk, unreadable, not a regular file, a compression format not read, hidden, or not a log file; anywhere, a file or standard input named again.",
        },
        /// An input in more than one of the partials merged: its records are counted each time.
        RepeatedInput {
            name: "repeated-input",
            level: Warning,
            description: "An input in more than one of the partials merged into the report: its records are counted once for each.",
        },
    }
}

impl FindingId {
    /// Reads a kebab-case id.
    pub fn parse(text: &str) -> Option<FindingId> {
        FindingId::ALL.into_iter().find(|id| id.as_str() == text)
    }
}

/// One value for each finding id, looked up by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PerFinding<T>([T; FindingId::ALL.len()]);

impl<T> PerFinding<T> {
    /// The table of `value(id)` for every id.
    pub(crate) fn from_fn(value: impl FnMut(FindingId) -> T) -> PerFinding<T> {
        PerFinding(FindingId::ALL.map(value))
    }
}

impl<T> std::ops::Index<FindingId> for PerFinding<T> {
    type Output = T;

    fn index(&self, id: FindingId) -> &T {
        &self.0[id.index()]
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Worth knowing; never fails a build unless `--fail-on` asks for it.
    Info,
    /// Drift that a maintainer should look at.
    Warning,
    /// Data that breaks the documented contract.
    Error,
}

impl Level {
    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    #[must_use]
    /// One step less severe (`Error` → `Warning` → `Info`).
    pub(crate) fn demoted(self) -> Level {
        match self {
            Level::Error => Level::Warning,
            Level::Warning | Level::Info => Level::Info,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a location points into.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LocationKind {
    /// A data file (or standard input) being checked.
    Data,
    /// A documentation page.
    Doc,
}

/// A place in a data file or a documentation page.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct Location {
    /// Whether `file` is data or documentation.
    pub kind: LocationKind,
    /// The path as given (or found by walking a directory), `-` for standard input.
    pub file: String,
    /// 1-based line, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// 0-based index of the record within its JSON array, Event Hubs batch or query table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// What is wrong at this very place (a parse error, a validator message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(record) = self.record {
            write!(f, " (record {record})")?;
        }
        Ok(())
    }
}

/// The documentation row a finding contradicts, so a maintainer knows what to fix.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub struct DocRef {
    /// The page's file name (`sms-logs.md`).
    pub page: String,
    /// The heading of the property table.
    pub table: String,
    /// The property's name as the page writes it (`Correlation ID`); absent when the finding is
    /// about a row the table lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The line of the page, when a docs check knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

/// What the offending string values looked like: enough to infer a schema for an undocumented
/// field (`acs-logs suggest`) without keeping the values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StringShapes {
    /// String values.
    pub strings: u64,
    /// Of those, empty ones.
    pub empty: u64,
    /// Of those, RFC 3339 timestamps (`2024-05-01T00:00:00.0040879Z`).
    pub date_times: u64,
}

impl StringShapes {
    /// Counts one value: its text if it is a string, `None` if it is not (then it is not
    /// counted).
    pub(crate) fn observe(&mut self, string: Option<&str>) {
        if let Some(text) = string {
            self.strings += 1;
            if text.is_empty() {
                self.empty += 1;
            } else if looks_like_date_time(text) {
                self.date_times += 1;
            }
        }
    }

    /// Adds another count.
    pub(crate) fn merge(&mut self, other: StringShapes) {
        self.strings += other.strings;
        self.empty += other.empty;
        self.date_times += other.date_times;
    }

    /// Whether no string was seen (then it is left out of reports).
    pub(crate) fn is_empty(&self) -> bool {
        self.strings == 0
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, by shape and range: a cheap test that runs
/// on every undocumented string value.
pub(crate) fn looks_like_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let number = |range: std::ops::Range<usize>| {
        bytes.get(range).map_or(99, |part| {
            part.iter()
                .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'))
        })
    };
    let shaped = bytes.len() >= 20
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && matches!(bytes[10], b'T' | b't')
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
        && bytes[16] == b':'
        && digits(17..19);
    if !shaped
        || !(1..=12).contains(&number(5..7))
        || !(1..=31).contains(&number(8..10))
        || number(11..13) > 23
        || number(14..16) > 59
        || number(17..19) > 60
    {
        return false;
    }
    let mut rest = &bytes[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let length = fraction
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if length == 0 {
            return false;
        }
        rest = &fraction[length..];
    }
    match rest {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            [h1, h2, m1, m2].iter().all(|byte| byte.is_ascii_digit())
        }
        _ => false,
    }
}

/// One aggregated finding: one per (id, category, field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The stable id.
    pub id: FindingId,
    /// The level after the config file and the schema's hints were applied.
    pub level: Level,
    /// The log category, when the finding belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The field (data key or documented name), when the finding is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How many records (or inputs, for input findings) showed it.
    pub count: u64,
    /// The first few places, in file and line order.
    pub locations: Vec<Location>,
    /// How many of the offending values had each JSON type (`string`, `integer`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub observed_types: BTreeMap<String, u64>,
    /// A few of the offending values, compact JSON, distinct, from the first places.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// What the string values among them looked like.
    #[serde(default, skip_serializing_if = "StringShapes::is_empty")]
    pub strings: StringShapes,
    /// The documentation it contradicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documentation: Option<DocRef>,
}

impl Finding {
    /// The key baselines match on and SARIF's `partialFingerprints` carry: `id|category|field`.
    pub fn fingerprint(&self) -> String {
        fingerprint(
            self.id.as_str(),
            self.category.as_deref(),
            self.field.as_deref(),
        )
    }

    /// The order reports list findings in: most severe first, then by id, category and field.
    pub(crate) fn sort_key(&self) -> (std::cmp::Reverse<Level>, FindingId, &str, &str) {
        (
            std::cmp::Reverse(self.level),
            self.id,
            self.category.as_deref().unwrap_or(""),
            self.field.as_deref().unwrap_or(""),
        )
    }
}

/// The key baselines match on and SARIF's `partialFingerprints` carry: `id|category|field`,
/// stable across runs and independent of counts and places. Baseline files and SARIF consumers
/// hold these strings: the spelling must not change.
/// `text` in double quotes as JSON writes it (`"a\u001bb"`): how messages quote a key, a
/// category or a name from the data, so that it reads the same way as the values they show
/// (JSON too) and as the renderers spell what JSON leaves as itself.
pub(crate) fn json_quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

pub(crate) fn fingerprint(id: &str, category: Option<&str>, field: Option<&str>) -> String {
    format!("{id}|{}|{}", category.unwrap_or(""), field.unwrap_or(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each id's public spelling, written out by hand. The match has no wildcard arm: a new
    /// variant does not compile until it is listed here, and a renamed one fails the test below.
    fn spelling(id: FindingId) -> &'static str {
        match id {
            FindingId::UndocumentedField => "undocumented-field",
            FindingId::MissingRequiredField => "missing-required-field",
            FindingId::DocumentedFieldNeverSeen => "documented-field-never-seen",
            FindingId::TypeMismatch => "type-mismatch",
            FindingId::NameCaseMismatch => "name-case-mismatch",
            FindingId::UndocumentedEnumValue => "undocumented-enum-value",
            FindingId::FormatViolation => "format-violation",
            FindingId::UnknownCategory => "unknown-category",
            FindingId::UnreadableRecord => "unreadable-record",
            FindingId::UnreadableInput => "unreadable-input",
            FindingId::EmptyInput => "empty-input",
            FindingId::DocFieldNotInSchema => "doc-field-not-in-schema",
            FindingId::SchemaFieldNotInDoc => "schema-field-not-in-doc",
            FindingId::DocNameDiffersFromKey => "doc-name-differs-from-key",
            FindingId::DocDescriptionDiffers => "doc-description-differs",
            FindingId::PagesDisagree => "pages-disagree",
            FindingId::ExampleInvalidJson => "example-invalid-json",
            FindingId::ExampleKeyNotInTable => "example-key-not-in-table",
            FindingId::MalformedTableRow => "malformed-table-row",
            FindingId::MalformedHeading => "malformed-heading",
            FindingId::UnknownTable => "unknown-table",
            FindingId::UnreadableTable => "unreadable-table",
            FindingId::UnclosedFence => "unclosed-fence",
            FindingId::ReferenceDisagrees => "reference-disagrees",
            FindingId::DuplicateKey => "duplicate-key",
            FindingId::SkippedPath => "skipped-path",
            FindingId::RepeatedInput => "repeated-input",
        }
    }

    #[test]
    fn every_id_is_in_all_once_with_its_own_kebab_name_and_index() {
        // The variants as the derive sees them (the enum's own schema), not as ALL lists them.
        let schema = serde_json::to_value(schemars::schema_for!(FindingId)).unwrap();
        let variants: Vec<&str> = schema["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|variant| variant["const"].as_str().unwrap())
            .collect();
        let listed: Vec<&str> = FindingId::ALL.iter().map(|id| id.as_str()).collect();
        assert_eq!(listed, variants, "ALL holds every variant once, in order");
        let names: std::collections::BTreeSet<&str> = listed.iter().copied().collect();
        assert_eq!(names.len(), FindingId::ALL.len(), "names are unique");

        let by_id = PerFinding::from_fn(|id| id);
        for (position, id) in FindingId::ALL.into_iter().enumerate() {
            let name = id.as_str();
            assert_eq!(name, spelling(id));
            let mut kebab = String::new();
            for letter in format!("{id:?}").chars() {
                if letter.is_ascii_uppercase() && !kebab.is_empty() {
                    kebab.push('-');
                }
                kebab.push(letter.to_ascii_lowercase());
            }
            assert_eq!(name, kebab);
            assert_eq!(serde_json::to_value(id).unwrap(), name);
            assert_eq!(
                serde_json::from_value::<FindingId>(name.into()).unwrap(),
                id
            );
            assert_eq!(FindingId::parse(name), Some(id));
            assert_eq!(id.index(), position, "{name}");
            assert_eq!(by_id[id], id);
        }
    }

    #[test]
    fn a_fingerprint_is_id_category_and_field() {
        assert_eq!(
            fingerprint("type-mismatch", Some("SMSOperational"), Some("To")),
            "type-mismatch|SMSOperational|To"
        );
        assert_eq!(fingerprint("empty-input", None, None), "empty-input||");
    }

    #[test]
    fn timestamps_are_told_by_shape_and_range() {
        for good in [
            "2024-05-01T00:00:00.0040879Z",
            "2022-09-26T15:58:30.100Z",
            "2024-05-01T00:00:00+02:00",
            "2024-05-01t00:00:00z",
        ] {
            assert!(looks_like_date_time(good), "{good}");
        }
        for bad in [
            "5/25/2023, 4:32:49.469 AM",
            "2024-05-01 00:00:00",
            "2024-05-01T25:00:00Z",
            "2024-13-01T00:00:00Z",
            "2024-05-01T00:00:00.Z",
            "2024-05-01T00:00:00",
            "1714521600",
            "",
        ] {
            assert!(!looks_like_date_time(bad), "{bad}");
        }
        let mut shapes = StringShapes::default();
        for value in [
            serde_json::json!(""),
            serde_json::json!("2024-05-01T00:00:00Z"),
            serde_json::json!("x"),
            serde_json::json!(3),
        ] {
            shapes.observe(value.as_str());
        }
        assert_eq!(
            shapes,
            StringShapes {
                strings: 3,
                empty: 1,
                date_times: 1
            }
        );
    }
}
