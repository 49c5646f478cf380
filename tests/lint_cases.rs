//! Runs every policy under `tests/cases/lint/<kind>/NAME.json` through `lint` and compares the
//! findings with `NAME.findings`: one `code line` per line (sorted as reported); an empty file
//! means no findings. `<kind>` is key, identity, boundary, trust, scp or rcp.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use kmsplay::engine::{lint, PolicyKind};

#[test]
fn lint_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/lint");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut kinds: Vec<_> =
        std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    kinds.sort();
    for dir in kinds {
        let kind_name = dir.file_name().unwrap().to_str().unwrap().to_string();
        let kind = PolicyKind::from_cli_name(&kind_name).unwrap_or_else(|| panic!("unknown kind folder {kind_name}"));
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
        files.sort();
        for policy in files.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
            let expected_path = policy.with_extension("findings");
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} has no {}", policy.display(), expected_path.display()));
            let text = String::from_utf8_lossy(&std::fs::read(policy).unwrap()).into_owned();
            let got: Vec<String> =
                lint(&text, kind).iter().map(|f| format!("{} {}", f.code, f.range.start.line)).collect();
            let want: Vec<String> = expected
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect();
            if got != want {
                failures.push(format!("{}:\n  expected {want:?}\n  got      {got:?}", policy.display()));
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no lint cases found");
    assert!(failures.is_empty(), "{} of {checked} lint cases failed:\n{}", failures.len(), failures.join("\n"));
}
