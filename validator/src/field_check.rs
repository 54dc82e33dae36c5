//! Compiled field checks: each documented property's JSON Schema, compiled once into a few plain
//! tests on a borrowed value ([`Scalar`]). A compiled check only ever *accepts*: it says a value
//! certainly passes the property's schema, or that it cannot tell. Whatever it cannot tell (a
//! value it rejects, a keyword it does not know) goes to `jsonschema`, which decides and explains.
//! So the hot path never invents a finding and never hides one; `tests/differential.rs` holds the
//! two to the same verdicts.

use crate::inventory::JsonKind;
use acs_log_schemas::KustoType;
use serde_json::Value;

/// A JSON value as the hot path reads it: scalars in full, strings borrowed where the text has
/// no escapes, arrays and objects by kind only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    /// A number the parser read as an unsigned 64-bit integer.
    PosInt(u64),
    /// A negative number the parser read as a signed 64-bit integer.
    NegInt(i64),
    /// Any other number (a fraction, an exponent, an integer past 64 bits).
    Float(f64),
    Str(std::borrow::Cow<'a, str>),
    Array,
    Object,
}

impl Scalar<'_> {
    /// The JSON Schema kind, as [`JsonKind::of`] gives it for the same value.
    pub(crate) fn kind(&self) -> JsonKind {
        match self {
            Scalar::Null => JsonKind::Null,
            Scalar::Bool(_) => JsonKind::Boolean,
            Scalar::PosInt(_) | Scalar::NegInt(_) => JsonKind::Integer,
            Scalar::Float(float) if float.fract() == 0.0 => JsonKind::Integer,
            Scalar::Float(_) => JsonKind::Number,
            Scalar::Str(_) => JsonKind::String,
            Scalar::Array => JsonKind::Array,
            Scalar::Object => JsonKind::Object,
        }
    }

    /// The number as an `f64`, when that is exact (every integer up to 2^53 in magnitude).
    #[allow(clippy::cast_precision_loss)] // guarded: no loss up to 2^53
    fn exact_f64(&self) -> Option<f64> {
        const EXACT: u64 = 1 << 53;
        match *self {
            Scalar::PosInt(int) if int <= EXACT => Some(int as f64),
            Scalar::NegInt(int) if int.unsigned_abs() <= EXACT => Some(int as f64),
            Scalar::Float(float) => Some(float),
            _ => None,
        }
    }
}

/// Whether the hot path may accept a documented field's value (not `null`): it fits the
/// column's Kusto type (in a Log Analytics row), the field's `x-preferred-type`, and the
/// compiled check of its schema (`None`: the category has none, so nothing is accepted).
#[inline]
pub(crate) fn field_accepts(
    check: Option<&FieldCheck>,
    kusto: Option<KustoType>,
    preferred: Option<JsonKind>,
    log_analytics: bool,
    value: &Scalar<'_>,
) -> bool {
    if log_analytics && kusto.is_some_and(|kusto| !kusto_holds(kusto, value)) {
        return false;
    }
    if preferred.is_some_and(|preferred| value.kind() != preferred) {
        return false;
    }
    check.is_some_and(|check| check.accepts(value))
}

/// [`KustoType::holds`] on a borrowed value.
#[inline]
pub(crate) fn kusto_holds(kusto: KustoType, value: &Scalar<'_>) -> bool {
    match (kusto, value) {
        (KustoType::String, value) => matches!(value, Scalar::Str(_)),
        (KustoType::Int | KustoType::Long, value) => {
            matches!(value, Scalar::PosInt(_) | Scalar::NegInt(_) | Scalar::Null)
        }
        (KustoType::Dynamic, _)
        | (_, Scalar::Null)
        | (KustoType::Guid | KustoType::Datetime | KustoType::Timespan, Scalar::Str(_))
        | (
            KustoType::Real | KustoType::Decimal,
            Scalar::PosInt(_) | Scalar::NegInt(_) | Scalar::Float(_),
        )
        | (KustoType::Bool, Scalar::Bool(_)) => true,
        _ => false,
    }
}

