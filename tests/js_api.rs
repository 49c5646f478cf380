//! The JavaScript API in a real browser (wasm-bindgen-test, headless Chromium):
//! `cargo test --target wasm32-unknown-unknown --no-default-features --features js-api --test js_api`

#![cfg(all(target_arch = "wasm32", feature = "js-api"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use js_sys::{Reflect, JSON};
use kmsplay::js_api::{analyze, lint, suggest};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn example() -> JsValue {
    JSON::parse(kmsplay::engine::examples::example("key-policy-precedence").unwrap()).unwrap()
}

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(v.clone(), |acc, k| Reflect::get(&acc, &JsValue::from_str(k)).unwrap())
}

#[wasm_bindgen_test]
fn analyze_takes_a_plain_object_and_returns_a_plain_report() {
    let report = analyze(example()).unwrap();
    assert_eq!(get(&report, &["format"]).as_string().unwrap(), "kmsplay-report/v1");
    let first = Reflect::get(&get(&report, &["results"]), &JsValue::from(0)).unwrap();
    assert_eq!(get(&first, &["decision"]).as_string().unwrap(), "allow");
    // Plain objects, not Maps: JSON.stringify sees the members.
    let text = JSON::stringify(&report).unwrap().as_string().unwrap();
    assert!(text.contains("\"matrix\""));
}

#[wasm_bindgen_test]
fn analyze_also_takes_json_text_and_rejects_bad_input_with_a_message() {
    let text = JsValue::from_str(kmsplay::engine::examples::example("docs-external-account").unwrap());
    assert!(analyze(text).is_ok());
    let err = analyze(JSON::parse(r#"{"key": {}}"#).unwrap()).err().unwrap();
    let msg = JsValue::from(err);
    let msg = Reflect::get(&msg, &JsValue::from_str("message")).unwrap().as_string().unwrap();
    assert!(msg.contains("arn"), "{msg}");
    assert!(analyze(JsValue::from_str("{ nope")).is_err());
}

#[wasm_bindgen_test]
fn lint_returns_findings_and_rejects_unknown_kinds() {
    let out = lint("{\"Statement\": [", "key").unwrap();
    let first = Reflect::get(&get(&out, &["findings"]), &JsValue::from(0)).unwrap();
    assert_eq!(get(&first, &["code"]).as_string().unwrap(), "json-syntax");
    assert!(lint("{}", "bucket").is_err());
}

#[wasm_bindgen_test]
fn suggest_returns_a_change_for_a_denied_request() {
    let out = suggest(example(), 2).unwrap();
    let change = Reflect::get(&get(&out, &["changes"]), &JsValue::from(0)).unwrap();
    assert_eq!(get(&change, &["policy"]).as_string().unwrap(), "key-policy");
    assert!(suggest(example(), 9).is_err());
}
