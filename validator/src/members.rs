//! A JSON object's members, scanned in one pass over its text: keys borrowed, values kept as the
//! raw text they are in (with their kind, and for a string whether it holds an escape), nothing
//! built. This is the hot path's parser ([`crate::fast_path`]); it reads a record about twice as
//! fast as `serde_json`'s visitor over borrowed keys and `RawValue`s, mainly because each string is
//! scanned once and its kind is known without looking at it again.
//!
//! It is a validator as much as a parser, and a deliberately narrow one: it accepts a text only
//! when it is certain `serde_json` (which the full check uses) reads the same members from it. What
//! it is not certain of it declines with `None`, and the caller hands the line to the full check,
//! which reads it with `serde_json` and says what is wrong, if anything. Declined, so never
//! misread:
//! - an escape in a key, and an escape in a string value that `serde_json` does not read (checked
//!   by `serde_json` itself, on that string);
//! - a number with an exponent or more than [`MAX_NUMBER_BYTES`] characters (`serde_json` refuses
//!   numbers past `f64`'s range, which the full check reports);
//! - a control character in a string, anything after the object but whitespace, and anything
//!   else that is not JSON.
//!
//! Nested objects and arrays are read by `serde_json` (as a `RawValue`, exactly as the hot path
//! read every value before); a nested object the hot path must see member by member (a resource
//! log's `properties`) is scanned again on its own text.

use serde::Deserialize;
use serde_json::value::RawValue;

/// What kind of JSON value a member holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RawKind {
    /// A string with no escape: its text between the quotes is its value.
    String,
    /// A string holding at least one (valid) escape.
    EscapedString,
    /// A number (no exponent, at most [`MAX_NUMBER_BYTES`] characters).
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// An object.
    Object,
    /// An array.
    Array,
}

/// A member's value as it stands in the text: exactly the bytes `serde_json`'s `RawValue` would
/// hold for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawJson<'t> {
    text: &'t str,
    kind: RawKind,
}

impl<'t> RawJson<'t> {
    /// The value's JSON text.
    #[inline]
    pub(crate) fn get(self) -> &'t str {
        self.text
    }

    /// What kind of value it is.
    #[inline]
    pub(crate) fn kind(self) -> RawKind {
        self.kind
    }

    /// Whether it is `null`.
    #[inline]
    pub(crate) fn is_null(self) -> bool {
        self.kind == RawKind::Null
    }
}

/// One member of an object: its key and its raw value.
pub(crate) type Member<'t> = (&'t str, RawJson<'t>);

/// The longest number read; a longer one (past what `u64` and `f64`'s exact digits hold) is
/// declined.
pub(crate) const MAX_NUMBER_BYTES: usize = 20;

