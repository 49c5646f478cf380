//! Hostile inputs (`tests/cases/hostile/`, see its README) through the linter, the evaluator
//! and the CLI, plus big inputs generated here: no panic, no "panicked", SPEC §5 exit
//! status, ranges inside the text with columns in Unicode scalar values, reports that
//! round-trip through serde_json. No assertion is timed; big inputs only have to come back.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kmsplay::engine::json;
use kmsplay::engine::report::{Finding, ReasonKind};
use kmsplay::engine::span::{Position, Range};
use kmsplay::engine::{self, lint, Analysis, PolicyKind, Report, Severity};
use serde_json::{json, Value};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases/hostile");
const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROOT: &str = "arn:aws:iam::111122223333:root";
const USER: &str = "arn:aws:iam::111122223333:user/alice";
const XSS: [&str; 3] = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)"];

// ---------------------------------------------------------------- helpers

struct Case {
    /// Path relative to the hostile folder (`syntax/nan.json`).
    rel: String,
    path: PathBuf,
    bytes: Vec<u8>,
}

fn cases_in(folders: &[&str]) -> Vec<Case> {
    let mut out = Vec::new();
    for folder in folders {
        let mut paths: Vec<PathBuf> =
            std::fs::read_dir(Path::new(DIR).join(folder)).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "json") {
                let rel = format!("{folder}/{}", path.file_name().unwrap().to_str().unwrap());
                out.push(Case { bytes: std::fs::read(&path).unwrap(), rel, path });
            }
        }
    }
    assert!(!out.is_empty(), "no cases in {folders:?}");
    out
}

fn policy_cases() -> Vec<Case> {
    cases_in(&["syntax", "types", "unicode", "xss"])
}

/// What the engine sees of a file, and lint's findings, exactly as `kmsplay lint` does it
/// (a file that is not UTF-8 is one `json-syntax` finding).
fn lint_bytes(bytes: &[u8], kind: PolicyKind) -> (String, Vec<Finding>) {
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => {
            let findings = lint(&text, kind);
            (text, findings)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
            let f = engine::not_utf8_finding(&text, offset, kind);
            (text, vec![f])
        }
    }
}

/// The position `offset` must have, counted independently: lines end at `\n`, columns count
/// Unicode scalar values.
fn check_position(text: &str, p: &Position, what: &str) {
    assert!(p.offset <= text.len(), "{what}: offset {} past the end ({} bytes)", p.offset, text.len());
    assert!(text.is_char_boundary(p.offset), "{what}: offset {} inside a character", p.offset);
    let before = &text[..p.offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    assert_eq!((p.line, p.column), (line, column), "{what}: line/column of offset {}", p.offset);
}

fn check_range(text: &str, r: &Range, what: &str) {
    check_position(text, &r.start, what);
    check_position(text, &r.end, what);
    assert!(r.start.offset <= r.end.offset, "{what}: range ends before it starts: {r:?}");
}

/// Every range of a finding (its own, related places, fix edits) against the texts.
fn check_finding<'t>(f: &Finding, text_of: &impl Fn(&str) -> Option<&'t str>, what: &str) {
    let what = format!("{what}: {} at {}:{}", f.code, f.range.start.line, f.range.start.column);
    assert!(!f.code.is_empty() && !f.message.is_empty(), "{what}: empty code or message");
    assert!(engine::rules::rule(&f.code).is_some(), "{what}: unregistered code");
    let own = text_of(&f.policy).unwrap_or("");
    check_range(own, &f.range, &what);
    for r in &f.related {
        check_range(text_of(&r.policy).unwrap_or(""), &r.range, &format!("{what} (related {})", r.policy));
    }
    if let Some(fix) = &f.fix {
        for e in &fix.edits {
            check_range(own, &e.range, &format!("{what} (fix)"));
        }
        // A fix never breaks a text that parses (it may repair one that does not).
        if json::parse(own).is_ok() {
            let fixed = apply(own, &fix.edits);
            if let Err(e) = json::parse(&fixed) {
                panic!("{what}: applying fix {:?} breaks the JSON: {}\n{fixed}", fix.message, e.message);
            }
        }
    }
}

fn apply(text: &str, edits: &[engine::report::Edit]) -> String {
    let mut edits: Vec<_> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start.offset));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.range.start.offset..e.range.end.offset, &e.text);
    }
    out
}

fn check_report(analysis: &Analysis, report: &Report, what: &str) {
    let text_of = |id: &str| analysis.policy_text(id);
    for f in &report.findings {
        check_finding(f, &text_of, what);
    }
    for (i, r) in report.results.iter().enumerate() {
        for reason in &r.reasons {
            if let Some(range) = &reason.range {
                let text = text_of(&reason.policy).unwrap_or("");
                check_range(text, range, &format!("{what}: result {i} reason in {}", reason.policy));
            }
        }
    }
    let s = serde_json::to_string(report).unwrap();
    let back: Report = serde_json::from_str(&s).unwrap();
    assert_eq!(&back, report, "{what}: the report does not round-trip through serde_json");
}

