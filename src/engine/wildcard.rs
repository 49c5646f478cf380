//! Wildcard patterns: the `*` / `?` globs of Action, Resource and the `Like` / `Arn` operators.
//!
//! A [`Pattern`] is a list of tokens rather than a string so that characters that came from
//! a policy variable (always literal, even `*`) can sit next to real wildcards.
//!
//! Matching uses the classic greedy two-pointer algorithm with a single backtrack point (the
//! last `*` seen). It never recurses, so its cost is at most `pattern length × text length`
//! even on inputs such as `*a*a*a*a*b` against a long run of `a`s.

/// One token of a [`Pattern`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A character that must match itself.
    Char(char),
    /// `*`: any run of characters, including none (and including `/` and `:`).
    Star,
    /// `?`: exactly one character.
    Question,
}

/// A wildcard pattern: a sequence of [`Tok`]s.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pattern {
    toks: Vec<Tok>,
}

impl Pattern {
    /// A glob: `*` matches any run of characters (empty included, `/` and `:` included),
    /// `?` matches exactly one character, every other character matches itself.
    /// There is no escape character (policy variables `${*}`/`${?}` are the escape).
    pub fn glob(s: &str) -> Pattern {
        let toks = s
            .chars()
            .map(|c| match c {
                '*' => Tok::Star,
                '?' => Tok::Question,
                other => Tok::Char(other),
            })
            .collect();
        Pattern { toks }
    }

    /// A pattern in which every character, `*` and `?` included, is literal.
    pub fn literal(s: &str) -> Pattern {
        Pattern { toks: s.chars().map(Tok::Char).collect() }
    }

    /// A pattern made of the given tokens.
    pub fn from_tokens(t: Vec<Tok>) -> Pattern {
        Pattern { toks: t }
    }

    /// The tokens of the pattern.
    pub fn tokens(&self) -> &[Tok] {
        &self.toks
    }

    /// Whether the whole of `text` matches the pattern, comparing characters exactly.
    pub fn matches(&self, text: &str) -> bool {
        if text.is_ascii() {
            // One byte is one character: match the bytes in place, no allocation.
            return match_tokens(&self.toks, text.as_bytes(), |p, t| p == char::from(t));
        }
        let text: Vec<char> = text.chars().collect();
        match_tokens(&self.toks, &text, |p, t| p == t)
    }

    /// Whether the whole of `text` matches the pattern, comparing characters after Unicode
    /// simple lowercase mapping (one character to one character; see [`fold_char`]).
    pub fn matches_ignore_case(&self, text: &str) -> bool {
        if text.is_ascii() {
            return match_tokens(&self.toks, text.as_bytes(), |p, t| {
                fold_char(p) == char::from(t.to_ascii_lowercase())
            });
        }
        let text: Vec<char> = text.chars().map(fold_char).collect();
        match_tokens(&self.toks, &text, |p, t| fold_char(p) == t)
    }

    /// Whether the pattern has no wildcard token (so it matches exactly one text).
    pub fn is_literal(&self) -> bool {
        self.toks.iter().all(|t| matches!(t, Tok::Char(_)))
    }

    /// The one text this pattern matches, when it has no wildcard token.
    pub fn literal_text(&self) -> Option<String> {
        self.toks
            .iter()
            .map(|t| match t {
                Tok::Char(c) => Some(*c),
                Tok::Star | Tok::Question => None,
            })
            .collect()
    }
}

/// Whether `text` matches the glob `pattern` (case-sensitive). See [`Pattern::glob`].
pub fn glob_match(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        return match_units(pattern.as_bytes(), byte_tok, text.as_bytes(), |p, t| p == char::from(t));
    }
    Pattern::glob(pattern).matches(text)
}

