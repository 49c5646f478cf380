//! ARNs: parsing and component-wise matching. (Interim version; the matcher branch replaces it.)

use super::wildcard::{match_toks, Pattern, Tok};

/// An ARN's six parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Arn {
    /// `aws`, `aws-cn`, ...
    pub partition: String,
    /// `kms`, `iam`, ...
    pub service: String,
    /// Region (empty for IAM).
    pub region: String,
    /// Account id.
    pub account: String,
    /// Everything after the fifth colon.
    pub resource: String,
}

/// Why a text is not an ARN.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// Does not start with `arn:`.
    #[error("an ARN starts with \"arn:\"")]
    Prefix,
    /// Fewer than six parts.
    #[error("an ARN has six parts separated by colons: arn:partition:service:region:account:resource")]
    Parts,
    /// Empty partition or service.
    #[error("the partition and service parts of an ARN cannot be empty")]
    Empty,
}

impl Arn {
    /// Parse `arn:partition:service:region:account:resource`.
    pub fn parse(s: &str) -> Result<Arn, ArnError> {
        let rest = s.strip_prefix("arn:").ok_or(ArnError::Prefix)?;
        let mut it = rest.splitn(5, ':');
        let (Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
            (it.next(), it.next(), it.next(), it.next(), it.next())
        else {
            return Err(ArnError::Parts);
        };
        if partition.is_empty() || service.is_empty() {
            return Err(ArnError::Empty);
        }
        Ok(Arn {
            partition: partition.into(),
            service: service.into(),
            region: region.into(),
            account: account.into(),
            resource: resource.into(),
        })
    }
}

impl std::fmt::Display for Arn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "arn:{}:{}:{}:{}:{}", self.partition, self.service, self.region, self.account, self.resource)
    }
}

/// Split tokens on the first five literal colons.
fn split_toks(toks: &[Tok]) -> Vec<&[Tok]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if parts.len() == 5 {
            break;
        }
        if *t == Tok::Char(':') {
            parts.push(toks.get(start..i).unwrap_or(&[]));
            start = i + 1;
        }
    }
    parts.push(toks.get(start..).unwrap_or(&[]));
    parts
}

/// ArnLike / Resource matching: each of the six components separately, case-sensitively.
pub fn arn_match(pattern: &Pattern, value: &str) -> bool {
    if pattern.tokens() == [Tok::Star] {
        return true;
    }
    let p = split_toks(pattern.tokens());
    let v: Vec<&str> = value.splitn(6, ':').collect();
    if p.len() != 6 || v.len() != 6 {
        return false;
    }
    p.iter().zip(v.iter()).all(|(pt, vt)| {
        let chars: Vec<char> = vt.chars().collect();
        match_toks(pt, &chars, false)
    })
}

/// The partition of an ARN.
pub fn partition_of(arn: &str) -> Option<&str> {
    arn.strip_prefix("arn:").and_then(|r| r.split(':').next()).filter(|p| !p.is_empty())
}
