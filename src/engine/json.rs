//! A strict JSON reader that keeps the byte range of every node.
//!
//! Hand-written on purpose: policy text must be read exactly as AWS reads it (RFC 8259, no
//! comments, no trailing commas, no missing commas) while keeping spans and duplicate keys
//! for findings. `serde_json` keeps no spans, and `jsonc-parser` (checked at 0.32) accepts
//! `["a"\n"b"]` and duplicate keys even with every extension turned off, so neither fits.
//! The reader is iterative over input size and bounds its nesting depth, so no input can
//! overflow the stack; it never panics.

use std::collections::HashSet;

use super::span::Span;

/// Deepest nesting of arrays and objects accepted (AWS policies nest four or five levels).
pub const MAX_DEPTH: usize = 64;

/// A JSON value with the byte range it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it is in the text (strings include their quotes).
    pub span: Span,
}

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (policies compare numbers as text or parse them late).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object; members in the order written, duplicates kept (the policy reader reports them).
    Object(Vec<Member>),
}

impl Value {
    /// A short name for messages ("a string", "an array", ...).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// One `"key": value` member of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Where the key is (with its quotes).
    pub key_span: Span,
    /// The value.
    pub value: Node,
}

impl Member {
    /// The span from the key to the end of the value.
    pub fn span(&self) -> Span {
        self.key_span.join(self.value.span)
    }
}

/// The first syntax error in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong and how to fix it (lowercase, one sentence).
    pub message: String,
    /// Where (for a missing comma: from the end of the preceding value).
    pub span: Span,
    /// A text insertion that repairs it: `(byte offset, text)`.
    pub fix: Option<(usize, String)>,
}

/// Read `text` as one JSON value. A leading byte-order mark is skipped.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let mut p = Parser { src: text, bytes: text.as_bytes(), pos: 0 };
    if text.starts_with('\u{feff}') {
        p.pos = '\u{feff}'.len_utf8();
    }
    p.skip_ws()?;
    if p.pos >= p.bytes.len() {
        return Err(p.err_at(
            p.pos,
            "the text is empty: a policy is a JSON object such as {\"Version\": \"2012-10-17\", \"Statement\": []}",
        ));
    }
    let node = p.parse_value()?;
    p.skip_ws()?;
    if p.pos < p.bytes.len() {
        return Err(p.err_here(
            "unexpected text after the end of the JSON document: remove it, or check for an extra closing bracket",
        ));
    }
    Ok(node)
}

/// What follows an element of a container.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    /// A comma: another element follows.
    Next,
    /// The closing bracket.
    Close,
}

/// A container being filled while reading (explicit stack instead of recursion).
enum Frame {
    Array { start: usize, items: Vec<Node> },
    Object { start: usize, members: Vec<Member>, key: Option<(String, Span)> },
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn err_at(&self, pos: usize, msg: &str) -> SyntaxError {
        let len = self.char_at(pos).map_or(0, char::len_utf8);
        SyntaxError { message: msg.to_string(), span: Span::new(pos, pos + len), fix: None }
    }

    fn err_here(&self, msg: &str) -> SyntaxError {
        self.err_at(self.pos, msg)
    }

