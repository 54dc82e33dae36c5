//! Turning JSON keys and schema names into Rust identifiers, by one deterministic rule.
//!
//! The rule, applied to every field, type, variant and constant name:
//! 1. **Words.** Any character that is not an ASCII letter or digit separates words (spaces,
//!    punctuation, `_`, `$`, non-ASCII). Inside a run, a word starts at a lower-to-upper change
//!    (`userId` → `user` `Id`) and before the last capital of an acronym that is followed by a
//!    lower-case letter (`SMSOperational` → `SMS` `Operational`). Digits stay with the word
//!    before them (`Ipv4`, `OptionalParameter1`).
//! 2. **Case.** Fields and functions are `snake_case`, constants `SCREAMING_SNAKE_CASE`, types and
//!    variants `PascalCase` with acronyms as one word (`SmsOperational`, `CorrelationId`).
//! 3. **Symbols.** A sign that starts a word and stands before a digit is spelled out, because
//!    it is what tells the name apart (`+1` → `Plus1`, `-1` → `Minus1`, `reactions--1` → `ReactionsMinus1`). A name
//!    with no ASCII letters or digits at all is spelled character by character: a symbol as its
//!    word (`*` → `Star`, `+` → `Plus`, `!=` → `BangEquals`), any other character (a non-ASCII
//!    letter, an emoji, a control character) as `U` and its Unicode code point in hex, at least
//!    four digits (`ä` → `U00e4`, `Ä` → `U00c4`, `💥` → `U1f4a5`, `東京` → `U6771U4eac`), so
//!    such names stay apart and say which character they stand for. One with no characters at
//!    all is `empty` / `Empty`. Non-ASCII characters in a name that has ASCII letters or digits
//!    only separate words (`naïve` → `na_ve`), as rule 1 says.
//! 4. **Leading digit.** A name that would start with a digit gets the prefix `n` (`n_2fa`,
//!    `N200`), because no Rust identifier may start with one.
//! 5. **Keywords.** A name that is a Rust keyword gets a trailing underscore (`type_`, `Self_`);
//!    raw identifiers are avoided because `self`, `super` and `crate` cannot be raw.
//! 6. **Collisions.** Names are claimed in schema order within their namespace (the fields of
//!    one struct, the variants of one enum, all generated types). The first claimant keeps the
//!    name; each later one gets the first free suffix `_2`, `_3`, ... (`2`, `3`, ... for
//!    `PascalCase`, but `_2` after a name that ends in a digit, so `Good2`'s second claimant is
//!    `Good2_2`, never `Good22`). So `CorrelationID` then `CorrelationId` become
//!    `correlation_id` and `correlation_id_2`, every time. A string enum's catch-all variant
//!    (`Other(String)`) claims its name after all the listed values: with the values `Other` and
//!    `other` (variants `Other` and `Other2`) it is `Other3`. A keyword's trailing underscore
//!    (rule 5) is not doubled: `type` then `Type` become `type_` and `type_2`. A suffix never
//!    takes a name that an input file's own name gives its root type: with `good.json`,
//!    `dir/good.json` and `good2.json`, the types are `Good`, `Good3` and `Good2`.

use std::collections::BTreeSet;

/// Every word that cannot be a plain identifier (strict and reserved keywords, 2024 edition).
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// The word a symbol is spelled as (rule 3), for the symbols schemas use as values.
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '+' => "Plus",
        '-' => "Minus",
        '*' => "Star",
        '/' => "Slash",
        '\\' => "Backslash",
        '=' => "Equals",
        '<' => "Less",
        '>' => "Greater",
        '!' => "Bang",
        '?' => "Question",
        '.' => "Dot",
        ',' => "Comma",
        ':' => "Colon",
        ';' => "Semicolon",
        '#' => "Hash",
        '@' => "At",
        '$' => "Dollar",
        '%' => "Percent",
        '&' => "And",
        '|' => "Pipe",
        '^' => "Caret",
        '~' => "Tilde",
        '_' => "Underscore",
        ' ' => "Space",
        '(' | ')' => "Paren",
        '[' | ']' => "Bracket",
        '{' | '}' => "Brace",
        '\'' | '"' | '`' => "Quote",
        _ => return None,
    })
}

