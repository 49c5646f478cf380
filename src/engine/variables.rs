//! Policy variables: `${key}`, `${key, 'default'}` and the escapes `${*}`, `${?}`, `${$}`.
//!
//! Variables exist only in policies with `Version` `2012-10-17`; the caller decides whether to
//! call [`substitute`] at all (semantics.md §1, §2 "Policy variables").
//!
//! Syntax accepted (IAM User Guide, "Variables" page, and the Access Analyzer checks "Missing
//! brace / Missing quote / Unsupported space in variable" and "Empty variable"):
//! - `${name}`: `name` is a condition key, matched case-insensitively; no spaces in it.
//! - `${name, 'default'}`: comma, then the default in single quotes; the docs ask for one space
//!   after the comma, this reader accepts any number (including none) there. The default may
//!   contain spaces.
//! - `${*}`, `${?}`, `${$}`: a literal `*`, `?`, `$`.
//!
//! Anything [`check_syntax`] reports is kept as literal text by [`substitute`] (the policy is
//! invalid anyway; the linter says so). A `$` not followed by `{` is an ordinary character.

use super::context::Context;
use super::limits;
use super::wildcard::{Pattern, Tok};

/// One piece of a value after reading its variables.
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// A character of the surrounding text (a wildcard when globbing).
    Text(char),
    /// `${*}`, `${?}` or `${$}`: always a literal character.
    Escape(char),
    /// `${key}` or `${key, 'default'}`.
    Var { key: &'a str, default: Option<&'a str> },
}

/// The pieces of `s`, plus the syntax errors found (byte offset in `s`, message).
fn read(s: &str) -> (Vec<Piece<'_>>, Vec<(usize, String)>) {
    let mut pieces = Vec::new();
    let mut errors = Vec::new();
    let mut i = 0usize;
    while let Some(rest) = s.get(i..) {
        let Some(c) = rest.chars().next() else { break };
        if !rest.starts_with("${") {
            pieces.push(Piece::Text(c));
            i += c.len_utf8();
            continue;
        }
        match read_variable(rest) {
            Ok((piece, len)) => {
                pieces.push(piece);
                i += len;
            }
            Err((offset, message)) => {
                // Keep "${" as text and carry on, so a later, well-formed variable still counts.
                errors.push((i + offset, message));
                pieces.push(Piece::Text('$'));
                pieces.push(Piece::Text('{'));
                i += 2;
            }
        }
    }
    (pieces, errors)
}

const MISSING_BRACE: &str = "the policy variable is missing its closing brace: add } after the variable name";
const EMPTY: &str = "the policy variable is empty: put a condition key between ${ and }";
const SPACE: &str = "a policy variable name cannot contain spaces: remove the space";
const MISSING_QUOTE: &str = "the default value of a policy variable must be in single quotes: ${key, 'default'}";

/// Read one variable at the start of `rest` (which starts with `${`): the piece and the byte
/// length it spans, or the (offset in `rest`, message) of the syntax error.
fn read_variable(rest: &str) -> Result<(Piece<'_>, usize), (usize, String)> {
    let body_start = 2;
    let close = find_close(rest, body_start, true)
        .or_else(|| find_close(rest, body_start, false))
        .ok_or((0, MISSING_BRACE.to_string()))?;
    let body = rest.get(body_start..close).unwrap_or_default();
    if body.contains("${") {
        // `${aws:username/${aws:userid}`: the first variable was never closed.
        return Err((0, MISSING_BRACE.to_string()));
    }
    let len = close + 1;
    match body {
        "*" => return Ok((Piece::Escape('*'), len)),
        "?" => return Ok((Piece::Escape('?'), len)),
        "$" => return Ok((Piece::Escape('$'), len)),
        _ => {}
    }
    let (name, default) = match body.split_once(',') {
        Some((name, default)) => (name, Some(default)),
        None => (body, None),
    };
    if name.trim().is_empty() {
        return Err((0, EMPTY.to_string()));
    }
    if let Some(pos) = name.find(char::is_whitespace) {
        return Err((body_start + pos, SPACE.to_string()));
    }
    let default = match default {
        None => None,
        Some(d) => {
            let default_start = body_start + name.len() + 1;
            let trimmed = d.trim_start_matches(' ');
            let lead = d.len() - trimmed.len();
            let inner = trimmed.strip_prefix('\'').and_then(|t| t.strip_suffix('\''));
            match inner {
                Some(inner) => Some(inner),
                None => {
                    let trailing = trimmed.trim_end();
                    if trailing.len() != trimmed.len()
                        && trailing.starts_with('\'')
                        && trailing.ends_with('\'')
                        && trailing.len() >= 2
                    {
                        return Err((default_start + lead + trailing.len(), SPACE.to_string()));
                    }
                    return Err((default_start + lead, MISSING_QUOTE.to_string()));
                }
            }
        }
    };
    Ok((Piece::Var { key: name, default }, len))
}

