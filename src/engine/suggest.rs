//! Least-privilege suggestions (`kmsplay suggest`, SPEC section 5).

use serde::Serialize;

use super::Analysis;

/// A change to one policy: add a statement.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    /// Policy id (as in reasons).
    pub policy: String,
    /// The statement to add.
    pub add: serde_json::Value,
}

/// The answer of `suggest`.
#[derive(Clone, Debug, Serialize)]
pub struct Suggestion {
    /// Changes that make the request allowed.
    pub changes: Vec<Change>,
    /// Why no change can help, when none can.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impossible: Option<String>,
    /// The scenario with the changes applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<serde_json::Value>,
}

/// Suggest a change for request `index` (0-based).
pub fn suggest(analysis: &Analysis, index: usize) -> Suggestion {
    let _ = (analysis, index);
    Suggestion { changes: Vec::new(), impossible: Some("suggestions are not implemented yet".into()), scenario: None }
}

/// Text form of a suggestion.
pub fn render(s: &Suggestion) -> String {
    match &s.impossible {
        Some(why) => format!("no change can help: {why}\n"),
        None => s
            .changes
            .iter()
            .map(|c| format!("add to {}:\n{}\n", c.policy, serde_json::to_string_pretty(&c.add).unwrap_or_default()))
            .collect(),
    }
}
