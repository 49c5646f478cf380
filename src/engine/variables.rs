//! Policy variables (`${aws:username}`, `${*}`, defaults). (Interim; the matcher branch replaces it.)

use super::context::Context;
use super::wildcard::{Pattern, Tok};

/// Whether `s` contains `${`.
pub fn has_variables(s: &str) -> bool {
    s.contains("${")
}

/// Substitute variables; None when one is absent without default.
pub fn substitute(s: &str, ctx: &Context, glob: bool) -> Option<Pattern> {
    let mut toks = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let before = rest.get(..i).unwrap_or("");
        push_text(&mut toks, before, glob);
        let after = rest.get(i + 2..).unwrap_or("");
        let Some(end) = after.find('}') else {
            push_text(&mut toks, rest.get(i..).unwrap_or(""), glob);
            return Some(Pattern::from_tokens(toks));
        };
        let inner = after.get(..end).unwrap_or("");
        match inner {
            "*" => toks.push(Tok::Char('*')),
            "?" => toks.push(Tok::Char('?')),
            "$" => toks.push(Tok::Char('$')),
            _ => {
                let (key, default) = match inner.split_once(',') {
                    Some((k, d)) => (k.trim(), Some(d.trim().trim_matches('\''))),
                    None => (inner.trim(), None),
                };
                let value = match ctx.get(key) {
                    Some([one]) => one.clone(),
                    _ => default?.to_string(),
                };
                toks.extend(value.chars().map(Tok::Char));
            }
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
    push_text(&mut toks, rest, glob);
    Some(Pattern::from_tokens(toks))
}

fn push_text(toks: &mut Vec<Tok>, text: &str, glob: bool) {
    if glob {
        toks.extend(Pattern::glob(text).tokens().iter().cloned());
    } else {
        toks.extend(text.chars().map(Tok::Char));
    }
}

/// Malformed variable syntax: (offset, message).
pub fn check_syntax(s: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    if let Some(i) = s.find("${") {
        if !s.get(i..).is_some_and(|r| r.contains('}')) {
            out.push((i, "the variable is missing its closing brace".to_string()));
        }
    }
    out
}
