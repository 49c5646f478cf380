//! `no-account-delegation`: the key policy never allows the key's own account, so identity
//! policies in that account have no effect (lists the statements it makes dead).

use super::util;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::policy::Effect;
use crate::engine::scenario::Scenario;
use crate::engine::span::Span;

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    let Some(kp) = util::key_policy(scenario) else {
        return Vec::new();
    };
    let own = scenario.key.account();
    let delegates = kp.policy.live_statements().any(|st| {
        util::allowed_principals(st).iter().any(|p| {
            let root = util::names_whole_account(&p.value);
            root && util::principal_account(&p.value).is_some_and(|(_, a)| a == own)
        })
    });
    if delegates {
        return Vec::new();
    }
    // Identity statements in the key's account that allow something on this key: all dead.
    let mut dead = Vec::new();
    for (arn, source) in util::identity_policies(scenario) {
        if util::account_of(arn).as_deref() != Some(own) {
            continue;
        }
        for st in source.policy.live_statements() {
            if st.effect() == Some(Effect::Allow)
                && !util::key_actions(st).is_empty()
                && util::resource_covers(st.resource.as_ref(), &scenario.key.arn)
            {
                dead.push((source.id.clone(), st.span, st.index));
            }
        }
    }
    let span = kp.policy.statements.first().map_or(Span::new(0, 1), |s| Span::new(s.span.start, s.span.start + 1));
    let list = if dead.is_empty() {
        String::new()
    } else {
        format!(
            "; these IAM statements have no effect on this key: {}",
            dead.iter().map(|(id, _, i)| format!("{id} statement {i}")).collect::<Vec<_>>().join(", ")
        )
    };
    let mut d = Diagnostic::new(
        "no-account-delegation",
        span,
        format!("the key policy never allows the key's own account {own} (its root ARN or account id), so IAM policies in that account cannot grant any access to this key{list}"),
        format!("add the statement the console starts with: {{\"Sid\": \"Enable IAM User Permissions\", \"Effect\": \"Allow\", \"Principal\": {{\"AWS\": \"arn:{}:iam::{own}:root\"}}, \"Action\": \"kms:*\", \"Resource\": \"*\"}}, or name each principal in the key policy", scenario.key.partition()),
    );
    for (id, span, _) in dead {
        d = d.with_related(id, span, "this allow has no effect: the key policy does not delegate to the account");
    }
    vec![d]
}
