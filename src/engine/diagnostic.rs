//! Findings before they are placed: byte spans into named policies.
//!
//! Rules produce [`Diagnostic`]s; the report turns them into [`Finding`]s with lines and
//! columns once it knows every policy's text.

use super::report::{Edit, Finding, Fix, Related, Severity};
use super::rules;
use super::span::{LineIndex, Span};

/// A place in another policy that belongs to a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct RelatedSpan {
    /// Policy id.
    pub policy: String,
    /// Where in that policy.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// A finding with byte spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Finding code (registered in [`rules::RULES`]).
    pub code: &'static str,
    /// Severity (the code's default unless a rule says otherwise).
    pub severity: Severity,
    /// Policy id; empty until the caller places it.
    pub policy: String,
    /// Primary span.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// An insertion or replacement that repairs it: `(span to replace, new text)`.
    pub fix: Option<(Span, String, String)>,
    /// Other places involved.
    pub related: Vec<RelatedSpan>,
}

impl Diagnostic {
    /// A diagnostic with the code's default severity.
    pub fn new(code: &'static str, span: Span, message: impl Into<String>, help: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: rules::severity(code),
            policy: String::new(),
            span,
            message: message.into(),
            help: help.into(),
            fix: None,
            related: Vec::new(),
        }
    }

    /// Attach a repair: replace `span` with `text`, described by `message`.
    pub fn with_fix(mut self, span: Span, text: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        self.fix = Some((span, text.into(), message.into()));
        self
    }

    /// Set the policy id.
    pub fn in_policy(mut self, policy: impl Into<String>) -> Diagnostic {
        self.policy = policy.into();
        self
    }

    /// Add a related place.
    pub fn with_related(mut self, policy: impl Into<String>, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related.push(RelatedSpan { policy: policy.into(), span, message: message.into() });
        self
    }

    /// Place the diagnostic: `text_of` gives the text of a policy id (None: ranges point at 1:1).
    pub fn to_finding<'t>(&self, text_of: impl Fn(&str) -> Option<&'t str>) -> Finding {
        self.to_finding_with_lines(|policy| LineIndex::new(text_of(policy).unwrap_or("")))
    }

    /// [`Diagnostic::to_finding`] given the line index of each policy's text by id (an empty
    /// text's for unknown ids), so that a caller holding indexes need not rebuild them.
    pub fn to_finding_with_lines<'t>(&self, lines_of: impl Fn(&str) -> LineIndex<'t>) -> Finding {
        let range_in = |policy: &str, span: Span| lines_of(policy).range(span);
        Finding {
            code: self.code.to_string(),
            severity: self.severity,
            policy: self.policy.clone(),
            message: self.message.clone(),
            help: self.help.clone(),
            range: range_in(&self.policy, self.span),
            related: self
                .related
                .iter()
                .map(|r| Related {
                    policy: r.policy.clone(),
                    range: range_in(&r.policy, r.span),
                    message: r.message.clone(),
                })
                .collect(),
            fix: self.fix.as_ref().map(|(span, text, message)| Fix {
                message: message.clone(),
                edits: vec![Edit { range: range_in(&self.policy, *span), text: text.clone() }],
            }),
        }
    }
}
