//! The matrix writes no reasons and makes each row's caller and context once
//! (`eval::cell_decisions`); every cell must still be exactly what `Analysis::explain` says,
//! and `eval::decision` what `eval::evaluate` says, on every example, every eval case and the
//! large benchmark scenario.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../benches/gen.rs"]
mod gen;

use std::path::{Path, PathBuf};

use kmsplay::engine::{eval, examples::EXAMPLES, Analysis};
use serde_json::Value;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for p in entries.flatten().map(|e| e.path()) {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn scenarios() -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> =
        EXAMPLES.iter().map(|(id, text)| (id.to_string(), serde_json::from_str(text).unwrap())).collect();
    let mut paths = Vec::new();
    files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/eval"), &mut paths);
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        if let Ok(v) = serde_json::from_str(&text) {
            out.push((p.display().to_string(), v));
        }
    }
    out.push(("generated large scenario".into(), gen::large_scenario()));
    out
}

#[test]
fn fast_paths_decide_like_the_explained_path() {
    let mut cells = 0;
    for (name, value) in scenarios() {
        let Ok(analysis) = Analysis::new(&value) else { continue };
        let sc = analysis.scenario();
        let matrix = analysis.matrix();
        for row in &matrix.rows {
            for (action, cell) in matrix.actions.iter().zip(&row.cells) {
                let explained = analysis.explain(&row.principal, action).decision;
                assert_eq!(*cell, explained, "{name}: {} × {action}", row.principal);
                cells += 1;
            }
        }
        for r in &sc.requests {
            assert_eq!(eval::decision(sc, r), eval::evaluate(sc, r).decision, "{name}: {} {}", r.principal, r.action);
        }
    }
    assert!(cells > 1_000, "only {cells} cells checked");
}
