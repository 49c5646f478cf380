//! The long randomized run (issue 9): structured random policies and scenarios (a grammar of
//! realistic elements, then mutations of their text) through the policy reader, the linter,
//! the evaluator, the share-link decoder and the CLI binary, for a time budget.
//!
//! `#[ignore]`d, so `cargo test` skips it. Run it with `scripts/fuzz.sh [minutes]` (release
//! build, `KMSPLAY_FUZZ_SECS`), or `cargo test --release --test fuzz_long -- --ignored
//! --nocapture`. Each case checks the invariants of `tests/hostile.rs` (no panic, ranges
//! inside the text, columns in characters, exit status and one-line stderr for the CLI, no
//! raw control characters in text output) and a generous linear time bound:
//! `time ≤ BASE + PER_BYTE × input bytes`. Failures shrink (proptest) and are printed; the
//! figures (cases, inputs per second, the slowest time per byte) are printed at the end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kmsplay::engine::catalog;
use kmsplay::engine::render;
use kmsplay::engine::span::Position;
use kmsplay::engine::{lint, Analysis, PolicyKind, Report};
use kmsplay::share_codec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{json, Map, Value};

/// Constant part of the time bound (process start, allocator warm-up, a slow scheduler tick).
const BASE: Duration = Duration::from_millis(250);
/// Per-byte part: 5 µs a byte (0.2 MB/s). Generous on purpose: the machine is shared, and a
/// policy dense with misspelt names costs a did-you-mean per name (bounded, so still linear).
const PER_BYTE: Duration = Duration::from_micros(5);
/// Constant part for a CLI run (a process start on a busy machine).
const CLI_BASE: Duration = Duration::from_secs(2);

// ---------------------------------------------------------------- the grammar

const ACCOUNTS: [&str; 4] = ["111122223333", "444455556666", "123456789012", "999999999999"];
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn account() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(ACCOUNTS.to_vec()).prop_map(str::to_string),
        1 => "[0-9]{0,14}",
    ]
}

fn partition() -> impl Strategy<Value = &'static str> {
    prop_oneof![8 => Just("aws"), 1 => Just("aws-cn"), 1 => Just("aws-us-gov")]
}

/// A principal ARN: users, roles, sessions, roots, services, typos.
fn principal_arn() -> BoxedStrategy<String> {
    (partition(), account(), prop::sample::select(vec!["user/alice", "role/app", "root", "role/path/deep", "user/*"]))
        .prop_flat_map(|(p, a, r)| {
            prop_oneof![
                6 => Just(format!("arn:{p}:iam::{a}:{r}")),
                2 => Just(format!("arn:{p}:sts::{a}:assumed-role/app/session")),
                1 => Just(a.clone()),
                1 => Just("*".to_string()),
                1 => "\\PC{0,20}",
            ]
        })
        .boxed()
}

fn key_arn() -> BoxedStrategy<String> {
    prop_oneof![
        6 => Just(KEY.to_string()),
        2 => (partition(), account()).prop_map(|(p, a)| format!("arn:{p}:kms:us-east-1:{a}:key/k-1")),
        1 => Just("arn:aws:kms:us-east-1:111122223333:alias/app".to_string()),
        1 => Just("*".to_string()),
        1 => Just("arn:aws:kms:*:111122223333:key/*".to_string()),
        1 => "\\PC{0,30}",
    ]
    .boxed()
}

fn action() -> BoxedStrategy<String> {
    let names: Vec<String> = catalog::kms_actions().iter().map(|a| a.name.to_string()).collect();
    prop_oneof![
        6 => prop::sample::select(names),
        1 => prop::sample::select(vec!["kms:*", "kms:Re*", "kms:Generate*", "*", "kms:Describe?ey", "sts:AssumeRole", "s3:GetObject", "kms:decrypt", "kms:Decrpyt"]).prop_map(str::to_string),
        1 => "kms:[A-Za-z*?]{0,12}",
    ]
    .boxed()
}

/// A value of the wrong or an odd type, for any element.
fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(json!(1.5e300)),
        Just(json!([])),
        Just(json!({})),
        "\\PC{0,12}".prop_map(Value::from),
        Just(json!("\u{feff}\u{202e}\u{1b}[31m\u{7}x\ny")),
        Just(json!("\u{1F600}\u{200d}\u{1F4BB}")),
    ]
}

