//! Pure text helpers for the editors: report positions to byte and UTF-16 offsets, overlay
//! segments for squiggles and highlights, and a JSON re-indenter for the Format button.
//!
//! Report ranges count lines and characters (Unicode scalar values, SPEC section 3); a
//! browser textarea counts UTF-16 code units. Positions are resolved by line and column
//! against the *current* text, so a report computed a keystroke ago still lands sensibly.

use crate::engine::span::{Position, Range};

/// Byte offset of a report position (1-based line and character column) in `text`,
/// clamped to the end of that line (or of the text).
pub fn position_to_byte(text: &str, pos: &Position) -> usize {
    let line = pos.line.max(1);
    let mut start = 0usize;
    for _ in 1..line {
        match text.get(start..).and_then(|rest| rest.find('\n')) {
            Some(nl) => start += nl + 1,
            None => return text.len(),
        }
    }
    let rest = text.get(start..).unwrap_or("");
    let line_end = rest.find('\n').map_or(text.len(), |nl| start + nl);
    let line_text = text.get(start..line_end).unwrap_or("");
    let column = pos.column.max(1) - 1;
    match line_text.char_indices().nth(column) {
        Some((i, _)) => start + i,
        None => line_end,
    }
}

/// Byte range `(start, end)` of a report range in `text` (start ≤ end).
pub fn range_to_bytes(text: &str, range: &Range) -> (usize, usize) {
    let a = position_to_byte(text, &range.start);
    let b = position_to_byte(text, &range.end);
    if b < a {
        (b, a)
    } else {
        (a, b)
    }
}

/// UTF-16 offset (what a textarea's selection uses) of byte offset `byte` in `text`.
pub fn byte_to_utf16(text: &str, byte: usize) -> u32 {
    let mut b = byte.min(text.len());
    while b > 0 && !text.is_char_boundary(b) {
        b -= 1;
    }
    let n = text.get(..b).map_or(0, |s| s.encode_utf16().count());
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Byte offset of UTF-16 offset `unit` in `text` (clamped; inside a surrogate pair → its start).
pub fn utf16_to_byte(text: &str, unit: u32) -> usize {
    let mut seen = 0u32;
    for (i, c) in text.char_indices() {
        let w = u32::try_from(c.len_utf16()).unwrap_or(2);
        if seen + w > unit {
            return i;
        }
        seen += w;
    }
    text.len()
}

/// 0-based line number of byte offset `byte`.
pub fn line_of_byte(text: &str, byte: usize) -> usize {
    text.as_bytes().iter().take(byte.min(text.len())).filter(|&&b| b == b'\n').count()
}

/// Number of lines as a textarea shows them (an empty text has one).
pub fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count() + 1
}

/// A highlighted byte range of an editor's text, with the CSS class that draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// CSS class (`sq-error`, `hl-allow`, ...).
    pub class: &'static str,
    /// Tooltip (not shown by the overlay, kept for titles).
    pub title: String,
}

/// A run of text with the classes of the marks covering it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The text of the run.
    pub text: String,
    /// Classes of every mark covering the run, in mark order.
    pub classes: Vec<&'static str>,
}

/// Widen an empty range so it stays visible: one character forward, or backward at a line
/// end (a missing comma is reported at the end of the line where it belongs).
fn visible(text: &str, start: usize, end: usize) -> (usize, usize) {
    if start < end {
        return (start, end);
    }
    let next = text.get(start..).and_then(|s| s.chars().next());
    match next {
        Some(c) if c != '\n' && c != '\r' => (start, start + c.len_utf8()),
        _ => match text.get(..start).and_then(|s| s.chars().next_back()) {
            Some(c) if c != '\n' => (start - c.len_utf8(), start),
            _ => (start, start),
        },
    }
}

/// Split `text` into runs so that each run is covered by the same set of marks.
pub fn segments(text: &str, marks: &[Mark]) -> Vec<Segment> {
    let mut clamped: Vec<(usize, usize, &'static str)> = Vec::new();
    for m in marks {
        let mut s = m.start.min(text.len());
        let mut e = m.end.min(text.len());
        while s > 0 && !text.is_char_boundary(s) {
            s -= 1;
        }
        while e < text.len() && !text.is_char_boundary(e) {
            e += 1;
        }
        let (s, e) = visible(text, s, e.max(s));
        if s < e {
            clamped.push((s, e, m.class));
        }
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (s, e, _) in &clamped {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Segment> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = match w {
            [a, b] => (*a, *b),
            _ => continue,
        };
        let Some(piece) = text.get(a..b) else { continue };
        if piece.is_empty() {
            continue;
        }
        let classes: Vec<&'static str> =
            clamped.iter().filter(|(s, e, _)| *s <= a && b <= *e).map(|(_, _, c)| *c).collect();
        match out.last_mut() {
            Some(last) if last.classes == classes => last.text.push_str(piece),
            _ => out.push(Segment { text: piece.to_string(), classes }),
        }
    }
    out
}

/// Apply text edits (report ranges into `text`) and return the new text; the edits are
/// applied last first, so each range refers to the original text.
pub fn apply_edits(text: &str, edits: &[crate::engine::report::Edit]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            let (s, t) = range_to_bytes(text, &e.range);
            (s, t, e.text.as_str())
        })
        .collect();
    spans.sort_unstable_by_key(|(s, _, _)| std::cmp::Reverse(*s));
    let mut out = text.to_string();
    for (s, e, rep) in spans {
        if out.is_char_boundary(s) && out.is_char_boundary(e) && s <= e && e <= out.len() {
            out.replace_range(s..e, rep);
        }
    }
    out
}

