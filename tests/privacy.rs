//! The README's "Privacy and security" claims that code can hold: the page's Content Security
//! Policy allows no other origin, the app's code names no network API, and every storage key
//! the app uses is listed in the README. (What the browser really does, request by request,
//! is checked by `tests/e2e/run.mjs`.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The policy the README quotes; `index.html` must carry exactly this.
const CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'";

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_page_allows_no_other_origin() {
    let html = read("index.html");
    let at = html.find("http-equiv=\"Content-Security-Policy\"").expect("index.html has a CSP meta tag");
    let rest = &html[at..];
    let start = rest.find("content=\"").unwrap() + "content=\"".len();
    let csp = &rest[start..start + rest[start..].find('"').unwrap()];
    assert_eq!(csp, CSP, "index.html's CSP changed: update the README's Privacy and security section");
    assert!(read("README.md").contains(CSP), "the README does not quote the CSP");
    // Each directive names only 'self', 'none', data: or 'wasm-unsafe-eval'.
    for directive in csp.split(';') {
        for source in directive.split_whitespace().skip(1) {
            assert!(["'self'", "'none'", "data:", "'wasm-unsafe-eval'"].contains(&source), "{directive}");
        }
    }
    assert!(csp.contains("default-src 'none'") && csp.contains("connect-src 'self'"));
    // No script, stylesheet, icon or font from elsewhere either: every src/href is relative or
    // a data: URL (an SVG's xmlns inside a data: URL is a name, not a request).
    for attr in ["src=\"", "href=\""] {
        for (at, _) in html.match_indices(attr) {
            let value = &html[at + attr.len()..];
            let value = &value[..value.find('"').unwrap()];
            let relative = !value.contains("//") && !value.contains(':');
            assert!(relative || value.starts_with("data:"), "index.html loads {value}");
        }
    }
}

#[test]
fn the_app_names_no_network_api() {
    let mut files = Vec::new();
    rust_files(&Path::new(ROOT).join("src/ui"), &mut files);
    files.push(Path::new(ROOT).join("src/bin/web.rs"));
    files.push(Path::new(ROOT).join("src/js_api.rs"));
    assert!(files.len() > 10);
    let banned = ["fetch", "XmlHttpRequest", "WebSocket", "send_beacon", "sendBeacon", "EventSource", "RequestInit"];
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for word in banned {
            assert!(!text.contains(word), "{} mentions {word}", f.display());
        }
    }
    // Nor can it: web-sys is built without the request features.
    let cargo = read("Cargo.toml");
    let features = cargo.lines().find(|l| l.starts_with("web-sys")).unwrap();
    for feature in [
        "\"Request\"",
        "\"RequestInit\"",
        "\"Response\"",
        "\"WebSocket\"",
        "\"XmlHttpRequest\"",
        "\"EventSource\"",
        "\"Headers\"",
    ] {
        assert!(!features.contains(feature), "web-sys feature {feature}");
    }
}

#[test]
fn every_storage_key_is_documented() {
    // every hook that touches storage declares its keys as `pub const …_KEY: &str`
    let mut hooks: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/hooks"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    hooks.sort();
    let sources: Vec<String> = hooks.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
    let readme = read("README.md");
    let section = &readme[readme.find("## Privacy and security").expect("README section")..];
    let keys: Vec<&str> = sources
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| l.starts_with("pub const") && l.contains("_KEY: &str"))
        .map(|l| l.split('"').nth(1).unwrap())
        .collect();
    assert!(keys.contains(&"kmsplay:v1:lessons-done"), "{keys:?}");
    assert!(keys.len() >= 5, "{keys:?}");
    for key in keys {
        assert!(section.contains(&format!("`{key}`")), "{key} is not in the README's Privacy and security section");
    }
}
