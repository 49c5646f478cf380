//! Helpers the rules share: reading principals, expanding actions, matching the key.

use crate::engine::arn::{arn_glob_match, ArnParts};
use crate::engine::catalog::{self, ActionInfo, ResourceKind};
use crate::engine::condition::{Family, Operator};
use crate::engine::policy::{Effect, PrincipalType, PrincipalValue, Statement, ValueList};
use crate::engine::scenario::{PolicySource, Scenario};
use crate::engine::wildcard;

/// `(partition, account)` a principal value names; the partition is None for a bare id.
pub fn principal_account(value: &str) -> Option<(Option<String>, String)> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some((None, value.to_string()));
    }
    let arn = ArnParts::parse(value).ok()?;
    (arn.account.len() == 12).then(|| (Some(arn.partition.to_string()), arn.account.to_string()))
}

/// Whether a principal value names a whole account: its root ARN or its bare 12-digit id.
pub fn names_whole_account(value: &str) -> bool {
    value.ends_with(":root") || (value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()))
}

/// The AWS principal values of an active `Allow` statement with a (non-negated) Principal.
pub fn allowed_principals(st: &Statement) -> Vec<&PrincipalValue> {
    if st.effect() != Some(Effect::Allow) {
        return Vec::new();
    }
    match &st.principal {
        Some(b) if !b.negated => b.values.iter().filter(|v| v.kind == PrincipalType::Aws && v.valid).collect(),
        _ => Vec::new(),
    }
}

/// The KMS actions on the key resource a statement's Action/NotAction covers.
pub fn key_actions(st: &Statement) -> Vec<&'static ActionInfo> {
    // A KMS action's id is its catalog index; the statement expanded its patterns once.
    st.covered_action_ids()
        .filter_map(|id| catalog::kms_actions().get(id))
        .filter(|a| a.resource != ResourceKind::None)
        .collect()
}

/// The KMS operations on a key (catalog resource `key`) a statement's Action covers.
pub fn key_operations(st: &Statement) -> Vec<&'static ActionInfo> {
    st.covered_action_ids()
        .filter_map(|id| catalog::kms_actions().get(id))
        .filter(|a| a.resource == ResourceKind::Key)
        .collect()
}

/// Whether `st` takes `action` away whatever the request: a Deny with no condition that
/// covers it and names `*` or a principal `names` accepts.
pub fn denies_outright(st: &Statement, action: &str, names: impl Fn(&str) -> bool) -> bool {
    st.effect() == Some(Effect::Deny)
        && st.conditions.is_empty()
        && st.covers_action(action)
        && st
            .principal
            .as_ref()
            .is_some_and(|b| !b.negated && b.values.iter().any(|v| v.valid && (v.value == "*" || names(&v.value))))
}

/// Whether a value of the Action list names this KMS action (wildcards included).
pub fn action_value_covers(value: &str, action: &str) -> bool {
    wildcard::glob_match_ignore_case(value, action)
}

/// Whether a Resource list covers the key ARN (`*` and patterns included).
pub fn resource_covers(list: Option<&ValueList>, key_arn: &str) -> bool {
    let Some(list) = list else { return false };
    let hit = list.matchable().any(|v| arn_glob_match(&v.value, key_arn));
    hit != list.negated
}

/// A positive String/Arn test (not IfExists, not ForAllValues, not negated).
pub fn is_positive_string_test(op: &Operator) -> bool {
    matches!(op.family(), Family::String | Family::Arn)
        && !op.is_negated()
        && !op.if_exists
        && !matches!(op.qualifier, Some(crate::engine::condition::SetQualifier::ForAllValues))
}

/// Condition keys that limit *who* calls (SPEC section 4, `public-key-access`).
pub const CALLER_LIMITING_KEYS: &[&str] = &[
    "kms:CallerAccount",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:userid",
    "aws:SourceAccount",
    "aws:SourceArn",
    "aws:SourceOrgID",
];

/// Whether a statement's conditions limit who may call.
pub fn limits_callers(st: &Statement) -> bool {
    st.conditions.iter().any(|t| {
        CALLER_LIMITING_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&t.key.value))
            && is_positive_string_test(&t.operator)
            && !t.values.is_empty()
            // A single wildcard-only value ("*") lets every caller through (SPEC section 4).
            && t.values.iter().all(|v| !v.value.chars().all(|c| c == '*' || c == '?'))
    })
}

/// Accounts named by positive `kms:CallerAccount` / `aws:PrincipalAccount` tests.
pub fn condition_accounts(st: &Statement) -> Vec<String> {
    st.conditions
        .iter()
        .filter(|t| {
            (t.key.value.eq_ignore_ascii_case("kms:CallerAccount")
                || t.key.value.eq_ignore_ascii_case("aws:PrincipalAccount"))
                && is_positive_string_test(&t.operator)
        })
        .flat_map(|t| t.values.iter().map(|v| v.value.clone()))
        .filter(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

/// Whether a statement has `"Bool": {"kms:GrantIsForAWSResource": "true"}` (or an equivalent
/// positive test of that key for true).
pub fn requires_aws_resource(st: &Statement) -> bool {
    st.conditions.iter().any(|t| {
        t.key.value.eq_ignore_ascii_case("kms:GrantIsForAWSResource")
            && matches!(t.operator.family(), Family::Bool | Family::String)
            && !t.operator.is_negated()
            && !t.operator.if_exists
            && !t.values.is_empty()
            && t.values.iter().all(|v| v.value.eq_ignore_ascii_case("true"))
    })
}

/// The key policy, when it is there and readable.
pub fn key_policy(scenario: &Scenario) -> Option<&PolicySource> {
    scenario.key.policy.as_ref().filter(|p| p.policy.void.is_none())
}

/// Identity policies (not void) with the ARN of the principal they belong to.
pub fn identity_policies(scenario: &Scenario) -> impl Iterator<Item = (&str, &PolicySource)> {
    scenario.principals.iter().flat_map(|p| {
        p.policies.iter().map(move |n| (p.arn.as_str(), &n.source)).filter(|(_, s)| s.policy.void.is_none())
    })
}

/// The account of a principal ARN.
pub fn account_of(arn: &str) -> Option<String> {
    ArnParts::parse(arn).ok().map(|a| a.account.to_string())
}

/// The partition of a principal ARN.
pub fn partition_of(arn: &str) -> Option<String> {
    ArnParts::parse(arn).ok().map(|a| a.partition.to_string())
}

/// Short action names for messages: `kms:Decrypt, kms:Encrypt`.
pub fn action_names(actions: &[&'static ActionInfo]) -> String {
    actions.iter().map(|a| a.name).collect::<Vec<_>>().join(", ")
}

/// [`action_names`] of the first four, then "and N more".
pub fn some_action_names(actions: &[&'static ActionInfo]) -> String {
    match actions.get(..4) {
        Some(first) if actions.len() > 4 => format!("{} and {} more", action_names(first), actions.len() - 4),
        _ => action_names(actions),
    }
}
