//! Deterministic generators for the benchmarks (`benches/engine.rs`) and for the test that
//! checks their shape (`tests/bench_gen.rs`). No randomness: every scenario is a pure function
//! of its parameters, so figures from different runs measure the same input.

#![allow(dead_code)]

use kmsplay::engine::catalog;
use serde_json::{json, Map, Value};

/// The key's account in every generated scenario.
pub const KEY_ACCOUNT: &str = "111122223333";
/// The external accounts principals live in.
pub const EXTERNAL_ACCOUNTS: &[&str] = &["444455556666", "777788889999"];
/// The key ARN of every generated scenario.
pub const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// Principals of the large scenario.
pub const PRINCIPALS: usize = 25;
/// Identity policies per principal.
pub const POLICIES_PER_PRINCIPAL: usize = 5;
/// Statements per identity policy.
pub const STATEMENTS_PER_POLICY: usize = 10;
/// Key-policy statements (before trimming to the 32 KB limit).
pub const KEY_STATEMENTS: usize = 100;
/// Grants of the large scenario.
pub const GRANTS: usize = 12;
/// The size the large key policy aims at, in bytes of its text: just under KMS's 32 KB
/// limit (a larger one would be void and decide nothing).
pub const KEY_POLICY_TARGET_BYTES: usize = 32 * 1024 - 256;

/// Every KMS action name, in catalog order (named literally in the large scenario so that
/// its matrix has every action on the key as a column).
pub fn all_actions() -> Vec<&'static str> {
    catalog::kms_actions().iter().map(|a| a.name).collect()
}

fn account_of(i: usize) -> &'static str {
    match i % 5 {
        3 => EXTERNAL_ACCOUNTS.first().copied().unwrap_or(KEY_ACCOUNT),
        4 => EXTERNAL_ACCOUNTS.get(1).copied().unwrap_or(KEY_ACCOUNT),
        _ => KEY_ACCOUNT,
    }
}

/// The ARN of principal `i` of the large scenario: users and roles, with paths, across the
/// key's account and two external ones.
pub fn principal_arn(i: usize) -> String {
    let account = account_of(i);
    if i.is_multiple_of(2) {
        format!("arn:aws:iam::{account}:user/team-{}/user-{i:02}", i % 4)
    } else {
        format!("arn:aws:iam::{account}:role/service-role/app-{i:02}")
    }
}