fn check_lint(text: &str, findings: &[Finding], what: &str) {
    for f in findings {
        check_finding(f, &|_| Some(text), what);
    }
    let s = serde_json::to_string(findings).unwrap();
    let back: Vec<Finding> = serde_json::from_str(&s).unwrap();
    assert_eq!(back, findings, "{what}: findings do not round-trip");
}

/// A scenario with `policy` (raw text or object) as the key policy, an identity policy, a
/// permissions boundary and an SCP.
fn wrap(policy: Value) -> Value {
    json!({
        "format": "kmsplay/v1",
        "key": {"arn": KEY, "policy": policy.clone()},
        "principals": [{"arn": USER, "policies": [{"name": "hostile", "document": policy.clone()}],
                        "permissionsBoundary": policy.clone()}],
        "organization": {"scps": [{"name": "hostile", "accounts": ["111122223333"], "document": policy}]},
        "requests": [
            {"principal": USER, "action": "kms:Decrypt"},
            {"principal": ROOT, "action": "kms:PutKeyPolicy"}
        ]
    })
}

fn analyse(scenario: &Value, what: &str) -> (Analysis, Report) {
    let analysis = Analysis::new(scenario).unwrap_or_else(|e| panic!("{what}: {e}"));
    let report = analysis.report();
    check_report(&analysis, &report, what);
    (analysis, report)
}

/// `NAME.expect`: `code line [kind]`.
fn expectation(case: &Case) -> Option<(String, usize, PolicyKind)> {
    let text = std::fs::read_to_string(case.path.with_extension("expect")).ok()?;
    let mut words = text.split_whitespace();
    let code = words.next().unwrap().to_string();
    let line = words.next().unwrap().parse().unwrap();
    let kind = words.next().map_or(PolicyKind::Key, |k| PolicyKind::from_cli_name(k).unwrap());
    Some((code, line, kind))
}

