//! Byte ranges into policy text, and their conversion to lines and columns.
//!
//! Every node of a parsed policy keeps a [`Span`] (byte offsets). Reports convert spans to
//! 1-based line and column (counted in Unicode scalar values, SPEC section 3) with a
//! [`LineIndex`]; converting to UTF-16 for a browser textarea is the UI's business.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into one policy's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (swapped if given backwards).
    pub fn new(start: usize, end: usize) -> Span {
        if end < start {
            Span { start: end, end: start }
        } else {
            Span { start, end }
        }
    }

    /// An empty span at `offset`.
    pub fn at(offset: usize) -> Span {
        Span { start: offset, end: offset }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span { start: self.start.min(other.start), end: self.end.max(other.end) }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A position as the report shows it (SPEC section 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (Unicode scalar values).
    pub column: usize,
    /// Byte offset into the policy text.
    pub offset: usize,
}

/// A range as the report shows it (SPEC section 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// Where the range starts.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
}

/// Line starts of one text, for turning byte offsets into lines and columns.
///
/// Turning an offset into a position costs O(log lines + [`BLOCK`]) whatever the length of
/// its line: besides the line starts, the index keeps how many characters precede every
/// [`BLOCK`]-byte boundary, so a minified one-line policy with many findings stays linear.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Cow<'a, [usize]>,
    block_chars: Cow<'a, [usize]>,
}

/// Bytes per block of [`LineTable::block_chars`]: a column costs at most this many byte reads.
pub const BLOCK: usize = 256;

/// What a [`LineIndex`] needs of a text, computed once (O(length)) and kept beside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LineTable {
    /// Byte offsets at which the lines start (see [`line_starts`]).
    pub line_starts: Vec<usize>,
    /// Characters (Unicode scalar values) before byte `k * BLOCK`, for every block `k`.
    pub block_chars: Vec<usize>,
}

impl LineTable {
    /// Index `text`.
    pub fn new(text: &str) -> LineTable {
        // [`line_starts`] and [`block_chars`] in one pass over the bytes.
        let mut line_starts = vec![0];
        let mut block_chars = Vec::with_capacity(text.len() / BLOCK + 2);
        block_chars.push(0);
        let mut total = 0;
        for (k, chunk) in text.as_bytes().chunks(BLOCK).enumerate() {
            for (j, &b) in chunk.iter().enumerate() {
                if b == b'\n' {
                    line_starts.push(k * BLOCK + j + 1);
                }
                total += usize::from((b & 0xC0) != 0x80);
            }
            block_chars.push(total);
        }
        LineTable { line_starts, block_chars }
    }
}

/// Characters that start before each `BLOCK`-byte boundary of `text`.
fn block_chars(text: &str) -> Vec<usize> {
    let mut out = Vec::with_capacity(text.len() / BLOCK + 1);
    let mut total = 0;
    out.push(0);
    for chunk in text.as_bytes().chunks(BLOCK) {
        total += char_starts(chunk);
        out.push(total);
    }
    out
}

/// Characters that start in `bytes` (bytes that are not UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

/// The byte offsets at which the lines of `text` start (lines end at `\n`; a `\r` before it
/// belongs to the line). Keep them with the text to make [`LineIndex`]es without rescanning.
pub fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i + 1));
    starts
}

impl<'a> LineIndex<'a> {
    /// Index the line starts of `text` (lines end at `\n`; a `\r` before it belongs to the line).
    pub fn new(text: &'a str) -> LineIndex<'a> {
        LineIndex { text, line_starts: Cow::Owned(line_starts(text)), block_chars: Cow::Owned(block_chars(text)) }
    }

    /// The index of `text` from its [`line_starts`], computed earlier (the character counts
    /// are computed here; keep a [`LineTable`] to avoid even that).
    pub fn with_line_starts(text: &'a str, starts: &'a [usize]) -> LineIndex<'a> {
        LineIndex { text, line_starts: Cow::Borrowed(starts), block_chars: Cow::Owned(block_chars(text)) }
    }

    /// The index of `text` from its [`LineTable`], computed earlier: O(1).
    pub fn with_table(text: &'a str, table: &'a LineTable) -> LineIndex<'a> {
        LineIndex {
            text,
            line_starts: Cow::Borrowed(&table.line_starts),
            block_chars: Cow::Borrowed(&table.block_chars),
        }
    }

    /// Characters before byte `offset` (a character boundary, at most the text's length).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / BLOCK;
        let Some(&before) = self.block_chars.get(block) else {
            return self.text.get(..offset).map_or(0, |s| s.chars().count());
        };
        before + self.text.as_bytes().get(block * BLOCK..offset).map_or(0, char_starts)
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while offset > 0 && !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0).min(offset);
        // An ASCII text (as many characters as bytes, the usual case) needs no counting.
        let column = if self.block_chars.last() == Some(&self.text.len()) {
            offset - start + 1
        } else {
            self.chars_before(offset) - self.chars_before(start) + 1
        };
        Position { line: line + 1, column, offset }
    }

    /// The report range of `span`.
    pub fn range(&self, span: Span) -> Range {
        Range { start: self.position(span.start), end: self.position(span.end) }
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// Number of lines (a text without a line break has one).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_line_starts_and_block_chars() {
        for text in ["", "a", "\n", "é\nx\r\n", &"ab\né😀\n".repeat(300), &"x".repeat(BLOCK * 2)] {
            let t = LineTable::new(text);
            assert_eq!(t.line_starts, line_starts(text));
            assert_eq!(t.block_chars, block_chars(text));
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "{\n  \"é\": \"x\"\n}";
        let idx = LineIndex::new(text);
        let x = text.find("\"x\"").unwrap();
        let pos = idx.position(x);
        assert_eq!((pos.line, pos.column, pos.offset), (2, 8, x));
    }

    #[test]
    fn kept_line_starts_index_the_same() {
        let text = "a\r\nbé\n\ncd";
        let starts = line_starts(text);
        let kept = LineIndex::with_line_starts(text, &starts);
        let fresh = LineIndex::new(text);
        for offset in 0..=text.len() + 1 {
            assert_eq!(kept.position(offset), fresh.position(offset));
        }
        assert_eq!(kept.line_count(), 4);
    }

    #[test]
    fn columns_on_a_long_line_count_characters_across_blocks() {
        let text: String = "aé😀\n".repeat(3) + &"xé😀€".repeat(500);
        let idx = LineIndex::new(&text);
        let table = LineTable::new(&text);
        let kept = LineIndex::with_table(&text, &table);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            let want = Position {
                line: before.matches('\n').count() + 1,
                column: before[line_start..].chars().count() + 1,
                offset,
            };
            assert_eq!(idx.position(offset), want);
            assert_eq!(kept.position(offset), want);
        }
    }

    #[test]
    fn offset_past_end_is_clamped() {
        let idx = LineIndex::new("ab\ncd");
        assert_eq!(idx.position(99), Position { line: 2, column: 3, offset: 5 });
        assert_eq!(idx.line_text(2), "cd");
        assert_eq!(idx.line_text(7), "");
    }
}
