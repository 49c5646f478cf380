//! Text output for people: findings like a compiler's diagnostics, the matrix as a table,
//! results with their reasons and source snippets (SPEC section 5).

use std::borrow::Cow;
use std::fmt::Write as _;

use super::report::{Decision, Finding, Matrix, Report, RequestResult};
use super::span::LineIndex;

/// The symbol and word of a decision (text plus a symbol, never colour alone).
pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "✓ allow",
        Decision::ExplicitDeny => "✗ explicit-deny",
        Decision::ImplicitDeny => "– implicit-deny",
    }
}

/// `text` cut in the middle to `max` characters (a `…` between its start and its last quarter)
/// when it is longer: messages and labels quote names and values as given, and one can be a
/// pasted megabyte.
pub fn elide_middle(text: &str, max: usize) -> Cow<'_, str> {
    let count = text.chars().count();
    if count <= max {
        return Cow::Borrowed(text);
    }
    let tail = max / 4;
    let head = max.saturating_sub(tail + 1);
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(count - tail));
    Cow::Owned(out)
}

/// `s` made safe to print on a terminal: control characters (line breaks, ESC, BEL, CR,
/// C1 controls) and the invisible bidirectional marks become visible symbols, so text from a
/// policy can neither drive the terminal nor start a line that looks like another finding.
/// `␛` for ESC, `␊` for a line feed (the Control Pictures block), `<U+202E>` for the others.
/// Tabs stay.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            c if !needs_escape(c) => out.push(c),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('?')),
            '\u{7f}' => out.push('␡'),
            c => {
                let _ = write!(out, "<U+{:04X}>", u32::from(c));
            }
        }
    }
    Cow::Owned(out)
}

/// Characters [`visible`] replaces.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
}

/// Characters of a source line shown around a finding's column: a longer line (a minified
/// policy) is clipped to a window with `…` at the cut ends, so N findings print N windows,
/// not N copies of the line.
pub const SNIPPET_WIDTH: usize = 120;
/// Of [`SNIPPET_WIDTH`], how many characters a clipped window shows before the column.
const SNIPPET_BEFORE: usize = 40;

/// Render one finding: `file:line:column: severity[code]: message`, the source line with a
/// caret under the range, and the help. `text` is the policy's text (None: no snippet).
pub fn finding(out: &mut String, file: &str, f: &Finding, text: Option<&str>) {
    let _ = writeln!(
        out,
        "{}:{}:{}: {}[{}]: {}",
        visible(file),
        f.range.start.line,
        f.range.start.column,
        f.severity.as_str(),
        f.code,
        visible(&f.message)
    );
    if let Some(text) = text {
        snippet_at(out, text, f.range.start.line, f.range.start.offset, f.range.end.offset);
    }
    if !f.help.is_empty() {
        let _ = writeln!(out, "  = help: {}", visible(&f.help));
    }
    if let Some(fix) = &f.fix {
        let _ = writeln!(out, "  = fix: {}", visible(&fix.message));
    }
    for r in &f.related {
        let _ = writeln!(
            out,
            "  = related: {} {}:{}: {}",
            visible(&r.policy),
            r.range.start.line,
            r.range.start.column,
            visible(&r.message)
        );
    }
}

/// The source line of `line` with a caret line under columns `col..end_col` (1-based); a
/// line longer than [`SNIPPET_WIDTH`] is clipped around the column.
pub fn snippet(out: &mut String, text: &str, line: usize, col: usize, end_line: usize, end_col: usize) {
    let idx = LineIndex::new(text);
    let src = idx.line_text(line);
    let start = src.char_indices().nth(col.saturating_sub(1)).map_or(src.len(), |(i, _)| i);
    let end = if end_line == line && end_col > col {
        src.char_indices().nth(end_col - 1).map_or(src.len(), |(i, _)| i)
    } else {
        src.len()
    };
    snippet_window(out, line, src, start, end.max(start), false, false);
}

/// [`snippet`] from byte offsets: reads only a window around `start` (O(window), whatever
/// the length of the line or the text). `line` is the 1-based line of `start`.
pub fn snippet_at(out: &mut String, text: &str, line: usize, start: usize, end: usize) {
    let start = floor_boundary(text, start);
    let end = floor_boundary(text, end.max(start));
    let before = text.get(..start).unwrap_or("");
    let after = text.get(start..).unwrap_or("");
    // Back to the line start, but no further than a window's width.
    let mut from = start;
    let mut cut_before = false;
    for (i, (at, c)) in before.char_indices().rev().enumerate() {
        if c == '\n' {
            break;
        }
        if i >= SNIPPET_WIDTH {
            cut_before = true;
            break;
        }
        from = at;
    }
    // On to the line end, but no further than a window's width.
    let mut to = start;
    let mut cut_after = false;
    for (i, (at, c)) in after.char_indices().enumerate() {
        if c == '\n' {
            break;
        }
        if i >= SNIPPET_WIDTH {
            cut_after = true;
            break;
        }
        to = start + at + c.len_utf8();
    }
    let src = text.get(from..to).unwrap_or("");
    let src = if cut_after { src } else { src.trim_end_matches('\r') };
    let end = end.clamp(start, from + src.len());
    snippet_window(out, line, src, start - from, end - from, cut_before, cut_after);
}

