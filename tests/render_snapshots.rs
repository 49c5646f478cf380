//! Golden files of the text people read: for every `tests/cases/lint/<kind>/NAME.json`, the
//! `kmsplay lint` text output (source line, caret, help) must equal `NAME.txt` beside it.
//! Run with `KMSPLAY_BLESS=1` to write the `.txt` files after an intended change, then review
//! the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use kmsplay::engine::{lint, render, PolicyKind};

#[test]
fn lint_text_output_matches_golden_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bless = std::env::var_os("KMSPLAY_BLESS").is_some();
    let mut failures = Vec::new();
    let mut checked = 0;
    for dir in std::fs::read_dir(root.join("tests/cases/lint")).unwrap().flatten().map(|e| e.path()) {
        let Some(kind) = dir.file_name().and_then(|n| n.to_str()).and_then(PolicyKind::from_cli_name) else { continue };
        for policy in std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()) {
            if policy.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&policy).unwrap();
            let shown = policy.strip_prefix(root).unwrap().display().to_string();
            let mut out = String::new();
            for f in lint(&text, kind) {
                render::finding(&mut out, &shown, &f, Some(&text));
            }
            let golden = policy.with_extension("txt");
            if bless {
                std::fs::write(&golden, &out).unwrap();
            } else {
                let want = std::fs::read_to_string(&golden).unwrap_or_default();
                if want != out {
                    failures.push(format!("{}:\n--- expected\n{want}--- got\n{out}", golden.display()));
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}\n(re-run with KMSPLAY_BLESS=1 if the change is intended)", failures.join("\n"));
}