    /// Skip JSON whitespace; comments get a clear error.
    fn skip_ws(&mut self) -> Result<(), SyntaxError> {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'/' if matches!(self.bytes.get(self.pos + 1), Some(b'/') | Some(b'*')) => {
                    return Err(SyntaxError {
                        message: "comments are not allowed in policy JSON: remove the comment".into(),
                        span: Span::new(self.pos, self.pos + 2),
                        fix: None,
                    });
                }
                _ => {
                    if let Some(c) = self.char_at(self.pos) {
                        if c != ' ' && c.is_whitespace() {
                            return Err(SyntaxError {
                                message: format!(
                                    "unexpected whitespace character U+{:04X}: only spaces, tabs and line breaks may separate JSON tokens",
                                    c as u32
                                ),
                                span: Span::new(self.pos, self.pos + c.len_utf8()),
                                fix: None,
                            });
                        }
                    }
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Whether the next byte can start a value (used to diagnose a missing comma).
    fn starts_value(b: u8) -> bool {
        matches!(b, b'"' | b'{' | b'[' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' | b'\'')
    }

    fn parse_value(&mut self) -> Result<Node, SyntaxError> {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            // Read one value start: either a scalar or the opening of a container.
            self.skip_ws()?;
            let start = self.pos;
            let mut done: Option<Node> = match self.peek() {
                Some(b'{') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.err_here(&format!(
                            "the document nests deeper than {MAX_DEPTH} levels: policies never need that much"
                        )));
                    }
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Some(Node { value: Value::Object(Vec::new()), span: Span::new(start, self.pos) })
                    } else {
                        let key = self.parse_key()?;
                        stack.push(Frame::Object { start, members: Vec::new(), key: Some(key) });
                        None
                    }
                }
                Some(b'[') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.err_here(&format!(
                            "the document nests deeper than {MAX_DEPTH} levels: policies never need that much"
                        )));
                    }
                    self.pos += 1;
                    self.skip_ws()?;
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Some(Node { value: Value::Array(Vec::new()), span: Span::new(start, self.pos) })
                    } else {
                        stack.push(Frame::Array { start, items: Vec::new() });
                        None
                    }
                }
                _ => Some(self.parse_scalar()?),
            };

            // Close as many containers as the text closes.
            while let Some(node) = done.take() {
                let Some(frame) = stack.last_mut() else {
                    return Ok(node);
                };
                let value_end = node.span.end;
                match frame {
                    Frame::Array { start, items } => {
                        items.push(node);
                        if self.after_element(value_end, b']', b'}', "array", "array elements")? == After::Close {
                            let span = Span::new(*start, self.pos);
                            let items = std::mem::take(items);
                            stack.pop();
                            done = Some(Node { value: Value::Array(items), span });
                        }
                    }
                    Frame::Object { start, members, key } => {
                        if let Some((k, key_span)) = key.take() {
                            members.push(Member { key: k, key_span, value: node });
                        }
                        if self.after_element(value_end, b'}', b']', "object", "object members")? == After::Close {
                            let span = Span::new(*start, self.pos);
                            let members = std::mem::take(members);
                            stack.pop();
                            done = Some(Node { value: Value::Object(members), span });
                        } else {
                            *key = Some(self.parse_key()?);
                        }
                    }
                }
            }
        }
    }

    /// After an element of an array or object: a comma (then another element follows) or the
    /// closing bracket. Diagnoses trailing and missing commas and the wrong closing bracket.
    fn after_element(
        &mut self,
        value_end: usize,
        close: u8,
        wrong_close: u8,
        container: &str,
        elements: &str,
    ) -> Result<After, SyntaxError> {
        let element = if container == "array" { "an array element" } else { "an object member" };
        self.skip_ws()?;
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_ws()?;
                if self.peek() == Some(close) {
                    return Err(trailing_comma(comma));
                }
                Ok(After::Next)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(After::Close)
            }
            Some(b) if Self::starts_value(b) => Err(missing_comma(value_end, self.pos, &format!("between {elements}"))),
            Some(b) if b == wrong_close => Err(self.err_here(&format!(
                "expected ',' or '{}' after {element}, found '{}': the {container} is not closed",
                close as char, b as char
            ))),
            Some(_) => Err(self.err_here(&format!("expected ',' or '{}' after {element}", close as char))),
            None => {
                Err(self.err_here(&format!("the text ends inside an {container}: add the closing '{}'", close as char)))
            }
        }
    }

    /// Read `"key"` and the colon after it.
    fn parse_key(&mut self) -> Result<(String, Span), SyntaxError> {
        match self.peek() {
            Some(b'"') => {}
            Some(b'\'') => return Err(self.err_here("JSON strings use double quotes, not single quotes")),
            Some(b'}') => return Err(self.err_here("expected a member name in double quotes")),
            Some(_) => {
                return Err(
                    self.err_here("expected a member name in double quotes (object keys must be quoted strings)")
                )
            }
            None => return Err(self.err_here("the text ends inside an object: add the closing '}'")),
        }
        let start = self.pos;
        let key = self.parse_string_body()?;
        let key_span = Span::new(start, self.pos);
        self.skip_ws()?;
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok((key, key_span))
            }
            Some(b'"') => Err(SyntaxError {
                message: "missing colon after the member name".into(),
                span: Span::new(key_span.end, self.pos),
                fix: Some((key_span.end, ":".into())),
            }),
            _ => Err(self.err_here("expected ':' after the member name")),
        }
    }

    fn parse_scalar(&mut self) -> Result<Node, SyntaxError> {
        let start = self.pos;
        let value = match self.peek() {
            Some(b'"') => Value::String(self.parse_string_body()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.parse_number()?),
            Some(b't') if self.bytes.get(self.pos..self.pos + 4) == Some(b"true") => {
                self.pos += 4;
                Value::Bool(true)
            }
            Some(b'f') if self.bytes.get(self.pos..self.pos + 5) == Some(b"false") => {
                self.pos += 5;
                Value::Bool(false)
            }
            Some(b'n') if self.bytes.get(self.pos..self.pos + 4) == Some(b"null") => {
                self.pos += 4;
                Value::Null
            }
            Some(b'\'') => return Err(self.err_here("JSON strings use double quotes, not single quotes")),
            Some(b']') => return Err(self.err_here("expected a value, found ']'")),
            Some(b'}') => return Err(self.err_here("expected a value, found '}'")),
            Some(b',') => return Err(self.err_here("expected a value, found ',' (two commas in a row?)")),
            None => return Err(self.err_here("the text ends where a value was expected")),
            Some(_) => {
                let word_end = self
                    .src
                    .get(self.pos..)
                    // (a word: ASCII letters, digits, `_` and any non-ASCII character; no Unicode tables)
                    .and_then(|s| s.find(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric() && c != '_'))
                    .map_or(self.bytes.len(), |n| self.pos + n);
                let word = self.src.get(self.pos..word_end).unwrap_or("");
                let hint = match word {
                    "True" | "TRUE" => "; JSON booleans are lowercase: true",
                    "False" | "FALSE" => "; JSON booleans are lowercase: false",
                    "None" | "NULL" | "Null" | "nil" | "undefined" => "; JSON writes null",
                    "" => "",
                    _ => "; text values must be in double quotes",
                };
                let span =
                    Span::new(self.pos, word_end.max(self.pos + self.char_at(self.pos).map_or(1, char::len_utf8)));
                return Err(SyntaxError { message: format!("expected a value{hint}"), span, fix: None });
            }
        };
        Ok(Node { value, span: Span::new(start, self.pos) })
    }

    fn parse_number(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err(
                        self.err_at(start, "numbers may not have leading zeros: write it as a string if it is an ID")
                    );
                }
            }
            Some(b'1'..=b'9') => self.eat_digits(),
            _ => return Err(self.err_at(start, "invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err_here("invalid number: expected digits after the decimal point"));
            }
            self.eat_digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.err_here("invalid number: expected digits in the exponent"));
            }
            self.eat_digits();
        }
        Ok(self.src.get(start..self.pos).unwrap_or("").to_string())
    }

    fn eat_digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    /// Read a string starting at the opening quote; leaves `pos` after the closing quote.
    fn parse_string_body(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.char_at(self.pos) else {
                return Err(SyntaxError {
                    message: "the string is not closed: add the closing '\"'".into(),
                    span: Span::new(open, self.bytes.len()),
                    fix: None,
                });
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(out);
                }
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let Some(e) = self.char_at(self.pos) else {
                        return Err(self.err_at(esc_start, "the string is not closed: add the closing '\"'"));
                    };
                    self.pos += e.len_utf8();
                    match e {
                        '"' => out.push('"'),
                        '\\' => out.push('\\'),
                        '/' => out.push('/'),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => out.push(self.parse_unicode_escape(esc_start)?),
                        _ => {
                            return Err(SyntaxError {
                                message: format!("invalid escape '\\{e}' in a string: valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
                                span: Span::new(esc_start, self.pos),
                                fix: None,
                            })
                        }
                    }
                }
                '\n' | '\r' => {
                    return Err(SyntaxError {
                        message: "the string is not closed before the end of the line: add the closing '\"'".into(),
                        span: Span::new(open, self.pos),
                        fix: Some((self.pos, "\"".into())),
                    })
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.err_here("control characters must be escaped inside strings (for a tab write \\t)"))
                }
                c => {
                    // Copy the whole run of plain bytes up to the next quote, backslash or
                    // control character at once (it ends on an ASCII byte, so on a character
                    // boundary); pushing char by char was most of the time spent reading.
                    let start = self.pos;
                    let run = self
                        .bytes
                        .get(start..)
                        .map_or(0, |rest| rest.iter().take_while(|&&b| b != b'"' && b != b'\\' && b >= 0x20).count());
                    match self.src.get(start..start + run) {
                        Some(chunk) if run > 0 => {
                            out.push_str(chunk);
                            self.pos += run;
                        }
                        _ => {
                            out.push(c);
                            self.pos += c.len_utf8();
                        }
                    }
                }
            }
        }
    }

    fn read_hex4(&mut self, esc_start: usize) -> Result<u32, SyntaxError> {
        let hex = self.src.get(self.pos..self.pos + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match hex.and_then(|h| u32::from_str_radix(h, 16).ok()) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err(SyntaxError {
                message: "invalid \\u escape: it needs four hexadecimal digits".into(),
                span: Span::new(esc_start, (self.pos + 4).min(self.bytes.len())),
                fix: None,
            }),
        }
    }

    fn parse_unicode_escape(&mut self, esc_start: usize) -> Result<char, SyntaxError> {
        let hi = self.read_hex4(esc_start)?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            // A high surrogate must be followed by an escaped low surrogate.
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
                self.pos += 2;
                let lo = self.read_hex4(esc_start)?;
                if (0xDC00..0xE000).contains(&lo) {
                    0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                } else {
                    return Err(SyntaxError {
                        message: "invalid surrogate pair in a \\u escape".into(),
                        span: Span::new(esc_start, self.pos),
                        fix: None,
                    });
                }
            } else {
                return Err(SyntaxError {
                    message: "lone surrogate in a \\u escape: a high surrogate must be followed by a low one".into(),
                    span: Span::new(esc_start, self.pos),
                    fix: None,
                });
            }
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| SyntaxError {
            message: "lone surrogate in a \\u escape".into(),
            span: Span::new(esc_start, self.pos),
            fix: None,
        })
    }
}

