//! The command line as SPEC section 5 fixes it: outputs, exit status, one-line errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn kmsplay(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kmsplay"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn tmp(name: &str, content: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("kmsplay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn eval_prints_a_report_and_exits_0() {
    let out = kmsplay(&["eval", "www/examples/key-policy-precedence.json"], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], "kmsplay-report/v1");
    let decisions: Vec<&str> =
        report["results"].as_array().unwrap().iter().map(|r| r["decision"].as_str().unwrap()).collect();
    assert_eq!(decisions, vec!["allow", "implicit-deny"]);
}

#[test]
fn eval_text_and_matrix_are_for_people() {
    let out = kmsplay(&["eval", "--format", "text", "www/examples/key-policy-precedence.json"], None);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    assert!(s.contains("✓ allow") && s.contains("– implicit-deny"), "{s}");
    let out = kmsplay(&["matrix", "www/examples/key-policy-precedence.json"], None);
    let s = text(&out.stdout);
    assert!(s.lines().next().unwrap().starts_with("principal"), "{s}");
    assert!(s.contains("arn:aws:iam::444455556666:user/Stuart"));
    let out = kmsplay(&["matrix", "--format", "json", "www/examples/key-policy-precedence.json"], None);
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(m["actions"][0], "kms:DescribeKey");
}

