//! The kmsplay engine: policy reader, matcher, KMS authorization, findings.
//!
//! Pure Rust: no browser crates, so `cargo test` exercises all of it natively.

pub mod arn;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod examples;
pub mod json;
pub mod policy;
pub mod report;
pub mod span;
pub mod variables;
pub mod wildcard;

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

/// Analyse a scenario given as JSON text (SPEC section 2) into a report (section 3).
pub fn analyze_str(text: &str) -> Result<Report, ScenarioError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ScenarioError {
        message: format!("the scenario is not valid JSON: {e}"),
        line: Some(e.line()),
        column: Some(e.column()),
    })?;
    analyze_value(&value)
}

/// Analyse a scenario given as a JSON value.
pub fn analyze_value(value: &serde_json::Value) -> Result<Report, ScenarioError> {
    Ok(Analysis::new(value)?.report())
}

/// A parsed scenario, ready to answer questions about it (the app keeps one per edit).
#[derive(Clone, Debug)]
pub struct Analysis {
    _private: (),
}

impl Analysis {
    /// Parse and check a scenario (policies given as objects or raw text).
    pub fn new(value: &serde_json::Value) -> Result<Analysis, ScenarioError> {
        let _ = value;
        Ok(Analysis { _private: () })
    }

    /// The full report: one result per request, the matrix, the findings.
    pub fn report(&self) -> Report {
        Report {
            format: report::REPORT_FORMAT.to_string(),
            ..Report::default()
        }
    }

    /// The explanation of one matrix cell: `principal` calling `action` on the key by key ARN
    /// with no extra context (what the matrix shows).
    pub fn explain(&self, principal: &str, action: &str) -> report::RequestResult {
        report::RequestResult {
            principal: principal.to_string(),
            action: action.to_string(),
            decision: Decision::ImplicitDeny,
            summary: String::from("the authorization engine is not written yet"),
            reasons: Vec::new(),
            blocked_by: None,
        }
    }

    /// The text of a policy by its id (`key-policy`, `identity:<arn>/<name>`, ...), as the
    /// ranges in reasons and findings refer to it (objects are pretty-printed, SPEC section 3).
    pub fn policy_text(&self, policy_id: &str) -> Option<&str> {
        let _ = policy_id;
        None
    }
}
