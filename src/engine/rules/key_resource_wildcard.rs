//! `key-resource-wildcard`: an IAM policy allows key operations on every key (`"*"`) with no
//! condition narrowing them (seed 001: "if you don't specify particular CMKs in the Resource
//! element, you might inadvertently give access to more CMKs than you intend").

use super::util;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::{Effect, PolicyKind};
use crate::engine::scenario::PolicySource;

/// Whether a Resource value names every KMS key: `*`, or a kms ARN pattern whose account is a
/// wildcard (`arn:aws:kms:*:*:key/*`).
fn every_key(value: &str) -> bool {
    value == "*"
        || (value.split(':').nth(2).is_some_and(|s| s == "kms" || s == "*")
            && value.split(':').nth(4).is_some_and(|a| a.contains('*')))
}

/// Check an identity policy.
pub fn check(source: &PolicySource) -> Vec<Diagnostic> {
    if source.policy.kind != PolicyKind::Identity {
        return Vec::new();
    }
    let mut out = Vec::new();
    for st in source.policy.live_statements() {
        if st.effect() != Some(Effect::Allow) || !st.conditions.is_empty() {
            continue;
        }
        if st.action.as_ref().is_none_or(|l| l.negated) {
            continue;
        }
        let Some(wide) =
            st.resource.as_ref().filter(|l| !l.negated).and_then(|l| l.matchable().find(|v| every_key(&v.value)))
        else {
            continue;
        };
        let key_ops = util::key_operations(st);
        if key_ops.is_empty() {
            continue;
        }
        let shown = util::some_action_names(&key_ops);
        out.push(Diagnostic::new(
            "key-resource-wildcard",
            wide.span,
            format!(
                "statement {} allows {shown} on every KMS key (\"{}\"): each key in this account whose policy delegates to the account, and each key in another account whose policy trusts it",
                st.index, wide.value
            ),
            "name the keys by key ARN, e.g. \"Resource\": \"arn:aws:kms:us-east-1:111122223333:key/KEY-ID\", or narrow the statement with a condition such as aws:ResourceTag or kms:ResourceAliases",
        ));
    }
    out
}
