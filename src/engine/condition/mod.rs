//! Condition operators: evaluating one `"Operator": {"key": [values]}` entry against a request
//! context (semantics.md §1 "Condition block structure", §2).
//!
//! How one entry evaluates, in order:
//! 1. **Empty policy value list**: never matches for plain and `ForAnyValue` operators,
//!    negated ones included (semantics.md §1 engine rule; Access Analyzer says such a condition
//!    "does not affect the policy"). `ForAllValues` and `...IfExists` with an empty list match
//!    only when the key is absent (Access Analyzer "Empty array condition ForAllValues /
//!    IfExists").
//! 2. **`Null`** tests presence only: value `true` matches an absent key, `false` a present
//!    one; several values OR. With a set qualifier it is constant, as Access Analyzer's "Null
//!    with qualifier" check states: `ForAllValues:Null` "always returns true" and
//!    `ForAnyValue:Null` "always returns false".
//! 3. **Absent key** (a key with an empty value list counts as absent everywhere here):
//!    `ForAllValues` → true (vacuous), `ForAnyValue` → false *even with `IfExists`*
//!    (semantics.md §2: "`ForAnyValue:StringEqualsIfExists` on a missing `aws:TagKeys` still
//!    fails to match"), otherwise `...IfExists` → true, otherwise negated → true and
//!    positive → false.
//! 4. **Present key**: each request value *passes* when, for a positive operator, it matches at
//!    least one policy value (OR) and, for a negated operator, it matches none of them (NOR).
//!    Then `ForAllValues` needs every request value to pass, `ForAnyValue` at least one.
//!    Without a qualifier, a key with several request values (a multivalued key used without
//!    a qualifier, which Access Analyzer reports as "Missing qualifier") is read as: positive
//!    → *any* request value passes, negated → *every* request value passes. So a negated
//!    operator is exactly the negation of its positive twin for every context.
//!
//! Comparisons that cannot be made (a value that is not a number for `Numeric...`, not a date,
//! not an IP, not base64, not `true`/`false`, a policy variable with no value) count as "does
//! not match": a positive operator fails on that value, a negated one counts it as different
//! (semantics.md §2: with a missing variable, negated String operators match).

mod operator;
mod values;

pub use operator::{suggest_operator, BaseOperator, Family, Operator, SetQualifier};

use super::arn::{arn_glob_match, arn_match};
use super::context::Context;
use super::variables::{has_variables, substitute};
use super::wildcard::{fold_char, glob_match, Pattern};
use values::{decode_base64, parse_bool, parse_date, parse_ip, parse_ip_range, Decimal};

/// Evaluate ONE operator+key against the context. `values`: the policy values as strings
/// (JSON numbers/bools already turned into their text). `variables`: whether `${..}` are
/// substituted (Version 2012-10-17).
///
/// See the module documentation for the exact rules.
pub fn evaluate(op: &Operator, key: &str, values: &[&str], ctx: &Context, variables: bool) -> bool {
    let request = ctx.get(key).filter(|v| !v.is_empty());

    if values.is_empty() {
        let absent_ok = op.qualifier == Some(SetQualifier::ForAllValues) || (op.if_exists && op.qualifier.is_none());
        return request.is_none() && absent_ok;
    }

    if op.base == BaseOperator::Null {
        return match op.qualifier {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => values.iter().any(|v| match parse_bool(v) {
                Some(true) => request.is_none(),
                Some(false) => request.is_some(),
                None => false,
            }),
        };
    }

    let Some(request) = request else {
        return match op.qualifier {
            Some(SetQualifier::ForAllValues) => true,
            Some(SetQualifier::ForAnyValue) => false,
            None => op.if_exists || op.is_negated(),
        };
    };

    // A single request value (the common case) compiles each policy value only until one
    // matches; several request values compile them once, up front.
    let passes_with = |rv: &str, compiled: Option<&[Compiled<'_>]>| {
        let any = match compiled {
            Some(c) => c.iter().any(|pv| matches_one(op.base, rv, pv)),
            None => values.iter().any(|v| matches_one(op.base, rv, &compile(op, v, ctx, variables))),
        };
        any != op.is_negated()
    };
    let compiled: Option<Vec<Compiled<'_>>> =
        (request.len() > 1).then(|| values.iter().map(|v| compile(op, v, ctx, variables)).collect());
    let passes = |rv: &std::borrow::Cow<str>| passes_with(rv, compiled.as_deref());
    match op.qualifier {
        Some(SetQualifier::ForAllValues) => request.iter().all(passes),
        Some(SetQualifier::ForAnyValue) => request.iter().any(passes),
        None if op.is_negated() => request.iter().all(passes),
        None => request.iter().any(passes),
    }
}

