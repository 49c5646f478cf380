#!/usr/bin/env bash
# Build the web app in release with Trunk, then run the end-to-end checks in headless
# Chromium (tests/e2e/run.mjs). The last line is "N passed, N failed"; exit status 1 when a
# check failed or the build did not.
#   scripts/e2e.sh             build + test
#   scripts/e2e.sh --no-build  test the existing dist/
set -uo pipefail
cd "$(dirname "$0")/.."

export PATH="$PWD/node_modules/.bin:$PATH"   # npm binaryen's wasm-opt before any other
export TRUNK_SKIP_VERSION_CHECK=true

fail() { echo "e2e: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ]; then
  npm install --no-audit --no-fund --silent || fail "npm install failed"
fi
command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ] || fail "no chromium on PATH (scripts/install.sh installs it)"

if [ "${1:-}" != "--no-build" ]; then
  command -v trunk >/dev/null 2>&1 || fail "trunk is not installed (scripts/install.sh)"
  trunk build --release || fail "trunk build --release failed"
fi
[ -f dist/index.html ] || fail "dist/index.html is missing"

status=0
node tests/e2e/run.mjs dist || status=1
# the one-click fix (SPEC section 6, apply-fix)
node tests/e2e/fix.mjs dist || status=1
exit $status