/// Whether `text` matches the glob `pattern`, ignoring case (used for action names).
pub fn glob_match_ignore_case(pattern: &str, text: &str) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // ASCII on both sides (every action name): compare bytes in place, no allocation.
        // (A non-ASCII character may fold to an ASCII one, e.g. the Kelvin sign to `k`, so
        // the fast path needs both sides ASCII.)
        return match_units(pattern.as_bytes(), byte_tok, text.as_bytes(), |p, t| {
            p.to_ascii_lowercase() == char::from(t.to_ascii_lowercase())
        });
    }
    Pattern::glob(pattern).matches_ignore_case(text)
}

/// The token an ASCII pattern byte stands for (as [`Pattern::glob`] reads it).
fn byte_tok(b: u8) -> Tok {
    match b {
        b'*' => Tok::Star,
        b'?' => Tok::Question,
        other => Tok::Char(char::from(other)),
    }
}

/// Unicode simple lowercase mapping of one character.
///
/// `char::to_lowercase` gives the *full* mapping, which is one character for every
/// character except U+0130 (capital I with dot above, full mapping "i̇"). Its first
/// character is the simple mapping in every case, so taking it gives a 1:1 fold.
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    c.to_lowercase().next().unwrap_or(c)
}

/// Greedy two-pointer glob match of `toks` against the whole of `text`.
///
/// `eq(pattern_char, text_unit)` decides whether a pattern character matches one unit of the
/// text (a `char`, or a byte of ASCII text). On a mismatch the algorithm returns to the most
/// recent `*` and lets it absorb one more unit; earlier `*`s never need revisiting, because
/// the most recent one can absorb anything they could.
pub(crate) fn match_tokens<T: Copy>(toks: &[Tok], text: &[T], eq: impl Fn(char, T) -> bool) -> bool {
    match_units(toks, |t| t, text, eq)
}