/// Byte index in `rest` of the `}` closing the variable whose body starts at `from`.
/// With `quotes`, a `}` between single quotes (inside a default value) does not close it.
fn find_close(rest: &str, from: usize, quotes: bool) -> Option<usize> {
    let body = rest.get(from..)?;
    let mut in_quote = false;
    for (i, c) in body.char_indices() {
        match c {
            '\'' if quotes => in_quote = !in_quote,
            '}' if !in_quote => return Some(from + i),
            _ => {}
        }
    }
    None
}

/// Whether `s` uses policy-variable syntax (contains `${`, well-formed or not).
pub fn has_variables(s: &str) -> bool {
    s.contains("${")
}

/// Substitute `${key}`, `${key, 'default'}`, `${*}`->literal '*', `${?}`->literal '?',
/// `${$}`->literal '$'.
///
/// `glob`: whether unescaped '*'/'?' in the surrounding text are wildcards (Like/Arn operators,
/// Resource) or literal.
///
/// Returns None when a variable's key is absent (or multivalued) and has no default.
/// Values substituted in are always literal.
///
/// A key present with no value, or with several values, cannot be substituted: its default is
/// used if it has one (semantics.md §2: only single-valued keys may be variables). Malformed
/// variables (see [`check_syntax`]) are kept as text. `None` too past
/// [`limits::MAX_SUBSTITUTED_CHARS`].
pub fn substitute(s: &str, ctx: &Context, glob: bool) -> Option<Pattern> {
    let (pieces, _) = read(s);
    let mut toks = Vec::with_capacity(s.len());
    for piece in pieces {
        match piece {
            Piece::Text('*') if glob => toks.push(Tok::Star),
            Piece::Text('?') if glob => toks.push(Tok::Question),
            Piece::Text(c) | Piece::Escape(c) => toks.push(Tok::Char(c)),
            Piece::Var { key, default } => {
                let value = match ctx.get(key) {
                    Some([one]) => one.as_ref(),
                    _ => default?,
                };
                toks.extend(value.chars().map(Tok::Char));
                // Long values times many variables could take the page's memory (16 000
                // repeats of a 16 000-character name are 256 million characters).
                if toks.len() > limits::MAX_SUBSTITUTED_CHARS {
                    return None;
                }
            }
        }
    }
    Some(Pattern::from_tokens(toks))
}

