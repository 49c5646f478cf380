//! "Try it" (`engine::tryit`): the AWS CLI steps for a request, against data-driven cases in
//! `tests/cases/tryit/*.json` (`{"request": {...}, "commands": [...], "comments": [[...]]}`:
//! the exact command of every step, and words each step's comment must contain), plus
//! properties: every catalog action gets its `aws kms` subcommand, and quoting round-trips
//! through a POSIX shell-words split whatever the text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use kmsplay::engine::tryit::{self, TryRequest};
use kmsplay::engine::{catalog, eval, Analysis};
use proptest::prelude::*;
use serde_json::Value;

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map_or_else(Vec::new, |a| a.iter().map(|s| s.as_str().unwrap().to_string()).collect())
}

fn request(v: &Value) -> TryRequest {
    TryRequest {
        principal: v["principal"].as_str().unwrap().into(),
        action: v["action"].as_str().unwrap().into(),
        key_arn: v["keyArn"].as_str().unwrap().into(),
        key_id: v["keyId"].as_str().map(String::from),
        key_spec: v["keySpec"].as_str().unwrap_or("SYMMETRIC_DEFAULT").into(),
        via: strings(&v["via"]),
        encryption_context: v["encryptionContext"]
            .as_object()
            .map_or_else(Vec::new, |m| m.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string())).collect()),
        grant_tokens: strings(&v["grantTokens"]),
        grant_operations: strings(&v["grantOperations"]),
        grantee: v["grantee"].as_str().map(String::from),
        retiring_principal: v["retiringPrincipal"].as_str().map(String::from),
    }
}