#[test]
fn lint_reports_like_a_compiler_and_exits_1_on_errors() {
    let out = kmsplay(&["lint", "--kind", "key", "tests/cases/lint/key/seed-002-missing-comma.json"], None);
    assert_eq!(out.status.code(), Some(1));
    let s = text(&out.stdout);
    assert!(
        s.starts_with("tests/cases/lint/key/seed-002-missing-comma.json:18:68: error[json-syntax]: missing comma"),
        "{s}"
    );
    assert!(s.contains("^"), "caret line: {s}");
    let out =
        kmsplay(&["lint", "--kind", "key", "--format", "json", "tests/cases/lint/key/console-default.json"], None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn lint_reads_stdin_and_treats_empty_binary_and_non_json_as_syntax_errors() {
    for input in [&b""[..], &b"\xff\xfe\x00garbage"[..], &b"not json"[..]] {
        let out = kmsplay(&["lint", "--kind", "identity", "--format", "json", "-"], Some(input));
        assert_eq!(out.status.code(), Some(1), "input {input:?}: {}", text(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["findings"][0]["code"], "json-syntax");
        assert_eq!(v["findings"][0]["policy"], "identity");
    }
}

#[test]
fn unusable_input_exits_2_with_one_line_naming_the_file() {
    let not_json = tmp("not-json.json", b"{ nope");
    let no_arn = tmp("no-arn.json", br#"{"key": {}}"#);
    let binary = tmp("binary.json", b"\x00\xff\xfe");
    let empty = tmp("empty.json", b"");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["eval", "does-not-exist.json"], "does-not-exist.json"),
        (vec!["eval", "tests"], "tests"),
        (vec!["matrix", &not_json], &not_json),
        (vec!["eval", &no_arn], &no_arn),
        (vec!["eval", &binary], &binary),
        (vec!["eval", &empty], &empty),
        (vec!["lint", "--kind", "key", "does-not-exist.json"], "does-not-exist.json"),
    ];
    for (args, file) in cases {
        let out = kmsplay(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?} printed on stdout");
        let err = text(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(file), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let out = kmsplay(&["matrix", &not_json], None);
    assert!(text(&out.stderr).contains(":1:"), "line and column when known: {}", text(&out.stderr));
}

#[test]
fn rules_lists_every_code_and_documents_one() {
    let out = kmsplay(&["rules"], None);
    assert_eq!(out.status.code(), Some(0));
    let s = text(&out.stdout);
    for code in ["json-syntax", "public-key-access", "cross-account-incomplete", "lockout-risk"] {
        assert!(s.contains(code), "{code} missing from `rules`");
    }
    let out = kmsplay(&["rules", "public-key-access"], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("public-key-access"));
    let out = kmsplay(&["rules", "public-key-acess"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean \"public-key-access\""));
}

#[test]
fn unknown_scenario_members_warn_on_stderr() {
    let f = tmp("extra.json", br#"{"key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k"}, "colour": "blue"}"#);
    let out = kmsplay(&["eval", &f], None);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("unknown member \"colour\""));
    // Nested members too: a misspelled field is otherwise silently ignored.
    let f = tmp(
        "nested.json",
        br#"{"key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k", "polcy": {}},
            "principals": [{"arn": "arn:aws:iam::111122223333:user/a", "permissionBoundary": {},
                            "policies": [{"name": "p", "document": {}, "doc": 1}]}],
            "grants": [{"grantee": "arn:aws:iam::111122223333:user/a", "operations": ["Decrypt"],
                        "constraints": {"encryptionContextSubsets": {}}}],
            "organization": {"scp": [], "scps": [{"name": "s", "document": {}, "account": ["1"]}]}}"#,
    );
    let out = kmsplay(&["eval", &f], None);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    for m in [
        "key.polcy",
        "principals[0].permissionBoundary",
        "principals[0].policies[0].doc",
        "grants[0].constraints.encryptionContextSubsets",
        "organization.scp",
        "organization.scps[0].account",
    ] {
        assert!(err.contains(&format!("unknown member \"{m}\"")), "{m} not warned about: {err}");
    }
    // The shipped examples use only known members.
    let out = kmsplay(&["eval", "www/examples/cross-account-grant.json"], None);
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn unusable_scenario_values_warn_on_stderr() {
    // Each value below used to be dropped or read as the default without a word; a keyId
    // that is not a string was ignored, so the request was answered for the key (fail-open).
    let f = tmp(
        "values.json",
        br#"{"format": "kmsplay/v2",
            "key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k", "state": "disabled", "manager": "bogus",
                    "policy": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}]},
                    "spec": "rsa_2048", "usage": 5},
            "principals": [{"arn": "bob"}, {"policies": []}, "x"],
            "grants": [{"grantee": "arn:aws:iam::111122223333:user/a", "operations": ["kms:Encrypt", "Bogus", "decrypt", "ReEncrypt*"]}],
            "requests": [{"principal": "arn:aws:iam::111122223333:root", "action": "kms:Decrypt", "keyId": 5},
                         {"principal": "arn:aws:iam::111122223333:root", "action": "kms:Decrypt"}]}"#,
    );
    let out = kmsplay(&["eval", &f], None);
    assert_eq!(out.status.code(), Some(0));
    let err = text(&out.stderr);
    for w in [
        "\"format\" is \"kmsplay/v2\"",
        "key.state \"disabled\" is read as \"Disabled\"",
        "key.manager \"bogus\" is not one of customer, aws",
        "key.spec \"rsa_2048\" is read as \"RSA_2048\"",
        "key.usage is a number",
        "principals[0].arn \"bob\" is not a principal",
        "principals[1] has no \"arn\" string",
        "principals[2] is not an object",
        "\"kms:Encrypt\" is not a grant operation (did you mean \"Encrypt\"?",
        "\"Bogus\" is not a grant operation; it allows nothing",
        "\"decrypt\" is not a grant operation (did you mean \"Decrypt\"?",
        "\"ReEncrypt*\" is not a grant operation (grant operations are exact names, not patterns: ReEncryptFrom, ReEncryptTo)",
        "requests[0].keyId is a number",
    ] {
        assert!(err.contains(w), "no warning {w}: {err}");
    }
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
    assert_eq!(report["results"][0]["decision"], "implicit-deny", "a keyId of 5 names no key");
    assert_eq!(report["results"][1]["blockedBy"], "key-state", "state \"disabled\" is Disabled");
    let f = tmp("requests.json", br#"{"key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k"}, "requests": {}}"#);
    let out = kmsplay(&["eval", &f], None);
    assert!(text(&out.stderr).contains("\"requests\" is an object, not an array; it is ignored"));
}

#[test]
fn a_report_that_cannot_be_written_exits_2() {
    // /dev/full refuses every write (Linux): the report was not produced, so not status 0.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let out = Command::new(env!("CARGO_BIN_EXE_kmsplay"))
        .args(["eval", "www/examples/key-policy-precedence.json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot write the output"));
}

#[test]
fn scenario_limits_of_the_json_reader_are_not_called_invalid_json() {
    let f = tmp("big-number.json", br#"{"key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k"}, "n": 1e400}"#);
    let out = kmsplay(&["eval", &f], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("a number too large to read"), "{}", text(&out.stderr));
    let deep = format!(
        r#"{{"key": {{"arn": "arn:aws:kms:us-east-1:111122223333:key/k"}}, "x": {}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    let f = tmp("deep.json", deep.as_bytes());
    let out = kmsplay(&["eval", &f], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("more than 128 levels deep"), "{}", text(&out.stderr));
}
