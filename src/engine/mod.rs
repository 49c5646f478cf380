//! The kmsplay engine: policy reader, matcher, KMS authorization, findings.
//!
//! Pure Rust: no browser crates, so `cargo test` exercises all of it natively.

pub mod arn;
pub mod builder;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod diagnostic;
pub mod eval;
pub mod examples;
pub mod json;
pub mod lessons;
pub mod limits;
pub mod matrix;
pub mod policy;
pub mod render;
pub mod report;
pub mod rules;
pub mod scenario;
pub mod span;
pub mod suggest;
pub mod tryit;
pub mod variables;
pub mod wildcard;

use std::collections::HashMap;

pub use policy::PolicyKind;
pub use report::{Decision, Finding, Report, Severity};

/// Why a scenario could not be analysed at all (SPEC section 5, exit status 2).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ScenarioError {
    /// What is wrong and how to fix it, lowercase, one line.
    pub message: String,
    /// 1-based line in the scenario text, when known.
    pub line: Option<usize>,
    /// 1-based column in the scenario text, when known.
    pub column: Option<usize>,
}

/// What is wrong with scenario text serde_json refused, without its position (the caller
/// gives line and column): a nesting or number limit is said as such, not as invalid JSON.
pub fn scenario_json_error(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    // serde_json appends " at line L column C".
    let bare = msg.find(" at line ").and_then(|i| msg.get(..i)).unwrap_or(&msg);
    if bare.starts_with("recursion limit exceeded") {
        "the scenario nests arrays and objects more than 128 levels deep; kmsplay reads no deeper".to_string()
    } else if bare.starts_with("number out of range") {
        "the scenario holds a number too large to read; write it as a string".to_string()
    } else {
        format!("the scenario is not valid JSON: {bare}")
    }
}

/// Analyse a scenario given as JSON text (SPEC section 2) into a report (section 3).
pub fn analyze_str(text: &str) -> Result<Report, ScenarioError> {
    Ok(Analysis::from_text(text)?.report())
}

/// Analyse a scenario given as a JSON value.
pub fn analyze_value(value: &serde_json::Value) -> Result<Report, ScenarioError> {
    Ok(Analysis::new(value)?.report())
}

/// A parsed scenario, ready to answer questions about it (the app keeps one per edit).
#[derive(Clone, Debug)]
pub struct Analysis {
    source: serde_json::Value,
    scenario: scenario::Scenario,
}

impl Analysis {
    /// Parse and check a scenario (policies given as objects or raw text).
    pub fn new(value: &serde_json::Value) -> Result<Analysis, ScenarioError> {
        Ok(Analysis { source: value.clone(), scenario: scenario::parse(value)? })
    }

