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
# the JavaScript API package for tests/e2e/embed.mjs (dist-js/, scripts/build-js.sh)
if [ "${1:-}" != "--no-build" ]; then
  scripts/build-js.sh || fail "scripts/build-js.sh failed"
fi

# every suite prints "N passed, N failed" last; the totals are this script's last line
status=0
passed=0
failed=0
run_suite() {
  local out
  out=$(mktemp)
  node "$@" 2>&1 | tee "$out"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  local last
  last=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out" | tail -1)
  if [ -n "$last" ]; then
    passed=$((passed + $(echo "$last" | cut -d' ' -f1)))
    failed=$((failed + $(echo "$last" | cut -d' ' -f3)))
  else
    failed=$((failed + 1)); status=1
  fi
  rm -f "$out"
}
run_suite tests/e2e/run.mjs dist
# the one-click fix (SPEC section 6, apply-fix)
run_suite tests/e2e/fix.mjs dist
# the key policy builder and Try it
run_suite tests/e2e/builder.mjs dist
# the JavaScript API from a plain HTML page (dist-js/ from scripts/build-js.sh)
if [ -f dist-js/index.html ]; then
  run_suite tests/e2e/embed.mjs dist-js
else
  echo "e2e: dist-js/index.html is missing (run scripts/build-js.sh)"; failed=$((failed + 1)); status=1
fi
# learn mode (SPEC section 6, ?lesson=N and lesson-goal)
run_suite tests/e2e/lesson.mjs dist
# hostile share links and typed payloads render as text; garbled links keep the work (issue 9)
run_suite tests/e2e/hostile.mjs dist
# request-context and grants panels (issue 6); undo, storage errors, 5 MB paste (issue 9)
run_suite tests/e2e/context.mjs dist
echo "e2e total:"
echo "$passed passed, $failed failed"
exit $status
