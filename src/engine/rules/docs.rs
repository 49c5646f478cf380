//! The documentation page of every finding code (`kmsplay rules CODE`), one Markdown file per
//! code under `rules/docs/`. Each page has the same sections: what the rule finds, why it
//! matters in AWS, an example that triggers it and a fix that does not (both are checked by
//! `tests/rule_docs.rs`), and references to the AWS documentation.

/// The Markdown page of `code`, or None for a code without a page.
pub fn page(code: &str) -> Option<&'static str> {
    let text = match code {
        "json-syntax" => include_str!("docs/json-syntax.md"),
        "duplicate-key" => include_str!("docs/duplicate-key.md"),
        "unknown-element" => include_str!("docs/unknown-element.md"),
        "invalid-effect" => include_str!("docs/invalid-effect.md"),
        "invalid-version" => include_str!("docs/invalid-version.md"),
        "missing-principal" => include_str!("docs/missing-principal.md"),
        "principal-in-identity-policy" => include_str!("docs/principal-in-identity-policy.md"),
        "unknown-action" => include_str!("docs/unknown-action.md"),
        "unknown-condition-operator" => include_str!("docs/unknown-condition-operator.md"),
        "invalid-arn" => include_str!("docs/invalid-arn.md"),
        "key-policy-too-large" => include_str!("docs/key-policy-too-large.md"),
        "unknown-condition-key" => include_str!("docs/unknown-condition-key.md"),
        "missing-version" => include_str!("docs/missing-version.md"),
        "no-account-delegation" => include_str!("docs/no-account-delegation.md"),
        "cross-account-incomplete" => include_str!("docs/cross-account-incomplete.md"),
        "non-cross-account-action" => include_str!("docs/non-cross-account-action.md"),
        "public-key-access" => include_str!("docs/public-key-access.md"),
        "external-account-access" => include_str!("docs/external-account-access.md"),
        "grant-without-aws-resource" => include_str!("docs/grant-without-aws-resource.md"),
        "alias-arn-resource" => include_str!("docs/alias-arn-resource.md"),
        "resource-arn-mismatch" => include_str!("docs/resource-arn-mismatch.md"),
        "set-operator-misuse" => include_str!("docs/set-operator-misuse.md"),
        "aws-managed-key-sharing" => include_str!("docs/aws-managed-key-sharing.md"),
        "not-principal-allow" => include_str!("docs/not-principal-allow.md"),
        "lockout-risk" => include_str!("docs/lockout-risk.md"),
        "cross-partition" => include_str!("docs/cross-partition.md"),
        "invalid-sid" => include_str!("docs/invalid-sid.md"),
        "duplicate-sid" => include_str!("docs/duplicate-sid.md"),
        "missing-statement" => include_str!("docs/missing-statement.md"),
        "missing-action" => include_str!("docs/missing-action.md"),
        "missing-resource" => include_str!("docs/missing-resource.md"),
        "invalid-type" => include_str!("docs/invalid-type.md"),
        "invalid-principal" => include_str!("docs/invalid-principal.md"),
        "invalid-condition-value" => include_str!("docs/invalid-condition-value.md"),
        "invalid-character" => include_str!("docs/invalid-character.md"),
        "unsupported-element" => include_str!("docs/unsupported-element.md"),
        "element-combination" => include_str!("docs/element-combination.md"),
        "variable-in-old-version" => include_str!("docs/variable-in-old-version.md"),
        "invalid-request" => include_str!("docs/invalid-request.md"),
        "key-resource-wildcard" => include_str!("docs/key-resource-wildcard.md"),
        _ => return None,
    };
    Some(text)
}
