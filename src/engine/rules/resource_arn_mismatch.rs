//! `resource-arn-mismatch`: an IAM Resource names the key with another region or account
//! than the key's ARN (another partition is `cross-partition`).

use super::util;
use crate::engine::arn::ArnParts;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::Scenario;

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    let Some(key) = scenario.key.parsed.as_ref() else {
        return Vec::new();
    };
    let key_id = scenario.key.key_id();
    let mut out = Vec::new();
    for (_, source) in util::identity_policies(scenario) {
        for st in source.policy.active_statements() {
            let Some(list) = st.resource.as_ref().filter(|l| !l.negated) else {
                continue;
            };
            for v in &list.values {
                let Ok(r) = ArnParts::parse(&v.value) else {
                    continue;
                };
                if r.service != "kms" || r.partition != key.partition {
                    continue;
                }
                let same_id = r.resource.strip_prefix("key/").is_some_and(|id| id == key_id);
                if !same_id {
                    continue;
                }
                let mut wrong = Vec::new();
                if r.region != key.region && !r.region.contains(['*', '?']) {
                    wrong.push(format!("region {} instead of {}", r.region, key.region));
                }
                if r.account != key.account && !r.account.contains(['*', '?']) {
                    wrong.push(format!("account {} instead of {}", r.account, key.account));
                }
                if wrong.is_empty() {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        "resource-arn-mismatch",
                        v.span,
                        format!(
                            "this Resource names key {key_id} with {}, so it does not match the key {}",
                            wrong.join(" and "),
                            scenario.key.arn
                        ),
                        format!("use the key's exact ARN: \"{}\"", scenario.key.arn),
                    )
                    .in_policy(source.id.clone())
                    .with_fix(v.span, format!("\"{}\"", scenario.key.arn), "use the key's ARN"),
                );
            }
        }
    }
    out
}