/// [`match_tokens`] over any pattern units that read as tokens (`Tok`s, or the bytes of an
/// ASCII glob), so no token list has to be built.
fn match_units<P: Copy, T: Copy>(pat: &[P], tok: impl Fn(P) -> Tok, text: &[T], eq: impl Fn(char, T) -> bool) -> bool {
    let mut p = 0usize;
    let mut t = 0usize;
    // (index of the token after the last `*`, text index that `*` currently stops at)
    let mut backtrack: Option<(usize, usize)> = None;
    while let Some(&tc) = text.get(t) {
        match pat.get(p).map(|&u| tok(u)) {
            Some(Tok::Star) => {
                p += 1;
                backtrack = Some((p, t));
                continue;
            }
            Some(Tok::Question) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(Tok::Char(pc)) if eq(pc, tc) => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match backtrack {
            Some((bp, bt)) => {
                p = bp;
                t = bt + 1;
                backtrack = Some((bp, bt + 1));
            }
            None => return false,
        }
    }
    pat.get(p..).is_some_and(|rest| rest.iter().all(|&u| tok(u) == Tok::Star))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_and_glob() {
        assert!(glob_match("kms:Decrypt", "kms:Decrypt"));
        assert!(!glob_match("kms:Decrypt", "kms:decrypt"));
        assert!(glob_match_ignore_case("KMS:decrypt", "kms:Decrypt"));
        assert!(glob_match("kms:Get*", "kms:GetKeyPolicy"));
        assert!(glob_match("kms:Get*", "kms:Get"));
        assert!(!glob_match("kms:Get*", "kms:Ge"));
        assert!(glob_match("*", ""));
        assert!(glob_match("", ""));
        assert!(!glob_match("", "a"));
        assert!(!glob_match("?", ""));
        assert!(glob_match("?", "é"));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "ac"));
        assert!(glob_match("*AccessKey*", "CreateAccessKeys"));
        assert!(glob_match("a*b*c", "a/b:c"));
        assert!(glob_match("bucket/*/test/*", "bucket//test/x"));
        assert!(glob_match("**", "anything"));
        assert!(glob_match("*?", "x"));
        assert!(!glob_match("*?", ""));
    }

    #[test]
    fn literal_pattern_keeps_wildcard_characters() {
        let p = Pattern::literal("a*b?");
        assert!(p.is_literal());
        assert_eq!(p.literal_text().as_deref(), Some("a*b?"));
        assert!(p.matches("a*b?"));
        assert!(!p.matches("axxbc"));
        let g = Pattern::glob("a*");
        assert!(!g.is_literal());
        assert_eq!(g.literal_text(), None);
        assert_eq!(g.tokens(), &[Tok::Char('a'), Tok::Star]);
        assert_eq!(Pattern::from_tokens(vec![Tok::Star]), Pattern::glob("*"));
        assert_eq!(Pattern::default().literal_text().as_deref(), Some(""));
    }

    #[test]
    fn backtracking_after_partial_match() {
        assert!(glob_match("*ab", "aab"));
        assert!(glob_match("*aab", "aaab"));
        assert!(glob_match("a*ab*b", "aabab"));
        assert!(!glob_match("a*ab*bc", "aababb"));
        assert!(glob_match("*x*y*z", "xxyyzz"));
    }

    #[test]
    fn ignore_case_is_unicode_simple() {
        assert!(glob_match_ignore_case("ÄBC*", "äbcdef"));
        assert!(glob_match_ignore_case("İ", "i"));
        assert!(glob_match_ignore_case("straße", "STRAßE"));
        // Full case folding would equate these; simple lowercase does not.
        assert!(!glob_match_ignore_case("strasse", "straße"));
        // The Kelvin sign folds to ASCII `k`: the ASCII fast path must not decide this.
        assert!(glob_match_ignore_case("k*", "\u{212A}x"));
        assert!(glob_match_ignore_case("\u{212A}?", "Kx"));
        assert!(Pattern::glob("k?").matches_ignore_case("\u{212A}x"));
    }

    #[test]
    fn pathological_input_terminates() {
        let text: String = "a".repeat(10_000);
        assert!(!glob_match("*a*a*a*a*a*a*a*a*a*b", &text));
        assert!(glob_match("*a*a*a*a*a*a*a*a*a*a", &text));
        let mut with_b = text.clone();
        with_b.push('b');
        assert!(glob_match("*a*a*a*a*a*a*a*a*a*b", &with_b));
        let long_pattern = "*a".repeat(5_000) + "b";
        assert!(!glob_match(&long_pattern, &text));
        assert!(glob_match(&"?".repeat(10_000), &text));
        assert!(!glob_match(&"?".repeat(10_001), &text));
    }

    /// Reference matcher: dynamic programming over (pattern prefix, text prefix).
    fn reference(p: &[Tok], t: &[char]) -> bool {
        let mut row = vec![false; t.len() + 1];
        row[0] = true;
        for tok in p {
            let mut next = vec![false; t.len() + 1];
            for j in 0..=t.len() {
                next[j] = match tok {
                    Tok::Star => row[j] || (j > 0 && next[j - 1]),
                    Tok::Question => j > 0 && row[j - 1],
                    Tok::Char(c) => j > 0 && row[j - 1] && t[j - 1] == *c,
                };
            }
            row = next;
        }
        row[t.len()]
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn greedy_agrees_with_reference(p in "[ab*?]{0,12}", t in "[ab]{0,16}") {
                let pat = Pattern::glob(&p);
                let text: Vec<char> = t.chars().collect();
                prop_assert_eq!(pat.matches(&t), reference(pat.tokens(), &text));
            }

            #[test]
            fn ascii_fast_paths_agree_with_char_matching(p in "[aBk*?]{0,10}", t in "[AbK]{0,12}") {
                let pat = Pattern::glob(&p);
                let chars: Vec<char> = t.chars().collect();
                let folded: Vec<char> = t.chars().map(fold_char).collect();
                prop_assert_eq!(glob_match(&p, &t), match_tokens(pat.tokens(), &chars, |a, b| a == b));
                prop_assert_eq!(
                    glob_match_ignore_case(&p, &t),
                    match_tokens(pat.tokens(), &folded, |a, b| fold_char(a) == b)
                );
                prop_assert_eq!(pat.matches_ignore_case(&t), glob_match_ignore_case(&p, &t));
            }
        }
    }
}