#[test]
fn steps_match_the_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/tryit");
    let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    paths.retain(|p| p.extension().is_some_and(|e| e == "json"));
    paths.sort();
    assert!(paths.len() >= 6, "expected the try-it cases in {}", dir.display());
    let mut failures = Vec::new();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let steps = tryit::steps(&request(&case["request"]));
        let got: Vec<&str> = steps.iter().map(|s| s.command.as_str()).collect();
        let want = strings(&case["commands"]);
        if got != want {
            failures.push(format!("{name}: commands\n got: {got:#?}\nwant: {want:#?}"));
            continue;
        }
        for (i, words) in case["comments"].as_array().into_iter().flatten().enumerate() {
            for w in strings(words) {
                if !steps[i].comment.contains(&w) {
                    failures.push(format!("{name}: step {} comment lacks {w:?}: {}", i + 1, steps[i].comment));
                }
            }
        }
        // every command that has no pipeline or process substitution splits into shell words
        for s in &steps {
            if !s.command.is_empty() && !s.command.contains('|') && !s.command.contains("<(") {
                assert!(shlex::split(&s.command).is_some(), "{name}: {} does not split", s.command);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_catalog_action_gets_its_cli_subcommand() {
    let req = |action: &str| TryRequest {
        principal: "arn:aws:iam::111122223333:user/alice".into(),
        action: action.into(),
        key_arn: "arn:aws:kms:eu-west-3:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab".into(),
        ..TryRequest::default()
    };
    for info in catalog::kms_actions() {
        let steps = tryit::steps(&req(info.name));
        let last = steps.last().unwrap();
        if info.name == "kms:SynchronizeMultiRegionKey" {
            assert!(last.command.is_empty() && last.comment.contains("no API operation"), "{last:?}");
            continue;
        }
        let op = info.api_operation.split_whitespace().next().unwrap();
        let want = format!("aws kms {} ", tryit::kebab(op));
        assert!(last.command.starts_with(&want), "{}: {} does not start with {want:?}", info.name, last.command);
        assert!(last.command.contains("--region eu-west-3"), "{}: {}", info.name, last.command);
        assert!(last.command.contains("--profile account-111122223333"), "{}: {}", info.name, last.command);
        // Operations on a key name it by ARN (the two ReEncrypt halves as source / destination).
        if info.resource == catalog::ResourceKind::Key && info.name != "kms:RetireGrant" {
            assert!(last.command.contains("-key-id arn:aws:kms:eu-west-3:"), "{}: {}", info.name, last.command);
        }
        assert!(last.comment.contains(info.name), "{}: {}", info.name, last.comment);
    }
}

#[test]
fn a_scenario_request_carries_its_chain_context_and_tokens() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/examples/cross-account-assume-role.json"))
            .unwrap();
    let analysis = Analysis::new(&serde_json::from_str(&text).unwrap()).unwrap();
    let sc = analysis.scenario();
    let r = sc.requests.iter().find(|r| !r.via.is_empty()).expect("a request with via");
    let steps = tryit::steps(&TryRequest::from_request(sc, r));
    assert!(steps[0].command.contains("aws sts assume-role --role-arn"), "{:?}", steps[0]);
    assert!(steps[0].command.contains(&r.via[0]));
    assert!(steps.iter().any(|s| s.command.contains(&format!("--key-id {}", sc.key.arn))));
    assert_eq!(steps.last().unwrap().command, "unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN");

    // context given as kms:EncryptionContext:* and grant tokens reach the command
    let mut cell = eval::cell_request("arn:aws:iam::123456789012:role/x", "kms:Decrypt");
    cell.context.push(("kms:EncryptionContext:app".into(), vec!["billing".into()]));
    cell.grant_tokens.push("tok".into());
    let steps = tryit::steps(&TryRequest::from_request(sc, &cell));
    let cmd = &steps.last().unwrap().command;
    assert!(cmd.contains("--encryption-context app=billing --grant-tokens tok"), "{cmd}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text (NUL aside, which no command-line argument can hold) comes back as one word.
    #[test]
    fn quoting_round_trips_through_a_shell_words_split(s in "\\PC*|[\\x01-\\x7f]*|.*['\"$`\\\\\n ]+.*") {
        let s = s.replace('\0', "");
        let quoted = tryit::quote(&s);
        prop_assert_eq!(shlex::split(&quoted), Some(vec![s.clone()]), "quoted: {}", quoted);
    }

    /// Any request at all gives steps without panicking, and a known action always ends
    /// with a command.
    #[test]
    fn any_request_gives_steps(
        principal in ".{0,60}", action in "(kms:[A-Za-z]{0,30})|.{0,20}", key_arn in ".{0,80}",
        via in proptest::collection::vec(".{0,40}", 0..3), ctx in proptest::collection::vec((".{0,10}", ".{0,10}"), 0..3),
        spec in ".{0,12}",
    ) {
        let req = TryRequest {
            principal, action: action.clone(), key_arn, key_spec: spec, via, encryption_context: ctx,
            ..TryRequest::default()
        };
        let steps = tryit::steps(&req);
        prop_assert!(!steps.is_empty());
        if tryit::cli_subcommand(&action).is_some() {
            prop_assert!(steps.iter().any(|s| s.command.starts_with("aws kms ")));
        }
    }

    /// Commands built from hostile values still split into the intended words: the hostile
    /// value is one word, never a command of its own.
    #[test]
    fn hostile_values_stay_one_word(v in ".*") {
        let v = v.replace('\0', "");
        let req = TryRequest {
            principal: "arn:aws:iam::111122223333:user/alice".into(),
            action: "kms:DescribeKey".into(),
            key_arn: "arn:aws:kms:us-east-1:111122223333:key/k".into(),
            key_id: Some(v.clone()),
            grant_tokens: vec![v.clone()],
            ..TryRequest::default()
        };
        let cmd = tryit::steps(&req).last().unwrap().command.clone();
        let words = shlex::split(&cmd).unwrap();
        prop_assert_eq!(&words[..5], &["aws", "kms", "describe-key", "--key-id", v.as_str()][..]);
        prop_assert_eq!(&words[5..7], &["--grant-tokens", v.as_str()][..]);
    }
}