/// `serde_json::to_string_pretty`'s text of `value` (two-space indent, members in the order
/// given, as SPEC section 3 prints a policy given as an object) together with the tree
/// [`parse`] would read from that text, built while printing: reading back text the engine
/// just printed was most of the time spent on policies given as objects. None when the value
/// nests deeper than [`MAX_DEPTH`] (then print and [`parse`], which reports it).
pub fn pretty(value: &serde_json::Value) -> Option<(String, Node)> {
    let mut out = String::with_capacity(256);
    let node = print_node(value, &mut out, 0)?;
    Some((out, node))
}

/// Print `value` at nesting `level` (containers around it), returning its node.
fn print_node(value: &serde_json::Value, out: &mut String, level: usize) -> Option<Node> {
    use serde_json::Value as J;
    let start = out.len();
    let value = match value {
        J::Null => {
            out.push_str("null");
            Value::Null
        }
        J::Bool(b) => {
            out.push_str(if *b { "true" } else { "false" });
            Value::Bool(*b)
        }
        J::Number(n) => {
            // serde_json's own number formatting, as to_string_pretty writes it.
            let text = serde_json::to_string(n).unwrap_or_default();
            out.push_str(&text);
            Value::Number(text)
        }
        J::String(s) => {
            print_string(s, out);
            Value::String(s.clone())
        }
        J::Array(items) => {
            if level >= MAX_DEPTH {
                return None;
            }
            out.push('[');
            let mut nodes = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 1);
                nodes.push(print_node(item, out, level + 1)?);
            }
            if !items.is_empty() {
                out.push('\n');
                indent(out, level);
            }
            out.push(']');
            Value::Array(nodes)
        }
        J::Object(map) => {
            if level >= MAX_DEPTH {
                return None;
            }
            out.push('{');
            let mut members = Vec::with_capacity(map.len());
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 1);
                let key_start = out.len();
                print_string(key, out);
                let key_span = Span::new(key_start, out.len());
                out.push_str(": ");
                let value = print_node(item, out, level + 1)?;
                members.push(Member { key: key.clone(), key_span, value });
            }
            if !map.is_empty() {
                out.push('\n');
                indent(out, level);
            }
            out.push('}');
            Value::Object(members)
        }
    };
    Some(Node { value, span: Span::new(start, out.len()) })
}