/// Reads `text` as one JSON object (with only JSON whitespace around it), appending its members
/// to `members` in order, duplicates included. `None` when the text is not one, when the object
/// holds more than `limit` members, or when anything in it is declined (see the module header);
/// `members` then holds an unspecified prefix.
pub(crate) fn scan_object<'t>(
    text: &'t str,
    limit: usize,
    members: &mut Vec<Member<'t>>,
) -> Option<()> {
    let bytes = text.as_bytes();
    let mut at = skip_whitespace(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_whitespace(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        let mut count = 0usize;
        loop {
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let (end, escaped) = string_end(bytes, at + 1)?;
            if escaped {
                return None;
            }
            let key = text.get(at + 1..end)?;
            at = skip_whitespace(bytes, end + 1);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_whitespace(bytes, at + 1);
            let (value, next) = scan_value(text, at)?;
            count += 1;
            if count > limit {
                return None;
            }
            members.push((key, value));
            at = skip_whitespace(bytes, next);
            match bytes.get(at) {
                Some(b',') => at = skip_whitespace(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_whitespace(bytes, at) == bytes.len()).then_some(())
}

/// Reads `text` as one JSON value of any kind, as [`scan_object`] reads a member's value.
#[cfg(test)]
pub(crate) fn scan_value_text(text: &str) -> Option<RawJson<'_>> {
    let bytes = text.as_bytes();
    let (value, end) = scan_value(text, skip_whitespace(bytes, 0))?;
    (skip_whitespace(bytes, end) == bytes.len()).then_some(value)
}

/// The value starting at `at`, and where it ends.
#[inline]
fn scan_value(text: &str, at: usize) -> Option<(RawJson<'_>, usize)> {
    let bytes = text.as_bytes();
    let raw = |end: usize, kind: RawKind| {
        Some((
            RawJson {
                text: text.get(at..end)?,
                kind,
            },
            end,
        ))
    };
    match *bytes.get(at)? {
        b'"' => {
            let (end, escaped) = string_end(bytes, at + 1)?;
            if !escaped {
                return raw(end + 1, RawKind::String);
            }
            // Escapes are rare in logs: serde_json says whether these are ones it reads.
            let quoted = text.get(at..end + 1)?;
            serde_json::from_str::<Box<str>>(quoted).ok()?;
            raw(end + 1, RawKind::EscapedString)
        }
        b't' => literal(bytes, at, b"true").and_then(|end| raw(end, RawKind::Bool)),
        b'f' => literal(bytes, at, b"false").and_then(|end| raw(end, RawKind::Bool)),
        b'n' => literal(bytes, at, b"null").and_then(|end| raw(end, RawKind::Null)),
        b'-' | b'0'..=b'9' => number_end(bytes, at).and_then(|end| raw(end, RawKind::Number)),
        first @ (b'{' | b'[') => {
            let rest = text.get(at..)?;
            let mut deserializer = serde_json::Deserializer::from_str(rest);
            let nested = <&RawValue>::deserialize(&mut deserializer).ok()?;
            let kind = if first == b'{' {
                RawKind::Object
            } else {
                RawKind::Array
            };
            raw(at + nested.get().len(), kind)
        }
        _ => None,
    }
}

/// JSON's whitespace (and only it: not form feed, not Unicode spaces).
#[inline]
fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(at) {
        at += 1;
    }
    at
}

/// The end of a literal (`true`, `false`, `null`) spelled at `at`.
#[inline]
fn literal(bytes: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    bytes
        .get(at..)?
        .starts_with(word)
        .then_some(at + word.len())
}

/// The end of a number at `at`, in JSON's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)?`. An
/// exponent, or more than [`MAX_NUMBER_BYTES`] characters, is declined.
#[inline]
fn number_end(bytes: &[u8], at: usize) -> Option<usize> {
    let digits = |from: usize| {
        let count = bytes.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        });
        from + count
    };
    let mut end = at;
    if bytes.get(end) == Some(&b'-') {
        end += 1;
    }
    match bytes.get(end) {
        Some(b'0') => end += 1,
        Some(b'1'..=b'9') => end = digits(end),
        _ => return None,
    }
    if bytes.get(end) == Some(&b'.') {
        let fraction = digits(end + 1);
        if fraction == end + 1 {
            return None;
        }
        end = fraction;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) || end - at > MAX_NUMBER_BYTES {
        return None;
    }
    Some(end)
}

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// The high bit of each byte of `word` that is `"`, `\` or a control character; the lowest set
/// bit always marks a true one (borrows only run upwards, so false marks sit above a true one).
#[inline]
fn specials(word: u64) -> u64 {
    let quote = word ^ (ONES * u64::from(b'"'));
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let zero = |x: u64| x.wrapping_sub(ONES) & !x;
    let control = word.wrapping_sub(ONES * 0x20) & !word;
    (zero(quote) | zero(backslash) | control) & HIGHS
}

