//! `external-account-access` (info): which foreign accounts can do what with the key through
//! the key policy (one finding per account).

use super::util;
use crate::engine::catalog::CrossAccount;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::{KeyManager, PolicySource, Scenario};
use crate::engine::span::Span;

/// An action and the condition keys that limit it ("" when some statement gives it without
/// a condition).
type Limited = (&'static str, String);

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    let Some(kp) = util::key_policy(scenario) else {
        return Vec::new();
    };
    // No other account can ever use an AWS managed key (SPEC section 8).
    if scenario.key.manager == KeyManager::Aws {
        return Vec::new();
    }
    let own = scenario.key.account();
    let part = scenario.key.partition();
    // account -> (first span, actions in catalog order, each with the condition keys it is
    // limited by: empty once some statement gives it without a condition)
    let mut accounts: Vec<(String, Span, Vec<Limited>)> = Vec::new();
    for st in kp.policy.live_statements() {
        let actions: Vec<&'static str> = util::key_actions(st)
            .into_iter()
            // (kms:RetireGrant in a key policy has no effect: semantics.md §4.6.)
            .filter(|a| a.cross_account == CrossAccount::Yes && a.effective_in_key_policy)
            .map(|a| a.name)
            .collect();
        if actions.is_empty() {
            continue;
        }
        for p in util::allowed_principals(st) {
            // The conditions besides those that name the account (under `*`).
            let limited_by: Vec<&str> = st
                .conditions
                .iter()
                .map(|t| t.key.value.as_str())
                .filter(|k| {
                    p.value != "*"
                        || !(k.eq_ignore_ascii_case("kms:CallerAccount")
                            || k.eq_ignore_ascii_case("aws:PrincipalAccount"))
                })
                .collect();
            let limited_by = limited_by.join(" and ");
            let named: Vec<String> = if p.value == "*" {
                util::condition_accounts(st)
            } else {
                match util::principal_account(&p.value) {
                    Some((partition, a)) if partition.as_deref().is_none_or(|x| x == part) => {
                        vec![a]
                    }
                    _ => Vec::new(),
                }
            };
            for a in named.into_iter().filter(|a| a != own) {
                match accounts.iter_mut().find(|(acc, _, _)| *acc == a) {
                    Some((_, _, list)) => {
                        for act in &actions {
                            match list.iter_mut().find(|(x, _)| x == act) {
                                Some((_, keys)) if limited_by.is_empty() => keys.clear(),
                                Some(_) => {}
                                None => list.push((act, limited_by.clone())),
                            }
                        }
                    }
                    None => accounts.push((a, p.span, actions.iter().map(|a| (*a, limited_by.clone())).collect())),
                }
            }
        }
    }
    accounts
        .into_iter()
        .filter_map(|(account, span, mut actions)| {
            actions.retain(|(a, _)| !denied_outright(kp, &scenario.key.arn, &account, part, a));
            (!actions.is_empty()).then_some((account, span, actions))
        })
        .map(|(account, span, mut actions)| {
            actions.sort_unstable();
            // "a, b; only under a condition on K: c, d": a reviewer must not read a
            // conditioned action (the console's grant statement) as an open one (seed 001).
            // The open actions first, then one group per set of condition keys.
            let mut groups: Vec<(&str, Vec<&str>)> = vec![("", Vec::new())];
            for (a, keys) in &actions {
                match groups.iter_mut().find(|(k, _)| k == keys) {
                    Some((_, list)) => list.push(a),
                    None => groups.push((keys.as_str(), vec![a])),
                }
            }
            let text: Vec<String> = groups
                .iter()
                .filter(|(_, list)| !list.is_empty())
                .map(|(k, list)| {
                    if k.is_empty() {
                        list.join(", ")
                    } else {
                        format!("only under a condition on {k}: {}", list.join(", "))
                    }
                })
                .collect();
            Diagnostic::new(
                "external-account-access",
                span,
                format!("account {account} can use this key through the key policy: {} (its IAM policies decide which of its users and roles actually can)", text.join("; ")),
                "make sure this is intended; name specific roles instead of the account root to narrow it",
            )
        })
        .collect()
}

/// Whether a Deny statement of the key policy takes `action` from every principal of
/// `account` whatever the request ([`util::denies_outright`] naming `*`, the account's root
/// ARN or its bare id).
fn denied_outright(kp: &PolicySource, key_arn: &str, account: &str, part: &str, action: &str) -> bool {
    let root = format!("arn:{part}:iam::{account}:root");
    kp.policy.live_statements().any(|st| {
        util::resource_covers(st.resource.as_ref(), key_arn)
            && util::denies_outright(st, action, |v| v == account || v == root)
    })
}