/// `n` consecutive action names starting at `start`, wrapping around the catalog.
fn actions_from(all: &[&'static str], start: usize, n: usize) -> Vec<&'static str> {
    (0..n).filter_map(|k| all.get((start + k) % all.len().max(1)).copied()).collect()
}

/// Condition blocks, in rotation. Some hold for matrix cells (keys the engine fills in),
/// some need request context, so evaluation sees both outcomes.
fn condition(j: usize, account: &str) -> Value {
    match j % 6 {
        0 => json!({ "StringEquals": { "kms:CallerAccount": account } }),
        1 => {
            json!({ "StringEquals": { "kms:ViaService": ["s3.us-east-1.amazonaws.com", "rds.us-east-1.amazonaws.com"] } })
        }
        2 => json!({
            "StringEquals": { "kms:CallerAccount": account },
            "StringLike": { "kms:EncryptionContext:app": ["billing-*", "ledger-*"] }
        }),
        3 => json!({ "Bool": { "kms:GrantIsForAWSResource": "true" } }),
        4 => json!({ "StringEquals": { "kms:KeySpec": "SYMMETRIC_DEFAULT", "aws:PrincipalAccount": account } }),
        _ => json!({ "ForAnyValue:StringEquals": { "kms:EncryptionContextKeys": ["app", "tenant"] } }),
    }
}

/// The large key policy, as raw text with one statement per line (the way a long policy is
/// often pasted): the account delegation, then statements naming one or two principals each
/// (every 9th a Deny), every KMS action literally, each with a condition; trimmed so the
/// text stays just under KMS's 32 KB limit.
pub fn large_key_policy(statements: usize) -> String {
    let all = all_actions();
    let mut st = vec![json!({
        "Sid": "EnableIamPolicies",
        "Effect": "Allow",
        "Principal": { "AWS": format!("arn:aws:iam::{KEY_ACCOUNT}:root") },
        "Action": "kms:*",
        "Resource": "*"
    })];
    for j in 0..statements.saturating_sub(1) {
        let principals: Vec<String> = (0..1 + j % 2).map(|k| principal_arn((j * 7 + k * 3) % PRINCIPALS)).collect();
        let account = account_of((j * 7) % PRINCIPALS);
        let deny = j % 9 == 8;
        let mut s = Map::new();
        s.insert("Sid".into(), json!(format!("S{j:03}")));
        s.insert("Effect".into(), json!(if deny { "Deny" } else { "Allow" }));
        s.insert("Principal".into(), json!({ "AWS": principals }));
        // Four actions per statement walk the whole catalog every 14 statements.
        s.insert("Action".into(), json!(actions_from(&all, j * 4, 4)));
        s.insert("Resource".into(), json!("*"));
        s.insert("Condition".into(), condition(j, account));
        st.push(Value::Object(s));
    }
    loop {
        let lines: Vec<String> = st.iter().map(|s| format!("    {s}")).collect();
        let text = format!(
            "{{\n  \"Version\": \"2012-10-17\",\n  \"Id\": \"large-key-policy\",\n  \"Statement\": [\n{}\n  ]\n}}\n",
            lines.join(",\n")
        );
        if text.len() <= KEY_POLICY_TARGET_BYTES || st.len() <= 1 {
            return text;
        }
        st.pop();
    }
}

/// Identity policy `p` of principal `i`: ten statements, literal actions, a mix of key ARN,
/// key pattern and `*` resources, some conditions, one Deny.
pub fn identity_policy(i: usize, p: usize) -> Value {
    let all = all_actions();
    let statements: Vec<Value> = (0..STATEMENTS_PER_POLICY)
        .map(|s| {
            let n = i * 31 + p * 11 + s * 5;
            let resource = match n % 3 {
                0 => json!(KEY_ARN),
                1 => json!(format!("arn:aws:kms:*:{KEY_ACCOUNT}:key/*")),
                _ => json!("*"),
            };
            let mut st = Map::new();
            st.insert("Sid".into(), json!(format!("P{p}S{s}")));
            st.insert("Effect".into(), json!(if s == STATEMENTS_PER_POLICY - 1 { "Deny" } else { "Allow" }));
            st.insert("Action".into(), json!(actions_from(&all, n, 3)));
            st.insert("Resource".into(), resource);
            if s % 3 == 1 {
                st.insert("Condition".into(), condition(n, account_of(i)));
            }
            Value::Object(st)
        })
        .collect();
    json!({ "Version": "2012-10-17", "Statement": statements })
}

fn principal(i: usize) -> Value {
    let arn = principal_arn(i);
    let policies: Vec<Value> = (0..POLICIES_PER_PRINCIPAL)
        .map(|p| json!({ "name": format!("policy-{p}"), "document": identity_policy(i, p) }))
        .collect();
    let mut out = Map::new();
    out.insert("arn".into(), json!(arn));
    out.insert("policies".into(), Value::Array(policies));
    if i % 6 == 5 {
        out.insert(
            "permissionsBoundary".into(),
            json!({ "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt", "kms:DescribeKey", "kms:GenerateDataKey*"], "Resource": "*" }
            ] }),
        );
    }
    if i % 2 == 1 {
        out.insert(
            "trustPolicy".into(),
            json!({ "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Principal": { "AWS": format!("arn:aws:iam::{}:root", account_of(i)) }, "Action": "sts:AssumeRole" }
            ] }),
        );
    }
    out.insert("tags".into(), json!({ "team": format!("team-{}", i % 4) }));
    Value::Object(out)
}