/// The kinds of value whose verdict under a field's checks can be known from the kind alone,
/// before the value is read. `null` is not one (the hot path settles it before any check).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueClass {
    Bool,
    /// A string with no escape.
    Str,
    /// An integer that fits a `u64`.
    PosInt,
    /// A number written with a fraction that is zero (`15.0`).
    IntegralFloat,
    /// A number with a fraction that is not.
    FractionalFloat,
    Array,
    Object,
}

impl ValueClass {
    const ALL: [ValueClass; 7] = [
        ValueClass::Bool,
        ValueClass::Str,
        ValueClass::PosInt,
        ValueClass::IntegralFloat,
        ValueClass::FractionalFloat,
        ValueClass::Array,
        ValueClass::Object,
    ];

    /// A value of the class, for the checks that do not look past the class.
    fn representative(self) -> Scalar<'static> {
        match self {
            ValueClass::Bool => Scalar::Bool(true),
            ValueClass::Str => Scalar::Str(std::borrow::Cow::Borrowed("")),
            ValueClass::PosInt => Scalar::PosInt(0),
            ValueClass::IntegralFloat => Scalar::Float(1.0),
            ValueClass::FractionalFloat => Scalar::Float(0.5),
            ValueClass::Array => Scalar::Array,
            ValueClass::Object => Scalar::Object,
        }
    }
}

/// What the hot path does with a documented field's value of one [`ValueClass`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Every value of the class passes.
    Accept,
    /// No value of the class passes: the full check looks at the record.
    StepAside,
    /// Whether it passes depends on the value: read it ([`field_accepts`]).
    Read,
}

/// A documented field's [`field_accepts`] decided per value class, for both shapes, when the
/// index is built: most values then cost a table lookup, not a read. A class is decided only
/// where no rule of the field looks past it (a format or an enum looks into strings, a bound
/// into numbers); the others are [`Verdict::Read`].
#[derive(Debug, Clone)]
pub(crate) struct ClassVerdicts {
    /// By shape (resource log, Log Analytics row), then by class in [`ValueClass::ALL`] order.
    by_shape: [[Verdict; ValueClass::ALL.len()]; 2],
}

impl ClassVerdicts {
    /// Decides every class for a field with `check`, Kusto type `kusto` and preferred type
    /// `preferred` (the arguments of [`field_accepts`]).
    pub(crate) fn compile(
        check: Option<&FieldCheck>,
        kusto: Option<KustoType>,
        preferred: Option<JsonKind>,
    ) -> ClassVerdicts {
        let verdict = |log_analytics: bool, class: ValueClass| {
            if check.is_some_and(|check| check.looks_into(class)) {
                Verdict::Read
            } else if field_accepts(
                check,
                kusto,
                preferred,
                log_analytics,
                &class.representative(),
            ) {
                Verdict::Accept
            } else {
                Verdict::StepAside
            }
        };
        ClassVerdicts {
            by_shape: [false, true]
                .map(|log_analytics| ValueClass::ALL.map(|class| verdict(log_analytics, class))),
        }
    }

    /// The verdict on a value of `class` in a record of the shape.
    #[inline]
    pub(crate) fn get(&self, log_analytics: bool, class: ValueClass) -> Verdict {
        self.by_shape[usize::from(log_analytics)][class as usize]
    }
}

/// One property's schema, compiled. `None` rules: a keyword the compiler does not know, so the
/// property is always left to `jsonschema`.
#[derive(Debug)]
pub(crate) struct FieldCheck {
    rules: Option<Vec<Rule>>,
}