fn one_or_many<S: Strategy<Value = String> + Clone + 'static>(s: S) -> BoxedStrategy<Value> {
    prop_oneof![
        3 => s.clone().prop_map(Value::from),
        2 => prop::collection::vec(s, 0..4).prop_map(Value::from),
        1 => odd_value(),
    ]
    .boxed()
}

fn principal_block() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => Just(json!("*")),
        4 => one_or_many(principal_arn()).prop_map(|v| json!({"AWS": v})),
        1 => Just(json!({"Service": "logs.amazonaws.com"})),
        1 => Just(json!({"Federated": "cognito-identity.amazonaws.com"})),
        1 => Just(json!({"AWS": "*"})),
        1 => odd_value(),
    ]
}

fn condition() -> impl Strategy<Value = Value> {
    let ops = prop::sample::select(vec![
        "StringEquals",
        "StringLike",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "ArnLike",
        "ArnEquals",
        "ForAnyValue:StringEquals",
        "ForAllValues:StringLike",
        "StringEqualsIfExists",
        "Bool",
        "Null",
        "IpAddress",
        "NotIpAddress",
        "NumericLessThan",
        "DateGreaterThan",
        "StringEqual",
        "BinaryEquals",
    ]);
    let keys = prop::sample::select(vec![
        "kms:CallerAccount",
        "aws:PrincipalAccount",
        "aws:PrincipalArn",
        "kms:ViaService",
        "kms:EncryptionContext:app",
        "kms:EncryptionContextKeys",
        "kms:GrantIsForAWSResource",
        "aws:SourceIp",
        "aws:CurrentTime",
        "aws:PrincipalOrgID",
        "aws:userid",
        "kms:GrantOperations",
        "aws:PrincipalTag/team",
        "kms:EncryptionAlgorithm",
        "kms:CallerAcount",
    ]);
    let values = prop_oneof![
        Just(json!("111122223333")),
        Just(json!("${aws:username}")),
        Just(json!(["ec2.us-east-1.amazonaws.com", "s3.*.amazonaws.com"])),
        Just(json!("10.0.0.0/8")),
        Just(json!("2020-01-01T00:00:00Z")),
        Just(json!(true)),
        Just(json!("*")),
        odd_value(),
    ];
    prop::collection::vec((ops, prop::collection::vec((keys, values), 1..3)), 0..3).prop_map(|tests| {
        let mut m = Map::new();
        for (op, kv) in tests {
            let inner: Map<String, Value> = kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            m.insert(op.to_string(), Value::Object(inner));
        }
        Value::Object(m)
    })
}

fn statement(kind: PolicyKind) -> impl Strategy<Value = Value> {
    let with_principal = matches!(kind, PolicyKind::Key | PolicyKind::Trust | PolicyKind::Rcp);
    (
        prop::option::weighted(0.7, "[A-Za-z0-9 ]{0,10}"),
        prop_oneof![8 => Just(json!("Allow")), 3 => Just(json!("Deny")), 1 => Just(json!("allow")), 1 => odd_value()],
        prop::option::weighted(if with_principal { 0.9 } else { 0.1 }, (any::<bool>(), principal_block())),
        prop::option::weighted(0.95, (any::<bool>(), one_or_many(action()))),
        prop::option::weighted(0.8, (any::<bool>(), one_or_many(key_arn()))),
        prop::option::weighted(0.4, condition()),
        prop::option::weighted(0.05, ("[a-zA-Z]{1,9}", odd_value())),
    )
        .prop_map(|(sid, effect, principal, action, resource, cond, extra)| {
            let mut m = Map::new();
            if let Some(sid) = sid {
                m.insert("Sid".into(), sid.into());
            }
            m.insert("Effect".into(), effect);
            if let Some((not, p)) = principal {
                m.insert(if not { "NotPrincipal" } else { "Principal" }.into(), p);
            }
            if let Some((not, a)) = action {
                m.insert(if not { "NotAction" } else { "Action" }.into(), a);
            }
            if let Some((not, r)) = resource {
                m.insert(if not { "NotResource" } else { "Resource" }.into(), r);
            }
            if let Some(c) = cond {
                m.insert("Condition".into(), c);
            }
            if let Some((k, v)) = extra {
                m.insert(k, v);
            }
            Value::Object(m)
        })
}

fn policy_value(kind: PolicyKind) -> impl Strategy<Value = Value> {
    (
        prop_oneof![8 => Just(Some(json!("2012-10-17"))), 1 => Just(Some(json!("2008-10-17"))), 1 => Just(None), 1 => odd_value().prop_map(Some)],
        prop_oneof![6 => prop::collection::vec(statement(kind), 0..6).prop_map(Value::from), 1 => statement(kind), 1 => odd_value()],
    )
        .prop_map(|(version, statements)| {
            let mut m = Map::new();
            if let Some(v) = version {
                m.insert("Version".into(), v);
            }
            m.insert("Statement".into(), statements);
            Value::Object(m)
        })
}

