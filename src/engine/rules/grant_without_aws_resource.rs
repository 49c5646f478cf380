//! `grant-without-aws-resource`: `kms:CreateGrant` to an external or broad principal without
//! `kms:GrantIsForAWSResource`.

use super::util;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::PolicyKind;
use crate::engine::scenario::PolicySource;

/// The accounts a key policy treats as its own when the key ARN is unknown (`lint`): those
/// whose root is given `kms:*` or `kms:PutKeyPolicy` (the console's first statement).
fn inferred_own_accounts(source: &PolicySource) -> Vec<String> {
    let mut own = Vec::new();
    for st in source.policy.live_statements() {
        let admin = st.action.as_ref().is_some_and(|l| {
            !l.negated && l.values.iter().any(|v| util::action_value_covers(&v.value, "kms:PutKeyPolicy"))
        });
        if !admin {
            continue;
        }
        for p in util::allowed_principals(st) {
            let is_root = util::names_whole_account(&p.value);
            if let (true, Some((_, a))) = (is_root, util::principal_account(&p.value)) {
                own.push(a);
            }
        }
    }
    own
}

/// Check a key policy.
pub fn check(source: &PolicySource, own_account: Option<&str>) -> Vec<Diagnostic> {
    if source.policy.kind != PolicyKind::Key {
        return Vec::new();
    }
    let own: Vec<String> = match own_account {
        Some(a) => vec![a.to_string()],
        None => inferred_own_accounts(source),
    };
    let mut out = Vec::new();
    for st in source.policy.live_statements() {
        let grants = st.action.as_ref().is_some_and(|list| {
            list.values.iter().any(|v| util::action_value_covers(&v.value, "kms:CreateGrant")) != list.negated
        });
        if !grants || util::requires_aws_resource(st) {
            continue;
        }
        for p in util::allowed_principals(st) {
            // `*` is broad unless its conditions limit callers to the key's own account.
            let broad = p.value == "*"
                && (!util::limits_callers(st) || util::condition_accounts(st).iter().any(|a| !own.contains(a)));
            let external = util::principal_account(&p.value).is_some_and(|(_, a)| !own.contains(&a));
            if !(broad || external) {
                continue;
            }
            let who = if p.value == "*" { "every principal (\"*\")".to_string() } else { format!("\"{}\"", p.value) };
            out.push(Diagnostic::new(
                "grant-without-aws-resource",
                p.span,
                format!("statement {} lets {who} call kms:CreateGrant directly, not only through AWS services: a grantee can give itself or others any grant operation on this key", st.index),
                "add \"Condition\": {\"Bool\": {\"kms:GrantIsForAWSResource\": \"true\"}} so only integrated AWS services can create grants for them, as the console's \"Allow attachment of persistent resources\" statement does",
            ));
        }
    }
    out
}
