//! A forgiving JSON reader for the pages' examples: it names every fault it meets (line and
//! column each, 1-based within the text) and still recovers the values where the fault allows:
//! a trailing comma, a missing closing `]` or `}`, a missing `,` between members, values one
//! after the other with no array around them.
//!
//! `serde_json` stops at the first fault; a maintainer fixing an example wants all of them, and
//! the records' drift checked even before the example is repaired.

use serde_json::{Map, Number, Value};

/// One fault, placed in the text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct JsonFault {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong, in words.
    pub message: String,
    /// For a bracket never closed: where it was opened (1-based line and column), so the
    /// message can place it in the reader's terms (a page line, not a block line).
    pub opened: Option<(usize, usize)>,
}

/// What the lenient read found: the top-level values and every fault.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct LenientRead {
    /// The values recovered, in order; one per top-level value.
    pub values: Vec<Value>,
    /// Every fault, in text order.
    pub faults: Vec<JsonFault>,
}

impl LenientRead {
    /// The records: the elements of top-level arrays, and top-level objects themselves.
    pub(super) fn records(&self) -> Vec<Value> {
        self.values
            .iter()
            .flat_map(|value| match value {
                Value::Array(items) => items.clone(),
                other => vec![other.clone()],
            })
            .collect()
    }
}

/// Reads `text` leniently.
pub(super) fn read(text: &str) -> LenientRead {
    let mut reader = Reader {
        chars: text.chars().collect(),
        pos: 0,
        faults: Vec::new(),
    };
    let mut values = Vec::new();
    loop {
        reader.skip_white();
        let Some(c) = reader.peek() else { break };
        if !values.is_empty() {
            if c == ',' {
                reader.fault_here(
                    "a `,` between top-level values; several records belong in one `[...]` array",
                );
                reader.pos += 1;
                continue;
            }
            reader.fault_here("a second JSON value follows the first; several records belong in one `[...]` array, separated by `,`");
        }
        let before = reader.pos;
        let value = reader.value();
        if reader.pos == before {
            // Nothing could be read here: skip the character so the read always advances.
            reader.pos += 1;
        }
        if let Some(value) = value {
            values.push(value);
        }
    }
    if values.is_empty() && reader.faults.is_empty() {
        reader.fault_at(0, "the example is empty");
    }
    LenientRead {
        values,
        faults: reader.faults,
    }
}

