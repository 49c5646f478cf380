//! The JavaScript API (feature `js-api`): plain JS objects in and out, errors as exceptions
//! with a message, never a trap. A thin layer: every function converts, calls the engine,
//! converts back.
//!
//! ```js
//! import init, { analyze, lint, suggest } from "./kmsplay.js";
//! await init();
//! const report = analyze({ key: { arn: "arn:aws:kms:...", policy: {...} }, principals: [...] });
//! const findings = lint(policyText, "key");
//! const change = suggest(scenario, 1);   // request number, 1-based
//! ```

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::engine::{self, Analysis, PolicyKind, ScenarioError};

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("kmsplay: cannot convert the result: {e}")))
}

fn scenario_of(scenario: JsValue) -> Result<Analysis, JsError> {
    if let Some(text) = scenario.as_string() {
        return Analysis::from_text(&text).map_err(|e| scenario_error(&e));
    }
    let value: serde_json::Value = serde_wasm_bindgen::from_value(scenario)
        .map_err(|e| JsError::new(&format!("kmsplay: the scenario is not a plain JSON object: {e}")))?;
    Analysis::from_value(value).map_err(|e| scenario_error(&e))
}

/// "kmsplay: MESSAGE (line L, column C)".
fn scenario_error(e: &ScenarioError) -> JsError {
    match (e.line, e.column) {
        (Some(l), Some(c)) => JsError::new(&format!("kmsplay: {} (line {l}, column {c})", e.message)),
        _ => JsError::new(&format!("kmsplay: {}", e.message)),
    }
}

/// Analyse a scenario (a JS object or JSON text, format `kmsplay/v1`) into a report
/// (`kmsplay-report/v1`): results, matrix, findings.
#[wasm_bindgen]
pub fn analyze(scenario: JsValue) -> Result<JsValue, JsError> {
    to_js(&scenario_of(scenario)?.report())
}

/// Lint one policy's text; `kind` is `key`, `identity`, `boundary`, `trust`, `scp` or `rcp`.
/// Returns `{findings: [...]}`.
#[wasm_bindgen]
pub fn lint(text: &str, kind: &str) -> Result<JsValue, JsError> {
    let kind = PolicyKind::from_cli_name(kind).ok_or_else(|| {
        JsError::new(&format!(
            "kmsplay: unknown policy kind \"{kind}\": use key, identity, boundary, trust, scp or rcp"
        ))
    })?;
    to_js(&serde_json::json!({ "findings": engine::lint(text, kind) }))
}

/// The least-privilege change that makes request `n` (1-based) allowed:
/// `{changes: [{policy, add}], scenario, caution?}` or `{changes: [], impossible: "why"}`
/// (`caution` when the change drops a condition that a statement puts on the call).
#[wasm_bindgen]
pub fn suggest(scenario: JsValue, n: usize) -> Result<JsValue, JsError> {
    let analysis = scenario_of(scenario)?;
    let count = analysis.scenario().requests.len();
    if n == 0 || n > count {
        return Err(JsError::new(&format!(
            "kmsplay: request {n} is out of range: the scenario has {count} request(s), numbered from 1"
        )));
    }
    to_js(&engine::suggest::suggest(&analysis, n - 1))
}

/// The version of the engine.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Analyse a scenario given as JSON text exactly as [`analyze`] does (parse, report with
/// results, matrix and findings) but return only the number of matrix cells: the report is
/// not converted to JS objects. For timing the engine in the browser (`www/perf.html`),
/// where the conversion would otherwise be most of what is measured.
#[wasm_bindgen(js_name = analyzeCells)]
pub fn analyze_cells(scenario: &str) -> Result<usize, JsError> {
    let analysis = Analysis::from_text(scenario).map_err(|e| scenario_error(&e))?;
    Ok(analysis.report().matrix.rows.iter().map(|r| r.cells.len()).sum())
}
