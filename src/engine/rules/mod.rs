//! The registry of finding codes: every code kmsplay can report, its default severity and a
//! one-line summary (SPEC section 4). Each code's documentation page is a Markdown file in
//! `rules/docs/` (see [`docs::page`]).

use super::report::Severity;

/// What every finding code declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleMeta {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line for `kmsplay rules`.
    pub summary: &'static str,
}

const fn meta(code: &'static str, severity: Severity, summary: &'static str) -> RuleMeta {
    RuleMeta { code, severity, summary }
}

use Severity::{Error, Info, Warning};

/// Every code, SPEC section 4 first, then kmsplay's own additions.
pub const RULES: &[RuleMeta] = &[
    meta("json-syntax", Error, "the policy text is not valid JSON"),
    meta("duplicate-key", Error, "the same element appears twice in one JSON object"),
    meta("unknown-element", Error, "an element name IAM does not accept"),
    meta("invalid-effect", Error, "Effect is not exactly Allow or Deny"),
    meta("invalid-version", Error, "Version is not 2012-10-17 or 2008-10-17"),
    meta("missing-principal", Error, "a key policy or trust policy statement has no Principal"),
    meta("principal-in-identity-policy", Error, "an identity policy (or boundary, SCP) contains Principal"),
    meta("unknown-action", Error, "an action that does not exist"),
    meta("unknown-condition-operator", Error, "a condition operator that does not exist"),
    meta("invalid-arn", Error, "a malformed ARN in Principal or Resource"),
    meta("key-policy-too-large", Error, "the key policy is over 32 KB"),
    meta("unknown-condition-key", Warning, "a condition key that the statement's actions never carry"),
    meta("missing-version", Warning, "no Version: policy variables will be literal text"),
    meta(
        "no-account-delegation",
        Warning,
        "the key policy never allows the key's own account, so identity policies there have no effect",
    ),
    meta("cross-account-incomplete", Warning, "one side of a cross-account permission exists without the other"),
    meta(
        "non-cross-account-action",
        Warning,
        "a key policy gives an external principal an action that never works across accounts",
    ),
    meta("public-key-access", Error, "Principal * allows key use with no condition limiting callers"),
    meta("external-account-access", Info, "which foreign accounts can do what with the key"),
    meta(
        "grant-without-aws-resource",
        Warning,
        "CreateGrant for an external or broad principal without kms:GrantIsForAWSResource",
    ),
    meta("alias-arn-resource", Warning, "an IAM policy names an alias ARN as Resource for key operations"),
    meta("resource-arn-mismatch", Warning, "an IAM Resource names the key with another region or account"),
    meta(
        "set-operator-misuse",
        Warning,
        "ForAllValues/ForAnyValue on a single-valued key, or ForAllValues on kms:EncryptionContext:*",
    ),
    meta("aws-managed-key-sharing", Error, "an AWS managed key cannot be shared or have its policy changed"),
    meta("not-principal-allow", Warning, "NotPrincipal with Allow"),
    meta("lockout-risk", Warning, "no statement lets anyone manage the key policy"),
    meta("cross-partition", Error, "principals or resources in another partition can never match"),
    // kmsplay's own codes
    meta("invalid-sid", Warning, "a Sid with characters IAM does not accept in this kind of policy"),
    meta("duplicate-sid", Warning, "two statements share one Sid"),
    meta("missing-statement", Error, "the policy has no Statement"),
    meta("missing-action", Error, "a statement has neither Action nor NotAction, so it never applies"),
    meta("missing-resource", Error, "a statement has neither Resource nor NotResource, so it never applies"),
    meta("invalid-type", Error, "an element has a JSON type IAM does not accept there"),
    meta(
        "invalid-principal",
        Error,
        "a Principal that is not \"*\" or a map of AWS, Service, Federated, CanonicalUser",
    ),
    meta("invalid-condition-value", Error, "a condition value that its operator cannot read"),
    meta("invalid-character", Error, "a character outside the set IAM and KMS accept in policies"),
    meta("unsupported-element", Error, "an element that this kind of policy does not accept"),
    meta(
        "element-combination",
        Error,
        "Principal with NotPrincipal, Action with NotAction, or Resource with NotResource",
    ),
    meta("variable-in-old-version", Warning, "a policy variable in a policy whose Version is not 2012-10-17"),
    meta("invalid-request", Warning, "a request in the scenario cannot be evaluated as written"),
    meta("key-resource-wildcard", Warning, "an IAM policy allows key operations on every key (Resource *)"),
];

