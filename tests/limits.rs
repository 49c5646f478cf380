//! Hard limits (`engine::limits`): at each limit the input is read, one past it gets a clear
//! message (what, how many, the limit, what to do) instead of work.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

use kmsplay::engine::limits::{self, *};
use kmsplay::engine::{analyze_str, lint, Analysis, PolicyKind};
use serde_json::{json, Value};

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn user(i: usize) -> String {
    format!("arn:aws:iam::111122223333:user/u{i}")
}

fn base() -> Value {
    json!({"key": {"arn": KEY}})
}

/// `Analysis::new`'s error message, or None when the scenario was accepted.
fn refusal(scenario: &Value) -> Option<String> {
    Analysis::new(scenario).err().map(|e| e.message)
}

/// At `max` the scenario is read; at `max + 1` it is refused with a message naming both numbers.
fn at_and_past(make: impl Fn(usize) -> Value, max: usize, what: &str) {
    assert_eq!(refusal(&make(max)), None, "{what}: {max} is allowed");
    let msg = refusal(&make(max + 1)).unwrap_or_else(|| panic!("{what}: {} is accepted", max + 1));
    assert!(msg.contains(&grouped(max + 1)) && msg.contains(&grouped(max)), "{what}: {msg}");
    assert!(msg.contains(what), "{what}: {msg}");
    assert!(msg.starts_with(char::is_lowercase) && !msg.contains('\n'), "{msg}");
}

#[test]
fn principals() {
    at_and_past(
        |n| json!({"key": {"arn": KEY}, "principals": (0..n).map(|i| json!({"arn": user(i)})).collect::<Vec<_>>()}),
        MAX_PRINCIPALS,
        "principals",
    );
}

#[test]
fn policies_of_one_principal() {
    at_and_past(
        |n| {
            let policies: Vec<Value> = (0..n).map(|i| json!({"name": format!("p{i}"), "document": {}})).collect();
            json!({"key": {"arn": KEY}, "principals": [{"arn": user(0), "policies": policies}]})
        },
        MAX_POLICIES_PER_PRINCIPAL,
        "policies",
    );
}

#[test]
fn grants_requests_scps_and_rcps() {
    at_and_past(
        |n| {
            let g: Vec<Value> = (0..n).map(|i| json!({"grantee": user(i), "operations": ["Decrypt"]})).collect();
            json!({"key": {"arn": KEY}, "grants": g})
        },
        MAX_GRANTS,
        "grants",
    );
    at_and_past(
        |n| {
            let r: Vec<Value> = (0..n).map(|_| json!({"principal": user(0), "action": "kms:Decrypt"})).collect();
            json!({"key": {"arn": KEY}, "requests": r})
        },
        MAX_REQUESTS,
        "requests",
    );
    for (field, what) in [("scps", "SCPs"), ("rcps", "RCPs")] {
        at_and_past(
            |n| {
                let p: Vec<Value> = (0..n).map(|i| json!({"name": format!("o{i}"), "document": {}})).collect();
                json!({"key": {"arn": KEY}, "organization": {field: p}})
            },
            MAX_ORG_POLICIES,
            what,
        );
    }
}

