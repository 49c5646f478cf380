//! Property tests: no input makes the reader, the linter or the evaluator panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(not(target_arch = "wasm32"))]

use kmsplay::engine::{json, lint, Analysis, PolicyKind};
use proptest::prelude::*;

/// Fragments that make random text look like a policy, so the reader gets past the first byte.
fn policyish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"",
        "\"Version\"",
        "\"2012-10-17\"",
        "\"Statement\"",
        "\"Effect\"",
        "\"Allow\"",
        "\"Deny\"",
        "\"Principal\"",
        "\"*\"",
        "\"AWS\"",
        "\"Action\"",
        "\"kms:*\"",
        "\"kms:Decrypt\"",
        "\"Resource\"",
        "\"Condition\"",
        "\"StringEquals\"",
        "\"ForAllValues:StringLike\"",
        "\"kms:CallerAccount\"",
        "\"${aws:username}\"",
        "\"arn:aws:iam::111122223333:root\"",
        "123",
        "true",
        "null",
        " ",
        "\n",
        "\\u00e9",
        "é",
        "\u{202e}",
        "\\",
        "/*",
    ]);
    prop::collection::vec(atoms, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reader_and_linter_never_panic_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = json::parse(&text);
        for kind in PolicyKind::ALL {
            let _ = lint(&text, kind);
        }
    }

    #[test]
    fn reader_and_linter_never_panic_on_policy_like_text(text in policyish()) {
        for kind in PolicyKind::ALL {
            for f in lint(&text, kind) {
                prop_assert!(f.range.start.offset <= text.len() && f.range.end.offset <= text.len());
                prop_assert!(f.range.start.offset <= f.range.end.offset);
            }
        }
    }

    #[test]
    fn evaluator_never_panics_on_random_policies(key in policyish(), identity in policyish(), action in "kms:[A-Za-z*]{0,12}") {
        let scenario = serde_json::json!({
            "key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k1", "policy": key},
            "principals": [{"arn": "arn:aws:iam::444455556666:user/u", "policies": [{"name": "p", "document": identity}]}],
            "requests": [{"principal": "arn:aws:iam::444455556666:user/u", "action": action}]
        });
        let report = Analysis::new(&scenario).unwrap().report();
        prop_assert_eq!(report.results.len(), 1);
    }
}
