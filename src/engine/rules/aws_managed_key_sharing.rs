//! `aws-managed-key-sharing`: an AWS managed key's policy cannot be changed or shared across
//! accounts; flags a policy for one that claims to allow other accounts.

use super::util;
use crate::engine::diagnostic::Diagnostic;
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
    for st in kp.policy.active_statements() {
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
    }
    out
}
