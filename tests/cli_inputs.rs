//! Unusable inputs through every CLI command (SPEC §5): a directory, a missing file, a
//! dangling symlink, a path through a file, an unreadable file, binary, empty, whitespace and
//! BOM-only files. `eval`, `matrix` and `suggest` exit 2 with exactly one stderr line that
//! names the file and the problem, nothing on stdout; `lint` reads empty and binary text as a
//! `json-syntax` finding (exit 1) but refuses what it cannot read (exit 2). Never a Rust
//! panic message.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(all(unix, not(target_arch = "wasm32")))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kmsplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kmsplay")).args(args).stdin(Stdio::null()).output().unwrap()
}

fn dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("kmsplay-cli-inputs-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn file(name: &str, content: &[u8]) -> String {
    let p = dir().join(name);
    std::fs::write(&p, content).unwrap();
    p.to_str().unwrap().to_string()
}

/// Status `want`; for 2: nothing on stdout, one stderr line naming `path` and saying `why`.
fn check(args: &[&str], want: i32, path: &str, why: &str) {
    let out = kmsplay(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{args:?}: {err}");
    assert_eq!(out.status.code(), Some(want), "{args:?}: {err}");
    if want == 2 {
        assert!(out.stdout.is_empty(), "{args:?}: stdout {:?}", String::from_utf8_lossy(&out.stdout));
        assert!(err.ends_with('\n') && !err.trim_end_matches('\n').contains(['\n', '\r']), "{args:?}: {err:?}");
        assert!(err.starts_with("kmsplay: ") && err.contains(path), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err} (wanted {why:?})");
    }
}

/// Every command on `path`: the scenario commands exit 2, `lint` exits `lint_status`.
fn every_command(path: &str, why: &str, lint_status: i32) {
    check(&["eval", path], 2, path, why);
    check(&["eval", "--format", "text", path], 2, path, why);
    check(&["matrix", path], 2, path, why);
    check(&["suggest", path, "--request", "1"], 2, path, why);
    check(&["lint", "--kind", "key", path], lint_status, path, why);
    check(&["lint", "--kind", "identity", "--format", "json", path], lint_status, path, why);
}

#[test]
fn a_directory() {
    let d = dir().join("a-directory.json");
    std::fs::create_dir_all(&d).unwrap();
    every_command(d.to_str().unwrap(), "is a directory", 2);
}

#[test]
fn a_missing_file_and_a_dangling_symlink() {
    let missing = dir().join("missing.json");
    every_command(missing.to_str().unwrap(), "no such file", 2);
    let link = dir().join("dangling.json");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(dir().join("nowhere.json"), &link).unwrap();
    every_command(link.to_str().unwrap(), "no such file", 2);
}

#[test]
fn a_path_through_a_file() {
    // Unreadable even as root: a file used as a directory.
    let f = file("plain.json", b"{}");
    let through = format!("{f}/scenario.json");
    every_command(&through, "cannot read the file", 2);
}

#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    let f = file("no-permission.json", br#"{"key": {"arn": "arn:aws:kms:us-east-1:111122223333:key/k"}}"#);
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&f).is_ok() {
        // Root reads it anyway (CI runs as root): then `a_path_through_a_file` stands in.
        eprintln!("skipped: this user can read a mode-000 file");
        return;
    }
    every_command(&f, "permission denied", 2);
}

#[test]
fn binary_empty_whitespace_and_bom_only_files() {
    let binary = file("binary.json", b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe\x00\x00");
    every_command(&binary, "not UTF-8", 1);
    let latin1 = file("latin1.json", b"{\"key\": {\"arn\": \"caf\xe9\"}}");
    every_command(&latin1, "invalid byte at offset 20", 1);
    for (name, content) in
        [("empty.json", &b""[..]), ("spaces.json", &b" \n\t\r\n"[..]), ("bom.json", &b"\xef\xbb\xbf"[..])]
    {
        let f = file(name, content);
        every_command(&f, "", 1);
        check(&["eval", &f], 2, &f, if name == "bom.json" { "not valid JSON" } else { "empty" });
    }
    // /dev/null reads as an empty file.
    check(&["eval", "/dev/null"], 2, "/dev/null", "empty");
    check(&["lint", "--kind", "key", "/dev/null"], 1, "/dev/null", "");
}

#[test]
fn lint_reports_unreadable_text_as_one_syntax_finding() {
    for (name, content) in [("e.json", &b""[..]), ("b.json", &b"\x00\x01\x02\xff"[..])] {
        let f = file(name, content);
        let out = kmsplay(&["lint", "--kind", "key", "--format", "json", &f]);
        assert_eq!(out.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["findings"][0]["code"], "json-syntax", "{name}");
        assert!(out.stderr.is_empty(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_file_name_with_control_characters_stays_one_line() {
    let name = "evil\n\u{1b}[2Jname.json";
    let p = dir().join(name);
    std::fs::write(&p, b"").unwrap();
    let path = p.to_str().unwrap();
    let out = kmsplay(&["eval", path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(err.trim_end_matches('\n').lines().count(), 1, "{err:?}");
    assert!(err.contains("evil␊␛[2Jname.json"), "{err:?}");
    let out = kmsplay(&["lint", "--kind", "key", path]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains('\u{1b}') && stdout.lines().next().unwrap().contains("evil␊␛[2Jname.json"), "{stdout:?}");
    assert!(Path::new(path).exists());
}
