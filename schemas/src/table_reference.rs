//! The Azure Monitor table reference: Microsoft's second description of each log table, listing
//! every column with its Kusto type. The pages give names and descriptions but no types; this is
//! the evidence for types, and a second witness the pages can be checked against.
//!
//! A schema set names the file in its catalog (`"tableReference": "table-reference.json"`). For
//! ACS the file is derived from `docs/table-reference/`, the include files as published in
//! `MicrosoftDocs/azure-reference-other` (`azure-monitor-ref/tables/includes/<table>-include.md`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The table reference of a schema set: one entry per Log Analytics table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableReference {
    /// What the file is and where it comes from.
    #[serde(rename = "$comment", default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// The public repository the tables were read from (`MicrosoftDocs/azure-reference-other`).
    pub repository: String,
    /// Table name (`ACSSMSIncomingOperations`) to its columns.
    pub tables: BTreeMap<String, ReferenceTable>,
}

/// One table of the reference, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceTable {
    /// The copy as published, relative to the repository root (`docs/table-reference/...md`).
    pub file: String,
    /// The file's path in the public repository.
    pub path: String,
    /// The commit of the public repository the copy was read at.
    pub commit: String,
    /// Every column, in the reference's order.
    pub columns: Vec<ReferenceColumn>,
}

/// One column of a table, as the reference lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReferenceColumn {
    /// The column name, as Log Analytics spells it.
    pub name: String,
    /// The Kusto type.
    pub kusto_type: KustoType,
    /// The reference's description.
    pub description: String,
    /// The 1-based line of the column's row in [`ReferenceTable::file`].
    pub line: u32,
}

/// A Kusto scalar type, as the table reference names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KustoType {
    /// `string`: never null in Log Analytics; no value is `""`.
    String,
    /// `int`: 32-bit signed integer (the reference also uses it for wider ids, such as chat
    /// message ids); null when the row has no value.
    Int,
    /// `long`: 64-bit signed integer; null when the row has no value.
    Long,
    /// `real`: 64-bit float; null when the row has no value.
    Real,
    /// `bool`; null when the row has no value.
    Bool,
    /// `datetime`: an ISO 8601 instant in UTC; null when the row has no value.
    Datetime,
    /// `dynamic`: any JSON value.
    Dynamic,
    /// `guid`; null when the row has no value.
    Guid,
    /// `timespan`; null when the row has no value.
    Timespan,
    /// `decimal`; null when the row has no value.
    Decimal,
}

impl KustoType {
    /// The name as Kusto writes it (`datetime`).
    pub fn as_str(self) -> &'static str {
        match self {
            KustoType::String => "string",
            KustoType::Int => "int",
            KustoType::Long => "long",
            KustoType::Real => "real",
            KustoType::Bool => "bool",
            KustoType::Datetime => "datetime",
            KustoType::Dynamic => "dynamic",
            KustoType::Guid => "guid",
            KustoType::Timespan => "timespan",
            KustoType::Decimal => "decimal",
        }
    }

    /// Whether a Log Analytics cell of this type is `null` when the row has no value (every type
    /// but `string`, whose empty cell is `""`).
    pub fn is_nullable_in_log_analytics(self) -> bool {
        !matches!(self, KustoType::String)
    }
}

impl KustoType {
    /// The JSON value a Log Analytics cell of this type has, given the text an all-string export
    /// (CSV, `az monitor log-analytics query`) wrote for it: `""` is no value (`null`) in every
    /// type but `string`, and text that does not read as the type stays a string, so the
    /// validator can report it as what it is.
    pub fn value_of_text(self, text: &str) -> serde_json::Value {
        self.typed_text(text, true)
    }

    /// [`KustoType::value_of_text`], except that a datetime stays as written: for a validator,
    /// which reads display dates back only where the export says it rendered them (the
    /// portal's `[UTC]` header), and reports one anywhere else.
    pub fn value_of_text_as_written(self, text: &str) -> serde_json::Value {
        self.typed_text(text, false)
    }

