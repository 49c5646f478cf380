//! The access matrix: rows and columns as SPEC section 3 fixes them.

use super::catalog::{self, ResourceKind};
use super::eval;
use super::policy::PrincipalType;
use super::report::{Matrix, MatrixRow};
use super::scenario::{self, Scenario};

/// Build the matrix of `scenario`.
pub fn build(scenario: &Scenario) -> Matrix {
    let actions = columns(scenario);
    let rows = rows(scenario)
        .into_iter()
        .map(|principal| {
            let cells = eval::cell_decisions(scenario, &principal, &actions);
            MatrixRow { principal, cells }
        })
        .collect();
    Matrix { actions, rows }
}

/// Rows: the scenario's principals, then those the key policy names, then grantees, in order
/// of first appearance; only the principal forms of SPEC section 2 (a bare account id becomes
/// its root ARN).
pub fn rows(scenario: &Scenario) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let partition = scenario.key.partition().to_string();
    let push = |arn: String, rows: &mut Vec<String>| {
        let arn = if arn.len() == 12 && arn.bytes().all(|b| b.is_ascii_digit()) {
            format!("arn:{partition}:iam::{arn}:root")
        } else {
            arn
        };
        if scenario::request_principal_problem(&arn).is_none() && !rows.contains(&arn) {
            rows.push(arn);
        }
    };
    for p in &scenario.principals {
        push(p.arn.clone(), &mut rows);
    }
    if let Some(kp) = &scenario.key.policy {
        for st in &kp.policy.statements {
            let Some(block) = &st.principal else { continue };
            for v in &block.values {
                if v.kind == PrincipalType::Aws && v.value != "*" && v.valid {
                    push(v.value.clone(), &mut rows);
                }
            }
        }
    }
    for g in &scenario.grants {
        push(g.grantee.clone(), &mut rows);
    }
    rows
}

/// Columns: the standard set, then (catalog order) every other action on the `key` resource
/// that a policy, grant or request names literally.
pub fn columns(scenario: &Scenario) -> Vec<String> {
    let mut named: Vec<&'static str> = Vec::new();
    let note = |name: &str, named: &mut Vec<&'static str>| {
        if super::policy::has_wildcard(name) {
            return;
        }
        if let Some(info) = catalog::kms_action(name) {
            if info.resource == ResourceKind::Key && !named.contains(&info.name) {
                named.push(info.name);
            }
        }
    };
    // What the statements name literally was noted when they were read.
    let mut in_policies = catalog::ActionSet::default();
    for p in scenario.policies() {
        // NotAction adds no columns of its own (SPEC section 3).
        for st in p.policy.statements.iter().filter(|st| !st.action.as_ref().is_some_and(|a| a.negated)) {
            in_policies.extend(st.named_actions());
        }
    }
    for info in catalog::kms_actions() {
        if catalog::action_id(info.name).is_some_and(|id| in_policies.contains(id)) {
            note(info.name, &mut named);
        }
    }
    for g in &scenario.grants {
        for op in &g.operations {
            note(&format!("kms:{op}"), &mut named);
        }
    }
    for r in &scenario.requests {
        note(&r.action, &mut named);
    }
    let mut cols: Vec<String> = catalog::STANDARD_COLUMNS.iter().map(|s| s.to_string()).collect();
    for info in catalog::kms_actions() {
        if named.contains(&info.name) && !cols.iter().any(|c| c == info.name) {
            cols.push(info.name.to_string());
        }
    }
    cols
}