fn kmsplay(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kmsplay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = stdin.map(<[u8]>::to_vec);
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        if let Some(input) = input {
            let _ = pipe.write_all(&input);
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Exit status, no panic, and for status 2 nothing on stdout and one line on stderr that
/// names `file`.
fn check_exit(out: &Output, want: i32, file: &str, what: &str) {
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert_eq!(out.status.code(), Some(want), "{what}: stderr {err}");
    if want == 2 {
        assert!(out.stdout.is_empty(), "{what}: exit 2 but stdout has {} bytes", out.stdout.len());
        assert_eq!(err.trim_end_matches('\n').lines().count(), 1, "{what}: stderr is not one line: {err:?}");
        assert!(!err.trim_end_matches('\n').contains(['\n', '\r']), "{what}: stderr is not one line: {err:?}");
        assert!(err.contains(file), "{what}: stderr does not name {file}: {err}");
    }
}

fn tmp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kmsplay-hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_tmp(dir: &Path, name: &str, content: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p.to_str().unwrap().to_string()
}

/// The exit status `kmsplay eval` owes a file (SPEC §5): 0 for a usable scenario, else 2.
fn eval_status(bytes: &[u8]) -> i32 {
    let Ok(text) = std::str::from_utf8(bytes) else { return 2 };
    if text.trim().is_empty() {
        return 2;
    }
    match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
        Ok(v) if Analysis::new(&v).is_ok() => 0,
        _ => 2,
    }
}

fn lint_status(findings: &[Finding]) -> i32 {
    i32::from(findings.iter().any(|f| f.severity == Severity::Error))
}

// ---------------------------------------------------------------- the corpus, in the library

#[test]
fn corpus_lints_in_every_kind_with_ranges_inside_the_text() {
    for case in policy_cases() {
        for kind in PolicyKind::ALL {
            let what = format!("{} as {}", case.rel, kind.cli_name());
            let (text, findings) = lint_bytes(&case.bytes, kind);
            check_lint(&text, &findings, &what);
            assert!(findings.iter().all(|f| f.policy == kind.lint_id()), "{what}: policy ids");
        }
    }
}

#[test]
fn corpus_evaluates_as_raw_text_and_as_objects() {
    for case in policy_cases() {
        let raw = String::from_utf8_lossy(&case.bytes).into_owned();
        let (analysis, report) = analyse(&wrap(Value::String(raw.clone())), &format!("{} as raw text", case.rel));
        assert_eq!(report.results.len(), 2);
        assert_eq!(analysis.policy_text("key-policy"), Some(raw.as_str()), "{}: raw text is kept as given", case.rel);
        if let Ok(value) = serde_json::from_slice::<Value>(&case.bytes) {
            analyse(&wrap(value), &format!("{} as objects", case.rel));
        }
    }
}

#[test]
fn expectations_pin_the_first_finding() {
    let mut checked = 0;
    for case in policy_cases() {
        let Some((code, line, kind)) = expectation(&case) else { continue };
        let (_, findings) = lint_bytes(&case.bytes, kind);
        let first = findings.first().unwrap_or_else(|| panic!("{}: no findings, expected {code} {line}", case.rel));
        assert_eq!(
            (first.code.as_str(), first.range.start.line),
            (code.as_str(), line),
            "{}: first finding as {} ({})",
            case.rel,
            kind.cli_name(),
            first.message
        );
        // The same finding in a scenario that holds the text as its key or identity policy.
        let raw = String::from_utf8_lossy(&case.bytes).into_owned();
        let placed = match kind {
            PolicyKind::Key => Some("key-policy".to_string()),
            PolicyKind::Identity => Some(format!("identity:{USER}/hostile")),
            _ => None,
        };
        if let (Some(policy), Ok(_)) = (placed, std::str::from_utf8(&case.bytes)) {
            let (_, report) = analyse(&wrap(Value::String(raw)), &case.rel);
            assert!(
                report.findings.iter().any(|f| f.policy == policy && f.code == code && f.range.start.line == line),
                "{}: the scenario's {policy} lacks {code} at line {line}",
                case.rel
            );
        }
        checked += 1;
    }
    assert!(checked >= 100, "only {checked} .expect files");
}

#[test]
fn every_prefix_of_a_policy_is_a_finding_not_a_crash() {
    let text = std::fs::read_to_string(Path::new(DIR).join("unicode/emoji-everywhere.json")).unwrap();
    let cuts: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
    for &i in &cuts {
        let prefix = &text[..i];
        for kind in [PolicyKind::Key, PolicyKind::Identity] {
            let findings = lint(prefix, kind);
            check_lint(prefix, &findings, &format!("prefix of {i} bytes"));
            if i < text.trim_end().len() {
                assert_eq!(findings.first().map(|f| f.code.as_str()), Some("json-syntax"), "prefix of {i} bytes");
            }
        }
    }
}

// ---------------------------------------------------------------- columns, by hand

#[test]
fn columns_count_characters_not_utf16_units_or_bytes() {
    let text = std::fs::read_to_string(Path::new(DIR).join("unicode/emoji-sid-then-missing-comma.json")).unwrap();
    let findings = lint(&text, PolicyKind::Key);
    let f = &findings[0];
    assert_eq!(f.code, "json-syntax");
    assert!(f.message.contains("missing comma"), "{}", f.message);
    // Line 3 is `  "Statement": [{"Sid": "🔑🔐 key 😀" "Effect": "Allow"}]`; the comma belongs
    // right after the Sid's closing quote. Before it: 2 spaces, `"Statement":` (12), a space,
    // `[{` (2), `"Sid":` (6), a space, `"`, two emoji, ` key ` (5), one emoji, `"`: 34
    // characters, so column 35. In UTF-16 the three emoji are six units (column 38); in
    // UTF-8 they are twelve bytes (column 44).
    assert_eq!((f.range.start.line, f.range.start.column), (3, 35));
    let line3 = text.lines().nth(2).unwrap();
    let before = &line3[..f.range.start.offset - text.find(line3).unwrap()];
    assert_eq!(before.encode_utf16().count() + 1, 38);
    assert_eq!(before.len() + 1, 44);
    assert!(before.ends_with("😀\""), "{before}");

    // Identity policy: the invalid-sid warning on the second Sid starts after a one-emoji Sid
    // on an earlier line; the unknown action after a ZWJ sequence in that Sid's line.
    let text = std::fs::read_to_string(Path::new(DIR).join("unicode/emoji-in-sids-identity.json")).unwrap();
    let findings = lint(&text, PolicyKind::Identity);
    let sid = findings.iter().find(|f| f.code == "invalid-sid" && f.message.contains("Use")).unwrap();
    assert_eq!((sid.range.start.line, sid.range.start.column), (11, 14));
    // `"Use🧑‍💻"`: U, s, e, the person, the ZWJ, the laptop: the quoted Sid is 8 characters,
    // 10 UTF-16 units and 16 bytes.
    assert_eq!(sid.range.end.column - sid.range.start.column, 8);
    assert_eq!(sid.range.end.offset - sid.range.start.offset, 16);
}

// ---------------------------------------------------------------- XSS: plain text in, plain text out

#[test]
fn xss_payloads_pass_through_as_plain_text() {
    let [script, img, js] = XSS;
    // Lint: the messages quote the payload exactly as written, never escaped or dropped.
    let sid = std::fs::read_to_string(Path::new(DIR).join("xss/sid-img-identity.json")).unwrap();
    let f = lint(&sid, PolicyKind::Identity).into_iter().find(|f| f.code == "invalid-sid").unwrap();
    assert!(f.message.contains(img), "{}", f.message);
    for case in cases_in(&["xss"]) {
        let text = std::str::from_utf8(&case.bytes).unwrap();
        for kind in PolicyKind::ALL {
            for f in lint(text, kind) {
                for s in [&f.message, &f.help] {
                    for entity in ["&lt;", "&gt;", "&amp;", "&quot;", "&#"] {
                        assert!(!s.contains(entity) || text.contains(entity), "{}: escaped: {s}", case.rel);
                    }
                }
            }
        }
    }
    // Eval: names, ids and echoes keep the payload byte for byte.
    let case = cases_in(&["scenarios"]).into_iter().find(|c| c.rel.ends_with("xss-everywhere.json")).unwrap();
    let value: Value = serde_json::from_slice(&case.bytes).unwrap();
    let (analysis, report) = analyse(&value, &case.rel);
    let sc = analysis.scenario();
    assert_eq!(sc.title.as_deref(), Some(script));
    assert_eq!(sc.description.as_deref(), Some(format!("{img} {js}").as_str()));
    let alice = format!("arn:aws:iam::111122223333:user/{script}");
    assert_eq!(report.results[0].principal, alice);
    assert_eq!(report.results[1].action, format!("kms:{script}"));
    assert!(report.matrix.rows.iter().any(|r| r.principal == alice));
    assert_eq!(sc.grants[0].name, script);
    assert_eq!(sc.scps[0].name, img);
    assert!(analysis.policy_text(&format!("identity:{alice}/{script}")).is_some());
    assert!(analysis.policy_text(&format!("identity:{alice}/{img}")).is_some());
    let out = kmsplay(&["eval", case.path.to_str().unwrap()], None);
    check_exit(&out, 0, &case.rel, "eval xss-everywhere");
    let stdout = text(&out.stdout);
    for payload in XSS {
        assert!(stdout.contains(payload), "{payload} missing from the JSON report");
    }
    assert!(stdout.contains(&format!("\"identity:{alice}/{script}\"")));
    assert!(!stdout.contains("&lt;") && !stdout.contains("\\u003c"), "payloads are escaped in the report");
    let from_cli: Report = serde_json::from_str(&stdout).unwrap();
    assert_eq!(from_cli, report);
    let out = kmsplay(&["eval", "--format", "text", case.path.to_str().unwrap()], None);
    check_exit(&out, 0, &case.rel, "eval --format text xss-everywhere");
    assert!(text(&out.stdout).contains(&alice));
    let out =
        kmsplay(&["lint", "--kind", "identity", Path::new(DIR).join("xss/sid-script.json").to_str().unwrap()], None);
    assert!(text(&out.stdout).contains(&format!("Sid \"{script}\"")), "{}", text(&out.stdout));
}

// ---------------------------------------------------------------- the corpus, through the CLI

#[test]
fn cli_lints_every_file_with_the_status_spec_5_gives() {
    for case in policy_cases() {
        let file = case.path.to_str().unwrap();
        let (_, findings) = lint_bytes(&case.bytes, PolicyKind::Key);
        let out = kmsplay(&["lint", "--kind", "key", "--format", "json", file], None);
        let what = format!("lint --kind key {}", case.rel);
        check_exit(&out, lint_status(&findings), file, &what);
        assert!(out.stderr.is_empty(), "{what}: {}", text(&out.stderr));
        let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, json!({ "findings": findings }), "{what}: the CLI and the library disagree");
        if let Some((code, line, PolicyKind::Key)) = expectation(&case) {
            assert_eq!(printed["findings"][0]["code"], code.as_str(), "{what}");
            assert_eq!(printed["findings"][0]["range"]["start"]["line"], line, "{what}");
        }
    }
    // Standard input, text format: same status.
    for case in policy_cases().iter().step_by(7) {
        let (_, findings) = lint_bytes(&case.bytes, PolicyKind::Identity);
        let out = kmsplay(&["lint", "--kind", "identity", "-"], Some(&case.bytes));
        check_exit(&out, lint_status(&findings), "-", &format!("lint - < {}", case.rel));
    }
}