/// Malformed variable syntax (missing brace, empty `${}`, space rules) for the linter: list of
/// (byte offset in s, message).
///
/// Offsets point at the `$` of the variable, except for a space in a name (the space) and a
/// badly quoted default (the start of the default).
pub fn check_syntax(s: &str) -> Vec<(usize, String)> {
    read(s).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context<'static> {
        let mut c = Context::new();
        c.insert_one("aws:username", "alice");
        c.insert_one("aws:PrincipalTag/team", "a*b");
        c.insert("aws:TagKeys", vec!["x".into(), "y".into()]);
        c.insert("aws:Empty", vec![]);
        c
    }

    fn text(s: &str, glob: bool) -> Option<Vec<Tok>> {
        substitute(s, &ctx(), glob).map(|p| p.tokens().to_vec())
    }

    fn lit(s: &str) -> Vec<Tok> {
        s.chars().map(Tok::Char).collect()
    }

    #[test]
    fn a_value_past_the_limit_matches_nothing() {
        let mut c = Context::new();
        let name = "n".repeat(4096);
        c.insert_one("aws:username", &name);
        let few = "${aws:username}".repeat(255);
        assert!(substitute(&few, &c, true).is_some(), "255 × 4 Ki characters is under 1 Mi");
        let many = "${aws:username}".repeat(300);
        assert!(substitute(&many, &c, true).is_none(), "300 × 4 Ki characters is over 1 Mi");
    }

    #[test]
    fn plain_substitution_is_case_insensitive() {
        assert_eq!(text("home/${aws:username}", false), Some(lit("home/alice")));
        assert_eq!(text("home/${AWS:UserName}", false), Some(lit("home/alice")));
        assert_eq!(text("${aws:username}${aws:username}", false), Some(lit("alicealice")));
    }

    #[test]
    fn substituted_values_are_literal_even_when_globbing() {
        let p = substitute("team-${aws:PrincipalTag/team}-*", &ctx(), true).unwrap();
        assert!(p.matches("team-a*b-x"));
        assert!(!p.matches("team-aXb-x"));
        assert_eq!(p.tokens().last(), Some(&Tok::Star));
    }

    #[test]
    fn escapes() {
        let p = substitute("a${*}b${?}c${$}d*", &ctx(), true).unwrap();
        let mut want = lit("a*b?c$d");
        want.push(Tok::Star);
        assert_eq!(p.tokens(), want.as_slice());
        assert_eq!(text("${*}", false), Some(lit("*")));
        assert_eq!(text("a*?", false), Some(lit("a*?")));
        assert_eq!(text("cost $5", false), Some(lit("cost $5")));
    }

    #[test]
    fn missing_multivalued_and_defaults() {
        assert_eq!(text("${aws:userid}", false), None);
        assert_eq!(text("${aws:TagKeys}", false), None);
        assert_eq!(text("${aws:Empty}", false), None);
        assert_eq!(text("${aws:userid, 'anonymous'}", false), Some(lit("anonymous")));
        assert_eq!(text("${aws:userid,'anon ymous'}", false), Some(lit("anon ymous")));
        assert_eq!(text("${aws:TagKeys, 'd'}", false), Some(lit("d")));
        assert_eq!(text("${aws:username, 'd'}", false), Some(lit("alice")));
        assert_eq!(text("${aws:userid, ''}", false), Some(lit("")));
        assert_eq!(text("${aws:userid, 'a}b'}", false), Some(lit("a}b")));
        // The default is literal too.
        let p = substitute("${aws:userid, '*'}", &ctx(), true).unwrap();
        assert_eq!(p.tokens(), lit("*").as_slice());
    }

    #[test]
    fn malformed_variables_stay_text() {
        assert_eq!(text("${aws:username", false), Some(lit("${aws:username")));
        assert_eq!(text("${}", false), Some(lit("${}")));
        assert_eq!(text("${aws: username}", false), Some(lit("${aws: username}")));
        assert_eq!(
            text("${aws:x/${aws:username}", false),
            Some(lit("${aws:x/alice")),
            "a later, well-formed variable still substitutes"
        );
        let p = substitute("${}*", &ctx(), true).unwrap();
        assert_eq!(p.tokens().last(), Some(&Tok::Star));
    }

    #[test]
    fn syntax_checks() {
        assert!(check_syntax("arn:aws:s3:::b/${aws:username}/*").is_empty());
        assert!(check_syntax("${aws:userid, 'anonymous'}").is_empty());
        assert!(check_syntax("${*}${?}${$}").is_empty());
        assert!(check_syntax("no variables at all, $ alone").is_empty());

        let e = check_syntax("x/${aws:username");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, 2);
        assert!(e[0].1.contains("closing brace"));

        let e = check_syntax("${}");
        assert_eq!(e, vec![(0, EMPTY.to_string())]);
        let e = check_syntax("a${  }");
        assert_eq!(e, vec![(1, EMPTY.to_string())]);

        let e = check_syntax("${aws:user name}");
        assert_eq!(e, vec![(10, SPACE.to_string())]);
        let e = check_syntax("${ aws:username}");
        assert_eq!(e, vec![(2, SPACE.to_string())]);

        let e = check_syntax("${aws:userid, anonymous}");
        assert_eq!(e, vec![(14, MISSING_QUOTE.to_string())]);
        let e = check_syntax("${aws:userid, 'anonymous}");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].1, MISSING_QUOTE);
        let e = check_syntax("${aws:userid, 'anonymous' }");
        assert_eq!(e, vec![(25, SPACE.to_string())]);

        let e = check_syntax("${a/${aws:username}");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, 0);

        let e = check_syntax("é${");
        assert_eq!(e, vec![(2, MISSING_BRACE.to_string())]);
    }

    #[test]
    fn has_variables_detects_any_use() {
        assert!(has_variables("${aws:username}"));
        assert!(has_variables("${"));
        assert!(!has_variables("$ {x}"));
        assert!(!has_variables("plain"));
    }
}