/// How to damage a text.
#[derive(Clone, Debug)]
enum Mutation {
    None,
    Delete(usize, usize),
    Duplicate(usize, usize),
    Insert(usize, String),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragment = prop_oneof![
        prop::sample::select(vec![
            ",",
            "{",
            "}",
            "[",
            "]",
            ":",
            "\"",
            "\\",
            "\n",
            "\u{feff}",
            "\u{202e}",
            "\u{d7ff}",
            "/*",
            "NaN",
            "1e999",
            "\"Effect\": \"Allow\""
        ])
        .prop_map(str::to_string),
        "\\PC{0,6}",
    ];
    prop_oneof![
        6 => Just(Mutation::None),
        1 => (any::<usize>(), 0usize..20).prop_map(|(a, n)| Mutation::Delete(a, n)),
        1 => (any::<usize>(), 0usize..40).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
        2 => (any::<usize>(), fragment).prop_map(|(a, s)| Mutation::Insert(a, s)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn boundary(text: &str, at: usize) -> usize {
    let mut i = if text.is_empty() { 0 } else { at % (text.len() + 1) };
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: String, m: &Mutation) -> String {
    match m {
        Mutation::None => text,
        Mutation::Delete(a, n) => {
            let a = boundary(&text, *a);
            let b = boundary(&text, a + n);
            let b = b.max(a);
            format!("{}{}", &text[..a], &text[b..])
        }
        Mutation::Duplicate(a, n) => {
            let a = boundary(&text, *a);
            let b = boundary(&text, a + n).max(a);
            format!("{}{}", &text[..b], &text[a..])
        }
        Mutation::Insert(a, s) => {
            let a = boundary(&text, *a);
            format!("{}{s}{}", &text[..a], &text[a..])
        }
        Mutation::Truncate(a) => {
            let a = boundary(&text, *a);
            text[..a].to_string()
        }
    }
}

/// A policy text of `kind`: the grammar, pretty or compact, then damaged (or not).
fn policy_text(kind: PolicyKind) -> impl Strategy<Value = String> {
    (policy_value(kind), any::<bool>(), mutation()).prop_map(|(v, pretty, m)| {
        let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() };
        apply(text, &m)
    })
}

/// A large policy: a few grammar statements repeated up to 3 000 times (up to ~1 MB), one
/// line or pretty, then damaged (or not): the inputs the time bound is about.
fn big_policy_text(kind: PolicyKind) -> impl Strategy<Value = String> {
    (prop::collection::vec(statement(kind), 1..4), 1usize..3000, any::<bool>(), mutation()).prop_map(
        move |(statements, times, pretty, m)| {
            let all: Vec<Value> = statements.iter().cycle().take(statements.len() * times).cloned().collect();
            let v = json!({"Version": "2012-10-17", "Statement": all});
            let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { v.to_string() };
            apply(text, &m)
        },
    )
}

fn kind() -> impl Strategy<Value = PolicyKind> {
    prop::sample::select(PolicyKind::ALL.to_vec())
}

/// A policy as a scenario holds it: raw (maybe damaged) text or an object.
fn policy_member(kind: PolicyKind) -> impl Strategy<Value = Value> {
    prop_oneof![2 => policy_text(kind).prop_map(Value::from), 2 => policy_value(kind), 1 => odd_value()]
}

fn scenario() -> impl Strategy<Value = Value> {
    let principal = (
        principal_arn(),
        prop::collection::vec(("[a-z]{0,4}", policy_member(PolicyKind::Identity)), 0..3),
        prop::option::weighted(0.2, policy_member(PolicyKind::Boundary)),
        prop::option::weighted(0.2, policy_member(PolicyKind::Trust)),
    )
        .prop_map(|(arn, policies, boundary, trust)| {
            let mut m = Map::new();
            m.insert("arn".into(), arn.into());
            let ps: Vec<Value> = policies.into_iter().map(|(n, d)| json!({"name": n, "document": d})).collect();
            m.insert("policies".into(), ps.into());
            if let Some(b) = boundary {
                m.insert("permissionsBoundary".into(), b);
            }
            if let Some(t) = trust {
                m.insert("trustPolicy".into(), t);
            }
            Value::Object(m)
        });
    let grant = (principal_arn(), prop::collection::vec(action(), 0..3), prop::option::of(condition())).prop_map(
        |(grantee, ops, c)| {
            let ops: Vec<String> = ops.iter().map(|a| a.trim_start_matches("kms:").to_string()).collect();
            json!({"grantee": grantee, "operations": ops, "constraints": c})
        },
    );
    let request = (
        principal_arn(),
        action(),
        prop::option::weighted(
            0.3,
            prop::sample::select(vec![
                "k-1",
                "1234abcd-12ab-34cd-56ef-1234567890ab",
                "alias/app",
                KEY,
                "arn:aws:kms:us-east-1:111122223333:alias/app",
            ]),
        ),
        prop::collection::vec(principal_arn(), 0..2),
        prop::option::weighted(0.3, ("[a-z]{1,4}", "\\PC{0,6}")),
        prop::option::weighted(
            0.3,
            (
                prop::sample::select(vec!["aws:SourceIp", "kms:ViaService", "aws:PrincipalOrgID", "aws:CurrentTime"]),
                odd_value(),
            ),
        ),
    )
        .prop_map(|(principal, action, key_id, via, ec, ctx)| {
            let mut r = json!({"principal": principal, "action": action, "via": via});
            if let Some(k) = key_id {
                r["keyId"] = json!(k);
            }
            if let Some((k, v)) = ec {
                r["encryptionContext"] = json!({ k: v });
            }
            if let Some((k, v)) = ctx {
                r["context"] = json!({ k: v });
            }
            r
        });
    (
        prop_oneof![6 => Just(KEY.to_string()), 1 => key_arn()],
        prop::option::weighted(0.9, policy_member(PolicyKind::Key)),
        prop::sample::select(vec!["Enabled", "Disabled", "PendingDeletion", "x"]),
        prop::collection::vec(principal, 0..4),
        prop::collection::vec(grant, 0..2),
        prop::collection::vec(policy_member(PolicyKind::Scp), 0..2),
        prop::collection::vec(policy_member(PolicyKind::Rcp), 0..2),
        prop::collection::vec(request, 0..5),
        any::<bool>(),
    )
        .prop_map(|(arn, key_policy, state, principals, grants, scps, rcps, requests, aws_managed)| {
            let mut key = json!({"arn": arn, "state": state, "aliases": ["alias/app"]});
            if let Some(p) = key_policy {
                key["policy"] = p;
            }
            if aws_managed {
                key["manager"] = json!("aws");
            }
            let org = |ps: Vec<Value>| -> Vec<Value> {
                ps.into_iter()
                    .enumerate()
                    .map(|(i, d)| json!({"name": format!("o{i}"), "accounts": [ACCOUNTS[i % 4]], "document": d}))
                    .collect()
            };
            json!({
                "format": "kmsplay/v1",
                "key": key,
                "principals": principals,
                "grants": grants,
                "organization": {"scps": org(scps), "rcps": org(rcps)},
                "requests": requests,
            })
        })
}

// ---------------------------------------------------------------- the checks

fn check_position(text: &str, p: &Position) -> Result<(), TestCaseError> {
    prop_assert!(
        p.offset <= text.len() && text.is_char_boundary(p.offset),
        "offset {} in {} bytes",
        p.offset,
        text.len()
    );
    let before = &text[..p.offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    prop_assert_eq!(p.line, before.matches('\n').count() + 1);
    prop_assert_eq!(p.column, before[line_start..].chars().count() + 1);
    Ok(())
}

fn no_raw_controls(s: &str) -> Result<(), TestCaseError> {
    let bad: Vec<char> = s.chars().filter(|&c| c.is_control() && c != '\n' && c != '\t').collect();
    prop_assert!(bad.is_empty(), "raw control characters {:?}", bad);
    Ok(())
}

/// Figures of one target.
#[derive(Default)]
struct Stats {
    cases: u64,
    bytes: u64,
    busy: Duration,
    slowest: Duration,
    /// Largest time per byte seen (ns), with the input size.
    worst_ns_per_byte: (f64, usize),
}

impl Stats {
    fn record(&mut self, bytes: usize, took: Duration) {
        self.cases += 1;
        self.bytes += bytes as u64;
        self.busy += took;
        self.slowest = self.slowest.max(took);
        let per = took.as_nanos() as f64 / bytes.max(1) as f64;
        if per > self.worst_ns_per_byte.0 {
            self.worst_ns_per_byte = (per, bytes);
        }
    }
}

fn within_bound(bytes: usize, took: Duration, base: Duration) -> Result<(), TestCaseError> {
    let bound = base + PER_BYTE * u32::try_from(bytes).unwrap_or(u32::MAX);
    prop_assert!(took <= bound, "{:?} for {} bytes (bound {:?})", took, bytes, bound);
    Ok(())
}

fn lint_case(text: &str, kind: PolicyKind, stats: &mut Stats) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let findings = lint(text, kind);
    let mut out = String::new();
    for f in &findings {
        render::finding(&mut out, "policy.json", f, Some(text));
    }
    let took = start.elapsed();
    stats.record(text.len(), took);
    within_bound(text.len(), took, BASE)?;
    for f in &findings {
        check_position(text, &f.range.start)?;
        check_position(text, &f.range.end)?;
        prop_assert!(f.range.start.offset <= f.range.end.offset);
    }
    no_raw_controls(&out)?;
    Ok(())
}

fn eval_case(scenario: &Value, stats: &mut Stats) -> Result<(), TestCaseError> {
    let size = scenario.to_string().len();
    let start = Instant::now();
    let Ok(analysis) = Analysis::new(scenario) else {
        stats.record(size, start.elapsed());
        return Ok(());
    };
    let report = analysis.report();
    let text = render::report("scenario.json", &report, |id| analysis.policy_text(id));
    // The app's other questions: every matrix cell explained, one suggestion.
    for row in &report.matrix.rows {
        for a in &report.matrix.actions {
            let _ = analysis.explain(&row.principal, a);
        }
    }
    if let Some(row) = report.matrix.rows.first() {
        let _ = analysis.suggest_cell(&row.principal, "kms:Decrypt");
    }
    let took = start.elapsed();
    stats.record(size, took);
    within_bound(size, took, BASE)?;
    prop_assert_eq!(report.results.len(), analysis.scenario().requests.len());
    for f in &report.findings {
        let t = analysis.policy_text(&f.policy).unwrap_or("");
        check_position(t, &f.range.start)?;
        check_position(t, &f.range.end)?;
    }
    for r in &report.results {
        for reason in &r.reasons {
            if let Some(range) = &reason.range {
                let t = analysis.policy_text(&reason.policy).unwrap_or("");
                check_position(t, &range.start)?;
                check_position(t, &range.end)?;
            }
        }
    }
    let back: Report = serde_json::from_str(&serde_json::to_string(&report).unwrap()).unwrap();
    prop_assert_eq!(&back, &report);
    no_raw_controls(&text)?;
    Ok(())
}

fn share_case(data: &str, stats: &mut Stats) -> Result<(), TestCaseError> {
    let start = Instant::now();
    let decoded = share_codec::decode_value(data);
    let took = start.elapsed();
    stats.record(data.len(), took);
    within_bound(data.len(), took, BASE)?;
    if let Ok(v) = decoded {
        prop_assert!(v.to_string().len() <= share_codec::MAX_STATE_BYTES * 2);
        let _ = Analysis::new(&v).map(|a| a.report());
    }
    Ok(())
}

fn tmp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmsplay-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn cli_case(args: &[&str], file_bytes: &[u8], name: &str, stats: &mut Stats) -> Result<(), TestCaseError> {
    let path = tmp_dir().join(name);
    std::fs::write(&path, file_bytes).unwrap();
    let mut all: Vec<&str> = args.to_vec();
    let p = path.to_str().unwrap().to_string();
    all.push(&p);
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_kmsplay")).args(&all).stdin(Stdio::null()).output().unwrap();
    let took = start.elapsed();
    stats.record(file_bytes.len(), took);
    within_bound(file_bytes.len(), took, CLI_BASE)?;
    let err = String::from_utf8_lossy(&out.stderr);
    prop_assert!(!err.contains("panicked"), "{}", err);
    let code = out.status.code();
    prop_assert!(matches!(code, Some(0..=2)), "{:?}: {:?} {}", all, code, err);
    if code == Some(2) {
        prop_assert!(out.stdout.is_empty());
        prop_assert_eq!(err.trim_end_matches('\n').lines().count(), 1, "{}", err);
        prop_assert!(err.contains(&p), "{}", err);
    }
    no_raw_controls(&String::from_utf8_lossy(&out.stdout))?;
    no_raw_controls(&err)?;
    Ok(())
}

// ---------------------------------------------------------------- the run

fn budget() -> Duration {
    let secs = std::env::var("KMSPLAY_FUZZ_SECS").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(60);
    Duration::from_secs(secs)
}

/// Run `test` on `batch` values of `strategy`; a failure
/// (shrunk by proptest) fails the run.
fn run<S: Strategy>(
    name: &str,
    strategy: S,
    batch: u32,
    stats: &RefCell<Stats>,
    test: impl Fn(S::Value, &mut Stats) -> Result<(), TestCaseError>,
) {
    let mut runner = TestRunner::new(Config { cases: batch, failure_persistence: None, ..Config::default() });
    let result = runner.run(&strategy, |v| test(v, &mut stats.borrow_mut()));
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
#[ignore = "long randomized run: scripts/fuzz.sh [minutes] (KMSPLAY_FUZZ_SECS)"]
fn long_randomized_run() {
    // proptest's generators for these nested grammars need more than a test thread's 2 MiB of
    // stack; 8 MiB is what the CLI's main thread has (deep input is refused by depth limits,
    // which `tests/hostile.rs` checks on 2 MiB threads).
    let run = std::thread::Builder::new().stack_size(8 << 20).spawn(randomized_run).unwrap();
    if let Err(e) = run.join() {
        std::panic::resume_unwind(e);
    }
}

fn randomized_run() {
    let started = Instant::now();
    let deadline = started + budget();
    let lint_stats = RefCell::new(Stats::default());
    let eval_stats = RefCell::new(Stats::default());
    let share_stats = RefCell::new(Stats::default());
    let cli_stats = RefCell::new(Stats::default());
    let bytes_stats = RefCell::new(Stats::default());
    let big_stats = RefCell::new(Stats::default());
    let mut rounds = 0u64;
    while Instant::now() < deadline {
        rounds += 1;
        run("lint", (policy_text(PolicyKind::Key), kind()), 200, &lint_stats, |(text, k), s| lint_case(&text, k, s));
        run("lint big", (big_policy_text(PolicyKind::Identity), kind()), 5, &big_stats, |(text, k), s| {
            lint_case(&text, k, s)
        });
        run("lint bytes", prop::collection::vec(any::<u8>(), 0..2000), 100, &bytes_stats, |b, s| {
            lint_case(&String::from_utf8_lossy(&b), PolicyKind::Identity, s)
        });
        run("eval", scenario(), 100, &eval_stats, |sc, s| eval_case(&sc, s));
        run(
            "share",
            (scenario(), mutation(), prop::option::weighted(0.3, (any::<usize>(), any::<u8>()))),
            100,
            &share_stats,
            |(sc, m, flip), s| {
                let mut data = share_codec::encode_text(&sc.to_string());
                if let Some((at, byte)) = flip {
                    let i = boundary(&data, at);
                    data.insert(i, char::from(b'A' + byte % 26));
                }
                share_case(&apply(data, &m), s)
            },
        );
        run(
            "cli",
            (policy_text(PolicyKind::Key), scenario(), prop::sample::select(vec!["json", "text"])),
            10,
            &cli_stats,
            |(policy, sc, format), s| {
                cli_case(&["lint", "--kind", "key", "--format", format], policy.as_bytes(), "policy.json", s)?;
                let text = sc.to_string();
                cli_case(&["eval", "--format", format], text.as_bytes(), "scenario.json", s)?;
                cli_case(&["matrix"], text.as_bytes(), "scenario.json", s)
            },
        );
    }
    let total = started.elapsed();
    println!("\nlong randomized run: {:.0} s, {rounds} rounds", total.as_secs_f64());
    println!(
        "{:<12} {:>9} {:>12} {:>10} {:>12} {:>22}",
        "target", "cases", "inputs/s", "mean B", "slowest", "worst ns/B (at size)"
    );
    for (name, s) in [
        ("lint", &lint_stats),
        ("lint big", &big_stats),
        ("lint bytes", &bytes_stats),
        ("eval", &eval_stats),
        ("share", &share_stats),
        ("cli", &cli_stats),
    ] {
        let s = s.borrow();
        println!(
            "{name:<12} {:>9} {:>12.0} {:>10} {:>12?} {:>14.0} ({} B)",
            s.cases,
            s.cases as f64 / s.busy.as_secs_f64().max(1e-9),
            s.bytes / s.cases.max(1),
            s.slowest,
            s.worst_ns_per_byte.0,
            s.worst_ns_per_byte.1
        );
    }
    for s in [&lint_stats, &big_stats, &bytes_stats, &eval_stats, &share_stats, &cli_stats] {
        assert!(s.borrow().cases > 0);
    }
}