/// The largest character boundary of `text` at or before `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Print `src` (part of one line; `cut_before`/`cut_after`: the line goes on) with a caret
/// under bytes `start..end` of it, clipped to [`SNIPPET_WIDTH`] characters around `start`.
fn snippet_window(
    out: &mut String,
    line: usize,
    src: &str,
    start: usize,
    end: usize,
    cut_before: bool,
    cut_after: bool,
) {
    let start = floor_boundary(src, start);
    let end = floor_boundary(src, end.max(start));
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let col = chars.iter().take_while(|(i, _)| *i < start).count();
    let end_col = chars.iter().take_while(|(i, _)| *i < end).count();
    let (from, to) = if chars.len() <= SNIPPET_WIDTH && !cut_before && !cut_after {
        (0, chars.len())
    } else {
        let from = col.saturating_sub(SNIPPET_BEFORE);
        (from, (from + SNIPPET_WIDTH).min(chars.len()))
    };
    let lead = from > 0 || cut_before;
    let mut shown = String::new();
    if lead {
        shown.push('…');
    }
    for &(_, c) in chars.get(from..to).unwrap_or(&[]) {
        shown.push(if c == '\t' { ' ' } else { c });
    }
    if to < chars.len() || cut_after {
        shown.push('…');
    }
    // Escaped characters print wider than one column: measure what precedes the caret as shown.
    let width_of = |a: usize, b: usize| -> usize {
        chars.get(a..b.max(a)).unwrap_or(&[]).iter().map(|&(_, c)| shown_width(c)).sum()
    };
    let caret_col = usize::from(lead) + width_of(from, col);
    let width = if end_col > col { width_of(col, end_col.min(to)) } else { width_of(col, to) };
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{gutter} | {}", visible(&shown));
    let _ = writeln!(out, "{pad} | {}{}", " ".repeat(caret_col), "^".repeat(width.clamp(1, 200)));
}

/// How many characters `c` takes once made [`visible`].
fn shown_width(c: char) -> usize {
    let mut buf = [0u8; 4];
    visible(c.encode_utf8(&mut buf)).chars().count()
}

/// The matrix as a text table.
pub fn matrix(m: &Matrix) -> String {
    let mut out = String::new();
    if m.rows.is_empty() {
        out.push_str("(no principals: add principals to the scenario, or name them in the key policy)\n");
        return out;
    }
    let names: Vec<Cow<'_, str>> = m.rows.iter().map(|r| visible(&r.principal)).collect();
    let principal_width = names.iter().map(|p| p.chars().count()).max().unwrap_or(9).max(9);
    let short: Vec<String> = m.actions.iter().map(|a| visible(a.trim_start_matches("kms:")).into_owned()).collect();
    let col_width: Vec<usize> = short.iter().map(|s| s.chars().count().max(1)).collect();
    let _ = write!(out, "{:principal_width$}", "principal");
    for (s, w) in short.iter().zip(&col_width) {
        let _ = write!(out, "  {s:w$}");
    }
    out.push('\n');
    for (row, name) in m.rows.iter().zip(&names) {
        let _ = write!(out, "{name:principal_width$}");
        for (cell, w) in row.cells.iter().zip(&col_width) {
            let sym = match cell {
                Decision::Allow => "✓",
                Decision::ExplicitDeny => "✗",
                Decision::ImplicitDeny => "–",
            };
            let _ = write!(out, "  {sym:w$}");
        }
        out.push('\n');
    }
    out.push_str("\n✓ allow   ✗ explicit deny   – implicit deny (nothing allows it)\n");
    out
}

