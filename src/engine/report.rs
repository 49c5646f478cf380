//! The report (`kmsplay-report/v1`, SPEC section 3): results, matrix and findings.

use serde::{Deserialize, Serialize};

use super::span::Range;

/// The format tag of a report.
pub const REPORT_FORMAT: &str = "kmsplay-report/v1";

/// The whole answer for one scenario.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// One result per request, in request order.
    pub results: Vec<RequestResult>,
    /// Effective access at a glance.
    pub matrix: Matrix,
    /// Problems and risks found in the policies.
    pub findings: Vec<Finding>,
}

/// A policy decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// Some policy or grant allows the call and nothing denies it.
    Allow,
    /// A `Deny` statement applies.
    ExplicitDeny,
    /// Nothing allows the call (or a required allow is missing).
    ImplicitDeny,
}

impl Decision {
    /// The SPEC spelling (`allow`, `explicit-deny`, `implicit-deny`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "allow",
            Decision::ExplicitDeny => "explicit-deny",
            Decision::ImplicitDeny => "implicit-deny",
        }
    }

    /// Parse the SPEC spelling.
    pub fn parse(s: &str) -> Option<Decision> {
        match s {
            "allow" => Some(Decision::Allow),
            "explicit-deny" => Some(Decision::ExplicitDeny),
            "implicit-deny" => Some(Decision::ImplicitDeny),
            _ => None,
        }
    }
}

/// What a reason says about the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonKind {
    /// This statement (or grant) allowed the call.
    AllowedBy,
    /// This statement denied the call.
    DeniedBy,
    /// An allow that is required is missing; the message says where it would go.
    Missing,
    /// A statement or fact that does not apply to this call (shown to explain).
    NotApplicable,
    /// A statement or whole policy ignored because it is invalid (SPEC section 8).
    Void,
    /// The call never reaches this key.
    Unreachable,
}

/// Why a result is what it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// What this reason says.
    pub kind: ReasonKind,
    /// Policy id: `key-policy`, `identity:<arn>/<name>`, `boundary:<arn>`, `trust:<arn>`,
    /// `scp:<name>`, `rcp:<name>`, `grant:<name>` or `engine`.
    pub policy: String,
    /// 0-based index in the policy's `Statement` array, when a statement is meant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub statement: Option<usize>,
    /// The statement's `Sid`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sid: Option<String>,
    /// Where in that policy's text.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub range: Option<Range>,
    /// One sentence for people.
    pub message: String,
}

/// Why the key could not perform a call that the policies allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockedBy {
    /// The key's state (disabled, pending deletion, ...) refuses the operation.
    KeyState,
    /// The key's spec or usage cannot perform the operation.
    KeySpec,
}

/// The answer to one request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestResult {
    /// The request's principal, as given.
    pub principal: String,
    /// The action, in the catalog's spelling.
    pub action: String,
    /// The policy decision.
    pub decision: Decision,
    /// One plain-English sentence saying why.
    pub summary: String,
    /// The statements and facts that decided it.
    pub reasons: Vec<Reason>,
    /// Set when the policies allow the call but the key could not perform it.
    #[serde(rename = "blockedBy", skip_serializing_if = "Option::is_none", default)]
    pub blocked_by: Option<BlockedBy>,
}

/// Principal × action decisions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// Column headers.
    pub actions: Vec<String>,
    /// One row per principal.
    pub rows: Vec<MatrixRow>,
}

/// One principal's decisions, one per column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixRow {
    /// The principal ARN.
    pub principal: String,
    /// Decisions in column order.
    pub cells: Vec<Decision>,
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Informational.
    Info,
    /// Probably a mistake or a risk.
    Warning,
    /// AWS would reject it, or it is dangerous.
    Error,
}

impl Severity {
    /// The SPEC spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A text edit: replace `range` with `text`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    /// What to replace (empty for an insertion).
    pub range: Range,
    /// The new text.
    pub text: String,
}

/// A machine-applicable repair of a finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    /// What the fix does.
    pub message: String,
    /// The edits, in the finding's policy text.
    pub edits: Vec<Edit>,
}

/// Another place that belongs to a finding (e.g. the IAM statement of a cross-account pair).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Related {
    /// Policy id of that place.
    pub policy: String,
    /// Where in that policy.
    pub range: Range,
    /// What is there.
    pub message: String,
}

/// A problem or risk in the policies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable kebab-case code (SPEC section 4).
    pub code: String,
    /// How serious.
    pub severity: Severity,
    /// Policy id (as in reasons), `scenario`, or for `lint` the kind's name.
    pub policy: String,
    /// What is wrong, with the concrete names.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Where.
    pub range: Range,
    /// Other places involved, in other policies.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub related: Vec<Related>,
    /// A repair that can be applied mechanically.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<Fix>,
}