struct Reader {
    chars: Vec<char>,
    pos: usize,
    faults: Vec<JsonFault>,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_white(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// (line, column) of a character index, both 1-based.
    fn place(&self, index: usize) -> (usize, usize) {
        let before = &self.chars[..index.min(self.chars.len())];
        let line = 1 + before.iter().filter(|&&c| c == '\n').count();
        let column = 1 + before.iter().rev().take_while(|&&c| c != '\n').count();
        (line, column)
    }

    fn fault_at(&mut self, index: usize, message: &str) {
        let (line, column) = self.place(index);
        self.faults.push(JsonFault {
            line,
            column,
            message: message.to_owned(),
            opened: None,
        });
    }

    fn fault_here(&mut self, message: &str) {
        self.fault_at(self.pos, message);
    }

    /// Where a missing closer belongs: just after the last character that is not white space.
    fn end_of_content(&self) -> usize {
        self.chars
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(0, |last| last + 1)
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_white();
        match self.peek()? {
            '{' => Some(self.object()),
            '[' => Some(self.array()),
            '"' => Some(Value::String(self.string())),
            _ => self.scalar(),
        }
    }

    fn unclosed(&mut self, open: usize, bracket: char) {
        let end = self.end_of_content();
        self.fault_at(end, &format!("the `{bracket}` is never closed"));
        let opened = self.place(open);
        if let Some(fault) = self.faults.last_mut() {
            fault.opened = Some(opened);
        }
    }

    fn object(&mut self) -> Value {
        let open = self.pos;
        self.pos += 1;
        let mut map = Map::new();
        let mut comma: Option<usize> = None;
        loop {
            self.skip_white();
            match self.peek() {
                None => {
                    self.unclosed(open, '{');
                    return Value::Object(map);
                }
                Some('}') => {
                    if let Some(at) = comma {
                        self.fault_at(at, "trailing comma");
                    }
                    self.pos += 1;
                    return Value::Object(map);
                }
                Some('"') => {
                    if !map.is_empty() && comma.is_none() {
                        self.fault_here("a `,` is missing before this member");
                    }
                    let key = self.string();
                    self.skip_white();
                    if self.peek() == Some(':') {
                        self.pos += 1;
                    } else {
                        self.fault_here("a `:` is missing after the key");
                    }
                    let value = self.value().unwrap_or(Value::Null);
                    map.insert(key, value);
                    comma = None;
                    self.skip_white();
                    if self.peek() == Some(',') {
                        comma = Some(self.pos);
                        self.pos += 1;
                    }
                }
                Some(']') => {
                    self.fault_here("a `]` where the object's `}` belongs");
                    self.unclosed(open, '{');
                    return Value::Object(map);
                }
                Some(_) => {
                    self.fault_here("expected a quoted key or `}`");
                    self.skip_to(&[',', '}', '\n']);
                    if self.peek() == Some(',') {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn array(&mut self) -> Value {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        let mut comma: Option<usize> = None;
        loop {
            self.skip_white();
            match self.peek() {
                None => {
                    self.unclosed(open, '[');
                    return Value::Array(items);
                }
                Some(']') => {
                    if let Some(at) = comma {
                        self.fault_at(at, "trailing comma");
                    }
                    self.pos += 1;
                    return Value::Array(items);
                }
                Some('}') => {
                    self.fault_here("a `}` with no `{` to close");
                    self.pos += 1;
                }
                Some(_) => {
                    if !items.is_empty() && comma.is_none() {
                        self.fault_here("a `,` is missing before this element");
                    }
                    let before = self.pos;
                    if let Some(value) = self.value() {
                        items.push(value);
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                    comma = None;
                    self.skip_white();
                    if self.peek() == Some(',') {
                        comma = Some(self.pos);
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn skip_to(&mut self, stops: &[char]) {
        while self.peek().is_some_and(|c| !stops.contains(&c)) {
            self.pos += 1;
        }
    }

    /// A string starting at `"`; an unterminated one ends at the end of its line.
    fn string(&mut self) -> String {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '"' => return out,
                '\\' => {
                    let Some(escaped) = self.peek() else { break };
                    self.pos += 1;
                    match escaped {
                        'n' => out.push('\n'),
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'u' => {
                            let hex: String = self.chars.iter().skip(self.pos).take(4).collect();
                            match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                Some(decoded) => {
                                    out.push(decoded);
                                    self.pos += 4;
                                }
                                None => self.fault_here("an invalid `\\u` escape"),
                            }
                        }
                        other => out.push(other),
                    }
                }
                '\n' => {
                    self.pos -= 1;
                    break;
                }
                other => out.push(other),
            }
        }
        self.fault_at(open, "a string that is never closed");
        out
    }

    /// A number or `true`/`false`/`null`; anything else is a fault (and no value).
    fn scalar(&mut self) -> Option<Value> {
        let start = self.pos;
        while self
            .peek()
            .is_some_and(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | ':'))
        {
            self.pos += 1;
        }
        let word: String = self.chars[start..self.pos].iter().collect();
        let value = match word.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            "null" => Some(Value::Null),
            _ => serde_json::from_str::<Number>(&word)
                .ok()
                .map(Value::Number),
        };
        if value.is_none() {
            self.fault_at(start, &format!("`{word}` is not a JSON value"));
        }
        value
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn places(read: &LenientRead) -> Vec<(usize, usize, &str)> {
        read.faults
            .iter()
            .map(|fault| (fault.line, fault.column, fault.message.as_str()))
            .collect()
    }

    #[test]
    fn valid_json_has_no_fault() {
        let read = read("[{\"a\": 1, \"b\": [true, null, \"x\\\"y\"]}, {\"c\": -1.5e3}]");
        assert!(read.faults.is_empty());
        assert_eq!(read.records().len(), 2);
        assert_eq!(read.records()[0]["b"][2], json!("x\"y"));
    }

    #[test]
    fn a_trailing_comma_and_a_missing_bracket_are_both_named_and_the_record_kept() {
        let read = read("[\n{\n\"a\": 1,\n}\n");
        assert_eq!(
            places(&read),
            [(3, 7, "trailing comma"), (4, 2, "the `[` is never closed")]
        );
        assert_eq!(read.faults[1].opened, Some((1, 1)));
        assert_eq!(read.records(), [json!({"a": 1})]);
    }

    #[test]
    fn two_objects_one_after_the_other_are_both_recovered() {
        let read = read("{\"a\": 1}\n\n{\"b\": 2}\n");
        assert_eq!(read.faults.len(), 1);
        assert_eq!((read.faults[0].line, read.faults[0].column), (3, 1));
        assert!(read.faults[0].message.contains("a second JSON value"));
        assert_eq!(read.records(), [json!({"a": 1}), json!({"b": 2})]);
    }

    #[test]
    fn a_missing_comma_and_a_bare_word_are_named() {
        let read = read("{\"a\": 1 \"b\": nope}");
        assert_eq!(
            places(&read),
            [
                (1, 9, "a `,` is missing before this member"),
                (1, 14, "`nope` is not a JSON value")
            ]
        );
        assert_eq!(read.records(), [json!({"a": 1, "b": null})]);
    }

    #[test]
    fn empty_and_unterminated_input_never_loops() {
        assert_eq!(read("").faults[0].message, "the example is empty");
        let read = read("[{\"a\": \"open");
        assert_eq!(read.faults.len(), 3);
    }
}