/// One result with its reasons; `text_of` gives a policy's text for snippets.
pub fn result<'t>(out: &mut String, n: usize, r: &RequestResult, text_of: &impl Fn(&str) -> Option<&'t str>) {
    let _ =
        writeln!(out, "request {n}: {} {} → {}", visible(&r.principal), visible(&r.action), decision_label(r.decision));
    let _ = writeln!(out, "  {}", visible(&r.summary));
    for reason in &r.reasons {
        let kind =
            serde_json::to_value(reason.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let at = match (&reason.statement, &reason.sid) {
            (Some(i), Some(sid)) => format!(" statement {i} (\"{}\")", visible(sid)),
            (Some(i), None) => format!(" statement {i}"),
            _ => String::new(),
        };
        let _ = writeln!(out, "  - {kind}: {}{at}: {}", visible(&reason.policy), visible(&reason.message));
        if let (Some(range), Some(text)) = (&reason.range, text_of(&reason.policy)) {
            let mut window = String::new();
            snippet_at(&mut window, text, range.start.line, range.start.offset, range.end.offset);
            // Only the source line of the snippet (its second line), indented under the reason.
            if let Some(src) = window.lines().nth(1).and_then(|l| l.split_once(" | ")) {
                let _ = writeln!(out, "      {:>4} | {}", range.start.line, src.1.trim_end());
            }
        }
    }
}

/// The whole report for people: results, matrix, findings.
pub fn report<'t>(file: &str, report: &Report, text_of: impl Fn(&str) -> Option<&'t str>) -> String {
    let mut out = String::new();
    for (i, r) in report.results.iter().enumerate() {
        result(&mut out, i + 1, r, &text_of);
        out.push('\n');
    }
    out.push_str(&matrix(&report.matrix));
    if !report.findings.is_empty() {
        out.push('\n');
        for f in &report.findings {
            let place = if f.policy == "scenario" { file.to_string() } else { format!("{file}#{}", f.policy) };
            finding(&mut out, &place, f, text_of(&f.policy));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elide_middle_keeps_short_text_and_cuts_long_text_to_max() {
        assert_eq!(elide_middle("short", 10), "short");
        let long = "é".repeat(100);
        let cut = elide_middle(&long, 10);
        assert_eq!(cut.chars().count(), 10);
        assert_eq!(cut, format!("{}…{}", "é".repeat(7), "é".repeat(2)));
    }

    /// The caret line's column (characters before the first `^`, after the gutter).
    fn caret_at(out: &str) -> usize {
        let line = out.lines().nth(2).unwrap_or("");
        let body = line.split_once(" | ").map_or("", |(_, b)| b);
        body.chars().take_while(|&c| c != '^').count()
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let text = "{\n  \"Effect\": \"Alow\"\n}";
        let start = text.find("\"Alow\"").unwrap_or(0);
        let mut out = String::new();
        snippet_at(&mut out, text, 2, start, start + 6);
        assert_eq!(out, "  |\n2 |   \"Effect\": \"Alow\"\n  |             ^^^^^^\n");
    }

    #[test]
    fn a_long_line_is_clipped_around_the_column() {
        let text = format!("{}\"X\"{}", "a".repeat(5_000), "b".repeat(5_000));
        let start = 5_000;
        let mut out = String::new();
        snippet_at(&mut out, &text, 1, start, start + 3);
        let src = out.lines().nth(1).unwrap_or("");
        assert!(src.starts_with("1 | …") && src.ends_with('…'), "{src}");
        assert!(src.chars().count() < SNIPPET_WIDTH + 10, "{}", src.chars().count());
        // The caret is under the `"X"`: 1 (…) + SNIPPET_BEFORE characters precede it.
        assert_eq!(caret_at(&out), 1 + SNIPPET_BEFORE);
        assert!(src.contains("a\"X\"b"));
        // The same through `snippet` (line and column).
        let mut again = String::new();
        snippet(&mut again, &text, 1, 5_001, 1, 5_004);
        assert_eq!(again, out);
    }

    #[test]
    fn control_characters_are_shown_and_the_caret_still_lines_up() {
        let text = "{\"Sid\": \"\u{1b}[31m\u{202e}x\", \"Effect\": \"Alow\"}";
        let start = text.find("\"Alow\"").unwrap_or(0);
        let mut out = String::new();
        snippet_at(&mut out, text, 1, start, start + 6);
        let src = out.lines().nth(1).unwrap_or("");
        assert!(src.contains("␛[31m<U+202E>x"), "{src}");
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'));
        let shown_before = src.split_once(" | ").map_or("", |(_, b)| b).find("\"Alow\"").unwrap_or(0);
        assert_eq!(caret_at(&out), src.split_once(" | ").map_or("", |(_, b)| b)[..shown_before].chars().count());
    }

    #[test]
    fn visible_leaves_ordinary_text_alone() {
        assert!(matches!(visible("Sid \"é 😀 عربي\"\tok"), Cow::Borrowed(_)));
        assert_eq!(visible("a\nb\r\u{7}\u{7f}\u{85}\u{2066}"), "a␊b␍␇␡<U+0085><U+2066>");
    }
}