/// Members of `members` whose key appeared earlier too (linear: objects can have 100 000
/// members).
pub(crate) fn duplicates(members: &[Member]) -> Vec<&Member> {
    // A policy object has a handful of members: comparing them pairwise beats hashing.
    if members.len() <= SMALL_OBJECT {
        return members
            .iter()
            .enumerate()
            .filter(|(i, m)| members.get(..*i).is_some_and(|before| before.iter().any(|b| b.key == m.key)))
            .map(|(_, m)| m)
            .collect();
    }
    let mut seen: HashSet<&str> = HashSet::with_capacity(members.len());
    members.iter().filter(|m| !seen.insert(m.key.as_str())).collect()
}

/// Objects up to this many members are checked for repeated keys pairwise.
pub(crate) const SMALL_OBJECT: usize = 16;

/// Whether an object anywhere in `node` repeats a key.
pub fn has_duplicate_keys(node: &Node) -> bool {
    match &node.value {
        Value::Array(items) => items.iter().any(has_duplicate_keys),
        Value::Object(members) => {
            !duplicates(members).is_empty() || members.iter().any(|m| has_duplicate_keys(&m.value))
        }
        _ => false,
    }
}

/// `node` printed as [`pretty`] prints the `serde_json::Value` it would read as, except that a
/// repeated key is printed every time (serde_json keeps only the last value; the policy reader
/// must see them all to report them, SPEC section 8).
pub fn pretty_keeping_duplicates(node: &Node) -> String {
    let mut out = String::with_capacity(256);
    reprint(node, &mut out, 0);
    out
}

