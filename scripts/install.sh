#!/usr/bin/env bash
# Installs what kmsplay needs, only what is missing, so a warm machine skips it all.
#   scripts/install.sh          everything: wasm target, trunk, wasm-bindgen-cli, wasm-opt, browser
#   scripts/install.sh --native only what the native tests need (nothing beyond cargo)
# Versions are pinned: trunk 0.21 (0.22 needs a newer rustc), wasm-bindgen-cli equal to the
# `wasm-bindgen` crate pinned in Cargo.toml (trunk uses the installed CLI only on an exact match),
# binaryen 132 from npm (Debian's wasm-opt cannot read today's wasm).
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION="0.21.14"
WASM_BINDGEN_VERSION="0.2.130"
BINARYEN_VERSION="132.0.0"
PLAYWRIGHT_VERSION="1.65.1"

log() { printf '[install] %s\n' "$*" >&2; }

if [ "${1:-}" = "--native" ]; then exit 0; fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (several minutes, once)"
  cargo install --locked trunk --version "=$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # without --locked: its lockfile names a crate version the registry lacks
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION"
fi

# npm packages: binaryen's wasm-opt (for trunk --release) and playwright-core (end-to-end tests)
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || ! node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version 132"; then
  log "installing npm packages (binaryen $BINARYEN_VERSION, playwright-core $PLAYWRIGHT_VERSION)"
  npm install --no-audit --no-fund --silent
fi

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  log "installing chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi
log "tools ready"