#[derive(Debug)]
enum Rule {
    /// `type`: the kinds allowed (`integer` apart from `number`).
    Types(Vec<JsonKind>),
    /// `format`, asserted on strings; `jsonschema` decides what the fast form does not accept.
    Format {
        fast: Option<FastFormat>,
        validator: Box<jsonschema::Validator>,
    },
    Minimum(f64),
    Maximum(f64),
    ExclusiveMinimum(f64),
    ExclusiveMaximum(f64),
    MinLength(usize),
    MaxLength(usize),
    /// `enum` or `const` of strings.
    Strings(Vec<String>),
    AnyOf(Vec<Vec<Rule>>),
}

impl FieldCheck {
    /// Compiles a property schema; `resolve` reads a `$ref` within the schema set.
    pub(crate) fn compile(schema: &Value, resolve: &dyn Fn(&str) -> Option<Value>) -> FieldCheck {
        let mut rules = Vec::new();
        let supported = compile_into(schema, resolve, &mut rules, 0);
        FieldCheck {
            rules: supported.then_some(rules),
        }
    }

    /// Whether a rule's verdict on a value of `class` depends on more than the class.
    fn looks_into(&self, class: ValueClass) -> bool {
        self.rules
            .as_ref()
            .is_some_and(|rules| rules.iter().any(|rule| rule.looks_into(class)))
    }

    /// Whether the value certainly passes the property's schema. `false` means "ask
    /// `jsonschema`": the value may pass or fail.
    #[inline]
    pub(crate) fn accepts(&self, value: &Scalar<'_>) -> bool {
        self.rules
            .as_ref()
            .is_some_and(|rules| rules.iter().all(|rule| rule.accepts(value)))
    }
}

fn compile_into(
    schema: &Value,
    resolve: &dyn Fn(&str) -> Option<Value>,
    rules: &mut Vec<Rule>,
    depth: usize,
) -> bool {
    let Value::Object(map) = schema else {
        // `true` accepts everything; `false` nothing (left to jsonschema).
        return schema.as_bool() == Some(true);
    };
    if depth > 16 {
        return false;
    }
    for (keyword, value) in map {
        if acs_log_codegen::ANNOTATIONS.contains(&keyword.as_str()) || keyword.starts_with("x-") {
            continue;
        }
        let rule = match (keyword.as_str(), value) {
            ("$ref", Value::String(reference)) => {
                let Some(target) = resolve(reference) else {
                    return false;
                };
                if !compile_into(&target, resolve, rules, depth + 1) {
                    return false;
                }
                continue;
            }
            ("type", value) => {
                let names: Vec<&Value> = match value {
                    Value::Array(names) => names.iter().collect(),
                    other => vec![other],
                };
                let mut kinds = Vec::new();
                for name in names {
                    match name.as_str().and_then(JsonKind::parse) {
                        Some(kind) => kinds.push(kind),
                        None => return false,
                    }
                }
                Rule::Types(kinds)
            }
            ("format", Value::String(format)) => {
                let Ok(validator) = jsonschema::options()
                    .with_draft(jsonschema::Draft::Draft202012)
                    .should_validate_formats(true)
                    .build(&serde_json::json!({ "format": format }))
                else {
                    return false;
                };
                Rule::Format {
                    fast: FastFormat::of(format),
                    validator: Box::new(validator),
                }
            }
            (
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum",
                Value::Number(bound),
            ) => {
                let Some(bound) = exact(bound) else {
                    return false;
                };
                match keyword.as_str() {
                    "minimum" => Rule::Minimum(bound),
                    "maximum" => Rule::Maximum(bound),
                    "exclusiveMinimum" => Rule::ExclusiveMinimum(bound),
                    _ => Rule::ExclusiveMaximum(bound),
                }
            }
            ("minLength" | "maxLength", Value::Number(length)) => {
                let Some(length) = length
                    .as_u64()
                    .and_then(|length| usize::try_from(length).ok())
                else {
                    return false;
                };
                if keyword == "minLength" {
                    Rule::MinLength(length)
                } else {
                    Rule::MaxLength(length)
                }
            }
            ("enum", Value::Array(values)) => {
                let mut strings = Vec::new();
                for value in values {
                    match value {
                        Value::String(text) => strings.push(text.clone()),
                        _ => return false,
                    }
                }
                Rule::Strings(strings)
            }
            ("const", Value::String(text)) => Rule::Strings(vec![text.clone()]),
            ("anyOf", Value::Array(branches)) if !branches.is_empty() => {
                let mut compiled = Vec::new();
                for branch in branches {
                    let mut branch_rules = Vec::new();
                    if !compile_into(branch, resolve, &mut branch_rules, depth + 1) {
                        return false;
                    }
                    compiled.push(branch_rules);
                }
                Rule::AnyOf(compiled)
            }
            _ => return false,
        };
        rules.push(rule);
    }
    true
}

