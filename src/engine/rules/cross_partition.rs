//! `cross-partition`: principals or resources in another partition (`aws` vs `aws-cn`) can
//! never match.

use super::util;
use crate::engine::arn::ArnParts;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::Scenario;
use crate::engine::span::Span;

/// Check a scenario.
pub fn check(scenario: &Scenario) -> Vec<Diagnostic> {
    let part = scenario.key.partition();
    let mut out = Vec::new();
    let help = format!("use ARNs in the key's partition ({part}); access never crosses partitions, so this needs a key and principals in one partition");
    if let Some(kp) = util::key_policy(scenario) {
        for st in kp.policy.active_statements() {
            let Some(block) = &st.principal else { continue };
            for p in block.values.iter().filter(|v| v.valid) {
                if let Some((Some(pp), _)) = util::principal_account(&p.value) {
                    if pp != part {
                        out.push(Diagnostic::new(
                            "cross-partition",
                            p.span,
                            format!("\"{}\" is in partition {pp}, but the key is in {part}: this principal can never use the key", p.value),
                            help.clone(),
                        ));
                    }
                }
            }
        }
    }
    for (_, source) in util::identity_policies(scenario) {
        for st in source.policy.active_statements() {
            let Some(list) = &st.resource else { continue };
            for v in &list.values {
                let Ok(r) = ArnParts::parse(&v.value) else {
                    continue;
                };
                if r.service == "kms" && r.partition != part && !r.partition.contains(['*', '?']) {
                    out.push(
                        Diagnostic::new(
                            "cross-partition",
                            v.span,
                            format!(
                                "\"{}\" is in partition {}, but the key is in {part}: this Resource can never match it",
                                v.value, r.partition
                            ),
                            help.clone(),
                        )
                        .in_policy(source.id.clone()),
                    );
                }
            }
        }
    }
    let scenario_place =
        |what: String| Diagnostic::new("cross-partition", Span::default(), what, help.clone()).in_policy("scenario");
    for p in &scenario.principals {
        if let Some(pp) = util::partition_of(&p.arn).filter(|pp| pp != part) {
            out.push(scenario_place(format!(
                "principal {} is in partition {pp}, but the key is in {part}: it can never use the key",
                p.arn
            )));
        }
    }
    for g in &scenario.grants {
        if let Some(pp) = util::partition_of(&g.grantee).filter(|pp| pp != part) {
            out.push(scenario_place(format!(
                "grant \"{}\" names grantee {} in partition {pp}, but the key is in {part}",
                g.name, g.grantee
            )));
        }
    }
    for (i, r) in scenario.requests.iter().enumerate() {
        let listed = scenario.principals.iter().any(|p| p.arn == r.principal);
        if listed {
            continue;
        }
        if let Some(pp) = util::partition_of(&r.principal).filter(|pp| pp != part) {
            out.push(scenario_place(format!(
                "request {} is made by {} in partition {pp}, but the key is in {part}",
                i + 1,
                r.principal
            )));
        }
    }
    out
}