#[test]
fn cli_evaluates_every_file_wrapped_and_refuses_it_bare() {
    let dir = tmp_dir("eval");
    for case in policy_cases() {
        let file = case.path.to_str().unwrap();
        // The policy file itself is no scenario: exit 2, one line, nothing on stdout.
        let out = kmsplay(&["eval", file], None);
        check_exit(&out, eval_status(&case.bytes), file, &format!("eval {}", case.rel));
        // Wrapped as raw text: a report, exit 0, the library's report.
        let raw = String::from_utf8_lossy(&case.bytes).into_owned();
        let scenario = wrap(Value::String(raw));
        let name = case.rel.replace('/', "-");
        let wrapped = write_tmp(&dir, &name, serde_json::to_string(&scenario).unwrap().as_bytes());
        let out = kmsplay(&["eval", &wrapped], None);
        let what = format!("eval wrapped {}", case.rel);
        check_exit(&out, 0, &wrapped, &what);
        let printed: Report = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(printed, Analysis::new(&scenario).unwrap().report(), "{what}");
    }
}

#[test]
fn cli_evaluates_hostile_scenarios_with_the_status_spec_5_gives() {
    let mut refused = 0;
    for case in cases_in(&["scenarios"]) {
        let file = case.path.to_str().unwrap();
        let want = eval_status(&case.bytes);
        let name = case.path.file_name().unwrap().to_str().unwrap();
        assert_eq!(want == 2, name.starts_with("invalid-"), "{}: only invalid-*.json may be refused", case.rel);
        refused += usize::from(want == 2);
        for format in ["json", "text"] {
            let out = kmsplay(&["eval", "--format", format, file], None);
            check_exit(&out, want, file, &format!("eval --format {format} {}", case.rel));
        }
        let out = kmsplay(&["matrix", file], None);
        check_exit(&out, want, file, &format!("matrix {}", case.rel));
        if want == 0 {
            let value: Value =
                serde_json::from_str(std::str::from_utf8(&case.bytes).unwrap().trim_start_matches('\u{feff}')).unwrap();
            let (analysis, report) = analyse(&value, &case.rel);
            let out = kmsplay(&["eval", file], None);
            let printed: Report = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(printed, report, "{}: the CLI and the library disagree", case.rel);
            for n in 1..=analysis.scenario().requests.len() {
                let out = kmsplay(&["suggest", file, "--request", &n.to_string()], None);
                check_exit(&out, 0, file, &format!("suggest {} --request {n}", case.rel));
            }
        }
    }
    assert!(refused >= 14, "only {refused} refused scenarios");
}