/// A policy value prepared for comparison.
enum Compiled<'v> {
    /// String and Arn operators, a value without policy variables: the text itself, compared
    /// as the operator says (a glob for Like/Arn, else literally) without building a pattern.
    Plain(&'v str),
    /// String and Arn operators: the value as a pattern (wildcards only for Like/Arn).
    Pattern(Pattern),
    /// Every other family: the raw text.
    Text(String),
    /// A policy variable with no value and no default: matches nothing.
    Unresolved,
}

fn compile<'v>(op: &Operator, value: &'v str, ctx: &Context, variables: bool) -> Compiled<'v> {
    use BaseOperator::*;
    let glob = matches!(op.base, StringLike | StringNotLike | ArnEquals | ArnLike | ArnNotEquals | ArnNotLike);
    if !op.supports_variables() {
        return Compiled::Text(value.to_string());
    }
    if variables && has_variables(value) {
        return match substitute(value, ctx, glob) {
            Some(p) => Compiled::Pattern(p),
            None => Compiled::Unresolved,
        };
    }
    Compiled::Plain(value)
}

/// Whether request value `rv` matches policy value `pv` under the *positive* form of `base`
/// (for `StringNotEquals` this is string equality; the caller applies the negation).
fn matches_one(base: BaseOperator, rv: &str, pv: &Compiled) -> bool {
    use BaseOperator::*;
    let text = match pv {
        Compiled::Unresolved => return false,
        // What Compiled::Pattern of Pattern::glob (Like, Arn) or Pattern::literal (the rest)
        // would decide, without building it.
        Compiled::Plain(v) => {
            return match base {
                StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => {
                    v.chars().map(fold_char).eq(rv.chars().map(fold_char))
                }
                ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => arn_glob_match(v, rv),
                StringLike | StringNotLike => glob_match(v, rv),
                _ => *v == rv,
            };
        }
        Compiled::Pattern(p) => {
            return match base {
                StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => p.matches_ignore_case(rv),
                ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => arn_match(p, rv),
                _ => p.matches(rv),
            };
        }
        Compiled::Text(t) => t.as_str(),
    };
    match base.family() {
        Family::Numeric => {
            let (Some(r), Some(p)) = (Decimal::parse(rv), Decimal::parse(text)) else {
                return false;
            };
            match base {
                NumericLessThan => r < p,
                NumericLessThanEquals => r <= p,
                NumericGreaterThan => r > p,
                NumericGreaterThanEquals => r >= p,
                _ => r == p,
            }
        }
        Family::Date => {
            let (Some(r), Some(p)) = (parse_date(rv), parse_date(text)) else {
                return false;
            };
            match base {
                DateLessThan => r < p,
                DateLessThanEquals => r <= p,
                DateGreaterThan => r > p,
                DateGreaterThanEquals => r >= p,
                _ => r == p,
            }
        }
        Family::Bool => parse_bool(rv).is_some_and(|r| Some(r) == parse_bool(text)),
        // Both sides are base64 text (request values are strings, so binary request values
        // arrive encoded). Normalising = decoding both to bytes and comparing the bytes, so
        // `YQ==` equals `YQ`; text that is not canonical base64 matches nothing.
        Family::Binary => decode_base64(rv).is_some_and(|r| decode_base64(text).is_some_and(|p| p == r)),
        // IPv4 and IPv6 never match each other (no IPv4-mapped IPv6 conversion).
        Family::Ip => parse_ip(rv).is_some_and(|ip| parse_ip_range(text).is_some_and(|net| net.contains(&ip))),
        // String and Arn values are always compiled to patterns; Null never gets here.
        Family::String | Family::Arn | Family::Null => false,
    }
}

