//! `cross-account-incomplete`: one side of a cross-account permission exists without the
//! other (SPEC section 4: compares accounts, not single actions).

use super::util;
use crate::engine::catalog::CrossAccount;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::{Effect, Statement};
use crate::engine::scenario::Scenario;

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    let Some(kp) = util::key_policy(scenario) else {
        return Vec::new();
    };
    let own = scenario.key.account();
    let part = scenario.key.partition();
    let key_arn = scenario.key.arn.as_str();
    let mut out = Vec::new();

    // Accounts the key policy trusts (root or principals in them), with the first place.
    // (with the Action of the first statement that trusts it, for the suggested IAM statement)
    let mut trusted: Vec<(String, crate::engine::span::Span, String)> = Vec::new();
    // For (b): accounts trusted as a whole (root, bare id, `*` with an account condition) and
    // principals named one by one. Naming some roles of B does not make B's other principals'
    // IAM policies count (seed 001: "it has no effect").
    let mut whole_accounts: Vec<String> = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    let mut trusts_everyone = false;
    for st in kp.policy.live_statements() {
        if util::key_actions(st).is_empty() {
            continue;
        }
        for p in util::allowed_principals(st) {
            if p.value == "*" {
                let accounts = util::condition_accounts(st);
                if accounts.is_empty() {
                    trusts_everyone = true;
                }
                for a in accounts {
                    whole_accounts.push(a.clone());
                    if !trusted.iter().any(|(t, _, _)| *t == a) {
                        trusted.push((a, p.span, action_text(st)));
                    }
                }
                continue;
            }
            if let Some((partition, a)) = util::principal_account(&p.value) {
                if partition.as_deref().is_some_and(|x| x != part) {
                    continue;
                }
                if util::names_whole_account(&p.value) {
                    whole_accounts.push(a.clone());
                } else {
                    named.push(p.value.as_str());
                }
                if !trusted.iter().any(|(t, _, _)| *t == a) {
                    trusted.push((a, p.span, action_text(st)));
                }
            }
        }
    }

    // (a) trusted external accounts whose principals in the scenario allow nothing on the key.
    for (account, span, actions) in &trusted {
        if account == own {
            continue;
        }
        let members: Vec<&str> = scenario
            .principals
            .iter()
            .filter(|p| util::account_of(&p.arn).as_deref() == Some(account.as_str()))
            // An account's root user needs no identity policy (SPEC section 2).
            .filter(|p| !p.arn.ends_with(":root"))
            .map(|p| p.arn.as_str())
            .collect();
        if members.is_empty() {
            continue;
        }
        let any_allow = util::identity_policies(scenario).filter(|(arn, _)| members.contains(arn)).any(|(_, s)| {
            s.policy.live_statements().any(|st| {
                st.effect() == Some(Effect::Allow)
                    && !util::key_actions(st).is_empty()
                    && util::resource_covers(st.resource.as_ref(), key_arn)
            })
        });
        if !any_allow {
            out.push(Diagnostic::new(
                "cross-account-incomplete",
                *span,
                format!(
                    "the key policy trusts account {account}, but no IAM policy of its principals here ({}) allows any KMS action on this key, so they still cannot use it; add to their IAM policies in account {account} a statement that allows the KMS actions they need on {key_arn}",
                    members.join(", ")
                ),
                format!("in account {account}, attach an IAM policy such as {{\"Effect\": \"Allow\", \"Action\": {actions}, \"Resource\": \"{key_arn}\"}} to the users or roles that need the key"),
            ));
        }
    }

    // (b) identity policies in other accounts that allow the key, which the key policy does not trust.
    if trusts_everyone {
        return out;
    }
    for p in &scenario.principals {
        let Some(account) = util::account_of(&p.arn) else {
            continue;
        };
        if account == own || util::partition_of(&p.arn).as_deref() != Some(part) {
            continue;
        }
        if whole_accounts.contains(&account) || named.contains(&p.arn.as_str()) {
            continue;
        }
        // The key policy names other principals of this account: say so, it is the usual slip.
        let others = trusted.iter().any(|(a, _, _)| *a == account);
        for n in &p.policies {
            if n.source.policy.void.is_some() {
                continue;
            }
            for st in n.source.policy.live_statements() {
                let actions = util::key_actions(st);
                if st.effect() != Some(Effect::Allow)
                    || actions.is_empty()
                    || !util::resource_covers(st.resource.as_ref(), key_arn)
                {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        "cross-account-incomplete",
                        st.span,
                        format!("this IAM policy of {} (account {account}) allows KMS actions on the key, but the key policy trusts neither account {account} nor this principal{}, so the allow has no effect; add to the key policy a statement that allows arn:{part}:iam::{account}:root (or this principal) those actions", p.arn, if others { " (it names only other principals of that account)" } else { "" }),
                        format!("add to the key policy of {key_arn} a statement such as {{\"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"arn:{part}:iam::{account}:root\"}}, \"Action\": {}, \"Resource\": \"*\"}} (or name {} instead of the account root)", action_text(st), p.arn),
                    )
                    .in_policy(n.source.id.clone())
                    .with_related("key-policy", kp.policy.statements.first().map_or_else(Default::default, |s| s.span), "the key policy does not trust this account"),
                );
            }
        }
    }
    out
}

/// The actions to name in a suggested statement for the other side, as JSON: the statement's
/// `Action` as written, or for `NotAction` the cross-account actions it covers.
fn action_text(st: &Statement) -> String {
    let written: Vec<&str> = match &st.action {
        Some(list) if !list.negated && !list.values.is_empty() => {
            list.values.iter().map(|v| v.value.as_str()).collect()
        }
        _ => util::key_actions(st)
            .into_iter()
            .filter(|a| a.cross_account == CrossAccount::Yes && a.effective_in_key_policy)
            .map(|a| a.name)
            .collect(),
    };
    let quoted: Vec<String> = written.iter().map(|a| serde_json::to_string(a).unwrap_or_default()).collect();
    format!("[{}]", quoted.join(", "))
}