#[test]
fn a_policy_object_nested_past_the_limit_is_a_syntax_finding() {
    let case = cases_in(&["scenarios"]).into_iter().find(|c| c.rel.ends_with("deep-policy-object.json")).unwrap();
    let value: Value = serde_json::from_slice(&case.bytes).unwrap();
    let (_, report) = analyse(&value, &case.rel);
    let f = report.findings.iter().find(|f| f.policy == "key-policy").unwrap();
    assert_eq!(f.code, "json-syntax");
    assert!(f.message.contains("nests deeper"), "{}", f.message);
}

// ---------------------------------------------------------------- terminal safety of text output

/// Control characters that reach a terminal raw can recolour it, retitle it, clear it or
/// move the cursor (ESC, CSI, BEL, CR): text output shows them as visible symbols instead.
fn assert_no_raw_controls(s: &str, what: &str) {
    let bad: Vec<char> = s.chars().filter(|&c| c.is_control() && c != '\n' && c != '\t').collect();
    assert!(bad.is_empty(), "{what}: raw control characters {bad:?} in\n{s}");
}

#[test]
fn text_output_never_sends_raw_control_characters_to_the_terminal() {
    let policy = Path::new(DIR).join("xss/terminal-escapes.json");
    let out = kmsplay(&["lint", "--kind", "identity", policy.to_str().unwrap()], None);
    check_exit(&out, 0, "", "lint terminal-escapes");
    let s = text(&out.stdout);
    assert_no_raw_controls(&s, "lint --format text");
    assert!(s.contains("Sid \"␛[31mRED␛[0m␇␍␛]0;pwned␇"), "escapes are shown, not dropped: {s}");
    let scenario = Path::new(DIR).join("scenarios/terminal-escapes.json");
    for args in
        [vec!["eval", "--format", "text"], vec!["matrix"], vec!["suggest", "--request", "1", "--format", "text"]]
    {
        let mut args = args.clone();
        args.push(scenario.to_str().unwrap());
        let out = kmsplay(&args, None);
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_no_raw_controls(&text(&out.stdout), &format!("{args:?} stdout"));
        assert_no_raw_controls(&text(&out.stderr), &format!("{args:?} stderr"));
    }
    let refused = Path::new(DIR).join("scenarios/invalid-request-principal-escapes.json");
    let out = kmsplay(&["eval", refused.to_str().unwrap()], None);
    check_exit(&out, 2, "invalid-request-principal-escapes.json", "refused scenario");
    assert_no_raw_controls(&text(&out.stderr), "stderr of a refused scenario");
}

#[test]
fn a_newline_in_a_sid_cannot_forge_a_finding_line() {
    let policy = Path::new(DIR).join("xss/newline-forged-finding.json");
    let out = kmsplay(&["lint", "--kind", "identity", policy.to_str().unwrap()], None);
    let s = text(&out.stdout);
    assert!(!s.lines().any(|l| l.starts_with("policy.json:1:1: info[ok]")), "forged line:\n{s}");
    assert!(s.contains("x␊policy.json:1:1: info[ok]: all clear"), "{s}");
}

// ---------------------------------------------------------------- size and depth (generated)

/// One statement that raises nothing in a policy of `kind`, made distinct by `i`.
fn quiet_statement(kind: PolicyKind, i: usize) -> String {
    match kind {
        PolicyKind::Key => format!(
            r#"{{"Sid": "S{i}", "Effect": "Allow", "Principal": {{"AWS": "{ROOT}"}}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"kms:EncryptionContext:n": "{i}"}}}}}}"#
        ),
        PolicyKind::Trust => format!(
            r#"{{"Sid": "S{i}", "Effect": "Allow", "Principal": {{"AWS": "{ROOT}"}}, "Action": "sts:AssumeRole", "Condition": {{"StringEquals": {{"aws:userid": "u{i}"}}}}}}"#
        ),
        PolicyKind::Rcp => format!(
            r#"{{"Sid": "S{i}", "Effect": "Deny", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {{"StringEquals": {{"aws:PrincipalTag/n": "{i}"}}}}}}"#
        ),
        _ => format!(
            r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": "{KEY}", "Condition": {{"StringEquals": {{"kms:EncryptionContext:n": "{i}"}}}}}}"#
        ),
    }
}

fn policy_of(kind: PolicyKind, statements: usize) -> String {
    let body: Vec<String> = (0..statements).map(|i| quiet_statement(kind, i)).collect();
    format!("{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {}\n  ]\n}}\n", body.join(",\n    "))
}

fn policy_of_size(kind: PolicyKind, bytes: usize) -> String {
    let mut n = bytes / quiet_statement(kind, 0).len();
    loop {
        let text = policy_of(kind, n);
        if text.len() >= bytes {
            return text;
        }
        n += n / 50 + 1;
    }
}