/// A bound as an exact `f64`; `None` (unsupported) for one a float does not hold exactly.
fn exact(bound: &serde_json::Number) -> Option<f64> {
    let float = bound.as_f64()?;
    let round_trips = match (bound.as_u64(), bound.as_i64()) {
        (Some(int), _) => int <= 1 << 53,
        (None, Some(int)) => int.unsigned_abs() <= 1 << 53,
        (None, None) => true,
    };
    round_trips.then_some(float)
}

impl Rule {
    #[inline]
    /// Whether the verdict on a value of `class` depends on more than the class: a number's
    /// bounds look at the number, a string's format, length and enum at the string.
    fn looks_into(&self, class: ValueClass) -> bool {
        let number = matches!(
            class,
            ValueClass::PosInt | ValueClass::IntegralFloat | ValueClass::FractionalFloat
        );
        match self {
            Rule::Types(_) => false,
            Rule::Format { .. } | Rule::MinLength(_) | Rule::MaxLength(_) | Rule::Strings(_) => {
                class == ValueClass::Str
            }
            Rule::Minimum(_)
            | Rule::Maximum(_)
            | Rule::ExclusiveMinimum(_)
            | Rule::ExclusiveMaximum(_) => number,
            Rule::AnyOf(branches) => branches.iter().flatten().any(|rule| rule.looks_into(class)),
        }
    }

    fn accepts(&self, value: &Scalar<'_>) -> bool {
        match self {
            Rule::Types(kinds) => match value {
                // JSON Schema counts 70.0 as an integer, a typed reader does not: the record
                // rule says which; the compiled check only accepts what is plainly allowed.
                Scalar::Float(float) if float.fract() == 0.0 => kinds.contains(&JsonKind::Number),
                other => other.kind().allowed_by(kinds),
            },
            Rule::Format { fast, validator } => match value {
                Scalar::Str(text) => {
                    fast.is_some_and(|fast| fast.accepts(text))
                        || validator.is_valid(&Value::String(text.to_string()))
                }
                _ => true,
            },
            Rule::Minimum(bound) => number_test(value, |number| number >= *bound),
            Rule::Maximum(bound) => number_test(value, |number| number <= *bound),
            Rule::ExclusiveMinimum(bound) => number_test(value, |number| number > *bound),
            Rule::ExclusiveMaximum(bound) => number_test(value, |number| number < *bound),
            Rule::MinLength(length) => match value {
                Scalar::Str(text) => text.chars().count() >= *length,
                _ => true,
            },
            Rule::MaxLength(length) => match value {
                Scalar::Str(text) => text.chars().count() <= *length,
                _ => true,
            },
            Rule::Strings(allowed) => match value {
                Scalar::Str(text) => allowed.iter().any(|allowed| allowed == text),
                _ => false,
            },
            Rule::AnyOf(branches) => branches
                .iter()
                .any(|rules| rules.iter().all(|rule| rule.accepts(value))),
        }
    }
}

