//! Runs every scenario under `tests/cases/eval/` and every example under `www/examples/`:
//! each request's `expect` (decision), `expectReason`/`expectReasons` (a reason matching all
//! given fields must be present; `messageContains` matches part of its message),
//! `forbidReasons` (no reason may match one of these), `summaryContains` and `expectBlockedBy`; top-level `expectFindings` and
//! `forbidFindings` (finding codes), `expectFindingText` and `forbidFindingText` (`{"code", "contains"}`: text
//! in a finding's message or help), `expectColumns` and `forbidColumns` (matrix actions). New cases are new
//! files: no code changes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use kmsplay::engine::{report::Reason, Analysis};
use serde_json::Value;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn kind_name(r: &Reason) -> String {
    serde_json::to_value(r.kind).unwrap().as_str().unwrap().to_string()
}

fn reason_matches(r: &Reason, want: &Value) -> bool {
    let Some(want) = want.as_object() else {
        return false;
    };
    want.iter().all(|(k, v)| match k.as_str() {
        "kind" => v.as_str() == Some(kind_name(r).as_str()),
        "policy" => v.as_str() == Some(r.policy.as_str()),
        "statement" => v.as_u64().map(|n| n as usize) == r.statement,
        "sid" => v.as_str() == r.sid.as_deref(),
        "messageContains" => v.as_str().is_some_and(|part| r.message.contains(part)),
        _ => true,
    })
}

/// Check one scenario file; returns the failures.
fn check(path: &Path) -> Vec<String> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).unwrap();
    // The expectations; the scenario is read from the text as the CLI and the JS API read a
    // file (policy objects keep their repeated keys).
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return vec![format!("{name}: not JSON: {e}")],
    };
    let analysis = match Analysis::from_text(&text) {
        Ok(a) => a,
        Err(e) => return vec![format!("{name}: scenario error: {}", e.message)],
    };
    let report = analysis.report();
    let mut failures = Vec::new();
    let requests = value.get("requests").and_then(Value::as_array).cloned().unwrap_or_default();
    for (i, (req, result)) in requests.iter().zip(&report.results).enumerate() {
        let label = format!("{name} request {} ({} {})", i + 1, result.principal, result.action);
        let reasons_text = || {
            result
                .reasons
                .iter()
                .map(|r| {
                    format!("    {} {} stmt={:?} sid={:?}: {}", kind_name(r), r.policy, r.statement, r.sid, r.message)
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        if let Some(expect) = req.get("expect").and_then(Value::as_str) {
            if result.decision.as_str() != expect {
                failures.push(format!(
                    "{label}: expected {expect}, got {}\n    summary: {}\n{}",
                    result.decision.as_str(),
                    result.summary,
                    reasons_text()
                ));
                continue;
            }
        }
        let mut wanted: Vec<Value> = Vec::new();
        if let Some(r) = req.get("expectReason") {
            wanted.push(r.clone());
        }
        if let Some(Value::Array(rs)) = req.get("expectReasons") {
            wanted.extend(rs.iter().cloned());
        }
        for w in wanted {
            if !result.reasons.iter().any(|r| reason_matches(r, &w)) {
                failures.push(format!(
                    "{label}: no reason matches {w}\n    summary: {}\n{}",
                    result.summary,
                    reasons_text()
                ));
            }
        }
        for f in req.get("forbidReasons").and_then(Value::as_array).into_iter().flatten() {
            if result.reasons.iter().any(|r| reason_matches(r, f)) {
                failures.push(format!("{label}: a reason matches forbidden {f}\n{}", reasons_text()));
            }
        }
        if let Some(part) = req.get("summaryContains").and_then(Value::as_str) {
            if !result.summary.contains(part) {
                failures.push(format!("{label}: summary lacks \"{part}\": {}", result.summary));
            }
        }
        if let Some(b) = req.get("expectBlockedBy") {
            let got = serde_json::to_value(result.blocked_by).unwrap();
            if &got != b {
                failures.push(format!("{label}: expected blockedBy {b}, got {got}"));
            }
        }
    }
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    for code in value.get("expectFindings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !codes.contains(&code) {
            failures.push(format!("{name}: expected finding {code}, got {codes:?}"));
        }
    }
    for code in value.get("forbidFindings").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if codes.contains(&code) {
            let f: Vec<_> = report.findings.iter().filter(|f| f.code == code).map(|f| f.message.clone()).collect();
            failures.push(format!("{name}: finding {code} must not appear: {f:?}"));
        }
    }
    // `expectFindingText` / `forbidFindingText`: [{"code", "contains"}]: some / no finding of
    // that code has the text in its message or help.
    let has_text = |spec: &Value| {
        let code = spec["code"].as_str().unwrap_or("");
        let part = spec["contains"].as_str().unwrap_or("");
        report.findings.iter().any(|f| f.code == code && (f.message.contains(part) || f.help.contains(part)))
    };
    for spec in value.get("expectFindingText").and_then(Value::as_array).into_iter().flatten() {
        if !has_text(spec) {
            failures.push(format!("{name}: no finding matches {spec}"));
        }
    }
    for spec in value.get("forbidFindingText").and_then(Value::as_array).into_iter().flatten() {
        if has_text(spec) {
            failures.push(format!("{name}: a finding matches forbidden {spec}"));
        }
    }
    // `expectColumns` / `forbidColumns`: actions that must / must not be matrix columns.
    let columns = &report.matrix.actions;
    for a in value.get("expectColumns").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if !columns.iter().any(|c| c == a) {
            failures.push(format!("{name}: expected matrix column {a}, got {columns:?}"));
        }
    }
    for a in value.get("forbidColumns").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
        if columns.iter().any(|c| c == a) {
            failures.push(format!("{name}: {a} must not be a matrix column: {columns:?}"));
        }
    }
    failures
}

fn run(dir: &str, at_least: usize) {
    let mut paths = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut paths);
    assert!(paths.len() >= at_least, "expected at least {at_least} cases under {dir}, found {}", paths.len());
    let failures: Vec<String> = paths.iter().flat_map(|p| check(p)).collect();
    assert!(failures.is_empty(), "{} of {} files failed:\n{}", failures.len(), paths.len(), failures.join("\n"));
}

#[test]
fn authorization_cases() {
    run("tests/cases/eval", 1);
}

#[test]
fn examples() {
    run("www/examples", 7);
}