/// An identity policy of `n` statements, each with `values` condition values.
fn identity(n: usize, values: usize) -> Value {
    let vals: Vec<String> = (0..values).map(|i| format!("v{i}")).collect();
    let st: Vec<Value> = (0..n)
        .map(|i| {
            json!({"Sid": format!("S{i}"), "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY,
                   "Condition": {"StringEquals": {"kms:EncryptionContext:n": vals}}})
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": st})
}

#[test]
fn statements_in_all() {
    // Spread over principals, so that no policy is over the size limit: 10 × 5 000 statements.
    let make = |n: usize| {
        let per = n.div_ceil(10);
        let principals: Vec<Value> = (0..10)
            .map(|i| {
                let count = per.min(n.saturating_sub(i * per));
                json!({"arn": user(i), "policies": [{"name": "p", "document": identity(count, 0)}]})
            })
            .collect();
        json!({"key": {"arn": KEY}, "principals": principals})
    };
    at_and_past(make, MAX_STATEMENTS, "statements");
}

#[test]
fn condition_values_in_all() {
    // 4 principals × one statement of 50 000 values (1 MB of text each), then one more value.
    let make = |n: usize| {
        let principals: Vec<Value> = (0..4)
            .map(|i| {
                let mut doc = identity(1, MAX_CONDITION_VALUES / 4);
                if i == 3 && n > MAX_CONDITION_VALUES {
                    doc["Statement"][0]["Condition"]["StringEquals"]["kms:EncryptionContext:n"]
                        .as_array_mut()
                        .unwrap()
                        .push(json!("extra"));
                }
                json!({"arn": user(i), "policies": [{"name": "p", "document": doc}]})
            })
            .collect();
        json!({"key": {"arn": KEY}, "principals": principals})
    };
    at_and_past(make, MAX_CONDITION_VALUES, "condition values");
}

/// Text of exactly `len` bytes that is a valid identity policy (padded with spaces).
fn padded_policy(len: usize) -> String {
    let text = serde_json::to_string(&identity(1, 1)).unwrap();
    format!("{text}{}", " ".repeat(len - text.len()))
}

#[test]
fn policy_text_over_four_mebibytes_is_not_read() {
    let at = padded_policy(MAX_POLICY_BYTES);
    assert!(lint(&at, PolicyKind::Identity).is_empty());
    let over = padded_policy(MAX_POLICY_BYTES + 1);
    let findings = lint(&over, PolicyKind::Identity);
    assert_eq!(findings.len(), 1, "{findings:?}");
    let f = &findings[0];
    assert_eq!((f.code.as_str(), f.range.start.line, f.range.start.column), ("json-syntax", 1, 1));
    assert!(f.message.contains("4 194 305 bytes") && f.message.contains("4.0 MiB"), "{}", f.message);
    assert!(f.message.contains("did not read"), "{}", f.message);
    // Not parsed: broken JSON past the limit gets the same single finding, not a syntax error.
    let broken = format!("{{{}", " ".repeat(MAX_POLICY_BYTES + 10));
    let findings = lint(&broken, PolicyKind::Scp);
    assert_eq!(findings.len(), 1);
    assert!(findings[0].message.contains("did not read"));
    // In a scenario the policy is void (SPEC §8): it allows nothing.
    let scenario = json!({
        "key": {"arn": KEY, "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"}]}},
        "principals": [{"arn": user(0), "policies": [{"name": "big", "document": over}]}],
        "requests": [{"principal": user(0), "action": "kms:Decrypt"}]
    });
    let report = Analysis::new(&scenario).unwrap().report();
    assert_eq!(report.results[0].decision.as_str(), "implicit-deny");
    assert!(report.results[0].reasons.iter().any(|r| r.message.contains("did not read")), "{:?}", report.results[0]);
}

#[test]
fn policy_text_in_all_over_sixteen_mebibytes() {
    let big = padded_policy(MAX_POLICY_BYTES);
    let make = |n: usize| {
        let policies: Vec<Value> = (0..n).map(|i| json!({"name": format!("p{i}"), "document": big})).collect();
        json!({"key": {"arn": KEY}, "principals": [{"arn": user(0), "policies": policies}]})
    };
    assert_eq!(refusal(&make(4)), None);
    let msg = refusal(&make(5)).unwrap();
    assert!(msg.contains("20.0 MiB") && msg.contains("16.0 MiB"), "{msg}");
    // Texts over the per-policy limit are not read, so they do not count.
    let unread = padded_policy(MAX_POLICY_BYTES + 1);
    let policies: Vec<Value> = (0..6).map(|i| json!({"name": format!("p{i}"), "document": unread})).collect();
    assert_eq!(refusal(&json!({"key": {"arn": KEY}, "principals": [{"arn": user(0), "policies": policies}]})), None);
}

#[test]
fn scenario_text_over_sixteen_mebibytes() {
    let text = format!("{}{}", serde_json::to_string(&base()).unwrap(), " ".repeat(MAX_SCENARIO_BYTES));
    let err = analyze_str(&text).unwrap_err();
    assert!(err.message.contains("16.0 MiB"), "{}", err.message);
    assert!(limits::scenario_text_problem(MAX_SCENARIO_BYTES).is_none());
    // The CLI: from a file and from standard input, one line, exit 2, nothing on stdout.
    let dir = std::env::temp_dir().join(format!("kmsplay-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("huge.json");
    std::fs::write(&file, &text).unwrap();
    let file = file.to_str().unwrap();
    for (args, stdin, name) in [
        (vec!["eval", file], None, file),
        (vec!["lint", "--kind", "key", file], None, file),
        (vec!["eval", "-"], Some(text.as_bytes()), "-"),
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_kmsplay"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stdin.take().unwrap();
        let input = stdin.map(<[u8]>::to_vec);
        // The CLI stops reading past the limit, so the writer may see a closed pipe.
        let writer = std::thread::spawn(move || {
            if let Some(input) = input {
                let _ = pipe.write_all(&input);
            }
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty());
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(name) && err.contains("over 16.0 MiB"), "{err}");
    }
}