/// A format with a test that accepts its common form without allocating: a subset of what the
/// `jsonschema` format validator accepts (for IP addresses, the very parser it uses), so a value
/// the test accepts needs no validator.
#[derive(Debug, Clone, Copy)]
enum FastFormat {
    DateTime,
    Ipv4,
    Ipv6,
    Email,
}

impl FastFormat {
    fn of(format: &str) -> Option<FastFormat> {
        match format {
            "date-time" => Some(FastFormat::DateTime),
            "ipv4" => Some(FastFormat::Ipv4),
            "ipv6" => Some(FastFormat::Ipv6),
            // A plain ASCII address is one in both; anything else is for the format validator.
            "email" | "idn-email" => Some(FastFormat::Email),
            _ => None,
        }
    }

    #[inline]
    fn accepts(self, text: &str) -> bool {
        match self {
            FastFormat::DateTime => is_plain_utc_timestamp(text),
            FastFormat::Ipv4 => text.parse::<std::net::Ipv4Addr>().is_ok(),
            FastFormat::Ipv6 => text.parse::<std::net::Ipv6Addr>().is_ok(),
            FastFormat::Email => is_plain_email(text),
        }
    }
}

/// The plain form of an email address, `first.last+tag@mail.example.com`: a local part of
/// letters, digits and `._+-` (no dot first, last or twice in a row, at most 64 bytes) and a
/// host name of letters, digits and hyphens in labels of 1 to 63 (no hyphen first or last, none
/// in the third and fourth places, the last label starting with a letter), 254 bytes in all. A
/// strict subset of what RFC 5321 and the `email` format allow; anything else (quoted local
/// parts, address literals, international names) is for the format validator.
fn is_plain_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"._+-".contains(&byte));
    let label_ok = |label: &[u8]| {
        (1..=63).contains(&label.len())
            && label[0] != b'-'
            && label[label.len() - 1] != b'-'
            && !(label.len() >= 4 && &label[2..4] == b"--")
            && label
                .iter()
                .all(|byte| byte.is_ascii_alphanumeric() || *byte == b'-')
    };
    let last_ok = domain.rsplit('.').next().is_some_and(|last| {
        last.bytes()
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic())
    });
    local_ok
        && text.len() <= 254
        && domain.len() <= 253
        && last_ok
        && domain.split('.').all(|label| label_ok(label.as_bytes()))
}

/// A numeric keyword: non-numbers pass; a number passes when the test holds on its exact value
/// (a number a float does not hold exactly is left to `jsonschema`).
fn number_test(value: &Scalar<'_>, test: impl Fn(f64) -> bool) -> bool {
    match value {
        Scalar::PosInt(_) | Scalar::NegInt(_) | Scalar::Float(_) => {
            value.exact_f64().is_some_and(test)
        }
        _ => true,
    }
}

/// The days of a month (1-12) of the proleptic Gregorian calendar.
fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The common form of an RFC 3339 UTC timestamp, `2024-05-01T00:00:00Z` or with a fraction
/// (`.1234567Z`, as Log Analytics writes it), on a day the Gregorian calendar has: a strict
/// subset of what `format: date-time` accepts, decided without allocating. Anything else (a
/// leap second, an offset, lower case) is for the format validator.
fn is_plain_utc_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[bytes.len() - 1] != b'Z' {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |sum, byte| {
            byte.is_ascii_digit()
                .then(|| sum * 10 + u32::from(byte - b'0'))
        })
    };
    let fields = (
        digits(0..4),
        digits(5..7),
        digits(8..10),
        digits(11..13),
        digits(14..16),
        digits(17..19),
    );
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = fields
    else {
        return false;
    };
    let separators = bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':';
    let fraction = &bytes[19..bytes.len() - 1];
    let fraction_ok = fraction.is_empty()
        || (fraction.len() >= 2
            && fraction[0] == b'.'
            && fraction[1..].iter().all(u8::is_ascii_digit));
    separators
        && fraction_ok
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
        && hour <= 23
        && minute <= 59
        && second <= 59
}