fn reprint(node: &Node, out: &mut String, level: usize) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        // Through serde_json's own number, so `1.50` prints as serde_json prints it.
        Value::Number(n) => match serde_json::from_str::<serde_json::Number>(n) {
            Ok(num) => out.push_str(&num.to_string()),
            Err(_) => out.push_str(n),
        },
        Value::String(s) => print_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 1);
                reprint(item, out, level + 1);
            }
            if !items.is_empty() {
                out.push('\n');
                indent(out, level);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, m) in members.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, level + 1);
                print_string(&m.key, out);
                out.push_str(": ");
                reprint(&m.value, out, level + 1);
            }
            if !members.is_empty() {
                out.push('\n');
                indent(out, level);
            }
            out.push('}');
        }
    }
}

fn indent(out: &mut String, level: usize) {
    const SPACES: &str = "                                                                ";
    match SPACES.get(..2 * level) {
        Some(spaces) => out.push_str(spaces),
        None => {
            for _ in 0..level {
                out.push_str("  ");
            }
        }
    }
}

/// A JSON string literal as serde_json writes it: `"` and `\\` escaped, control characters
/// as `\b \t \n \f \r` or `\u00xx`, everything else as is.
fn print_string(s: &str, out: &mut String) {
    out.push('"');
    let needs_escape = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    if !s.bytes().any(needs_escape) {
        // The usual case: nothing to escape, one copy.
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x09 => "\\t",
            0x0a => "\\n",
            0x0c => "\\f",
            0x0d => "\\r",
            0x00..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(plain..i).unwrap_or_default());
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
            out.push(char::from(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0')));
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(s.get(plain..).unwrap_or_default());
    out.push('"');
}

fn missing_comma(prev_end: usize, next_start: usize, between: &str) -> SyntaxError {
    SyntaxError {
        message: format!("missing comma {between}: add ',' after the preceding value"),
        span: Span::new(prev_end, next_start),
        fix: Some((prev_end, ",".into())),
    }
}

fn trailing_comma(comma: usize) -> SyntaxError {
    SyntaxError {
        message: "trailing comma: JSON does not allow a comma after the last element; remove it".into(),
        span: Span::new(comma, comma + 1),
        fix: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SyntaxError {
        parse(text).unwrap_err()
    }

    #[test]
    fn keeps_spans_of_every_node() {
        let text = r#"{"a": ["x", 1.5e3, true, null]}"#;
        let node = parse(text).unwrap();
        let Value::Object(members) = &node.value else { panic!() };
        let m = &members[0];
        assert_eq!(&text[m.key_span.start..m.key_span.end], "\"a\"");
        let Value::Array(items) = &m.value.value else { panic!() };
        let spans: Vec<&str> = items.iter().map(|n| &text[n.span.start..n.span.end]).collect();
        assert_eq!(spans, vec!["\"x\"", "1.5e3", "true", "null"]);
        assert_eq!(items[1].value, Value::Number("1.5e3".into()));
    }

    #[test]
    fn missing_comma_between_strings_on_two_lines() {
        let text = "[\n  \"a\"\n  \"b\"\n]";
        let e = err(text);
        assert!(e.message.contains("missing comma"), "{}", e.message);
        assert_eq!(e.span.start, text.find("\"a\"").unwrap() + 3);
        assert_eq!(e.fix, Some((e.span.start, ",".to_string())));
    }

    #[test]
    fn missing_comma_between_members() {
        let e = err("{\"a\": 1\n\"b\": 2}");
        assert!(e.message.contains("missing comma between object members"));
        assert_eq!(e.span.start, 7);
    }

    #[test]
    fn duplicate_keys_are_kept_for_the_reader() {
        let node = parse(r#"{"a": 1, "a": 2}"#).unwrap();
        let Value::Object(m) = node.value else { panic!() };
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn rejects_extensions() {
        assert!(err("[1,]").message.contains("trailing comma"));
        assert!(err("{\"a\":1,}").message.contains("trailing comma"));
        assert!(err("// c\n{}").message.contains("comments"));
        assert!(err("{'a': 1}").message.contains("double quotes"));
        assert!(err("{a: 1}").message.contains("quoted"));
        assert!(err("[True]").message.contains("lowercase"));
        assert!(err("[01]").message.contains("leading zeros"));
        assert!(err("").message.contains("empty"));
        assert!(err("{} x").message.contains("after the end"));
        assert!(err("\"abc").message.contains("not closed"));
        assert!(err("[\"\\x\"]").message.contains("invalid escape"));
        assert!(err("{\"a\" 1}").message.contains("':'"));
    }

    #[test]
    fn unicode_escapes_and_bom() {
        let node = parse("\u{feff}[\"\\u00e9\\ud83d\\ude00\"]").unwrap();
        let Value::Array(items) = node.value else { panic!() };
        assert_eq!(items[0].value, Value::String("é😀".into()));
        assert!(err("[\"\\ud83d\"]").message.contains("surrogate"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(100_000);
        assert!(err(&text).message.contains("nests deeper"));
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn pretty_prints_like_serde_and_reads_like_parse() {
        let values = [
            serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": "*",
                "Condition": {"Bool": {"k": true}, "NumericLessThan": {"n": [1, -2.5, 1e20, 0, 18446744073709551615u64]}}}]}),
            serde_json::json!({"a\"b\\c": "\u{0}\u{1f}\u{8}\t\n\u{c}\r\u{7f}/é😀", "e": {}, "f": [], "g": null, "h": [[{}], false]}),
            serde_json::json!([]),
            serde_json::json!("text"),
            serde_json::json!(12),
        ];
        for v in values {
            let (text, node) = pretty(&v).unwrap();
            assert_eq!(text, serde_json::to_string_pretty(&v).unwrap());
            assert_eq!(node, parse(&text).unwrap(), "{text}");
        }
        let mut deep = serde_json::json!([]);
        for _ in 0..MAX_DEPTH {
            deep = serde_json::json!([deep]);
        }
        assert!(pretty(&deep).is_none());
        assert!(parse(&serde_json::to_string_pretty(&deep).unwrap()).is_err());
        let mut ok = serde_json::json!({});
        for _ in 1..MAX_DEPTH {
            ok = serde_json::json!({ "a": ok });
        }
        let (text, node) = pretty(&ok).unwrap();
        assert_eq!(node, parse(&text).unwrap());
    }

    #[test]
    fn never_panics_on_truncations() {
        let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:*"], "Resource": "*", "Condition": {"Bool": {"k": true}}}]}"#;
        for i in 0..text.len() {
            let _ = parse(&text[..i]);
        }
    }
}