    /// Read scenario text (SPEC section 2) as the CLI and the JS API do: within the size
    /// limit, JSON, and policy objects keeping their repeated keys
    /// ([`scenario::keep_duplicate_members`]).
    pub fn from_text(text: &str) -> Result<Analysis, ScenarioError> {
        if let Some(message) = limits::scenario_text_problem(text.len()) {
            return Err(ScenarioError { message, line: None, column: None });
        }
        // A byte-order mark is no JSON, but editors write one.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut value: serde_json::Value = serde_json::from_str(text).map_err(|e| ScenarioError {
            message: scenario_json_error(&e),
            line: Some(e.line()),
            column: Some(e.column()),
        })?;
        scenario::keep_duplicate_members(text, &mut value);
        Analysis::from_value(value)
    }

    /// [`Analysis::new`] of a value the caller hands over (no copy of it is made).
    pub fn from_value(value: serde_json::Value) -> Result<Analysis, ScenarioError> {
        let scenario = scenario::parse(&value)?;
        Ok(Analysis { source: value, scenario })
    }

    /// Analyse `value`, an edited version of this analysis's scenario: policies whose id
    /// and text did not change are not read again. The result is the same as
    /// [`Analysis::new`]'s.
    pub fn update(&self, value: &serde_json::Value) -> Result<Analysis, ScenarioError> {
        self.update_from_value(value.clone())
    }

    /// [`Analysis::update`] of a value the caller hands over (no copy of it is made).
    pub fn update_from_value(&self, value: serde_json::Value) -> Result<Analysis, ScenarioError> {
        let scenario = scenario::parse_reusing(&value, Some(&self.scenario))?;
        Ok(Analysis { source: value, scenario })
    }

    /// The scenario JSON this analysis was made from.
    pub fn source(&self) -> &serde_json::Value {
        &self.source
    }

    /// The least-privilege change that makes matrix cell `principal` × `action` allowed, or
    /// why none can (what the app's one-click fix applies).
    pub fn suggest_cell(&self, principal: &str, action: &str) -> suggest::Suggestion {
        suggest::suggest_cell(self, principal, action)
    }

    /// The scenario as read.
    pub fn scenario(&self) -> &scenario::Scenario {
        &self.scenario
    }

    /// The full report: one result per request, the matrix, the findings.
    pub fn report(&self) -> Report {
        let sc = &self.scenario;
        let results = sc.requests.iter().map(|r| eval::evaluate(sc, r)).collect();
        Report { format: report::REPORT_FORMAT.to_string(), results, matrix: self.matrix(), findings: self.findings() }
    }

    /// The access matrix (SPEC section 3).
    pub fn matrix(&self) -> report::Matrix {
        matrix::build(&self.scenario)
    }

    /// Every finding: parse-level findings of each policy, then the scenario's own, then the
    /// rules that read the scenario as a whole.
    pub fn findings(&self) -> Vec<Finding> {
        let sc = &self.scenario;
        let mut diags: Vec<diagnostic::Diagnostic> =
            sc.policies().flat_map(|p| p.diagnostics.iter().cloned()).collect();
        diags.extend(sc.diagnostics.iter().cloned());
        for r in &sc.requests {
            if catalog::kms_action(&r.action).is_none() {
                let suggestion = catalog::suggest_action(&r.action);
                diags.push(
                    diagnostic::Diagnostic::new(
                        "unknown-action",
                        span::Span::default(),
                        match suggestion {
                            Some(s) => format!(
                                "a request names \"{}\", which is not a KMS action; did you mean \"{s}\"?",
                                r.action
                            ),
                            None => format!("a request names \"{}\", which is not a KMS action", r.action),
                        },
                        "requests name a KMS action such as kms:Decrypt",
                    )
                    .in_policy("scenario"),
                );
            }
        }
        for (i, r) in sc.requests.iter().enumerate() {
            for problem in eval::request_problems(r) {
                diags.push(
                    diagnostic::Diagnostic::new(
                        "invalid-request",
                        span::Span::default(),
                        format!("request {}: {problem}", i + 1),
                        "only IAM roles can be assumed in via; name the key by key ID, key ARN, alias name or alias ARN",
                    )
                    .in_policy("scenario"),
                );
            }
        }
        diags.extend(rules::check_scenario(sc));
        // Each policy's line index was made when it was read; find policies by id once.
        let mut by_id: HashMap<&str, &scenario::PolicySource> = HashMap::new();
        for p in sc.policies() {
            by_id.entry(p.id.as_str()).or_insert(p);
        }
        let lines_of = |id: &str| by_id.get(id).map_or_else(|| span::LineIndex::new(""), |p| p.line_index());
        diags.iter().map(|d| d.to_finding_with_lines(lines_of)).collect()
    }

    /// The explanation of one matrix cell: `principal` calling `action` on the key by key ARN
    /// with no extra context (what the matrix shows).
    pub fn explain(&self, principal: &str, action: &str) -> report::RequestResult {
        eval::evaluate(&self.scenario, &eval::cell_request(principal, action))
    }

    /// The text of a policy by its id (`key-policy`, `identity:<arn>/<name>`, ...), as the
    /// ranges in reasons and findings refer to it (objects are pretty-printed, SPEC section 3).
    pub fn policy_text(&self, policy_id: &str) -> Option<&str> {
        self.scenario.policy(policy_id).map(|p| p.text.as_str())
    }
}

/// Check one policy on its own (`kmsplay lint`): parse-level findings and the rules that need
/// only this policy. Findings name the policy by its kind (`key-policy`, `identity`, ...).
pub fn lint(text: &str, kind: PolicyKind) -> Vec<Finding> {
    let id = kind.lint_id();
    let source = scenario::PolicySource::from_text(id.to_string(), text.to_string(), kind);
    let mut diags = source.diagnostics.clone();
    diags.extend(rules::check_policy(&source));
    diags.sort_by_key(|d| (d.span.start, d.span.end));
    let lines = source.line_index();
    diags.iter().map(|d| d.to_finding_with_lines(|_| lines.clone())).collect()
}

/// The `json-syntax` finding for a policy file that is not UTF-8 (`lint` reads such files as
/// a syntax error, SPEC section 5); `offset` is the first invalid byte.
pub fn not_utf8_finding(text: &str, offset: usize, kind: PolicyKind) -> Finding {
    diagnostic::Diagnostic::new(
        "json-syntax",
        span::Span::new(offset, offset + 1),
        format!("the file is not UTF-8 text (invalid byte at offset {offset}); a policy is JSON text"),
        "save the policy as UTF-8 JSON text",
    )
    .in_policy(kind.lint_id())
    .to_finding(|_| Some(text))
}
