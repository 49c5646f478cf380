#!/usr/bin/env bash
# Installs what is missing, then runs every check CI runs:
# format, lints, native tests (engine, CLI, data-driven cases), wasm tests in headless
# Chromium, the release build of the page, and the end-to-end browser test.
#   scripts/test.sh            everything
#   scripts/test.sh --native   only format, lints and native tests (fast, needs only cargo)
set -euo pipefail
cd "$(dirname "$0")/.."

native_only=false
[ "${1:-}" = "--native" ] && native_only=true

step() { printf '\n==> %s\n' "$*"; }

if $native_only; then
  scripts/install.sh --native
else
  scripts/install.sh
fi

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy (engine + CLI)"
cargo clippy --all-targets -- -D warnings

step "cargo test (engine, CLI, data-driven cases)"
cargo test

step "cargo test --lib --features ui (the app's store, edits and text helpers, natively)"
cargo test --lib --features ui

if $native_only; then exit 0; fi

step "benchmarks build and run once (criterion --test; timings are for scripts/bench.sh)"
scripts/bench.sh --smoke

export TRUNK_SKIP_VERSION_CHECK=true
export PATH="$PWD/node_modules/.bin:$PATH"

step "cargo clippy (web app, wasm)"
cargo clippy --target wasm32-unknown-unknown --no-default-features --features ui --bin kmsplay-web --lib -- -D warnings

step "JavaScript API in headless Chromium (wasm-bindgen-test)"
cargo test --target wasm32-unknown-unknown --no-default-features --features js-api --test js_api

if [ -f tests/web.rs ]; then
  step "wasm-bindgen tests in headless Chromium"
  cargo test --target wasm32-unknown-unknown --no-default-features --features ui --test web
fi

if [ -f scripts/e2e.sh ]; then
  step "release build + end-to-end browser test"
  scripts/e2e.sh
fi

step "browser benchmark and download sizes, once (figures only; scripts/bench.sh measures them)"
large=$(mktemp --suffix=.json)
cargo run --quiet --profile perf --example large_scenario >"$large"
node tests/e2e/perf.mjs dist dist-js "$large" --smoke
rm -f "$large"
scripts/size.sh
