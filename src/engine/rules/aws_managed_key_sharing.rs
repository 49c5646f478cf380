//! `aws-managed-key-sharing`: an AWS managed key's policy cannot be changed or shared across
//! accounts; flags a policy for one that claims to allow other accounts, or to allow what
//! nobody may do with such a key (change its policy, rotation, tags or aliases, delete it).

use super::util;
use crate::engine::catalog::ActionInfo;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::eval;
use crate::engine::policy::Effect;
use crate::engine::scenario::{KeyManager, Scenario};

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    if scenario.key.manager != KeyManager::Aws {
        return Vec::new();
    }
    let Some(kp) = util::key_policy(scenario) else {
        return Vec::new();
    };
    let own = scenario.key.account();
    let mut out = Vec::new();
    for st in kp.policy.live_statements() {
        for p in util::allowed_principals(st) {
            let external = match util::principal_account(&p.value) {
                Some((_, a)) => a != own,
                None => p.value == "*" && util::condition_accounts(st).iter().any(|a| a != own),
            };
            if external {
                out.push(Diagnostic::new(
                    "aws-managed-key-sharing",
                    p.span,
                    format!("this is an AWS managed key: its policy cannot be changed, and it is never usable from another account, so allowing \"{}\" has no effect", p.value),
                    "create a customer managed key, give it a key policy that trusts the other account, and re-encrypt the data with it",
                ));
            }
        }
        // Allowing what nobody may do with an AWS managed key (semantics.md §4.4).
        if st.effect() == Some(Effect::Allow) {
            let refused: Vec<&'static ActionInfo> = util::key_actions(st)
                .into_iter()
                .filter(|a| eval::aws_managed_refuses(a.name.trim_start_matches("kms:")).is_some())
                .collect();
            let first = refused.iter().find(|a| a.name == "kms:PutKeyPolicy").or(refused.first());
            if let (Some(first), Some(action)) = (first, st.action.as_ref()) {
                let more = if refused.len() > 1 { format!(" and {} more", refused.len() - 1) } else { String::new() };
                out.push(Diagnostic::new(
                    "aws-managed-key-sharing",
                    action.span,
                    format!(
                        "this is an AWS managed key: nobody can change its key policy, rotation, tags or aliases or schedule its deletion, so allowing {}{more} has no effect",
                        first.name
                    ),
                    "leave those actions out; to manage a key yourself, use a customer managed key",
                ));
            }
        }
    }
    out
}