fn grants() -> Vec<Value> {
    let ops = catalog::grant_operations();
    (0..GRANTS)
        .map(|g| {
            let operations: Vec<&str> =
                (0..3).filter_map(|k| ops.get((g * 3 + k) % ops.len().max(1)).copied()).collect();
            let mut grant = json!({
                "name": format!("grant-{g:02}"),
                "grantee": principal_arn((g * 2 + 1) % PRINCIPALS),
                "operations": operations
            });
            if g.is_multiple_of(2) {
                if let Some(obj) = grant.as_object_mut() {
                    obj.insert(
                        "constraints".into(),
                        json!({ "encryptionContextSubset": { "app": format!("billing-{g}") } }),
                    );
                }
            }
            grant
        })
        .collect()
}

fn requests() -> Vec<Value> {
    let all = all_actions();
    (0..PRINCIPALS)
        .map(|i| {
            let action = all.get((i * 3) % all.len().max(1)).copied().unwrap_or("kms:Decrypt");
            let mut r = json!({ "principal": principal_arn(i), "action": action });
            if let Some(obj) = r.as_object_mut() {
                if i.is_multiple_of(2) {
                    obj.insert("encryptionContext".into(), json!({ "app": format!("billing-{i}") }));
                }
                if i.is_multiple_of(3) {
                    obj.insert("context".into(), json!({ "kms:ViaService": "s3.us-east-1.amazonaws.com" }));
                }
            }
            r
        })
        .collect()
}

/// The large scenario of issue 8: a key policy close to 32 KB (about a hundred statements
/// with conditions), 25 principals × 5 identity policies × 10 statements, grants, an SCP and
/// an RCP, every KMS action named literally, and one request per principal.
pub fn large_scenario() -> Value {
    json!({
        "format": "kmsplay/v1",
        "title": "Generated large scenario (benchmarks)",
        "key": {
            "arn": KEY_ARN,
            "policy": large_key_policy(KEY_STATEMENTS),
            "aliases": ["alias/bench"],
            "tags": { "team": "payments" }
        },
        "principals": (0..PRINCIPALS).map(principal).collect::<Vec<_>>(),
        "grants": grants(),
        "organization": {
            "scps": [{
                "name": "guardrail",
                "accounts": EXTERNAL_ACCOUNTS,
                "document": { "Version": "2012-10-17", "Statement": [
                    { "Effect": "Allow", "Action": "*", "Resource": "*" },
                    { "Effect": "Deny", "Action": ["kms:ScheduleKeyDeletion", "kms:PutKeyPolicy", "kms:DisableKey"], "Resource": "*" }
                ] }
            }],
            "rcps": [{
                "name": "org-only",
                "accounts": [KEY_ACCOUNT],
                "document": { "Version": "2012-10-17", "Statement": [
                    { "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
                      "Condition": { "StringNotEquals": { "aws:PrincipalOrgID": "o-bench" }, "Bool": { "aws:PrincipalIsAWSService": "false" } } }
                ] }
            }]
        },
        "requests": requests()
    })
}

/// The large scenario with one identity policy edited (principal `i`, policy 0): one more
/// statement, as a user typing in the app would produce.
pub fn large_scenario_edited(i: usize) -> Value {
    let mut s = large_scenario();
    if let Some(Value::Array(list)) = s.pointer_mut(&format!("/principals/{i}/policies/0/document/Statement")) {
        list.push(json!({ "Sid": "Edited", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY_ARN }));
    }
    s
}

/// A glob of `n` repetitions of `*a` followed by `b`: the classic worst case for matchers.
pub fn star_pattern(n: usize) -> String {
    let mut p = "*a".repeat(n);
    p.push('b');
    p
}

/// A key ARN whose key id is `n` characters of `a` (matches no `…b` pattern).
pub fn long_arn(n: usize) -> String {
    format!("arn:aws:kms:us-east-1:{KEY_ACCOUNT}:key/{}", "a".repeat(n))
}

