//! Wildcard patterns (`*` any run, `?` one character), matched greedily without recursion.
//! (Interim version; the matcher branch replaces it with the full one.)

/// One pattern token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tok {
    /// A literal character.
    Char(char),
    /// `*`: any run of characters, including none.
    Star,
    /// `?`: exactly one character.
    Question,
}

/// A parsed pattern.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pattern {
    toks: Vec<Tok>,
}

impl Pattern {
    /// `*` and `?` are wildcards.
    pub fn glob(s: &str) -> Pattern {
        Pattern {
            toks: s
                .chars()
                .map(|c| match c {
                    '*' => Tok::Star,
                    '?' => Tok::Question,
                    c => Tok::Char(c),
                })
                .collect(),
        }
    }

    /// Every character literal.
    pub fn literal(s: &str) -> Pattern {
        Pattern { toks: s.chars().map(Tok::Char).collect() }
    }

    /// From tokens.
    pub fn from_tokens(toks: Vec<Tok>) -> Pattern {
        Pattern { toks }
    }

    /// The tokens.
    pub fn tokens(&self) -> &[Tok] {
        &self.toks
    }

    /// Case-sensitive match.
    pub fn matches(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        match_toks(&self.toks, &t, false)
    }

    /// Case-insensitive match.
    pub fn matches_ignore_case(&self, text: &str) -> bool {
        let t: Vec<char> = text.chars().collect();
        match_toks(&self.toks, &t, true)
    }

    /// No wildcard tokens.
    pub fn is_literal(&self) -> bool {
        self.toks.iter().all(|t| matches!(t, Tok::Char(_)))
    }

    /// The text when literal.
    pub fn literal_text(&self) -> Option<String> {
        self.toks
            .iter()
            .map(|t| match t {
                Tok::Char(c) => Some(*c),
                _ => None,
            })
            .collect()
    }
}

fn eq(a: char, b: char, ci: bool) -> bool {
    a == b || (ci && a.to_lowercase().eq(b.to_lowercase()))
}

/// Greedy two-pointer matching with one backtrack point: O(n·m) worst case, no recursion.
pub(crate) fn match_toks(p: &[Tok], t: &[char], ci: bool) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match (p.get(pi), t.get(ti)) {
            (Some(Tok::Star), _) => {
                star = Some((pi, ti));
                pi += 1;
            }
            (Some(Tok::Question), Some(_)) => {
                pi += 1;
                ti += 1;
            }
            (Some(Tok::Char(c)), Some(&tc)) if eq(*c, tc, ci) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|t| *t == Tok::Star))
}

/// Convenience: glob match, case-sensitive.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    Pattern::glob(pattern).matches(text)
}

/// Convenience: glob match, case-insensitive (action names).
pub fn glob_match_ignore_case(pattern: &str, text: &str) -> bool {
    Pattern::glob(pattern).matches_ignore_case(text)
}
