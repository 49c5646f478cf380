//! Amazon Resource Names: parsing, printing and per-component wildcard matching.

use std::fmt;

use super::wildcard::{glob_match, match_tokens, Pattern, Tok};

/// A parsed ARN: `arn:partition:service:region:account:resource`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Arn {
    /// `aws`, `aws-cn`, `aws-us-gov`, ... (only checked to be non-empty here).
    pub partition: String,
    /// The service prefix, e.g. `kms`, `iam`, `sts`.
    pub service: String,
    /// The region; empty for global services such as IAM.
    pub region: String,
    /// The 12-digit account ID; empty for some services (S3 buckets).
    pub account: String,
    /// Everything after the fifth colon; may itself contain `:` and `/`.
    pub resource: String,
}

/// Why a string is not an ARN.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// The text does not start with `arn:`.
    #[error("an ARN starts with \"arn:\": arn:partition:service:region:account:resource")]
    MissingPrefix,
    /// Fewer than six colon-separated parts.
    #[error(
        "an ARN has six parts separated by colons: arn:partition:service:region:account:resource \
         (found {found})"
    )]
    TooFewParts {
        /// How many parts the text has.
        found: usize,
    },
    /// The partition (second part) is empty.
    #[error("the ARN's partition (second part) is empty: expected aws, aws-cn or aws-us-gov")]
    EmptyPartition,
    /// The service (third part) is empty.
    #[error("the ARN's service (third part) is empty: expected a service prefix such as kms or iam")]
    EmptyService,
    /// The resource (everything after the fifth colon) is empty.
    #[error("the ARN's resource (everything after the fifth colon) is empty")]
    EmptyResource,
}

/// The parts of an ARN, borrowed from the text: [`Arn::parse`] without allocating, for the
/// hot paths that only compare parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'a str,
    /// The service prefix.
    pub service: &'a str,
    /// The region (may be empty).
    pub region: &'a str,
    /// The account (may be empty).
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

impl<'a> ArnParts<'a> {
    /// Split `arn:partition:service:region:account:resource`, with the checks of
    /// [`Arn::parse`].
    pub fn parse(s: &'a str) -> Result<ArnParts<'a>, ArnError> {
        let (parts, found) = split_colons::<6>(s);
        let [prefix, partition, service, region, account, resource] = parts;
        if prefix != "arn" {
            return Err(ArnError::MissingPrefix);
        }
        if found < 6 {
            return Err(ArnError::TooFewParts { found });
        }
        if partition.is_empty() {
            return Err(ArnError::EmptyPartition);
        }
        if service.is_empty() {
            return Err(ArnError::EmptyService);
        }
        if resource.is_empty() {
            return Err(ArnError::EmptyResource);
        }
        Ok(ArnParts { partition, service, region, account, resource })
    }
}

/// `text` split on its first `N - 1` colons (the last part keeps any further colons), and
/// how many parts there are; missing parts are empty. Like `splitn(N, ':')`, by bytes.
fn split_colons<const N: usize>(text: &str) -> ([&str; N], usize) {
    let mut out = [""; N];
    let mut found = 0;
    let mut rest = text;
    // Jump from colon to colon (a byte-by-byte loop with a slot lookup per byte was a fifth
    // of a request's time).
    while found + 1 < N {
        let Some(i) = rest.as_bytes().iter().position(|&b| b == b':') else { break };
        if let Some(slot) = out.get_mut(found) {
            *slot = rest.get(..i).unwrap_or_default();
        }
        rest = rest.get(i + 1..).unwrap_or_default();
        found += 1;
    }
    if let Some(slot) = out.get_mut(found) {
        *slot = rest;
    }
    (out, found + 1)
}

impl Arn {
    /// Parse `arn:partition:service:region:account:resource`.
    ///
    /// The resource is everything after the fifth colon. Region and account may be empty;
    /// partition, service and resource may not. Wildcards are not treated specially.
    pub fn parse(s: &str) -> Result<Arn, ArnError> {
        let p = ArnParts::parse(s)?;
        Ok(Arn {
            partition: p.partition.to_string(),
            service: p.service.to_string(),
            region: p.region.to_string(),
            account: p.account.to_string(),
            resource: p.resource.to_string(),
        })
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "arn:{}:{}:{}:{}:{}", self.partition, self.service, self.region, self.account, self.resource)
    }
}