/// Spells out the symbols that carry a name's meaning (rule 3): a sign before a digit, or
/// every character of a name that has no ASCII letter or digit (a symbol as its word, any other
/// character as its code point: without them, `ä` and `💥` would both be `Empty`).
fn spell_symbols(raw: &str) -> String {
    if !raw.chars().any(|c| c.is_ascii_alphanumeric()) {
        return raw
            .chars()
            .map(|c| symbol_word(c).map_or_else(|| format!("U{:04x}", u32::from(c)), str::to_owned))
            .collect::<Vec<_>>()
            .join(" ");
    }
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    for (index, &c) in chars.iter().enumerate() {
        // `a-1` is the word `a` then `1`; `-1` and `x--1` hold a minus sign.
        let starts_word = index == 0 || !chars[index - 1].is_ascii_alphanumeric();
        let before_digit = chars.get(index + 1).is_some_and(char::is_ascii_digit);
        match c {
            '+' | '-' if starts_word && before_digit => {
                out.push(' ');
                out.push_str(if c == '+' { "Plus" } else { "Minus" });
            }
            _ => out.push(c),
        }
    }
    out
}

/// Splits a raw name into words (rules 1 and 3).
pub(crate) fn words(raw: &str) -> Vec<String> {
    let raw = spell_symbols(raw);
    let mut words = Vec::new();
    for run in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        let chars: Vec<char> = run.chars().collect();
        let mut current = String::new();
        for (index, &c) in chars.iter().enumerate() {
            if !current.is_empty() && c.is_ascii_uppercase() {
                let previous = chars[index - 1];
                let next_is_lower = chars.get(index + 1).is_some_and(char::is_ascii_lowercase);
                let starts_word = previous.is_ascii_lowercase()
                    || previous.is_ascii_digit()
                    || (previous.is_ascii_uppercase() && next_is_lower);
                if starts_word {
                    words.push(std::mem::take(&mut current));
                }
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push(current);
        }
    }
    words
}

