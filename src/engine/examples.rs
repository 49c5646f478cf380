//! The preset examples (SPEC section 7), compiled in from `www/examples/<id>.json`.

/// `(id, scenario JSON text)` for every example, in SPEC order.
pub const EXAMPLES: &[(&str, &str)] = &[
    ("console-external-account", include_str!("../../www/examples/console-external-account.json")),
    ("docs-external-account", include_str!("../../www/examples/docs-external-account.json")),
    ("aws-cn-secrets-manager", include_str!("../../www/examples/aws-cn-secrets-manager.json")),
    ("cross-account-direct", include_str!("../../www/examples/cross-account-direct.json")),
    ("cross-account-grant", include_str!("../../www/examples/cross-account-grant.json")),
    ("cross-account-assume-role", include_str!("../../www/examples/cross-account-assume-role.json")),
    ("key-policy-precedence", include_str!("../../www/examples/key-policy-precedence.json")),
];

/// The scenario text of example `id`.
pub fn example(id: &str) -> Option<&'static str> {
    EXAMPLES.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}
