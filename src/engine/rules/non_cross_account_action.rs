//! `non-cross-account-action`: a key policy gives an external principal an action that never
//! works across accounts (a literal action, or a wildcard matching only such actions).

use super::util;
use crate::engine::catalog::{self, CrossAccount};
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::has_wildcard;
use crate::engine::scenario::Scenario;
use crate::engine::wildcard;

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    let Some(kp) = util::key_policy(scenario) else {
        return Vec::new();
    };
    let own = scenario.key.account();
    let mut out = Vec::new();
    for st in kp.policy.live_statements() {
        let externals: Vec<String> = util::allowed_principals(st)
            .iter()
            .filter_map(|p| util::principal_account(&p.value).map(|(_, a)| a))
            .filter(|a| a != own)
            .collect();
        if externals.is_empty() {
            continue;
        }
        let Some(actions) = st.action.as_ref().filter(|l| !l.negated) else {
            continue;
        };
        for v in &actions.values {
            // A plain ASCII name matches at most its own action: one lookup, not a scan.
            let matched: Vec<_> = if v.value.is_ascii() && !has_wildcard(&v.value) {
                catalog::kms_action(&v.value).into_iter().collect()
            } else {
                catalog::kms_actions().iter().filter(|a| wildcard::glob_match_ignore_case(&v.value, a.name)).collect()
            };
            if matched.is_empty() || matched.iter().any(|a| a.cross_account == CrossAccount::Yes) {
                continue;
            }
            out.push(Diagnostic::new(
                "non-cross-account-action",
                v.span,
                format!(
                    "\"{}\" is given to account {}, but {} across accounts, so this has no effect for it",
                    v.value,
                    externals.join(", "),
                    if matched.len() == 1 {
                        format!("{} never works", matched.first().map_or("it", |a| a.name))
                    } else {
                        format!("none of {} works", util::action_names(&matched))
                    }
                ),
                "remove it from the statement for the external account; only principals in the key's own account can manage the key",
            ));
        }
    }
    out
}
