//! `not-principal-allow`: `NotPrincipal` with `Allow`.

use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::Effect;
use crate::engine::scenario::PolicySource;

/// Check any resource policy.
pub fn check(source: &PolicySource) -> Vec<Diagnostic> {
    source
        .policy
        .active_statements()
        .filter(|st| st.effect() == Some(Effect::Allow))
        .filter_map(|st| st.principal.as_ref().filter(|b| b.negated).map(|b| (st, b)))
        .map(|(st, b)| {
            Diagnostic::new(
                "not-principal-allow",
                b.span,
                format!("statement {} allows everyone except the principals it lists, including anonymous callers and every other account", st.index),
                "name the principals that may call in Principal instead; to exclude some, use \"Principal\": \"*\" with ArnNotEquals on aws:PrincipalArn in a Deny",
            )
        })
        .collect()
}