/// Match an ARN pattern against a value the way `ArnLike`/`ArnEquals` and `Resource` do.
///
/// The pattern's tokens and the value are each split on their first five `:` into six
/// components, and each component is matched on its own with glob semantics, case-sensitively.
/// So a `*` never spans the colon between two components (it may span colons inside the
/// resource component, which is everything after the fifth colon).
///
/// - A pattern that is exactly one `*` matches anything, even a value that is not an ARN.
/// - A value with fewer than six components is not an ARN and matches nothing else.
/// - A pattern with fewer than six components matches nothing: each component must be matched
///   by its own part of the pattern (e.g. `arn:aws:*` does not match a KMS key ARN; write
///   `arn:aws:*:*:*:*`). This is this engine's choice; the docs do not cover short patterns.
/// - Only literal `:` tokens split the pattern; a `:` that came from a policy variable is a
///   literal character too, so `${aws:PrincipalArn}` substituted whole still splits.
pub fn arn_match(pattern: &Pattern, value: &str) -> bool {
    let toks = pattern.tokens();
    if toks == [Tok::Star] {
        return true;
    }
    let Some(value_parts) = six_parts(value) else {
        return false;
    };
    let Some(pattern_parts) = split_tokens(toks) else {
        return false;
    };
    pattern_parts.iter().zip(value_parts.iter()).all(|(p, v)| {
        if v.is_ascii() {
            match_tokens(p, v.as_bytes(), |a, b| a == char::from(b))
        } else {
            let chars: Vec<char> = v.chars().collect();
            match_tokens(p, &chars, |a, b| a == b)
        }
    })
}

/// [`arn_match`] of the glob `pattern` (as [`Pattern::glob`] reads it), without building the
/// pattern: what a `Resource` value without policy variables needs.
pub fn arn_glob_match(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    // Without wildcards every component must equal its counterpart, which is the whole texts
    // being equal (both split the same way); the value must still be an ARN.
    if !pattern.bytes().any(|b| b == b'*' || b == b'?') {
        return pattern == value && six_parts(value).is_some();
    }
    // Pattern::glob makes every `:` a literal token, so splitting the text splits the tokens.
    let (Some(p), Some(v)) = (six_parts(pattern), six_parts(value)) else {
        return false;
    };
    p.iter().zip(v.iter()).all(|(p, v)| glob_match(p, v))
}

/// `text` split on its first five `:` into exactly six parts.
fn six_parts(text: &str) -> Option<[&str; 6]> {
    let (parts, found) = split_colons::<6>(text);
    (found == 6).then_some(parts)
}

/// Split tokens on the first five `Char(':')` tokens into exactly six components.
fn split_tokens(toks: &[Tok]) -> Option<[&[Tok]; 6]> {
    let mut out: [&[Tok]; 6] = [&[]; 6];
    let mut rest = toks;
    for slot in out.iter_mut().take(5) {
        let i = rest.iter().position(|t| *t == Tok::Char(':'))?;
        let (head, tail) = rest.split_at(i);
        *slot = head;
        rest = tail.get(1..).unwrap_or_default();
    }
    if let Some(last) = out.last_mut() {
        *last = rest;
    }
    Some(out)
}

