//! Condition operators (semantics.md §2). (Interim version; the matcher branch replaces it.)

use std::net::IpAddr;

use ipnet::IpNet;

use super::arn::arn_match;
use super::context::Context;
use super::variables;
use super::wildcard::Pattern;

/// `ForAllValues` / `ForAnyValue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetQualifier {
    /// Every request value must match.
    ForAllValues,
    /// At least one request value must match.
    ForAnyValue,
}

/// The operator without qualifier and IfExists.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BaseOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

/// Operator families.
#[allow(missing_docs)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

use BaseOperator as B;

const ALL: &[BaseOperator] = &[
    B::StringEquals,
    B::StringNotEquals,
    B::StringEqualsIgnoreCase,
    B::StringNotEqualsIgnoreCase,
    B::StringLike,
    B::StringNotLike,
    B::NumericEquals,
    B::NumericNotEquals,
    B::NumericLessThan,
    B::NumericLessThanEquals,
    B::NumericGreaterThan,
    B::NumericGreaterThanEquals,
    B::DateEquals,
    B::DateNotEquals,
    B::DateLessThan,
    B::DateLessThanEquals,
    B::DateGreaterThan,
    B::DateGreaterThanEquals,
    B::Bool,
    B::BinaryEquals,
    B::IpAddress,
    B::NotIpAddress,
    B::ArnEquals,
    B::ArnLike,
    B::ArnNotEquals,
    B::ArnNotLike,
    B::Null,
];

impl BaseOperator {
    /// The operator's name.
    pub fn name(&self) -> &'static str {
        match self {
            B::StringEquals => "StringEquals",
            B::StringNotEquals => "StringNotEquals",
            B::StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            B::StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            B::StringLike => "StringLike",
            B::StringNotLike => "StringNotLike",
            B::NumericEquals => "NumericEquals",
            B::NumericNotEquals => "NumericNotEquals",
            B::NumericLessThan => "NumericLessThan",
            B::NumericLessThanEquals => "NumericLessThanEquals",
            B::NumericGreaterThan => "NumericGreaterThan",
            B::NumericGreaterThanEquals => "NumericGreaterThanEquals",
            B::DateEquals => "DateEquals",
            B::DateNotEquals => "DateNotEquals",
            B::DateLessThan => "DateLessThan",
            B::DateLessThanEquals => "DateLessThanEquals",
            B::DateGreaterThan => "DateGreaterThan",
            B::DateGreaterThanEquals => "DateGreaterThanEquals",
            B::Bool => "Bool",
            B::BinaryEquals => "BinaryEquals",
            B::IpAddress => "IpAddress",
            B::NotIpAddress => "NotIpAddress",
            B::ArnEquals => "ArnEquals",
            B::ArnLike => "ArnLike",
            B::ArnNotEquals => "ArnNotEquals",
            B::ArnNotLike => "ArnNotLike",
            B::Null => "Null",
        }
    }

    /// Every base operator.
    pub fn all() -> &'static [BaseOperator] {
        ALL
    }
}

/// A parsed operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Operator {
    /// Set qualifier.
    pub qualifier: Option<SetQualifier>,
    /// Base operator.
    pub base: BaseOperator,
    /// `...IfExists`.
    pub if_exists: bool,
}

impl Operator {
    /// Parse an operator name exactly.
    pub fn parse(name: &str) -> Option<Operator> {
        let (qualifier, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
            (Some(SetQualifier::ForAllValues), r)
        } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
            (Some(SetQualifier::ForAnyValue), r)
        } else {
            (None, name)
        };
        let (if_exists, base_name) = match rest.strip_suffix("IfExists") {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let base = ALL.iter().copied().find(|b| b.name() == base_name)?;
        if base == B::Null && if_exists {
            return None;
        }
        Some(Operator { qualifier, base, if_exists })
    }

