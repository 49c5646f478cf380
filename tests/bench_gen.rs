//! The benchmark generators (`benches/gen.rs`) produce what the benchmarks claim to measure:
//! a large scenario whose key policy is close to (and under) 32 KB and whose matrix has every
//! action on the key as a column, and pathological inputs the engine reads without failing.
//! Shape only: benchmarks are not tests, so nothing here is timed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../benches/gen.rs"]
mod gen;

use kmsplay::engine::{catalog, json, lint, Analysis, PolicyKind};

#[test]
fn large_scenario_has_the_promised_shape() {
    let value = gen::large_scenario();
    let analysis = Analysis::new(&value).unwrap();
    let sc = analysis.scenario();
    let key_policy = sc.key.policy.as_ref().unwrap();
    assert!(key_policy.text.len() <= 32 * 1024, "{} bytes", key_policy.text.len());
    assert!(key_policy.text.len() >= 30 * 1024, "{} bytes", key_policy.text.len());
    assert!(key_policy.policy.void.is_none());
    assert!(key_policy.policy.statements.len() >= 90, "{} statements", key_policy.policy.statements.len());
    assert!(key_policy.policy.statements.iter().skip(1).all(|s| !s.conditions.is_empty()));
    assert_eq!(sc.principals.len(), gen::PRINCIPALS);
    for p in &sc.principals {
        assert_eq!(p.policies.len(), gen::POLICIES_PER_PRINCIPAL);
        for n in &p.policies {
            assert_eq!(n.source.policy.statements.len(), gen::STATEMENTS_PER_POLICY);
        }
    }
    assert_eq!(sc.grants.len(), gen::GRANTS);
    assert_eq!(sc.scps.len(), 1);

    let report = analysis.report();
    let key_actions: Vec<&str> =
        catalog::kms_actions().iter().filter(|a| a.resource == catalog::ResourceKind::Key).map(|a| a.name).collect();
    for a in &key_actions {
        assert!(report.matrix.actions.iter().any(|c| c == a), "no column for {a}");
    }
    assert!(report.matrix.rows.len() >= gen::PRINCIPALS);
    assert_eq!(report.results.len(), gen::PRINCIPALS);
    // Every kind of decision occurs, so the benchmark exercises every path.
    let cells: Vec<_> = report.matrix.rows.iter().flat_map(|r| r.cells.iter()).collect();
    for d in ["allow", "explicit-deny", "implicit-deny"] {
        assert!(cells.iter().any(|c| serde_json::to_value(c).unwrap() == d), "no {d} cell");
    }
}

#[test]
fn generators_are_deterministic() {
    assert_eq!(gen::large_scenario(), gen::large_scenario());
    assert_ne!(gen::large_scenario(), gen::large_scenario_edited(3));
}

#[test]
fn edited_scenario_reports_like_a_fresh_one() {
    let edited = gen::large_scenario_edited(3);
    let a = Analysis::new(&edited).unwrap().report();
    let b = kmsplay::engine::analyze_str(&edited.to_string()).unwrap();
    assert_eq!(serde_json::to_value(a).unwrap(), serde_json::to_value(b).unwrap());
}

#[test]
fn nesting_reaches_the_depth_limit_and_no_further() {
    let at_limit = gen::nested_policy_text(json::MAX_DEPTH);
    assert!(json::parse(&at_limit).is_ok());
    let over = gen::nested_policy_text(json::MAX_DEPTH + 1);
    assert!(json::parse(&over).is_err());
    let findings = lint(&gen::nested_scenario_text(json::MAX_DEPTH, 20), PolicyKind::Key);
    assert!(findings.iter().all(|f| f.code != "json-syntax"));
}

#[test]
fn pathological_scenarios_are_answered() {
    let glob = Analysis::new(&gen::wildcard_scenario(10, 1_000)).unwrap().report();
    assert_eq!(glob.results.len(), 1);
    let values = Analysis::new(&gen::many_values_scenario(1_000)).unwrap().report();
    assert_eq!(serde_json::to_value(values.results[0].decision).unwrap(), "allow");
    assert!(!kmsplay::engine::wildcard::glob_match(&gen::star_pattern(10), &"a".repeat(1_000)));
}

#[test]
fn update_reuses_unchanged_policies_and_reports_the_same() {
    let before = Analysis::new(&gen::large_scenario()).unwrap();
    let edited = gen::large_scenario_edited(3);
    let updated = before.update(&edited).unwrap();
    let fresh = Analysis::new(&edited).unwrap();
    assert_eq!(updated.report(), fresh.report());
    let (mut reused, mut reread) = (Vec::new(), Vec::new());
    for new in updated.scenario().policies() {
        let old = before.scenario().policy(&new.id).unwrap();
        if std::sync::Arc::ptr_eq(&old.policy, &new.policy) {
            reused.push(new.id.clone());
        } else {
            reread.push(new.id.clone());
        }
    }
    // exactly the edited identity policy of principal 3 was read again
    assert_eq!(reread.len(), 1, "{reread:?}");
    assert!(reread[0].starts_with(&format!("identity:{}/", gen::principal_arn(3))), "{reread:?}");
    assert!(reused.len() > 100, "{} reused", reused.len());
}
