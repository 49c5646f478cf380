//! The key policy builder (`engine::builder`) against data-driven cases in
//! `tests/cases/builder/*.json`: `{"input": BuilderInput, "keyArn": "...", "expected": policy,
//! "principals": [...], "expect": [{"principal", "action", "decision"}]}`.
//! For each case: the built policy equals `expected` (structurally: member order free, array
//! order not), its text reads back as that policy, `lint --kind key` finds no error or
//! warning, and a scenario with that key policy (and the case's principals) gives the
//! expected decisions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use kmsplay::engine::builder::{self, BuilderInput};
use kmsplay::engine::{analyze_value, lint, PolicyKind, Severity};
use serde_json::{json, Value};

fn cases() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/builder");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), serde_json::from_str(&text).unwrap())
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 4, "expected the builder cases in {}", dir.display());
    out
}

#[test]
fn built_policies_match_the_cases_lint_clean_and_evaluate_as_expected() {
    let mut failures = Vec::new();
    for (name, case) in cases() {
        let input: BuilderInput = serde_json::from_value(case["input"].clone()).unwrap();
        let built = builder::build(&input);
        if built.policy != case["expected"] {
            failures.push(format!(
                "{name}: policy differs\n got: {}\nwant: {}",
                serde_json::to_string_pretty(&built.policy).unwrap(),
                serde_json::to_string_pretty(&case["expected"]).unwrap()
            ));
            continue;
        }
        let reread: Value = serde_json::from_str(&built.text).unwrap();
        assert_eq!(reread, built.policy, "{name}: text and policy agree");
        let problems: Vec<String> = case["problems"]
            .as_array()
            .map_or_else(Vec::new, |a| a.iter().map(|p| p.as_str().unwrap().to_string()).collect());
        if built.problems.len() != problems.len()
            || !problems.iter().zip(&built.problems).all(|(want, got)| got.contains(want.as_str()))
        {
            failures.push(format!("{name}: problems {:?}, want {problems:?}", built.problems));
        }
        if case["lintClean"] != json!(false) {
            let noisy: Vec<String> = lint(&built.text, PolicyKind::Key)
                .into_iter()
                .filter(|f| f.severity != Severity::Info)
                .map(|f| format!("{} {}", f.code, f.message))
                .collect();
            if !noisy.is_empty() {
                failures.push(format!("{name}: lint findings {noisy:?}"));
            }
        }
        let expect = case["expect"].as_array().cloned().unwrap_or_default();
        if expect.is_empty() {
            continue;
        }
        let scenario = json!({
            "format": "kmsplay/v1",
            "key": { "arn": case["keyArn"], "policy": built.text },
            "principals": case["principals"].as_array().cloned().unwrap_or_default(),
            "requests": expect.iter().map(|e| json!({"principal": e["principal"], "action": e["action"]})).collect::<Vec<_>>(),
        });
        let report = analyze_value(&scenario).unwrap();
        for (e, r) in expect.iter().zip(&report.results) {
            if r.decision.as_str() != e["decision"].as_str().unwrap() {
                failures.push(format!(
                    "{name}: {} {} is {}, want {}: {}",
                    e["principal"],
                    e["action"],
                    r.decision.as_str(),
                    e["decision"],
                    r.summary
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_seed_000_policy_is_reproduced_from_the_form() {
    let seed = cases().into_iter().find(|(n, _)| n.starts_with("seed-000")).expect("a seed-000 case").1;
    let input: BuilderInput = serde_json::from_value(seed["input"].clone()).unwrap();
    let built = builder::build(&input);
    let sids: Vec<&str> =
        built.policy["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        [builder::SID_ACCOUNT, builder::SID_ADMINS, builder::SID_USERS, builder::SID_PERSISTENT],
        "the console's four statements, in its order"
    );
}

#[test]
fn key_type_and_options_change_only_what_the_console_changes() {
    let base = BuilderInput {
        account: "111122223333".into(),
        administrators: vec!["arn:aws:iam::111122223333:role/Admin".into()],
        users: vec!["arn:aws:iam::111122223333:role/App".into()],
        ..BuilderInput::default()
    };
    let actions = |input: &BuilderInput, sid: &str| -> Vec<String> {
        let built = builder::build(input);
        let st = built.policy["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == sid).cloned();
        st.map_or_else(Vec::new, |s| {
            s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect()
        })
    };
    let admin = actions(&base, builder::SID_ADMINS);
    assert!(admin.contains(&"kms:ScheduleKeyDeletion".to_string()));
    let no_delete = BuilderInput { allow_key_deletion: false, ..base.clone() };
    let admin_nd = actions(&no_delete, builder::SID_ADMINS);
    assert_eq!(admin_nd.len(), admin.len() - 2);
    assert!(!admin_nd.iter().any(|a| a.contains("KeyDeletion")));
    let no_persist = BuilderInput { persistent_resources: false, ..base.clone() };
    assert!(actions(&no_persist, builder::SID_PERSISTENT).is_empty());
    let hmac = BuilderInput { key_type: builder::KeyType::Hmac, ..base.clone() };
    assert_eq!(actions(&hmac, builder::SID_USERS), ["kms:DescribeKey", "kms:GenerateMac", "kms:VerifyMac"]);
    let mrk = BuilderInput { multi_region: true, imported_key_material: true, ..base };
    let admin_mrk = actions(&mrk, builder::SID_ADMINS);
    assert_eq!(&admin_mrk[admin.len()..], ["kms:ImportKeyMaterial", "kms:ReplicateKey", "kms:UpdatePrimaryRegion"]);
}

#[test]
fn list_fields_split_on_lines_commas_and_spaces() {
    assert_eq!(builder::split_list(" a\n\nb, c  d\r\n"), ["a", "b", "c", "d"]);
    assert!(builder::split_list(" \n ,").is_empty());
}

/// Apply one report edit (line/column range) to `text`, by its byte offsets.
fn apply(text: &str, e: &kmsplay::engine::report::Edit) -> String {
    format!("{}{}{}", &text[..e.range.start.offset], e.text, &text[e.range.end.offset..])
}

#[test]
fn the_edit_between_two_texts_changes_only_the_middle() {
    for (old, new) in [
        ("{\"a\": 1}", "{\"a\": 12}"),
        ("é1é", "é2é"),
        ("", "x"),
        ("same", "same"),
        ("ab€cd", "ab€€cd"),
        ("line1\nline2\n", "line1\nLINE2\nline3\n"),
    ] {
        let e = builder::edit_between(old, new);
        assert_eq!(apply(old, &e), new, "{old:?} -> {new:?}: {e:?}");
        assert!(e.text.len() <= new.len());
    }
    let e = builder::edit_between("{\"a\": 1}", "{\"a\": 12}");
    assert_eq!((e.text.as_str(), e.range.start.offset, e.range.start.column), ("2", 7, 8));
    let e = builder::edit_between("x\né", "x\néé");
    assert_eq!((e.range.start.line, e.range.start.column), (2, 2), "columns count characters");
}

#[test]
fn adding_statements_skips_sids_the_policy_has_and_keeps_it_valid() {
    let input = BuilderInput {
        account: "111122223333".into(),
        users: vec!["arn:aws:iam::111122223333:role/App".into()],
        ..BuilderInput::default()
    };
    let built = builder::build(&input);
    // an API default policy: the account statement is already there (same Sid)
    let current = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"Enable IAM User Permissions\",\n      \"Effect\": \"Allow\",\n      \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"},\n      \"Action\": \"kms:*\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
    let (text, added) = builder::add_statements(current, &built.policy).unwrap();
    assert_eq!(added, 2);
    let v: Value = serde_json::from_str(&text).unwrap();
    let sids: Vec<&str> = v["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(sids, [builder::SID_ACCOUNT, builder::SID_USERS, builder::SID_PERSISTENT]);
    // the edit the app applies turns the old text into the new one
    assert_eq!(apply(current, &builder::edit_between(current, &text)), text);
    // a single-statement object and an empty list take the statements too
    let single = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:root\"}, \"Action\": \"kms:*\", \"Resource\": \"*\"}}";
    let (text, added) = builder::add_statements(single, &built.policy).unwrap();
    assert_eq!(added, 3);
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["Statement"].as_array().unwrap().len(), 4);
    let (text, _) = builder::add_statements("{\"Statement\": []}", &built.policy).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap()["Statement"].as_array().unwrap().len(), 3);
    // nothing to add into text that is not a policy
    assert!(builder::add_statements("{\"Version\": ", &built.policy).is_none());
    assert!(builder::add_statements("[]", &built.policy).is_none());
}

proptest::proptest! {
    /// Any form input and any current policy text: a policy that reads back, and edits that
    /// apply, never a panic.
    #[test]
    fn any_input_builds_and_any_text_takes_the_edit(
        account in ".{0,20}", partition in ".{0,8}", list in proptest::collection::vec(".{0,40}", 0..4),
        current in ".{0,200}", other in ".{0,200}",
    ) {
        let input = BuilderInput {
            account, partition, administrators: list.clone(), users: list.clone(), other_accounts: list,
            ..BuilderInput::default()
        };
        let built = builder::build(&input);
        proptest::prop_assert_eq!(serde_json::from_str::<Value>(&built.text).unwrap(), built.policy.clone());
        let _ = builder::add_statements(&current, &built.policy);
        let e = builder::edit_between(&current, &other);
        proptest::prop_assert_eq!(apply(&current, &e), other);
    }
}