/// Deterministic JSON-ish noise.
fn garbage(len: usize) -> Vec<u8> {
    let alphabet = b"{}[],:\"\\ \n\t0123456789.eE+-truefalsnul\xc3\xa9\xf0\x9f\x98\x80";
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize]
        })
        .collect()
}

const FIVE_MB: usize = 5 * 1024 * 1024;

#[test]
fn five_megabyte_policies_of_every_kind_return() {
    let dir = tmp_dir("5mb");
    for kind in PolicyKind::ALL {
        let text = policy_of_size(kind, FIVE_MB);
        let findings = lint(&text, kind);
        let what = format!("5 MB {}", kind.cli_name());
        check_lint(&text, &findings, &what);
        // Over the 4 MiB kmsplay reads (engine::limits): one finding that says so, not parsed.
        let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
        if kind == PolicyKind::Key {
            assert_eq!(codes, vec!["key-policy-too-large", "json-syntax"], "{what}");
        } else {
            assert_eq!(codes, vec!["json-syntax"], "{what}");
        }
        let last = findings.last().unwrap();
        assert!(last.message.contains("did not read") && last.message.contains("4.0 MiB"), "{}", last.message);
        if kind == PolicyKind::Key {
            let file = write_tmp(&dir, "key.json", text.as_bytes());
            let out = kmsplay(&["lint", "--kind", "key", "--format", "json", &file], None);
            check_exit(&out, 1, &file, &what);
        }
    }
}

#[test]
fn a_five_megabyte_scenario_evaluates() {
    let key = policy_of_size(PolicyKind::Key, FIVE_MB);
    let identity = policy_of_size(PolicyKind::Identity, FIVE_MB);
    let scenario = json!({
        "key": {"arn": KEY, "policy": key},
        "principals": [{"arn": USER, "policies": [{"name": "big", "document": identity}]}],
        "requests": [
            {"principal": USER, "action": "kms:Decrypt", "encryptionContext": {"n": "7"}},
            {"principal": USER, "action": "kms:Decrypt"}
        ]
    });
    let (_, report) = analyse(&scenario, "5 MB scenario");
    // Both policies are over the 4 MiB kmsplay reads: void (SPEC §8), so nothing is allowed.
    assert!(report.findings.iter().any(|f| f.code == "key-policy-too-large"));
    let unread = report.findings.iter().filter(|f| f.code == "json-syntax" && f.message.contains("did not read"));
    assert_eq!(unread.count(), 2);
    assert!(report.results.iter().all(|r| r.decision != engine::Decision::Allow));
    let dir = tmp_dir("5mb-scenario");
    let file = write_tmp(&dir, "scenario.json", serde_json::to_string(&scenario).unwrap().as_bytes());
    let out = kmsplay(&["eval", &file], None);
    check_exit(&out, 0, &file, "eval 5 MB scenario");
}

#[test]
fn five_megabytes_of_garbage_return() {
    let bytes = garbage(FIVE_MB);
    for kind in PolicyKind::ALL {
        let (text, findings) = lint_bytes(&bytes, kind);
        check_lint(&text, &findings, "5 MB garbage");
        assert_eq!(findings[0].code, "json-syntax");
    }
    let lossy = String::from_utf8_lossy(&bytes).into_owned();
    let (_, report) = analyse(&wrap(Value::String(lossy)), "5 MB garbage scenario");
    assert!(report.findings.iter().any(|f| f.code == "json-syntax" && f.policy == "key-policy"));
    let dir = tmp_dir("garbage");
    let file = write_tmp(&dir, "garbage.json", &bytes);
    let out = kmsplay(&["lint", "--kind", "key", "--format", "json", &file], None);
    check_exit(&out, 1, &file, "lint 5 MB garbage");
    let out = kmsplay(&["eval", &file], None);
    check_exit(&out, 2, &file, "eval 5 MB garbage");
    let out = kmsplay(&["lint", "--kind", "key", "--format", "json", "-"], Some(&bytes));
    check_exit(&out, 1, "-", "lint 5 MB garbage from stdin");
}

#[test]
fn nesting_a_hundred_thousand_levels_is_a_syntax_finding_not_a_stack_overflow() {
    const DEEP: usize = 100_000;
    let texts = [
        "[".repeat(DEEP),
        format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP)),
        "{\"a\":".repeat(DEEP),
        format!("{}1{}", "{\"Statement\":[".repeat(DEEP), "]}".repeat(DEEP)),
        format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Condition\": {}}}]}}", "{\"a\": [".repeat(DEEP)),
    ];
    let dir = tmp_dir("deep");
    for (i, t) in texts.iter().enumerate() {
        for kind in PolicyKind::ALL {
            let findings = lint(t, kind);
            check_lint(t, &findings, &format!("deep text {i}"));
            // A key policy this long is also over 32 KB; every kind gets the depth error.
            let syntax: Vec<&Finding> = findings.iter().filter(|f| f.code == "json-syntax").collect();
            assert_eq!(syntax.len(), 1, "deep text {i}: {findings:?}");
            assert!(syntax[0].message.contains("nests deeper"), "deep text {i}: {}", syntax[0].message);
            assert!(findings.iter().all(|f| f.code == "json-syntax" || f.code == "key-policy-too-large"));
        }
        let (_, report) = analyse(&wrap(Value::String(t.clone())), &format!("deep text {i} in a scenario"));
        assert!(report.findings.iter().any(|f| f.code == "json-syntax" && f.message.contains("nests deeper")));
        let file = write_tmp(&dir, &format!("deep-{i}.json"), t.as_bytes());
        let out = kmsplay(&["lint", "--kind", "key", "--format", "json", &file], None);
        check_exit(&out, 1, &file, &format!("lint deep text {i}"));
        // As a scenario it is not usable JSON for the CLI (serde_json's depth limit): exit 2.
        let out = kmsplay(&["eval", &file], None);
        check_exit(&out, 2, &file, &format!("eval deep text {i}"));
    }
}

