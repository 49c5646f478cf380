//! For every request of every data-driven case and example that is not allowed, `suggest`
//! either gives a change that — applied and evaluated again here — allows that request and
//! changes no other matrix cell, or says why no change can help. A change comes with a caution
//! exactly when a statement would allow the request but for a condition (`expectFixCaution`
//! in a case pins its text; `expectFixPolicies` the policies the change adds to).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::{Path, PathBuf};

use kmsplay::engine::{suggest, Analysis, Decision};
use serde_json::Value;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for p in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

#[test]
fn every_denied_request_gets_a_verified_fix_or_an_honest_reason() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("tests/cases/eval"), &mut paths);
    files(&root.join("www/examples"), &mut paths);
    paths.sort();
    let (mut fixed, mut impossible, mut failures) = (0, 0, Vec::new());
    for path in &paths {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let analysis = Analysis::new(&value).unwrap();
        let before = analysis.report();
        for (i, result) in before.results.iter().enumerate() {
            if result.decision == Decision::Allow {
                continue;
            }
            let label = format!("{} request {}", path.display(), i + 1);
            let s = suggest::suggest(&analysis, i);
            if s.changes.is_empty() {
                match &s.impossible {
                    Some(why) if why.len() > 20 => {
                        impossible += 1;
                        println!("impossible: {label}: {why}");
                    }
                    _ => failures.push(format!("{label}: no change and no reason")),
                }
                continue;
            }
            let misses = result.reasons.iter().any(|r| r.message.contains("but its condition"));
            if misses != s.caution.is_some() {
                failures.push(format!("{label}: condition misses {misses}, caution {:?}", s.caution));
            }
            if let Some(want) = value["requests"][i]["expectFixPolicies"].as_array() {
                let got: Vec<&str> = s.changes.iter().map(|c| c.policy.as_str()).collect();
                let want: Vec<&str> = want.iter().filter_map(Value::as_str).collect();
                if got != want {
                    failures.push(format!("{label}: the fix changes {got:?}, expected {want:?}"));
                }
            }
            if let Some(want) = value["requests"][i]["expectFixCaution"].as_str() {
                if !s.caution.as_deref().is_some_and(|c| c.contains(want)) {
                    failures.push(format!("{label}: caution {:?} lacks \"{want}\"", s.caution));
                }
            }
            let after = Analysis::new(s.scenario.as_ref().unwrap()).unwrap().report();
            if after.results[i].decision != Decision::Allow {
                failures.push(format!("{label}: after the change: {}", after.results[i].summary));
                continue;
            }
            // Every other matrix cell stays as it was.
            let req = &value["requests"][i];
            let target =
                req["via"].as_array().and_then(|v| v.last()).and_then(Value::as_str).unwrap_or(&result.principal);
            // A session ARN's cell is its role's row (SPEC section 2: a session is the same as its role).
            let session_role = target.split_once(":assumed-role/").map(|(head, rest)| {
                (head.rsplit(':').next().unwrap_or("").to_string(), rest.split('/').next().unwrap_or("").to_string())
            });
            let same_cell = |row: &str| {
                row == target
                    || session_role.as_ref().is_some_and(|(account, role)| {
                        row.contains(&format!("::{account}:role/")) && row.rsplit('/').next() == Some(role.as_str())
                    })
            };
            for row in &before.matrix.rows {
                let Some(row1) = after.matrix.rows.iter().find(|r| r.principal == row.principal) else { continue };
                for ((action, c0), c1) in before.matrix.actions.iter().zip(&row.cells).zip(&row1.cells) {
                    let is_target = same_cell(&row.principal) && *action == result.action;
                    if c0 != c1 && !is_target {
                        failures.push(format!("{label}: the change also moved {} {action}", row.principal));
                    }
                }
            }
            fixed += 1;
        }
    }
    println!("{fixed} fixed, {impossible} impossible");
    assert!(fixed > 20, "only {fixed} requests got a fix");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
