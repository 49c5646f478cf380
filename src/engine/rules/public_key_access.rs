//! `public-key-access`: `Principal: "*"` allows key use with no condition limiting callers.

use super::util;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::PolicyKind;
use crate::engine::scenario::PolicySource;

/// Check a key policy.
pub fn check(source: &PolicySource) -> Vec<Diagnostic> {
    if source.policy.kind != PolicyKind::Key {
        return Vec::new();
    }
    let mut out = Vec::new();
    for st in source.policy.live_statements() {
        let Some(star) = util::allowed_principals(st).into_iter().find(|v| v.value == "*") else {
            continue;
        };
        let actions = util::key_actions(st);
        if actions.is_empty() || util::limits_callers(st) {
            continue;
        }
        let shown = util::some_action_names(&actions);
        out.push(Diagnostic::new(
            "public-key-access",
            star.span,
            format!("statement {} allows {shown} to every principal in every AWS account (\"*\") with no condition on who calls", st.index),
            "name the accounts or roles in Principal, or keep \"*\" and add a condition such as \"StringEquals\": {\"kms:CallerAccount\": \"111122223333\"} or \"aws:PrincipalOrgID\"",
        ));
    }
    out
}
