//! `set-operator-misuse`: `ForAllValues`/`ForAnyValue` on a single-valued key, or
//! `ForAllValues` on `kms:EncryptionContext:*` (which KMS rejects).

use crate::engine::catalog;
use crate::engine::condition::SetQualifier;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::scenario::PolicySource;

/// Check any policy.
pub fn check(source: &PolicySource) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for st in source.policy.active_statements() {
        for t in &st.conditions {
            let Some(q) = t.operator.qualifier else {
                continue;
            };
            let key = t.key.value.as_str();
            let lower = key.to_ascii_lowercase();
            let rejected = q == SetQualifier::ForAllValues
                && (lower.starts_with("kms:encryptioncontext:") || lower.starts_with("aws:requesttag/"));
            if rejected {
                out.push(Diagnostic::new(
                    "set-operator-misuse",
                    t.operator_span,
                    format!("ForAllValues with {key} is rejected by KMS (OverlyPermissiveCondition): the key is single-valued and ForAllValues also matches when it is absent"),
                    format!(
                        "use a plain operator, e.g. \"StringEquals\": {{\"{key}\": ...}}; to forbid other {} add ForAllValues on {}",
                        if lower.starts_with("aws:requesttag/") { "tag keys" } else { "context keys" },
                        if lower.starts_with("aws:requesttag/") { "aws:TagKeys" } else { "kms:EncryptionContextKeys" }
                    ),
                ));
                continue;
            }
            let known = catalog::condition_key_type(key).is_some()
                || lower.starts_with("kms:encryptioncontext:")
                || lower.starts_with("aws:resourcetag/")
                || lower.starts_with("aws:principaltag/")
                || lower.starts_with("aws:requesttag/");
            if known && !catalog::is_multivalued_key(key) {
                let name = t.operator.name();
                let plain = name.split_once(':').map_or(name.as_str(), |(_, b)| b).to_string();
                out.push(
                    Diagnostic::new(
                        "set-operator-misuse",
                        t.operator_span,
                        format!(
                            "{name} is for multivalued keys, but {key} has a single value; {}",
                            if q == SetQualifier::ForAllValues {
                                "ForAllValues is also true when the key is absent, so this can allow more than intended"
                            } else {
                                "the qualifier adds nothing"
                            }
                        ),
                        format!("use \"{plain}\" instead"),
                    )
                    .with_fix(t.operator_span, format!("\"{plain}\""), format!("use {plain}")),
                );
            }
        }
    }
    out
}
