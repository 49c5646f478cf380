//! Every finding code in `rules::RULES` has a documentation page `src/engine/rules/docs/<code>.md`
//! with six sections in order (`# code`, the registry's summary, What it finds, Why it matters,
//! Example, Fix, References). The fenced blocks of Example must raise the code and those of Fix
//! must not. A block's info string says how it runs:
//!
//! - ```` ```json key ```` (or `identity`, `boundary`, `trust`, `scp`, `rcp`): `lint(text, kind)`;
//! - ```` ```json scenario ````: a `kmsplay/v1` scenario, `Analysis::new(&value)?.report()`; its
//!   requests' `expect` decisions are checked too, so the page's story holds.
//!
//! The tests at the end hold the precision promises of SPEC section 4 (what must *not* be
//! flagged, and the edges of the cross-policy rules).

use std::path::{Path, PathBuf};

use kmsplay::engine::rules::{self, RULES};
use kmsplay::engine::{lint, render, Analysis, Finding, PolicyKind};

const SECTIONS: [&str; 5] = ["## What it finds", "## Why it matters", "## Example", "## Fix", "## References"];

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine/rules/docs")
}

/// A fenced block: its info string and its text.
struct Block {
    info: String,
    text: String,
}

/// The page split into `(heading, body lines)`; headings inside fenced blocks are body text.
fn sections(page: &str) -> Vec<(String, Vec<&str>)> {
    let mut out: Vec<(String, Vec<&str>)> = Vec::new();
    let mut in_fence = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        if !in_fence && (line.starts_with("# ") || line.starts_with("## ")) {
            out.push((line.to_string(), Vec::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push(line);
        }
    }
    out
}

/// The fenced blocks of a section body.
fn blocks(body: &[&str]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for line in body {
        match (current.take(), line.strip_prefix("```")) {
            (None, Some(info)) => current = Some(Block { info: info.trim().to_string(), text: String::new() }),
            (Some(block), Some(_)) => out.push(block),
            (Some(mut block), None) => {
                block.text.push_str(line);
                block.text.push('\n');
                current = Some(block);
            }
            (None, None) => {}
        }
    }
    out
}

/// The blocks of a section that the test runs (info `json <kind>` or `json scenario`).
fn runnable(body: &[&str]) -> Vec<Block> {
    blocks(body).into_iter().filter(|b| b.info.starts_with("json ")).collect()
}

/// What running one block gave: its findings, and the requests whose decision differs from
/// their `expect`.
struct Run {
    findings: Vec<Finding>,
    wrong_decisions: Vec<String>,
    /// The analysis of a scenario block (None for a single policy).
    analysis: Option<Analysis>,
}

fn run(block: &Block) -> Result<Run, String> {
    let how = block.info.strip_prefix("json ").unwrap_or_default().trim();
    if how == "scenario" {
        let value: serde_json::Value =
            serde_json::from_str(&block.text).map_err(|e| format!("the scenario block is not JSON: {e}"))?;
        let report = Analysis::new(&value).map_err(|e| format!("the scenario is not usable: {}", e.message))?.report();
        let expected = value.get("requests").and_then(|r| r.as_array()).cloned().unwrap_or_default();
        let wrong_decisions = expected
            .iter()
            .zip(&report.results)
            .filter_map(|(request, result)| {
                let want = request.get("expect")?.as_str()?;
                (want != result.decision.as_str()).then(|| {
                    format!(
                        "request {} {} expected {want}, got {}: {}",
                        result.principal,
                        result.action,
                        result.decision.as_str(),
                        result.summary
                    )
                })
            })
            .collect();
        let analysis = Analysis::new(&value).ok();
        return Ok(Run { findings: report.findings, wrong_decisions, analysis });
    }
    let kind = PolicyKind::from_cli_name(how).ok_or_else(|| format!("unknown block kind \"{how}\""))?;
    Ok(Run { findings: lint(&block.text, kind), wrong_decisions: Vec::new(), analysis: None })
}

fn show(findings: &[Finding]) -> String {
    if findings.is_empty() {
        return "      (no findings)".to_string();
    }
    findings
        .iter()
        .map(|f| {
            format!("      {} [{}] {}:{}: {}", f.code, f.policy, f.range.start.line, f.range.start.column, f.message)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

fn page_of(code: &str) -> Option<&'static str> {
    rules::docs::page(code)
}

#[test]
fn every_code_has_a_page_with_the_six_sections_in_order() {
    let mut failures = Vec::new();
    for rule in RULES {
        let Some(page) = page_of(rule.code) else {
            failures.push(format!("{}: no page (add src/engine/rules/docs/{}.md to docs.rs)", rule.code, rule.code));
            continue;
        };
        let secs = sections(page);
        let headings: Vec<&str> = secs.iter().map(|(h, _)| h.as_str()).collect();
        let mut want = vec![format!("# {}", rule.code)];
        want.extend(SECTIONS.iter().map(|s| s.to_string()));
        if headings != want {
            failures.push(format!("{}: headings {headings:?}, expected {want:?}", rule.code));
            continue;
        }
        let summary: Vec<&str> = secs[0].1.iter().copied().filter(|l| !l.trim().is_empty()).collect();
        if summary != [rule.summary] {
            failures.push(format!(
                "{}: the line under the title must be the registry summary {:?}, got {summary:?}",
                rule.code, rule.summary
            ));
        }
        for (heading, body) in &secs[1..] {
            if body.iter().all(|l| l.trim().is_empty()) {
                failures.push(format!("{}: section {heading} is empty", rule.code));
            }
        }
        for (name, index) in [("Example", 3), ("Fix", 4)] {
            let blocks = runnable(&secs[index].1);
            if blocks.is_empty() {
                failures.push(format!("{}: {name} has no ```json <kind> or ```json scenario block", rule.code));
            }
        }
    }
    assert!(failures.is_empty(), "{} problems with rule pages:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn examples_raise_their_code_and_fixes_do_not() {
    let mut failures = Vec::new();
    for rule in RULES {
        let Some(page) = page_of(rule.code) else { continue };
        let secs = sections(page);
        if secs.len() != 6 {
            continue; // reported by the structure test
        }
        for (name, index, must_fire) in [("Example", 3, true), ("Fix", 4, false)] {
            for (n, block) in runnable(&secs[index].1).iter().enumerate() {
                let label = format!("{} {name} block {} ({})", rule.code, n + 1, block.info);
                match run(block) {
                    Err(e) => failures.push(format!("{label}: {e}")),
                    Ok(got) => {
                        let fired = codes(&got.findings).contains(&rule.code);
                        if fired != must_fire {
                            failures.push(format!(
                                "{label}: expected {} {}, got:\n{}",
                                if must_fire { "a finding" } else { "no finding" },
                                rule.code,
                                show(&got.findings)
                            ));
                        }
                        for w in got.wrong_decisions {
                            failures.push(format!("{label}: {w}"));
                        }
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} rule-page examples failed:\n{}", failures.len(), failures.join("\n"));
}

/// The text people read for each rule's Example (source line, caret, help) is recorded in
/// `tests/cases/render/rules/<code>.txt`; `KMSPLAY_BLESS=1` rewrites the files after an intended
/// change (review the diff).
#[test]
fn example_findings_render_as_recorded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/render/rules");
    let bless = std::env::var_os("KMSPLAY_BLESS").is_some();
    let mut failures = Vec::new();
    for rule in RULES {
        let Some(page) = page_of(rule.code) else { continue };
        let secs = sections(page);
        let Some((_, body)) = secs.get(3) else { continue };
        let mut out = String::new();
        for block in runnable(body) {
            let Ok(got) = run(&block) else { continue };
            for f in got.findings.iter().filter(|f| f.code == rule.code) {
                let text = match &got.analysis {
                    Some(a) => a.policy_text(&f.policy).map(str::to_string),
                    None => Some(block.text.clone()),
                };
                render::finding(&mut out, &format!("{}-example", rule.code), f, text.as_deref());
            }
        }
        let golden = dir.join(format!("{}.txt", rule.code));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&golden, &out).unwrap();
        } else if std::fs::read_to_string(&golden).unwrap_or_default() != out {
            failures.push(format!("{}: rendered text differs from {}:\n{out}", rule.code, golden.display()));
        }
    }
    assert!(failures.is_empty(), "{}\n(re-run with KMSPLAY_BLESS=1 if intended)", failures.join("\n"));
}

#[test]
fn documentation_returns_the_page() {
    for rule in RULES {
        if let Some(page) = page_of(rule.code) {
            assert_eq!(rules::documentation(rule.code), page, "{}", rule.code);
        }
    }
    assert_eq!(rules::documentation("no-such-code"), "");
    assert_eq!(page_of("no-such-code"), None);
}

#[test]
fn every_page_file_belongs_to_a_code() {
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(docs_dir()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(code) = name.strip_suffix(".md") else {
            orphans.push(name);
            continue;
        };
        if !RULES.iter().any(|r| r.code == code) {
            orphans.push(name);
        }
    }
    assert!(orphans.is_empty(), "pages for no registered code: {orphans:?}");
}

#[test]
fn references_link_aws_documentation_only() {
    let mut failures = Vec::new();
    for rule in RULES {
        let Some(page) = page_of(rule.code) else { continue };
        let secs = sections(page);
        let Some((_, refs)) = secs.iter().find(|(h, _)| h == "## References") else { continue };
        let links: Vec<&str> = refs.iter().filter_map(|l| l.trim().strip_prefix("- ")).collect();
        if links.is_empty() {
            failures.push(format!("{}: References lists no link", rule.code));
        }
        for link in links {
            if !link.starts_with("https://docs.aws.amazon.com/") || link.contains(' ') {
                failures.push(format!("{}: reference {link:?} is not an AWS documentation page", rule.code));
            }
        }
        for word in page.split_whitespace() {
            if word.contains("://") && !word.contains("https://docs.aws.amazon.com/") {
                failures.push(format!("{}: link {word:?} outside the AWS documentation", rule.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_syntax_example_points_at_the_missing_comma() {
    let page = page_of("json-syntax").unwrap();
    let secs = sections(page);
    let block = &runnable(&secs[3].1)[0];
    let findings = lint(&block.text, PolicyKind::Key);
    let f = findings.iter().find(|f| f.code == "json-syntax").unwrap();
    assert!(f.message.contains("missing comma"), "{}", f.message);
    // The comma belongs after the `}` that closes the first statement.
    let line = block.text.lines().position(|l| l.trim() == "}").unwrap() + 1;
    assert_eq!(f.range.start.line, line, "{}", show(&findings));
    assert!(f.fix.is_some(), "the missing comma comes with a one-click fix");
}

// ---------------------------------------------------------------------------------------------
// SPEC section 4: precision.

const KEY_ARN: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/// The key policy the console writes for a new symmetric key with one administrator role and
/// one user role.
const CONSOLE_DEFAULT: &str = r#"{
    "Id": "key-consolepolicy-3",
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*",
            "Resource": "*"
        },
        {
            "Sid": "Allow access for Key Administrators",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/KMSKeyAdmin"},
            "Action": [
                "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*",
                "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource",
                "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand"
            ],
            "Resource": "*"
        },
        {
            "Sid": "Allow use of the key",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/KMSKeyUser"},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            "Resource": "*"
        },
        {
            "Sid": "Allow attachment of persistent resources",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:role/KMSKeyUser"},
            "Action": ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            "Resource": "*",
            "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}
        }
    ]
}"#;

/// The findings of a scenario with key `KEY_ARN`, the given key policy (JSON text) and nothing
/// else.
fn scenario_findings(key_policy: &str) -> Result<Vec<Finding>, String> {
    let policy: serde_json::Value = serde_json::from_str(key_policy).map_err(|e| format!("key policy: {e}"))?;
    let value = serde_json::json!({"format": "kmsplay/v1", "key": {"arn": KEY_ARN, "policy": policy}});
    Ok(Analysis::new(&value).map_err(|e| e.message)?.report().findings)
}

/// A key policy: the account statement plus `statement`.
fn key_policy_with(statement: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
  {{"Sid": "Enable IAM User Permissions", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:root"}}, "Action": "kms:*", "Resource": "*"}},
  {statement}
]}}"#
    )
}

#[test]
fn console_default_key_policy_raises_nothing() {
    let linted = lint(CONSOLE_DEFAULT, PolicyKind::Key);
    assert!(linted.is_empty(), "lint:\n{}", show(&linted));
    let found = scenario_findings(CONSOLE_DEFAULT).unwrap();
    assert!(found.is_empty(), "scenario:\n{}", show(&found));
}

#[test]
fn resource_star_in_a_key_policy_is_never_flagged() {
    // Every key-policy example and fix in the pages, plus the console default: no finding may
    // point at a "*" that is the value of Resource.
    let mut texts = vec![CONSOLE_DEFAULT.to_string()];
    for rule in RULES {
        let Some(page) = page_of(rule.code) else { continue };
        for (_, body) in sections(page).iter().skip(3).take(2) {
            texts.extend(runnable(body).into_iter().filter(|b| b.info == "json key").map(|b| b.text));
        }
    }
    let mut failures = Vec::new();
    for text in &texts {
        for f in lint(text, PolicyKind::Key) {
            let (start, end) = (f.range.start.offset, f.range.end.offset);
            let at = text.get(start..end).unwrap_or("");
            let before = text.get(..start).unwrap_or("").trim_end();
            if at == "\"*\"" && before.ends_with("\"Resource\":") {
                failures.push(format!("{} at line {}: {}", f.code, f.range.start.line, f.message));
            }
        }
    }
    assert!(failures.is_empty(), "Resource \"*\" flagged in a key policy:\n{}", failures.join("\n"));
}

#[test]
fn principal_star_limited_by_caller_account_or_org_is_not_public() {
    let limited = [
        r#"{"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*",
            "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": "111122223333"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/app-*"}}}"#,
    ];
    for st in limited {
        let policy = key_policy_with(st);
        let found = lint(&policy, PolicyKind::Key);
        assert!(!codes(&found).contains(&"public-key-access"), "{st}\n{}", show(&found));
    }
    let open = [
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}"#,
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringEquals": {"kms:EncryptionContext:app": "billing"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringEqualsIfExists": {"kms:CallerAccount": "111122223333"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringNotEquals": {"kms:CallerAccount": "444455556666"}}}"#,
        r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
            "Condition": {"StringLike": {"kms:CallerAccount": "*"}}}"#,
    ];
    for st in open {
        let policy = key_policy_with(st);
        let found = lint(&policy, PolicyKind::Key);
        assert!(codes(&found).contains(&"public-key-access"), "{st}\n{}", show(&found));
    }
}

#[test]
fn a_wildcard_only_value_among_others_does_not_limit_callers() {
    // SPEC section 4: a limiting condition has "no wildcard-only value". With "*" in the list,
    // StringLike matches every account.
    let st = r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringLike": {"kms:CallerAccount": ["111122223333", "*"]}}}"#;
    let found = lint(&key_policy_with(st), PolicyKind::Key);
    assert!(codes(&found).contains(&"public-key-access"), "{}", show(&found));
}

#[test]
fn kms_star_to_an_external_account_is_not_a_non_cross_account_action() {
    let grant = |action: &str| {
        key_policy_with(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::444455556666:root"}}, "Action": "{action}", "Resource": "*"}}"#
        ))
    };
    for action in ["kms:*", "kms:Describe*", "kms:Decrypt", "kms:Create*"] {
        let found = scenario_findings(&grant(action)).unwrap();
        assert!(!codes(&found).contains(&"non-cross-account-action"), "{action}\n{}", show(&found));
    }
    for action in ["kms:Put*", "kms:Schedule*", "kms:PutKeyPolicy", "kms:EnableKeyRotation"] {
        let found = scenario_findings(&grant(action)).unwrap();
        assert!(codes(&found).contains(&"non-cross-account-action"), "{action}\n{}", show(&found));
    }
}

#[test]
fn external_account_access_lists_caller_account_lists_one_finding_per_account() {
    let st = r#"{"Effect": "Allow", "Principal": "*", "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*",
        "Condition": {"StringEquals": {"kms:CallerAccount": ["111122223333", "444455556666", "777788889999"]}}}"#;
    let found = scenario_findings(&key_policy_with(st)).unwrap();
    let external: Vec<&Finding> = found.iter().filter(|f| f.code == "external-account-access").collect();
    assert_eq!(external.len(), 2, "{}", show(&found));
    assert!(external.iter().any(|f| f.message.contains("444455556666")), "{}", show(&found));
    assert!(external.iter().any(|f| f.message.contains("777788889999")), "{}", show(&found));
}

#[test]
fn grant_without_aws_resource_covers_star_and_other_accounts_never_the_own_root() {
    let own =
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:CreateGrant", "Resource": "*"}"#;
    let found = scenario_findings(&key_policy_with(own)).unwrap();
    assert!(!codes(&found).contains(&"grant-without-aws-resource"), "own account\n{}", show(&found));
    let star_for_partner = r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:CreateGrant", "Resource": "*",
        "Condition": {"StringEquals": {"kms:CallerAccount": "444455556666"}}}"#;
    let found = scenario_findings(&key_policy_with(star_for_partner)).unwrap();
    assert!(codes(&found).contains(&"grant-without-aws-resource"), "* limited to another account\n{}", show(&found));
}

#[test]
fn a_bare_account_id_delegates_like_the_root_arn() {
    let policy = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}]}"#;
    let found = scenario_findings(policy).unwrap();
    assert!(!codes(&found).contains(&"no-account-delegation"), "{}", show(&found));
}