    /// Round-trip name.
    pub fn name(&self) -> String {
        let q = match self.qualifier {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        format!("{q}{}{}", self.base.name(), if self.if_exists { "IfExists" } else { "" })
    }

    /// Negated operators: NOR over values, true on a missing key.
    pub fn is_negated(&self) -> bool {
        matches!(
            self.base,
            B::StringNotEquals
                | B::StringNotEqualsIgnoreCase
                | B::StringNotLike
                | B::NumericNotEquals
                | B::DateNotEquals
                | B::NotIpAddress
                | B::ArnNotEquals
                | B::ArnNotLike
        )
    }

    /// The family.
    pub fn family(&self) -> Family {
        match self.base {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => Family::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => Family::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => Family::Date,
            B::Bool => Family::Bool,
            B::BinaryEquals => Family::Binary,
            B::IpAddress | B::NotIpAddress => Family::Ip,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => Family::Arn,
            B::Null => Family::Null,
        }
    }

    /// Variables only in String and Arn operators.
    pub fn supports_variables(&self) -> bool {
        matches!(self.family(), Family::String | Family::Arn)
    }
}

/// Did-you-mean for an operator name.
pub fn suggest_operator(name: &str) -> Option<String> {
    let (prefix, rest) = match name.split_once(':') {
        Some((q, r)) => {
            let q = if strsim::jaro_winkler(&q.to_lowercase(), "forallvalues") > 0.9 {
                "ForAllValues:"
            } else if strsim::jaro_winkler(&q.to_lowercase(), "foranyvalue") > 0.9 {
                "ForAnyValue:"
            } else {
                ""
            };
            (q, r)
        }
        None => ("", name),
    };
    let (suffix, base) = match rest.strip_suffix("IfExists") {
        Some(b) => ("IfExists", b),
        None => ("", rest),
    };
    let lower = base.to_lowercase();
    ALL.iter()
        .map(|b| (strsim::jaro_winkler(&lower, &b.name().to_lowercase()), b.name()))
        .filter(|(s, _)| *s > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| format!("{prefix}{n}{suffix}"))
}

fn parse_number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Seconds since the epoch of a W3C ISO-8601 date or an epoch number. Hand-written: the
/// date crates that parse every W3C profile are large for the browser build.
pub fn parse_date(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Some(n) = parse_number(s) {
        if !s.contains('-') || s.starts_with('-') {
            return Some(n);
        }
    }
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let year: i64 = dp.next()?.parse().ok()?;
    let month: i64 = dp.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: i64 = dp.next().map_or(Some(1), |d| d.parse().ok())?;
    if dp.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut secs = days_from_civil(year, month, day) as f64 * 86400.0;
    if let Some(t) = time {
        let (clock, offset) = split_offset(t)?;
        let mut cp = clock.split(':');
        let h: f64 = cp.next()?.parse().ok()?;
        let m: f64 = cp.next().map_or(Some(0.0), |m| m.parse().ok())?;
        let sec: f64 = cp.next().map_or(Some(0.0), |x| x.parse().ok())?;
        secs += h * 3600.0 + m * 60.0 + sec - offset;
    }
    Some(secs)
}

fn split_offset(t: &str) -> Option<(&str, f64)> {
    if let Some(c) = t.strip_suffix(['Z', 'z']) {
        return Some((c, 0.0));
    }
    if let Some(i) = t.rfind(['+', '-']) {
        let (clock, off) = (t.get(..i)?, t.get(i..)?);
        let sign = if off.starts_with('-') { -1.0 } else { 1.0 };
        let (oh, om) = off.get(1..)?.split_once(':').unwrap_or((off.get(1..)?, "0"));
        let oh: f64 = oh.parse().ok()?;
        let om: f64 = om.parse().ok()?;
        return Some((clock, sign * (oh * 3600.0 + om * 60.0)));
    }
    Some((t, 0.0))
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parse_net(s: &str) -> Option<IpNet> {
    let s = s.trim();
    if let Ok(n) = s.parse::<IpNet>() {
        return Some(n);
    }
    s.parse::<IpAddr>().ok().map(IpNet::from)
}

/// Whether a policy value is readable by the operator.
pub fn check_value(op: &Operator, value: &str) -> Option<String> {
    match op.family() {
        Family::Numeric if parse_number(value).is_none() => Some("it is not a number".into()),
        Family::Date if parse_date(value).is_none() => Some("it is not an ISO 8601 date or epoch seconds".into()),
        Family::Bool | Family::Null if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") => {
            Some("it must be true or false".into())
        }
        Family::Ip if parse_net(value).is_none() => Some("it is not an IP address or CIDR range".into()),
        _ => None,
    }
}

/// Does one request value match one policy value (positive sense)?
fn value_match(op: &Operator, policy: &str, request: &str, ctx: &Context, vars: bool) -> bool {
    let substituted = |glob: bool| -> Option<Pattern> {
        if vars && op.supports_variables() && variables::has_variables(policy) {
            variables::substitute(policy, ctx, glob)
        } else if glob {
            Some(Pattern::glob(policy))
        } else {
            Some(Pattern::literal(policy))
        }
    };
    match op.base {
        B::StringEquals | B::StringNotEquals => {
            substituted(false).and_then(|p| p.literal_text()).is_some_and(|p| p == request)
        }
        B::StringEqualsIgnoreCase | B::StringNotEqualsIgnoreCase => substituted(false)
            .and_then(|p| p.literal_text())
            .is_some_and(|p| p.to_lowercase() == request.to_lowercase()),
        B::StringLike | B::StringNotLike => substituted(true).is_some_and(|p| p.matches(request)),
        B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => {
            substituted(true).is_some_and(|p| arn_match(&p, request))
        }
        B::NumericEquals
        | B::NumericNotEquals
        | B::NumericLessThan
        | B::NumericLessThanEquals
        | B::NumericGreaterThan
        | B::NumericGreaterThanEquals => match (parse_number(request), parse_number(policy)) {
            (Some(r), Some(p)) => compare(op.base, r, p),
            _ => false,
        },
        B::DateEquals
        | B::DateNotEquals
        | B::DateLessThan
        | B::DateLessThanEquals
        | B::DateGreaterThan
        | B::DateGreaterThanEquals => match (parse_date(request), parse_date(policy)) {
            (Some(r), Some(p)) => compare(op.base, r, p),
            _ => false,
        },
        B::Bool => policy.eq_ignore_ascii_case(request),
        B::BinaryEquals => policy == request,
        B::IpAddress | B::NotIpAddress => match (request.trim().parse::<IpAddr>(), parse_net(policy)) {
            (Ok(ip), Some(net)) => net.contains(&ip),
            _ => false,
        },
        B::Null => false,
    }
}

fn compare(base: BaseOperator, r: f64, p: f64) -> bool {
    match base {
        B::NumericEquals | B::NumericNotEquals | B::DateEquals | B::DateNotEquals => r == p,
        B::NumericLessThan | B::DateLessThan => r < p,
        B::NumericLessThanEquals | B::DateLessThanEquals => r <= p,
        B::NumericGreaterThan | B::DateGreaterThan => r > p,
        B::NumericGreaterThanEquals | B::DateGreaterThanEquals => r >= p,
        _ => false,
    }
}

/// Evaluate one operator + key against the context (semantics.md §2).
pub fn evaluate(op: &Operator, key: &str, values: &[&str], ctx: &Context, variables: bool) -> bool {
    let present = ctx.get(key).filter(|v| !v.is_empty());
    if op.base == B::Null {
        let want_absent = values.iter().any(|v| v.eq_ignore_ascii_case("true"));
        let want_present = values.iter().any(|v| v.eq_ignore_ascii_case("false"));
        return (want_absent && present.is_none()) || (want_present && present.is_some());
    }
    let negated = op.is_negated();
    // A request value "passes" for a positive op when it matches some policy value; for a
    // negated op when it matches none of them (NOR).
    let passes = |rv: &str| {
        let any = values.iter().any(|pv| value_match(op, pv, rv, ctx, variables));
        if negated {
            !any
        } else {
            any
        }
    };
    match op.qualifier {
        Some(SetQualifier::ForAllValues) => present.is_none_or(|vals| vals.iter().all(|v| passes(v))),
        Some(SetQualifier::ForAnyValue) => present.is_some_and(|vals| vals.iter().any(|v| passes(v))),
        None => match present {
            None => op.if_exists || negated,
            Some(vals) => {
                if values.is_empty() {
                    return negated;
                }
                if negated {
                    vals.iter().all(|v| passes(v))
                } else {
                    vals.iter().any(|v| passes(v))
                }
            }
        },
    }
}