/// `value` in double quotes with `"`, `\`, control characters and invisible direction and
/// width marks escaped, as `{:?}` writes them. Written out because `{:?}` on a string links
/// Unicode printability tables (kilobytes) into the web app for characters no policy has.
pub(crate) fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2069}'
            | '\u{feff}' => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Check a policy value is well-formed for the operator (numbers parse, dates parse,
/// IPs/CIDRs parse, Bool is true/false case-insensitively, base64 for Binary): None if fine,
/// Some(message) if not.
///
/// String values are always fine (variable syntax is `variables::check_syntax`'s job). An Arn
/// value without variables must be `*` or have six colon-separated parts, since anything else
/// can never match.
pub fn check_value(op: &Operator, value: &str) -> Option<String> {
    let op_name = op.base.name();
    match op.family() {
        Family::String => None,
        Family::Arn => {
            let ok = value == "*" || value.split(':').count() >= 6 || has_variables(value);
            (!ok).then(|| {
                format!(
                    "{} is not an ARN pattern: {op_name} matches each of the six parts \
                     arn:partition:service:region:account:resource separately, so it needs all \
                     six (or \"*\")",
                    quoted(value)
                )
            })
        }
        Family::Numeric => Decimal::parse(value).is_none().then(|| {
            format!("{} is not a number: {op_name} takes integers or decimals such as 300 or 0.5", quoted(value))
        }),
        Family::Date => parse_date(value).is_none().then(|| {
            format!(
                "{} is not a date: {op_name} takes ISO 8601 dates such as 2026-01-01 or \
                 2026-01-01T00:00:00Z, or epoch seconds such as 1767225600",
                quoted(value)
            )
        }),
        Family::Bool | Family::Null => parse_bool(value)
            .is_none()
            .then(|| format!("{} is not a boolean: {op_name} takes true or false", quoted(value))),
        Family::Binary => decode_base64(value).is_none().then(|| {
            format!("{} is not base64: {op_name} compares base64-encoded bytes such as QmluYXJ5", quoted(value))
        }),
        Family::Ip => parse_ip_range(value).is_none().then(|| {
            format!(
                "{} is not an IP address or CIDR range: {op_name} takes values such as \
                 203.0.113.0/24, 203.0.113.7 or 2001:db8::/32",
                quoted(value)
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(name: &str) -> Operator {
        Operator::parse(name).unwrap()
    }

    #[test]
    fn check_value_messages() {
        assert_eq!(check_value(&op("NumericLessThan"), "300"), None);
        assert!(check_value(&op("NumericLessThan"), "three").unwrap().contains("not a number"));
        assert_eq!(check_value(&op("DateGreaterThan"), "2026-01-01T00:00:00Z"), None);
        assert!(check_value(&op("DateGreaterThan"), "yesterday").is_some());
        assert_eq!(check_value(&op("Bool"), "TRUE"), None);
        assert!(check_value(&op("Bool"), "yes").is_some());
        assert_eq!(check_value(&op("Null"), "false"), None);
        assert!(check_value(&op("Null"), "0").is_some());
        assert_eq!(check_value(&op("BinaryEquals"), "QmluYXJ5VmFsdWU="), None);
        assert!(check_value(&op("BinaryEquals"), "not base64!").is_some());
        assert_eq!(check_value(&op("NotIpAddress"), "10.0.0.0/8"), None);
        assert_eq!(check_value(&op("IpAddressIfExists"), "2001:DB8::/32"), None);
        assert!(check_value(&op("IpAddress"), "10.0.0.0/33").is_some());
        assert_eq!(check_value(&op("StringLike"), "anything*"), None);
        assert_eq!(check_value(&op("ArnLike"), "*"), None);
        assert_eq!(check_value(&op("ArnLike"), "arn:aws:iam::*:role/*"), None);
        assert_eq!(check_value(&op("ArnEquals"), "${aws:PrincipalArn}"), None);
        assert!(check_value(&op("ArnLike"), "arn:aws:iam::*").is_some());
        let msg = check_value(&op("ForAnyValue:NumericEquals"), "x").unwrap();
        assert!(msg.contains("NumericEquals"));
        assert!(msg.starts_with("\"x\" is not a number: NumericEquals takes"), "{msg}");
    }

    #[test]
    fn no_panic_on_odd_input() {
        let ctx = {
            let mut c = Context::new();
            c.insert("k", vec!["".into(), "\u{0}".into(), "é".repeat(3)]);
            c
        };
        for o in Operator::all() {
            for v in ["", "*", "${", "${k}", "é", "-", ".", "=", "/", ":::::", "1e999999"] {
                let _ = evaluate(&o, "k", &[v], &ctx, true);
                let _ = evaluate(&o, "absent", &[v], &ctx, true);
                let _ = check_value(&o, v);
            }
        }
    }
}