#[test]
fn ten_thousand_condition_values() {
    let values: Vec<String> = (0..10_000).map(|i| format!("v{i}")).collect();
    let keys: Vec<String> = (0..9_999).map(|i| format!("k{i}")).chain(["app".to_string()]).collect();
    let nets: Vec<String> = (0..10_000).map(|i| format!("10.{}.{}.0/24", i / 256, i % 256)).collect();
    // An identity policy: a key policy this size would be over 32 KB and void.
    let policy = json!({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Many", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY,
             "Condition": {"StringEquals": {"kms:EncryptionContext:app": values},
                           "ForAnyValue:StringLike": {"kms:EncryptionContextKeys": keys}}},
            {"Sid": "Nets", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"IpAddress": {"aws:SourceIp": nets}}}
        ]
    });
    let text = serde_json::to_string_pretty(&policy).unwrap();
    for kind in PolicyKind::ALL {
        let findings = lint(&text, kind);
        check_lint(&text, &findings, &format!("10 000 values as {}", kind.cli_name()));
    }
    let findings = lint(&text, PolicyKind::Identity);
    assert!(findings.is_empty(), "{:?}", findings.first());
    let scenario = json!({
        "key": {"arn": KEY, "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}]}},
        "principals": [{"arn": USER, "policies": [{"name": "many", "document": policy}]}],
        "requests": [
            {"principal": USER, "action": "kms:Decrypt", "context": {"kms:EncryptionContext:app": "v9999", "aws:SourceIp": "192.168.0.1"}},
            {"principal": USER, "action": "kms:Decrypt", "context": {"kms:EncryptionContext:app": "v9999", "aws:SourceIp": "10.39.15.7"}},
            {"principal": USER, "action": "kms:Decrypt", "context": {"kms:EncryptionContext:app": "nope", "aws:SourceIp": "192.168.0.1"}}
        ]
    });
    let (_, report) = analyse(&scenario, "10 000 condition values");
    let decisions: Vec<&str> = report.results.iter().map(|r| r.decision.as_str()).collect();
    // 10.39.15.0/24 is entry 39 * 256 + 15 = 9999 of the Deny list.
    assert_eq!(decisions, vec!["allow", "explicit-deny", "implicit-deny"]);
}

#[test]
fn ten_thousand_statements_in_every_kind() {
    for kind in PolicyKind::ALL {
        let text = policy_of(kind, 10_000);
        let findings = lint(&text, kind);
        let what = format!("10 000 statements as {}", kind.cli_name());
        check_lint(&text, &findings, &what);
        if kind == PolicyKind::Key {
            assert_eq!(findings.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(), vec!["key-policy-too-large"]);
        } else {
            assert!(findings.is_empty(), "{what}: {:?}", findings.first());
        }
    }
    // One Sid for a thousand of them: 999 duplicate-sid warnings in an identity policy (ten
    // thousand warnings hit the quadratic placement of findings, see the ignored tests below).
    let same: Vec<String> = (0..1_000)
        .map(|i| quiet_statement(PolicyKind::Identity, i).replacen(&format!("\"S{i}\""), "\"Same\"", 1))
        .collect();
    let text = format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}", same.join(",\n"));
    let findings = lint(&text, PolicyKind::Identity);
    assert_eq!(findings.iter().filter(|f| f.code == "duplicate-sid").count(), 999);
    // In a scenario: an identity policy of 10 000 statements decides.
    let scenario = json!({
        "key": {"arn": KEY, "policy": policy_of(PolicyKind::Key, 1)},
        "principals": [{"arn": USER, "policies": [{"name": "p", "document": policy_of(PolicyKind::Identity, 10_000)}]}],
        "requests": [
            {"principal": USER, "action": "kms:Decrypt", "encryptionContext": {"n": "9999"}},
            {"principal": USER, "action": "kms:Decrypt"}
        ]
    });
    let (_, report) = analyse(&scenario, "10 000 statements");
    let decisions: Vec<&str> = report.results.iter().map(|r| r.decision.as_str()).collect();
    assert_eq!(decisions, vec!["implicit-deny", "implicit-deny"], "the key policy allows root only under n=0");
    let scenario = json!({
        "key": {"arn": KEY, "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}]}},
        "principals": [{"arn": USER, "policies": [{"name": "p", "document": policy_of(PolicyKind::Identity, 10_000)}]}],
        "requests": [
            {"principal": USER, "action": "kms:Decrypt", "encryptionContext": {"n": "9999"}},
            {"principal": USER, "action": "kms:Decrypt", "encryptionContext": {"n": "10000"}}
        ]
    });
    let (_, report) = analyse(&scenario, "10 000 statements");
    let decisions: Vec<&str> = report.results.iter().map(|r| r.decision.as_str()).collect();
    assert_eq!(decisions, vec!["allow", "implicit-deny"]);
    // A key policy of 10 000 statements is over 32 KB: void, and the results say so.
    let scenario = json!({
        "key": {"arn": KEY, "policy": policy_of(PolicyKind::Key, 10_000)},
        "requests": [{"principal": ROOT, "action": "kms:Decrypt", "encryptionContext": {"n": "9999"}}]
    });
    let (_, report) = analyse(&scenario, "10 000 key policy statements");
    assert_eq!(report.results[0].decision, engine::Decision::ImplicitDeny);
    assert!(report.results[0].reasons.iter().any(|r| r.kind == ReasonKind::Void));
}