#[test]
fn another_partition_is_cross_partition_never_also_resource_arn_mismatch() {
    let identity = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt",
        "Resource": "arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}]});
    let value = serde_json::json!({
        "format": "kmsplay/v1",
        "key": {"arn": KEY_ARN, "policy": serde_json::from_str::<serde_json::Value>(&key_policy_with(
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "kms:DescribeKey", "Resource": "*"}"#
        )).unwrap()},
        "principals": [{"arn": "arn:aws:iam::111122223333:role/app", "policies": [{"name": "p", "document": identity}]}]
    });
    let found = Analysis::new(&value).unwrap().report().findings;
    assert!(codes(&found).contains(&"cross-partition"), "{}", show(&found));
    assert!(!codes(&found).contains(&"resource-arn-mismatch"), "{}", show(&found));
}

#[test]
fn unmodelled_services_and_key_policy_sids_are_not_findings() {
    let identity = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "ReadData", "Effect": "Allow", "Action": ["s3:GetObject", "kms:Decrypt"], "Resource": "*"}]}"#;
    let found = lint(identity, PolicyKind::Identity);
    assert!(!codes(&found).contains(&"unknown-action"), "{}", show(&found));
    let found = lint(CONSOLE_DEFAULT, PolicyKind::Key);
    assert!(!codes(&found).contains(&"invalid-sid"), "{}", show(&found));
}

#[test]
fn scenario_findings_name_the_policy_they_point_into() {
    // SPEC section 3: a finding's `policy` uses the ids of reasons (`key-policy`,
    // `identity:<arn>/<name>`, ...) or `scenario`; its range is in that policy's text.
    let mut failures = Vec::new();
    for rule in RULES {
        let Some(page) = page_of(rule.code) else { continue };
        for (heading, body) in sections(page).iter().skip(3).take(2) {
            for block in runnable(body).into_iter().filter(|b| b.info == "json scenario") {
                let value: serde_json::Value = serde_json::from_str(&block.text).unwrap();
                let analysis = Analysis::new(&value).unwrap();
                for f in analysis.report().findings {
                    let known = f.policy == "scenario" || analysis.policy_text(&f.policy).is_some();
                    if !known {
                        failures.push(format!("{} {heading}: {} has policy {:?}", rule.code, f.code, f.policy));
                    }
                }
            }
        }
    }
    assert!(failures.is_empty(), "findings that name no policy of the scenario:\n{}", failures.join("\n"));
}