    fn typed_text(self, text: &str, read_display_dates: bool) -> serde_json::Value {
        use serde_json::Value;
        match self {
            KustoType::String => return Value::String(text.to_owned()),
            // No value, as the query API writes it: `null`, also for a datetime, guid or
            // timespan (an empty `TimeGenerated` cell was "" and broke the date-time format).
            _ if text.is_empty() => return Value::Null,
            // The portal's CSV renders datetimes for display: read back as the instant it shows.
            KustoType::Datetime => {
                let iso = read_display_dates
                    .then(|| portal_date_as_iso(text))
                    .flatten();
                return Value::String(iso.unwrap_or_else(|| text.to_owned()));
            }
            KustoType::Guid | KustoType::Timespan => return Value::String(text.to_owned()),
            KustoType::Int | KustoType::Long => {
                if let Ok(number) = text.parse::<i64>() {
                    return Value::Number(number.into());
                }
            }
            KustoType::Real | KustoType::Decimal => {
                if let Some(number) = text
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                {
                    return Value::Number(number);
                }
            }
            KustoType::Bool => {
                // Log Analytics writes `True`/`False`; the query API and the CLI, `true`/`false`.
                if text.eq_ignore_ascii_case("true") {
                    return Value::Bool(true);
                }
                if text.eq_ignore_ascii_case("false") {
                    return Value::Bool(false);
                }
            }
            KustoType::Dynamic => {
                if let Ok(value) = serde_json::from_str(text) {
                    return value;
                }
            }
        }
        Value::String(text.to_owned())
    }

    /// Whether a JSON value is what a Log Analytics cell of this type holds: `null` in every
    /// type but `string` (no value), else the type's JSON form.
    pub fn holds(self, value: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (self, value) {
            (KustoType::String, value) => value.is_string(),
            (KustoType::Int | KustoType::Long, Value::Number(number)) => {
                number.is_i64() || number.is_u64()
            }
            (KustoType::Dynamic, _)
            | (_, Value::Null)
            | (KustoType::Guid | KustoType::Datetime | KustoType::Timespan, Value::String(_))
            | (KustoType::Real | KustoType::Decimal, Value::Number(_))
            | (KustoType::Bool, Value::Bool(_)) => true,
            _ => false,
        }
    }
}

impl KustoType {
    /// The JSON Schema keywords for a Log Analytics cell of this type: the type's JSON form, a
    /// `date-time` or `uuid` format where the type says so, nothing for `dynamic`.
    pub fn json_schema(self) -> serde_json::Map<String, serde_json::Value> {
        let (json_type, format) = match self {
            KustoType::String | KustoType::Timespan => ("string", None),
            KustoType::Datetime => ("string", Some("date-time")),
            KustoType::Guid => ("string", Some("uuid")),
            KustoType::Int | KustoType::Long => ("integer", None),
            KustoType::Real | KustoType::Decimal => ("number", None),
            KustoType::Bool => ("boolean", None),
            KustoType::Dynamic => return serde_json::Map::new(),
        };
        let mut keywords = serde_json::Map::new();
        keywords.insert("type".into(), json_type.into());
        if let Some(format) = format {
            keywords.insert("format".into(), format.into());
        }
        keywords
    }
}

/// The Azure portal's display form of a UTC instant (`7/30/2024, 9:32:49.469 AM`, what its CSV
/// export writes under `TimeGenerated [UTC]`) as ISO 8601 (`2024-07-30T09:32:49.469Z`); `None`
/// for any other text.
pub fn portal_date_as_iso(cell: &str) -> Option<String> {
    let (date, time) = cell.split_once(", ")?;
    let mut date_parts = date.split('/');
    let month: u32 = date_parts.next()?.parse().ok()?;
    let day: u32 = date_parts.next()?.parse().ok()?;
    let year: u32 = date_parts.next()?.parse().ok()?;
    let (clock, meridiem) = time.split_once(' ')?;
    let mut clock_parts = clock.split(':');
    let hour: u32 = clock_parts.next()?.parse().ok()?;
    let minute: u32 = clock_parts.next()?.parse().ok()?;
    let seconds = clock_parts.next()?;
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let second: u32 = whole.parse().ok()?;
    let hour = match (meridiem, hour) {
        ("AM", 12) => 0,
        ("AM", 1..=11) => hour,
        ("PM", 12) => 12,
        ("PM", 1..=11) => hour + 12,
        _ => return None,
    };
    let valid = date_parts.next().is_none()
        && clock_parts.next().is_none()
        && (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && minute < 60
        && second < 60
        && fraction.bytes().all(|byte| byte.is_ascii_digit());
    if !valid {
        return None;
    }
    let fraction = if fraction.is_empty() {
        String::new()
    } else {
        format!(".{fraction}")
    };
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{fraction}Z"
    ))
}