/// The partition of an ARN (`aws` in `arn:aws:kms:...`), or `None` when `arn` is not an ARN
/// with six parts and a non-empty partition.
pub fn partition_of(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    if parts.next() != Some("arn") {
        return None;
    }
    let partition = parts.next()?;
    if partition.is_empty() || parts.count() != 4 {
        return None;
    }
    Some(partition)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    #[test]
    fn parse_and_display_round_trip() {
        let arn = Arn::parse(KEY).unwrap();
        assert_eq!(arn.partition, "aws");
        assert_eq!(arn.service, "kms");
        assert_eq!(arn.region, "us-east-2");
        assert_eq!(arn.account, "111122223333");
        assert_eq!(arn.resource, "key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assert_eq!(arn.to_string(), KEY);

        let role = Arn::parse("arn:aws:iam::111122223333:role/team/app").unwrap();
        assert_eq!(role.region, "");
        assert_eq!(role.resource, "role/team/app");

        let nested = Arn::parse("arn:aws:logs:us-east-1:1:log-group:/a/b:*").unwrap();
        assert_eq!(nested.resource, "log-group:/a/b:*");
        assert_eq!(nested.to_string(), "arn:aws:logs:us-east-1:1:log-group:/a/b:*");
    }

    #[test]
    fn parse_errors() {
        assert_eq!(Arn::parse("aws:kms:x:y:z:w"), Err(ArnError::MissingPrefix));
        assert_eq!(Arn::parse("ARN:aws:kms:x:y:z"), Err(ArnError::MissingPrefix));
        assert_eq!(Arn::parse(""), Err(ArnError::MissingPrefix));
        assert_eq!(Arn::parse("arn:aws:kms"), Err(ArnError::TooFewParts { found: 3 }));
        assert_eq!(Arn::parse("arn::kms:r:a:key/x"), Err(ArnError::EmptyPartition));
        assert_eq!(Arn::parse("arn:aws::r:a:key/x"), Err(ArnError::EmptyService));
        assert_eq!(Arn::parse("arn:aws:s3:::"), Err(ArnError::EmptyResource));
        let msg = ArnError::TooFewParts { found: 3 }.to_string();
        assert!(
            msg.starts_with("an ARN has six parts separated by colons: arn:partition:service:region:account:resource")
        );
    }

    fn m(p: &str, v: &str) -> bool {
        let by_pattern = arn_match(&Pattern::glob(p), v);
        assert_eq!(arn_glob_match(p, v), by_pattern, "{p} / {v}");
        by_pattern
    }

    #[test]
    fn component_wise_matching() {
        assert!(m(KEY, KEY));
        assert!(m("*", KEY));
        assert!(m("*", "not an arn"));
        assert!(m("arn:aws:kms:*:111122223333:key/*", KEY));
        assert!(m("arn:aws:kms:*:*:*", KEY));
        assert!(m("arn:*:*:*:*:*", KEY));
        assert!(m("arn:aws:kms:us-east-?:111122223333:key/*", KEY));
        assert!(!m("arn:aws:kms:*:111122223333:alias/*", KEY));
        // '*' never spans a component boundary.
        assert!(!m("arn:aws:*:111122223333:key/*", KEY));
        assert!(!m("arn:aws:kms:*", KEY));
        assert!(!m("arn:aws:kms:us-*:key/*", KEY));
        // ...but may span colons inside the resource component.
        assert!(m("arn:aws:logs:*:1:log-group:*", "arn:aws:logs:us-east-1:1:log-group:/a:b:*"));
        // Case-sensitive.
        assert!(!m("arn:aws:kms:*:111122223333:KEY/*", KEY));
        // Empty components must match empty components.
        assert!(m("arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/app"));
        assert!(m("arn:aws:iam:*:*:role/*", "arn:aws:iam::111122223333:role/app"));
        assert!(!m("arn:aws:iam:?:*:role/*", "arn:aws:iam::111122223333:role/app"));
        // A value that is not an ARN.
        assert!(!m("arn:aws:*:*:*:*", "arn:aws:iam"));
        assert!(!m("*:*:*:*:*:*", "hello"));
        assert!(m("*:*:*:*:*:*", "a:b:c:d:e:f"));
        // StringLike would match this one; ArnLike does not.
        assert!(crate::engine::wildcard::glob_match("arn:aws:*:key/*", KEY));
    }

    #[test]
    fn literal_colons_from_variables_split_too() {
        let p = Pattern::literal(KEY);
        assert!(arn_match(&p, KEY));
        let p = Pattern::from_tokens(vec![Tok::Star, Tok::Char(':'), Tok::Star]);
        assert!(!arn_match(&p, KEY));
    }

    #[test]
    fn borrowed_parts_agree_with_parse() {
        for s in
            [KEY, "arn:aws:iam::1:root", "arn:aws:kms", "arn::kms:r:a:key/x", "arn:aws::r:a:k", "arn:aws:s3:::", "x"]
        {
            let owned = Arn::parse(s);
            let parts = ArnParts::parse(s);
            assert_eq!(owned.as_ref().err(), parts.as_ref().err(), "{s}");
            if let (Ok(o), Ok(p)) = (owned, parts) {
                assert_eq!(
                    (o.partition.as_str(), o.service.as_str(), o.region.as_str()),
                    (p.partition, p.service, p.region)
                );
                assert_eq!((o.account.as_str(), o.resource.as_str()), (p.account, p.resource));
            }
        }
        assert_eq!(split_colons::<3>("a:b:c:d"), (["a", "b", "c:d"], 3));
        assert_eq!(split_colons::<3>("a"), (["a", "", ""], 1));
        assert_eq!(split_colons::<3>(""), (["", "", ""], 1));
        assert_eq!(split_colons::<3>("é:ü:"), (["é", "ü", ""], 3));
        assert!(m("arn:aws:kms:*:*:key/é*", "arn:aws:kms:r:a:key/éa"));
        assert!(!m("arn:aws:kms:*:*:key/é?", "arn:aws:kms:r:a:key/é"));
    }

    #[test]
    fn partitions() {
        assert_eq!(partition_of(KEY), Some("aws"));
        assert_eq!(partition_of("arn:aws-cn:iam::1:root"), Some("aws-cn"));
        assert_eq!(partition_of("arn:aws-cn:iam::1"), None);
        assert_eq!(partition_of("arn::iam::1:root"), None);
        assert_eq!(partition_of("111122223333"), None);
    }

    #[test]
    fn long_arn_pattern_terminates() {
        let value = format!("arn:aws:s3:::{}", "a".repeat(10_000));
        let pattern = format!("arn:aws:s3:::{}b", "*a".repeat(50));
        assert!(!m(&pattern, &value));
    }
}