/// Re-indent valid JSON text the way `serde_json::to_string_pretty` lays it out (two spaces,
/// `": "`, empty containers as `{}`/`[]`), keeping every token exactly as written: member
/// order, duplicate members and number spellings survive. Invalid JSON is refused with the
/// parser's message, and the text is left alone.
pub fn format_json(text: &str) -> Result<String, String> {
    if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
        return Err(format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()));
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut depth = 0usize;
    let mut i = 0usize;
    let indent = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let next_significant =
        |from: usize| -> Option<char> { chars.iter().skip(from).copied().find(|c| !c.is_whitespace()) };
    while let Some(&c) = chars.get(i) {
        match c {
            '"' => {
                out.push('"');
                i += 1;
                while let Some(&d) = chars.get(i) {
                    out.push(d);
                    i += 1;
                    if d == '\\' {
                        if let Some(&e) = chars.get(i) {
                            out.push(e);
                            i += 1;
                        }
                    } else if d == '"' {
                        break;
                    }
                }
                continue;
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                out.push(c);
                if next_significant(i + 1) == Some(close) {
                    // empty container: emit it closed and skip to the closer
                    out.push(close);
                    i += 1;
                    while chars.get(i).is_some_and(|ch| *ch != close) {
                        i += 1;
                    }
                } else {
                    depth += 1;
                    indent(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                indent(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                indent(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column, offset: 0 }
    }

    #[test]
    fn positions_count_characters() {
        let text = "{\n  \"é\": \"x\"\n}";
        let b = position_to_byte(text, &pos(2, 8));
        assert_eq!(text.get(b..b + 3), Some("\"x\""));
        assert_eq!(position_to_byte(text, &pos(9, 1)), text.len());
        assert_eq!(position_to_byte(text, &pos(1, 99)), 1);
    }

    #[test]
    fn utf16_round_trip() {
        let text = "a😀b";
        assert_eq!(byte_to_utf16(text, 5), 3);
        assert_eq!(utf16_to_byte(text, 3), 5);
        assert_eq!(utf16_to_byte(text, 2), 1);
        assert_eq!(byte_to_utf16(text, 3), 1);
    }

    #[test]
    fn segments_split_on_overlaps() {
        let marks = vec![
            Mark { start: 0, end: 4, class: "a", title: String::new() },
            Mark { start: 2, end: 6, class: "b", title: String::new() },
        ];
        let segs = segments("0123456789", &marks);
        let got: Vec<(&str, Vec<&str>)> = segs.iter().map(|s| (s.text.as_str(), s.classes.clone())).collect();
        assert_eq!(got, vec![("01", vec!["a"]), ("23", vec!["a", "b"]), ("45", vec!["b"]), ("6789", vec![])]);
    }

    #[test]
    fn empty_mark_at_line_end_widens_backwards() {
        let marks = vec![Mark { start: 3, end: 3, class: "x", title: String::new() }];
        let segs = segments("abc\ndef", &marks);
        assert_eq!(segs.get(1).map(|s| s.text.as_str()), Some("c"));
    }

    #[test]
    fn edits_apply_last_first() {
        use crate::engine::report::Edit;
        let at = |line, column| Range { start: pos(line, column), end: pos(line, column) };
        let edits = vec![
            Edit { range: at(1, 2), text: "X".into() },
            Edit { range: Range { start: pos(2, 1), end: pos(2, 3) }, text: "é".into() },
        ];
        assert_eq!(apply_edits("ab\ncd\n", &edits), "aXb\né\n");
    }

    #[test]
    fn format_keeps_duplicates_and_order() {
        let text = r#"{"b":1,"a":[ ],"b":{"x":"y, z"},"n":1.0e3}"#;
        let out = format_json(text).unwrap();
        assert_eq!(out, "{\n  \"b\": 1,\n  \"a\": [],\n  \"b\": {\n    \"x\": \"y, z\"\n  },\n  \"n\": 1.0e3\n}");
        assert!(format_json("{\"a\": 1 \"b\": 2}").is_err());
    }

    #[test]
    fn format_matches_serde_pretty_for_plain_json() {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["kms:Decrypt"],"Resource":"*","Condition":{}}]}"#;
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(format_json(text).unwrap(), serde_json::to_string_pretty(&v).unwrap());
    }
}