/// A small scenario whose key policy compares a long encryption-context value (`len`
/// characters) against a `StringLike` pattern of `stars` `*a` repetitions, and names the
/// key with a Resource glob of the same shape; one request.
pub fn wildcard_scenario(stars: usize, len: usize) -> Value {
    let pattern = star_pattern(stars);
    json!({
        "format": "kmsplay/v1",
        "key": {
            "arn": KEY_ARN,
            "policy": { "Version": "2012-10-17", "Statement": [
                { "Sid": "Delegate", "Effect": "Allow", "Principal": { "AWS": format!("arn:aws:iam::{KEY_ACCOUNT}:root") },
                  "Action": "kms:*", "Resource": "*" },
                { "Sid": "Pattern", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt",
                  "Resource": format!("arn:aws:kms:*:{KEY_ACCOUNT}:key/{pattern}"),
                  "Condition": { "StringLike": { "kms:EncryptionContext:blob": pattern } } }
            ] }
        },
        "principals": [{
            "arn": format!("arn:aws:iam::{KEY_ACCOUNT}:user/alice"),
            "policies": [{ "name": "use", "document": { "Version": "2012-10-17", "Statement": [
                { "Effect": "Allow", "Action": "kms:Decrypt", "Resource": format!("arn:aws:kms:*:{KEY_ACCOUNT}:key/*") }
            ] } }]
        }],
        "requests": [{
            "principal": format!("arn:aws:iam::{KEY_ACCOUNT}:user/alice"),
            "action": "kms:Decrypt",
            "encryptionContext": { "blob": "a".repeat(len) }
        }]
    })
}

/// Key-policy text whose one statement carries a condition value nested `depth` levels deep
/// in total (arrays inside the condition), so the reader works at its depth limit.
/// The policy object itself takes 5 levels (policy, Statement array, statement, Condition,
/// operator map); the rest are arrays around the value.
pub fn nested_policy_text(depth: usize) -> String {
    let inner = depth.saturating_sub(5);
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{KEY_ACCOUNT}:root"}},"Action":"kms:*","Resource":"*","Condition":{{"StringEquals":{{"kms:CallerAccount":{}"{KEY_ACCOUNT}"{}}}}}}}]}}"#,
        "[".repeat(inner),
        "]".repeat(inner),
    )
}

/// A scenario whose key policy holds `copies` statements that each nest `depth` levels deep.
pub fn nested_scenario_text(depth: usize, copies: usize) -> String {
    let inner = depth.saturating_sub(5);
    let statement = format!(
        r#"{{"Effect":"Allow","Principal":{{"AWS":"arn:aws:iam::{KEY_ACCOUNT}:root"}},"Action":"kms:*","Resource":"*","Condition":{{"StringEquals":{{"kms:CallerAccount":{}"{KEY_ACCOUNT}"{}}}}}}}"#,
        "[".repeat(inner),
        "]".repeat(inner),
    );
    let statements = vec![statement; copies].join(",");
    format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#)
}

/// A scenario with one statement carrying `n` values under `StringEquals` (and `n`
/// `StringNotLike` patterns), the request's value matching only the last; one request.
/// The statement sits in an identity policy: in the key policy it would pass 32 KB.
pub fn many_values_scenario(n: usize) -> Value {
    let values: Vec<String> = (0..n).map(|k| format!("tenant-{k:06}")).collect();
    let patterns: Vec<String> = (0..n).map(|k| format!("tenant-{k:06}-*")).collect();
    let last = format!("tenant-{:06}", n.saturating_sub(1));
    let alice = format!("arn:aws:iam::{KEY_ACCOUNT}:user/alice");
    json!({
        "format": "kmsplay/v1",
        "key": {
            "arn": KEY_ARN,
            "policy": { "Version": "2012-10-17", "Statement": [
                { "Sid": "Delegate", "Effect": "Allow", "Principal": { "AWS": format!("arn:aws:iam::{KEY_ACCOUNT}:root") },
                  "Action": "kms:*", "Resource": "*" }
            ] }
        },
        "principals": [{
            "arn": alice,
            "policies": [{ "name": "tenants", "document": { "Version": "2012-10-17", "Statement": [
                { "Sid": "Tenants", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY_ARN,
                  "Condition": {
                      "StringEquals": { "kms:EncryptionContext:tenant": values },
                      "StringNotLike": { "kms:EncryptionContext:tenant": patterns }
                  } }
            ] } }]
        }],
        "requests": [{
            "principal": alice,
            "action": "kms:Decrypt",
            "encryptionContext": { "tenant": last }
        }]
    })
}