/// Scans a string's contents from `at` (just past its opening quote) to its closing quote:
/// where that is, and whether an escape came before it. `None` at a control character or the
/// end of the text. An escape's own validity is not checked here.
#[inline]
fn string_end(bytes: &[u8], mut at: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        // Eight bytes at a time up to the first byte that needs a look.
        while let Some(word) = bytes
            .get(at..at + 8)
            .and_then(|eight| <[u8; 8]>::try_from(eight).ok())
        {
            let marks = specials(u64::from_le_bytes(word));
            if marks != 0 {
                at += (marks.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        match *bytes.get(at)? {
            b'"' => return Some((at, escaped)),
            // The escaped byte is skipped so an escaped quote does not end the string.
            b'\\' => {
                escaped = true;
                at += 2;
            }
            0x00..=0x1f => return None,
            _ => at += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The members `serde_json` reads: borrowed keys and raw values, duplicates kept.
    fn serde_members(text: &str) -> Option<Vec<(String, String)>> {
        use serde::de::{Deserializer, MapAccess, Visitor};
        struct Entries(Vec<(String, String)>);
        impl<'de> Deserialize<'de> for Entries {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct EntriesVisitor;
                impl<'de> Visitor<'de> for EntriesVisitor {
                    type Value = Entries;
                    fn expecting(
                        &self,
                        formatter: &mut std::fmt::Formatter<'_>,
                    ) -> std::fmt::Result {
                        formatter.write_str("an object")
                    }
                    fn visit_map<A: MapAccess<'de>>(
                        self,
                        mut access: A,
                    ) -> Result<Entries, A::Error> {
                        let mut entries = Vec::new();
                        while let Some(key) = access.next_key::<String>()? {
                            let value = access.next_value::<&RawValue>()?;
                            entries.push((key, value.get().to_owned()));
                        }
                        Ok(Entries(entries))
                    }
                }
                deserializer.deserialize_map(EntriesVisitor)
            }
        }
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let entries = Entries::deserialize(&mut deserializer).ok()?;
        deserializer.end().ok()?;
        // The full check reads every value, not only its raw text.
        serde_json::from_str::<serde_json::Value>(text).ok()?;
        Some(entries.0)
    }

    fn scanned(text: &str) -> Option<Vec<(String, String)>> {
        let mut members = Vec::new();
        scan_object(text, usize::MAX, &mut members)?;
        Some(
            members
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value.get().to_owned()))
                .collect(),
        )
    }

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            "{}",
            " { } ",
            r#"{"a":1,"b":"x","c":null,"d":true,"e":false,"f":-0.5,"g":[1,{"h":2}],"i":{"j":[]}}"#,
            "{\"a\" :\t\"b\\\"c\" ,\r\n\"d\": \"\\u00e9\\n\"}",
            r#"{"a":"ü€𝄞","a":"duplicate"}"#,
            r#"{"long":"0123456789abcdef0123456789abcdef0123456789"}"#,
            // The proptest's line, unchanged, is read: its mutants are not all declined.
            RECORD_LINE,
        ] {
            let expected = serde_members(text);
            assert!(expected.is_some(), "{text}");
            assert_eq!(scanned(text), expected, "{text}");
        }
    }

    #[test]
    fn declines_what_it_is_not_sure_of_and_what_is_not_json() {
        for text in [
            "",
            "[]",
            r#"{"a":1}x"#,
            r#"{"a":1,}"#,
            r#"{"a" 1}"#,
            "{a:1}",
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":-}"#,
            r#"{"a":1e5}"#,
            r#"{"a":123456789012345678901}"#,
            r#"{"a":tru}"#,
            r#"{"a":"\x"}"#,
            r#"{"a":"\ud800"}"#,
            r#"{"a\"b":1}"#,
            "{\"a\":\"tab\there\"}",
            "\u{c}{\"a\":1}",
            r#"{"a":[1,}"#,
            r#"{"a":"unterminated}"#,
        ] {
            assert_eq!(scanned(text), None, "{text:?}");
        }
        let mut members = Vec::new();
        assert_eq!(scan_object(r#"{"a":1,"b":2}"#, 1, &mut members), None);
    }

    /// A record-like line with a value of every kind: the start of [`mutated_line`].
    const RECORD_LINE: &str = r#"{"TimeGenerated":"2024-05-01T00:00:00.1234567Z","Quantity":15.0,"N":-12,"Z":0,"F":-0.25,"E":null,"B":true,"Esc":"a\"b\\c\u00e9","Nested":{"k":[1,2.5,"x"]},"Empty":""}"#;

    /// [`RECORD_LINE`], then bytes changed, inserted or removed at random.
    fn mutated_line() -> impl Strategy<Value = String> {
        let line = RECORD_LINE;
        let alphabet: Vec<char> = "{}[]:,\"\\ -+.0123456789eEtfnulr\t\n\u{1}aé"
            .chars()
            .collect();
        prop::collection::vec(
            (0usize..200, 0usize..3, prop::sample::select(alphabet)),
            0..4,
        )
        .prop_map(move |edits| {
            let mut chars: Vec<char> = line.chars().collect();
            for (position, how, ch) in edits {
                let position = position % (chars.len() + 1);
                match how {
                    0 if position < chars.len() => chars[position] = ch,
                    1 => chars.insert(position, ch),
                    _ if position < chars.len() => {
                        chars.remove(position);
                    }
                    _ => chars.push(ch),
                }
            }
            chars.into_iter().collect()
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        /// Whatever it reads, `serde_json` reads the same way: the same keys in the same order,
        /// each with the same raw text, and the whole line as a value.
        #[test]
        fn never_reads_what_serde_json_would_read_otherwise(line in mutated_line()) {
            if let Some(members) = scanned(&line) {
                prop_assert_eq!(Some(members), serde_members(&line), "{:?}", line);
            }
        }
    }
}