/// The days of a month of the Gregorian calendar (`0` for no month): a display date such as
/// `2/29/2023` is no date, and is left as the file has it.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

/// The JSON value of a cell whose column has no known type, from its text alone: a whole
/// number, a decimal number or a boolean when it reads as one, else the string.
pub fn value_of_untyped_text(text: &str) -> serde_json::Value {
    use serde_json::Value;
    if let Ok(number) = text.parse::<i64>() {
        return Value::Number(number.into());
    }
    // Only plain decimals: `1e3`, `inf` and `NaN` are more likely names than numbers.
    if text.contains('.')
        && text
            .bytes()
            .all(|byte| byte.is_ascii_digit() || matches!(byte, b'.' | b'-'))
        && let Some(number) = text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
    {
        return Value::Number(number);
    }
    match text {
        "true" | "True" => Value::Bool(true),
        "false" | "False" => Value::Bool(false),
        _ => Value::String(text.to_owned()),
    }
}

impl std::fmt::Display for KustoType {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl ReferenceTable {
    /// The column with exactly this name.
    pub fn column(&self, name: &str) -> Option<&ReferenceColumn> {
        self.columns.iter().find(|column| column.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_display_dates_read_as_iso() {
        assert_eq!(
            portal_date_as_iso("7/30/2024, 9:32:49.469 AM").as_deref(),
            Some("2024-07-30T09:32:49.469Z")
        );
        assert_eq!(
            portal_date_as_iso("12/1/2024, 12:05:00 PM").as_deref(),
            Some("2024-12-01T12:05:00Z")
        );
        assert_eq!(
            portal_date_as_iso("7/30/2024, 12:00:00 AM").as_deref(),
            Some("2024-07-30T00:00:00Z")
        );
        assert_eq!(portal_date_as_iso("2024-07-30T09:32:49Z"), None);
        assert_eq!(portal_date_as_iso("7/30/2024, 13:00:00 PM"), None);
    }

    #[test]
    fn text_reads_as_its_kusto_type() {
        use serde_json::json;
        assert_eq!(KustoType::Int.value_of_text("130"), json!(130));
        assert_eq!(KustoType::Int.value_of_text(""), json!(null));
        assert_eq!(KustoType::Int.value_of_text("slow"), json!("slow"));
        assert_eq!(KustoType::Bool.value_of_text("True"), json!(true));
        assert_eq!(KustoType::String.value_of_text(""), json!(""));
        // Every type but string has no value as null, as the query API writes it.
        for kusto in [
            KustoType::Datetime,
            KustoType::Guid,
            KustoType::Timespan,
            KustoType::Dynamic,
        ] {
            assert_eq!(kusto.value_of_text(""), json!(null), "{kusto:?}");
            assert_eq!(kusto.value_of_text_as_written(""), json!(null), "{kusto:?}");
            assert!(kusto.is_nullable_in_log_analytics());
        }
        assert_eq!(KustoType::String.value_of_text("250"), json!("250"));
        assert_eq!(KustoType::Real.value_of_text("0.5"), json!(0.5));
        assert_eq!(
            KustoType::Datetime.value_of_text("7/30/2024, 9:32:49.469 AM"),
            json!("2024-07-30T09:32:49.469Z")
        );
        assert_eq!(
            KustoType::Datetime.value_of_text_as_written("7/30/2024, 9:32:49.469 AM"),
            json!("7/30/2024, 9:32:49.469 AM")
        );
        assert_eq!(KustoType::Int.value_of_text_as_written("3"), json!(3));
        assert_eq!(value_of_untyped_text("3"), json!(3));
        assert_eq!(value_of_untyped_text("1e3"), json!("1e3"));
        assert_eq!(value_of_untyped_text(""), json!(""));
        assert!(KustoType::Int.holds(&json!(null)));
        assert!(!KustoType::String.holds(&json!(null)));
        assert!(!KustoType::String.holds(&json!(true)));
    }
}