#[test]
fn thirty_thousand_condition_keys_in_one_operator() {
    let keys: Vec<String> = (0..30_000).map(|i| format!("\"kms:EncryptionContext:k{i}\": \"v\"")).collect();
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Condition\": {{\"StringEquals\": {{{}}}}}}}]}}",
        keys.join(", ")
    );
    let findings = lint(&text, PolicyKind::Identity);
    assert!(findings.is_empty(), "{:?}", findings.first());
    let dup = text.replacen("\"kms:EncryptionContext:k29999\"", "\"kms:EncryptionContext:k0\"", 1);
    let codes: Vec<String> = lint(&dup, PolicyKind::Identity).into_iter().map(|f| f.code).collect();
    assert_eq!(codes, vec!["duplicate-key".to_string()]);
}

#[test]
fn one_giant_name_in_every_place_a_suggestion_is_made() {
    let giant = "StringEquals".repeat(60_000); // 5 × 720 KB: under the 4 MiB kmsplay reads
    let text = format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"{giant}": "*"}}, "Action": "kms:{giant}", "Resource": "*", "Condition": {{"{giant}": {{"kms:{giant}": "x"}}}}, "{giant}": 1}}]}}"#
    );
    for kind in [PolicyKind::Key, PolicyKind::Identity] {
        let findings = lint(&text, kind);
        check_lint(&text, &findings, "giant names");
        assert!(findings.iter().any(|f| f.code == "unknown-condition-operator"));
        assert!(findings.iter().any(|f| f.code == "unknown-element"));
    }
}

// ---------------------------------------------------------------- known problems outside this branch

/// An identity policy of `n` statements that each carry a `Principal` (one error each).
fn noisy_identity_policy(n: usize, separator: &str) -> String {
    let body: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"Sid": "S{i}", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "{KEY}"}}"#))
        .collect();
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}", body.join(separator))
}

#[test]
fn ten_thousand_findings_in_one_policy() {
    for separator in [",\n", ", "] {
        let text = noisy_identity_policy(10_000, separator);
        let findings = lint(&text, PolicyKind::Identity);
        assert_eq!(findings.iter().filter(|f| f.code == "principal-in-identity-policy").count(), 10_000);
    }
}

#[test]
fn ten_thousand_deciding_statements() {
    let body: Vec<String> = (0..10_000)
        .map(|i| format!(r#"{{"Sid": "S{i}", "Effect": "Deny", "Action": "kms:Decrypt", "Resource": "{KEY}"}}"#))
        .collect();
    let identity = format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{}]}}", body.join(",\n"));
    let scenario = json!({
        "key": {"arn": KEY, "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ROOT}, "Action": "kms:*", "Resource": "*"}]}},
        "principals": [{"arn": USER, "policies": [{"name": "p", "document": identity}]}],
        "requests": [{"principal": USER, "action": "kms:Decrypt"}]
    });
    let (_, report) = analyse(&scenario, "10 000 deciding statements");
    assert_eq!(report.results[0].decision, engine::Decision::ExplicitDeny);
    assert_eq!(report.results[0].reasons.len(), 10_000);
}

#[test]
fn lint_text_output_of_a_minified_policy_stays_proportionate() {
    let text = noisy_identity_policy(2_000, ",");
    let dir = tmp_dir("minified");
    let file = write_tmp(&dir, "minified.json", text.as_bytes());
    let out = kmsplay(&["lint", "--kind", "identity", &file], None);
    check_exit(&out, 1, &file, "lint minified");
    assert!(
        out.stdout.len() < 50 * text.len(),
        "{} bytes of output for {} bytes of input",
        out.stdout.len(),
        text.len()
    );
}

#[test]
fn a_hundred_thousand_unknown_members_of_one_statement() {
    let members: Vec<String> = (0..100_000).map(|i| format!("\"X{i}\": {i}")).collect();
    let text = format!(
        "{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", {}}}]}}",
        members.join(",\n")
    );
    let findings = lint(&text, PolicyKind::Key);
    assert_eq!(findings.iter().filter(|f| f.code == "unknown-element").count(), 100_000);
}
