#!/usr/bin/env bash
# Builds the JavaScript API package (feature js-api) into dist-js/: kmsplay.js + kmsplay_bg.wasm,
# plus www/embed.html, a docs page that uses it. Serve dist-js/ and open embed.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export PATH="$PWD/node_modules/.bin:$PATH"
# `release` (opt-level 3), not the app's size-optimised `wasm-release`: see Cargo.toml
cargo build --release --target wasm32-unknown-unknown --no-default-features --features js-api --lib
rm -rf dist-js && mkdir -p dist-js
# cargo puts the build under CARGO_TARGET_DIR when it is set (relative to this folder, as for cargo)
target_dir="${CARGO_TARGET_DIR:-target}"
wasm-bindgen --target web --no-typescript --out-dir dist-js "$target_dir/wasm32-unknown-unknown/release/kmsplay.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-reference-types \
  -o dist-js/kmsplay_bg.wasm dist-js/kmsplay_bg.wasm
cp www/embed.html dist-js/index.html && cp www/embed.js dist-js/embed.js
cp www/perf.html www/perf.js dist-js/
echo "kmsplay: JS API package in dist-js/ ($(gzip -9 -c dist-js/kmsplay_bg.wasm | wc -c) bytes of gzipped wasm)"
