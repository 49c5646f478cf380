//! `lockout-risk`: no statement lets anyone manage the key policy (`kms:PutKeyPolicy`).

use super::util;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::PolicyKind;
use crate::engine::scenario::PolicySource;
use crate::engine::span::Span;

/// Check a key policy. `own_account`: the key's account when known; then only principals of
/// that account (or `*`) count, because PutKeyPolicy never works across accounts.
pub fn check(source: &PolicySource, own_account: Option<&str>) -> Vec<Diagnostic> {
    if source.policy.kind != PolicyKind::Key {
        return Vec::new();
    }
    // A Deny of PutKeyPolicy to everyone, with no condition, outweighs every Allow.
    let denied_to_all =
        source.policy.live_statements().find(|st| util::denies_outright(st, "kms:PutKeyPolicy", |_| false));
    if let Some(st) = denied_to_all {
        return vec![Diagnostic::new(
            "lockout-risk",
            st.label_span(),
            format!("statement {} denies kms:PutKeyPolicy to everyone, with no condition: nobody could change this key policy again", st.index),
            "limit the Deny with a condition (e.g. ArnNotEquals aws:PrincipalArn the key administrator role) or remove it; KMS refuses a policy that would lock the caller out unless the safety check is bypassed",
        )];
    }
    let manageable = source.policy.live_statements().any(|st| {
        st.covers_action("kms:PutKeyPolicy")
            && util::allowed_principals(st).iter().any(|p| match own_account {
                None => true,
                Some(own) => p.value == "*" || util::principal_account(&p.value).is_some_and(|(_, a)| a == own),
            })
    });
    if manageable {
        return Vec::new();
    }
    let span = source.policy.statements.first().map_or(Span::new(0, 1), |s| Span::new(s.span.start, s.span.start + 1));
    vec![Diagnostic::new(
        "lockout-risk",
        span,
        match own_account {
            Some(own) => format!("no statement allows kms:PutKeyPolicy to a principal of the key's account {own}: nobody could change this key policy again"),
            None => "no statement allows kms:PutKeyPolicy: nobody could change this key policy again".to_string(),
        },
        "keep a statement that lets the account (its root) or a key administrator role manage the key, e.g. {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::ACCOUNT:root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}; KMS refuses a policy that would lock the caller out unless the safety check is bypassed",
    )]
}