/// `snake_case` for fields and functions (rules 1 to 5).
pub(crate) fn snake(raw: &str) -> String {
    let joined = words(raw)
        .iter()
        .map(|word| word.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    finish(joined, "empty", "n_")
}

/// `SCREAMING_SNAKE_CASE` for associated constants.
pub(crate) fn screaming(raw: &str) -> String {
    let joined = words(raw)
        .iter()
        .map(|word| word.to_ascii_uppercase())
        .collect::<Vec<_>>()
        .join("_");
    finish(joined, "EMPTY", "N_")
}

/// `PascalCase` for types and variants (rules 1 to 5).
pub(crate) fn pascal(raw: &str) -> String {
    let joined: String = words(raw)
        .iter()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    finish(joined, "Empty", "N")
}

fn finish(name: String, empty: &str, digit_prefix: &str) -> String {
    let name = if name.is_empty() {
        empty.to_owned()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{name}")
    } else {
        name
    };
    if KEYWORDS.contains(&name.as_str()) {
        name + "_"
    } else {
        name
    }
}

/// One namespace of identifiers: the fields of a struct, the variants of an enum, the types of
/// an output (rule 6).
#[derive(Debug, Default, Clone)]
pub(crate) struct Namespace {
    taken: BTreeSet<String>,
    /// Names a later claimant will ask for as they are: no suffixed name takes one.
    expected: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Self {
        Namespace {
            taken: reserved.iter().map(|name| (*name).to_owned()).collect(),
            expected: BTreeSet::new(),
        }
    }

    /// Keeps `name` for the claimant that will ask for it as it is: until then, no collision
    /// suffix makes it.
    pub(crate) fn expect(&mut self, name: String) {
        self.expected.insert(name);
    }

    /// Claims `base`, or the first free `base{separator}N` for N = 2, 3, ... (a trailing
    /// separator of `base` is not doubled: `type_` → `type_2`).
    pub(crate) fn claim(&mut self, base: &str, separator: &str) -> String {
        let mut candidate = base.to_owned();
        let stem = if separator.is_empty() {
            base
        } else {
            base.strip_suffix(separator).unwrap_or(base)
        };
        let mut counter = 2_u32;
        while self.taken.contains(&candidate)
            || (candidate != base && self.expected.contains(&candidate))
        {
            candidate = format!("{stem}{separator}{counter}");
            counter += 1;
        }
        self.expected.remove(&candidate);
        self.taken.insert(candidate.clone());
        candidate
    }

    /// Claims a `snake_case` name.
    pub(crate) fn claim_snake(&mut self, raw: &str) -> String {
        self.claim(&snake(raw), "_")
    }

    /// Claims a `PascalCase` name.
    pub(crate) fn claim_pascal(&mut self, raw: &str) -> String {
        let name = pascal(raw);
        // `Good2` then `2` would read as the number 22.
        let separator = if name.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        self.claim(&name, separator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_on_case_acronyms_and_punctuation() {
        assert_eq!(words("SMSOperational"), ["SMS", "Operational"]);
        assert_eq!(words("CorrelationID"), ["Correlation", "ID"]);
        assert_eq!(words("userIdA"), ["user", "Id", "A"]);
        assert_eq!(words("Operation Name"), ["Operation", "Name"]);
        assert_eq!(words("_ResourceId"), ["Resource", "Id"]);
        assert_eq!(
            words("x-ms-client-request-id"),
            ["x", "ms", "client", "request", "id"]
        );
        assert_eq!(words("Ipv4Address"), ["Ipv4", "Address"]);
    }

    #[test]
    fn symbols_that_tell_names_apart_are_spelled_out() {
        assert_eq!(pascal("+1"), "Plus1");
        assert_eq!(pascal("-1"), "Minus1");
        assert_eq!(pascal("reactions-+1"), "ReactionsPlus1");
        assert_eq!(pascal("reactions--1"), "ReactionsMinus1");
        assert_eq!(pascal("*"), "Star");
        assert_eq!(pascal("!="), "BangEquals");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(snake("-1"), "minus1");
        assert_eq!(snake("x-ms-id"), "x_ms_id");
        assert_eq!(snake("a-1"), "a_1");
    }

    #[test]
    fn a_name_without_ascii_letters_or_digits_is_spelled_by_code_point() {
        let spelled = [
            ("ä", "U00e4", "u00e4"),
            ("Ä", "U00c4", "u00c4"),
            ("💥", "U1f4a5", "u1f4a5"),
            ("東京", "U6771U4eac", "u6771_u4eac"),
            ("ä-ö", "U00e4MinusU00f6", "u00e4_minus_u00f6"),
            ("\t", "U0009", "u0009"),
        ];
        for (raw, pascal_name, snake_name) in spelled {
            assert_eq!(
                (pascal(raw).as_str(), snake(raw).as_str()),
                (pascal_name, snake_name)
            );
        }
        assert_eq!(screaming("ä"), "U00E4");
        // Beside ASCII letters, a non-ASCII character only separates words (rule 1).
        assert_eq!(snake("naïve"), "na_ve");
    }

    #[test]
    fn snake_handles_keywords_digits_and_empty() {
        assert_eq!(snake("CorrelationID"), "correlation_id");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(snake("$$"), "dollar_dollar");
        assert_eq!(snake(""), "empty");
        assert_eq!(snake("URI"), "uri");
    }

    #[test]
    fn pascal_treats_acronyms_as_words() {
        assert_eq!(pascal("SMSOperational"), "SmsOperational");
        assert_eq!(pascal("DynamicAlphaSenderID"), "DynamicAlphaSenderId");
        assert_eq!(pascal("200"), "N200");
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(pascal(""), "Empty");
    }

    #[test]
    fn collisions_take_the_first_free_suffix_in_order() {
        let mut fields = Namespace::default();
        assert_eq!(fields.claim_snake("CorrelationID"), "correlation_id");
        assert_eq!(fields.claim_snake("CorrelationId"), "correlation_id_2");
        assert_eq!(fields.claim_snake("correlation id"), "correlation_id_3");
        assert_eq!(fields.claim_snake("type"), "type_");
        assert_eq!(fields.claim_snake("Type"), "type_2");
        let mut types = Namespace::with_reserved(&["String"]);
        assert_eq!(types.claim_pascal("string"), "String2");
        assert_eq!(types.claim_pascal("string"), "String3");
        assert_eq!(types.claim_pascal("Ipv4"), "Ipv4");
        assert_eq!(types.claim_pascal("ipv4"), "Ipv4_2");
    }

    #[test]
    fn a_suffix_never_takes_a_name_a_later_claimant_expects() {
        let mut types = Namespace::default();
        types.expect("Good2".to_owned());
        assert_eq!(types.claim_pascal("good"), "Good");
        assert_eq!(types.claim_pascal("good"), "Good3");
        assert_eq!(types.claim_pascal("good2"), "Good2");
        assert_eq!(types.claim_pascal("good2"), "Good2_2");
    }
}