/// The registry entry of `code`.
pub fn rule(code: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.code == code)
}

/// The default severity of `code` (warning for a code the registry does not know).
pub fn severity(code: &str) -> Severity {
    rule(code).map_or(Severity::Warning, |r| r.severity)
}

mod util;

pub mod docs;

pub mod alias_arn_resource;
pub mod aws_managed_key_sharing;
pub mod cross_account_incomplete;
pub mod cross_partition;
pub mod external_account_access;
pub mod grant_without_aws_resource;
pub mod key_resource_wildcard;
pub mod lockout_risk;
pub mod no_account_delegation;
pub mod non_cross_account_action;
pub mod not_principal_allow;
pub mod public_key_access;
pub mod resource_arn_mismatch;
pub mod set_operator_misuse;
pub mod unknown_condition_key;

use super::diagnostic::Diagnostic;
use super::scenario::{PolicySource, Scenario};

/// Rules that need only one policy (run by `lint` and for every policy of a scenario).
/// `own_account` is the key's account when known (in a scenario), None for `lint`.
pub fn check_policy_in(source: &PolicySource, own_account: Option<&str>) -> Vec<Diagnostic> {
    if source.policy.void.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    out.extend(public_key_access::check(source));
    out.extend(not_principal_allow::check(source));
    out.extend(set_operator_misuse::check(source));
    out.extend(unknown_condition_key::check(source));
    out.extend(lockout_risk::check(source, own_account));
    out.extend(grant_without_aws_resource::check(source, own_account));
    out.extend(alias_arn_resource::check(source));
    out.extend(key_resource_wildcard::check(source));
    out.into_iter().map(|d| d.in_policy(source.id.clone())).collect()
}

/// Rules that need only one policy, as `lint` runs them.
pub fn check_policy(source: &PolicySource) -> Vec<Diagnostic> {
    check_policy_in(source, None)
}

/// Every rule over a whole scenario: single-policy rules for each policy, then the rules that
/// read the key policy and the IAM policies together.
pub fn check_scenario(scenario: &Scenario) -> Vec<Diagnostic> {
    let own = scenario.key.parsed.as_ref().map(|a| a.account.as_str());
    let mut out: Vec<Diagnostic> = scenario.policies().flat_map(|p| check_policy_in(p, own)).collect();
    if scenario.key.manager == super::scenario::KeyManager::Aws {
        // Nobody can change an AWS managed key's policy by design: no lockout to warn about.
        out.retain(|d| d.code != "lockout-risk");
    }
    if scenario.key.parsed.is_none() {
        return out;
    }
    out.extend(no_account_delegation::check(scenario));
    out.extend(cross_account_incomplete::check(scenario));
    out.extend(non_cross_account_action::check(scenario));
    out.extend(external_account_access::check(scenario));
    out.extend(resource_arn_mismatch::check(scenario));
    out.extend(aws_managed_key_sharing::check(scenario));
    out.extend(cross_partition::check(scenario));
    // Rules about the key policy leave the policy id to this default.
    for d in &mut out {
        if d.policy.is_empty() {
            d.policy = "key-policy".to_string();
        }
    }
    out
}

/// The documentation page of `code` (Markdown): its page in `rules/docs/`, or a short page
/// generated from the registry for a code without one; empty for an unknown code.
pub fn documentation(code: &str) -> String {
    match (rule(code), docs::page(code)) {
        (Some(_), Some(page)) => page.to_string(),
        (Some(r), None) => format!("# {}\n\nSeverity: {}\n\n{}\n", r.code, r.severity.as_str(), r.summary),
        (None, _) => String::new(),
    }
}

/// The registered code closest to `code`, for did-you-mean.
pub fn suggest_code(code: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (strsim::jaro_winkler(code, r.code), r.code))
        .filter(|(s, _)| *s > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
