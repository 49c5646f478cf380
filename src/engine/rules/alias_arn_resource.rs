//! `alias-arn-resource`: an IAM policy names an alias ARN as Resource for key operations.

use super::util;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::PolicyKind;
use crate::engine::scenario::PolicySource;

/// Check an identity policy or boundary.
pub fn check(source: &PolicySource) -> Vec<Diagnostic> {
    if !matches!(source.policy.kind, PolicyKind::Identity | PolicyKind::Boundary) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for st in source.policy.active_statements() {
        if st.action.as_ref().is_none_or(|l| l.negated) {
            continue;
        }
        let key_ops = util::key_operations(st);
        if key_ops.is_empty() {
            continue;
        }
        let Some(resources) = st.resource.as_ref().filter(|l| !l.negated) else {
            continue;
        };
        for r in &resources.values {
            let is_alias_arn = r.value.starts_with("arn:")
                && r.value.split(':').nth(2) == Some("kms")
                && r.value.split(':').nth(5).is_some_and(|res| res.starts_with("alias/"));
            if is_alias_arn {
                out.push(Diagnostic::new(
                    "alias-arn-resource",
                    r.span,
                    format!("\"{}\" is an alias ARN: in an IAM policy it names the alias resource, which key operations such as {} never use, so it allows them on no key", r.value, key_ops.first().map_or("kms:Decrypt", |a| a.name)),
                    "name the key by its key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID), or keep the alias and use a condition on kms:RequestAlias or kms:ResourceAliases",
                ));
            }
        }
    }
    out
}
