//! `unknown-condition-key`: a condition key that none of the statement's actions carries,
//! or that does not exist (with a did-you-mean).

use crate::engine::catalog;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::PolicySource;

/// Check any policy.
pub fn check(source: &PolicySource) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for st in source.policy.active_statements() {
        let actions: Vec<&str> = match &st.action {
            Some(list) if !list.negated => list.values.iter().map(|v| v.value.as_str()).collect(),
            _ => continue,
        };
        for t in &st.conditions {
            let key = t.key.value.as_str();
            let lower = key.to_ascii_lowercase();
            let modelled = lower.starts_with("kms:") || lower.starts_with("aws:") || lower.starts_with("sts:");
            if !modelled {
                continue;
            }
            if !catalog::is_known_condition_key(key) {
                let hint = catalog::suggest_condition_key(key);
                let mut d = Diagnostic::new(
                    "unknown-condition-key",
                    t.key.span,
                    match &hint {
                        Some(h) => format!("\"{key}\" is not a condition key; did you mean \"{h}\"? An unknown key is never present, so positive tests on it never match"),
                        None => format!("\"{key}\" is not a condition key; it is never present, so positive tests on it never match"),
                    },
                    "check the key's spelling against the KMS and global condition keys",
                );
                if let Some(h) = hint {
                    d = d.with_fix(t.key.span, format!("\"{h}\""), format!("rename to \"{h}\""));
                }
                out.push(d);
                continue;
            }
            if catalog::is_global_condition_key(key) {
                continue;
            }
            // The catalog actions the values name are the statement's covered actions (its
            // patterns were expanded once, when it was read); the key is not global, so only
            // the actions' own keys can carry it.
            let carried = actions.iter().any(|a| *a == "*" || !catalog::is_modelled_service(a))
                || st
                    .covered_action_ids()
                    .filter_map(catalog::action_name)
                    .any(|name| catalog::action_carries_own_key(name, key));
            if !carried {
                out.push(Diagnostic::new(
                    "unknown-condition-key",
                    t.key.span,
                    format!(
                        "\"{key}\" is never present on {}, so this condition never matches for them",
                        actions.join(", ")
                    ),
                    "use a key these actions carry, or move the condition to a statement for the actions that carry it",
                ));
            }
        }
    }
    out
}
