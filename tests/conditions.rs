//! Table-driven tests of condition operators: every `tests/cases/conditions/*.json` file.
//!
//! Each case names an operator, a key, the policy values and a request context, and the
//! expected result of `condition::evaluate`. Failures are collected and reported by file and
//! case name, then the test fails once with all of them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::fs;
use std::path::{Path, PathBuf};

use kmsplay::engine::condition::{self, Operator};
use kmsplay::engine::context::Context;
use serde_json::Value;

/// Policy or context value as text: strings as they are, numbers and booleans as JSON text.
fn text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("a value must be a string, number or boolean, not {other}")),
    }
}

/// A string/number/bool or an array of them, as a list of texts.
fn texts(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::Array(items) => items.iter().map(text).collect(),
        single => Ok(vec![text(single)?]),
    }
}

fn field<'a>(case: &'a Value, name: &str) -> Result<&'a Value, String> {
    case.get(name).ok_or_else(|| format!("missing \"{name}\""))
}

/// Run one case: Ok(None) when it passes, Ok(Some(message)) when the result is wrong,
/// Err when the case itself is malformed.
fn run_case(case: &Value) -> Result<Option<String>, String> {
    let op_name = field(case, "operator")?.as_str().ok_or("\"operator\" must be a string")?;
    let op = Operator::parse(op_name).ok_or_else(|| format!("{op_name:?} is not a valid operator"))?;
    let key = field(case, "key")?.as_str().ok_or("\"key\" must be a string")?;
    let values = texts(field(case, "values")?)?;
    let mut ctx = Context::new();
    if let Some(c) = case.get("context") {
        let obj = c.as_object().ok_or("\"context\" must be an object")?;
        for (k, v) in obj {
            ctx.insert(k, texts(v)?);
        }
    }
    let variables = match case.get("variables") {
        None => true,
        Some(v) => v.as_bool().ok_or("\"variables\" must be a boolean")?,
    };
    let expect = field(case, "expect")?.as_bool().ok_or("\"expect\" must be a boolean")?;
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let got = condition::evaluate(&op, key, &refs, &ctx, variables);
    Ok((got != expect).then(|| format!("expected {expect}, got {got} ({op_name} {key} {values:?})")))
}

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/conditions");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn condition_cases() {
    let mut total = 0usize;
    let mut failures = Vec::new();
    for path in case_files() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let data: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{file}: not valid JSON: {e}"));
        let cases = data.get("cases").and_then(Value::as_array).unwrap_or_else(|| panic!("{file}: no \"cases\" array"));
        assert!(!cases.is_empty(), "{file}: no cases");
        let mut names = std::collections::HashSet::new();
        for case in cases {
            total += 1;
            let name = case.get("name").and_then(Value::as_str).unwrap_or("(unnamed)");
            assert!(names.insert(name.to_string()), "{file}: duplicate case name {name:?}");
            match run_case(case) {
                Ok(None) => {}
                Ok(Some(msg)) => failures.push(format!("{file}: {name}: {msg}")),
                Err(msg) => failures.push(format!("{file}: {name}: malformed case: {msg}")),
            }
        }
    }
    println!("{total} condition cases, {} failed", failures.len());
    for f in &failures {
        println!("FAILED {f}");
    }
    assert!(failures.is_empty(), "{} of {total} condition cases failed:\n{}", failures.len(), failures.join("\n"));
    assert!(total >= 150, "only {total} condition cases");
}

/// The operator names used in the case files all round-trip, and every base operator is
/// exercised by at least one case.
#[test]
fn cases_cover_every_base_operator() {
    let mut seen = std::collections::HashSet::new();
    for path in case_files() {
        let data: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        for case in data["cases"].as_array().unwrap() {
            let name = case["operator"].as_str().unwrap();
            let op = Operator::parse(name).unwrap();
            assert_eq!(op.name(), name);
            seen.insert(op.base);
        }
    }
    for base in condition::BaseOperator::all() {
        assert!(seen.contains(base), "no case uses {}", base.name());
    }
}

/// No input makes the matching layer panic, and syntax-error offsets point inside the text.
#[cfg(not(target_arch = "wasm32"))]
mod no_panic {
    use kmsplay::engine::arn::{arn_match, partition_of, Arn};
    use kmsplay::engine::condition::{self, Operator};
    use kmsplay::engine::context::Context;
    use kmsplay::engine::variables;
    use kmsplay::engine::wildcard::{glob_match, glob_match_ignore_case, Pattern};
    use proptest::prelude::*;

    /// Text rich in the characters the readers care about.
    const SPICY: &str = "[${}*?:/' ,.+=TZtz0-9a-fA-F%é\\-]{0,40}";

    proptest! {
        #[test]
        fn operators_and_values(name in "\\PC{0,40}", value in SPICY, request in SPICY) {
            let _ = Operator::parse(&name);
            let _ = condition::suggest_operator(&name);
            let mut ctx = Context::new();
            ctx.insert("k", vec![request.clone(), value.clone()]);
            ctx.insert_one("aws:username", &request);
            for op in Operator::all() {
                let _ = condition::check_value(&op, &value);
                let _ = condition::evaluate(&op, "k", &[value.as_str()], &ctx, true);
                let _ = condition::evaluate(&op, "aws:username", &[value.as_str(), "${aws:username}"], &ctx, true);
            }
        }

        #[test]
        fn variables_and_patterns(s in SPICY, t in SPICY) {
            let mut ctx = Context::new();
            ctx.insert_one("aws:username", &t);
            let _ = variables::substitute(&s, &ctx, true);
            let _ = variables::substitute(&s, &ctx, false);
            for (offset, message) in variables::check_syntax(&s) {
                prop_assert!(s.is_char_boundary(offset), "offset {} in {:?}", offset, s);
                prop_assert!(!message.is_empty());
            }
            let _ = glob_match(&s, &t);
            let _ = glob_match_ignore_case(&s, &t);
            let _ = arn_match(&Pattern::glob(&s), &t);
            let _ = Arn::parse(&s);
            let _ = partition_of(&s);
        }

        #[test]
        fn arn_display_round_trips(s in "arn:[a-z-]{1,5}:[a-z]{1,5}:[a-z0-9-]{0,5}:[0-9]{0,4}:[a-z/:*]{1,12}") {
            let arn = Arn::parse(&s).unwrap();
            prop_assert_eq!(arn.to_string(), s.clone());
            prop_assert!(arn_match(&Pattern::literal(&s), &s));
        }
    }
}
