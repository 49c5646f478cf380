#!/usr/bin/env bash
# Every benchmark: the engine natively (criterion, benches/engine.rs, built with the `perf`
# profile: the release settings the CLI ships with, unwinding; see Cargo.toml), then the
# engine and the page in headless Chromium (tests/e2e/perf.mjs), then the download sizes
# (scripts/size.sh).
#
#   scripts/bench.sh                 full run (several minutes): native medians, browser figures, sizes
#   scripts/bench.sh --native        only the criterion benchmarks
#   scripts/bench.sh --browser       only the browser figures and the sizes (builds dist/ and dist-js/)
#   scripts/bench.sh --smoke         every native benchmark once, untimed (criterion --test): CI's
#                                    check that they build and run
#   scripts/bench.sh --instructions  instructions per request of each example (valgrind's
#                                    callgrind): unlike time, steady on a busy machine
#   scripts/bench.sh large example/  only native benchmarks whose id contains one of these words
#   scripts/bench.sh -- --save-baseline before    anything after -- goes to criterion
#
# Timings are noisy on a shared machine: compare medians, and rerun when in doubt.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
filters=()
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) mode=smoke ;;
    --native) mode=native ;;
    --browser) mode=browser ;;
    --instructions) mode=instructions ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "bench.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) filters+=("$1") ;;
  esac
  shift
done

# Criterion takes one filter (a regular expression); several words mean any of them.
filter_args=()
if [ ${#filters[@]} -gt 0 ]; then
  filter_args=("$(IFS='|'; echo "${filters[*]}")")
fi

if [ "$mode" = smoke ]; then
  exec cargo bench --profile perf --bench engine -- --test "${filter_args[@]}" "${extra[@]}"
fi

# Instructions per request: the difference between 400 and 200 rounds of every request of an
# example, so that parsing the example and starting the process cancel out.
if [ "$mode" = instructions ]; then
  command -v valgrind >/dev/null || { echo "bench.sh: --instructions needs valgrind" >&2; exit 2; }
  cargo build --quiet --profile perf --example decisions
  bin="${CARGO_TARGET_DIR:-target}/perf/examples/decisions"
  count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  for id in $("$bin" --list); do
    requests=$("$bin" "$id" 1)
    low=$(count "$id" 200)
    high=$(count "$id" 400)
    printf '%-28s %6d instructions per request\n' "$id" $(((high - low) / (200 * requests)))
  done
  exit 0
fi

# The browser figures: the web app (dist/), the JS API package with the perf page (dist-js/),
# and the large generated scenario as JSON, then the sizes of what a browser downloads.
browser() {
  export PATH="$PWD/node_modules/.bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true
  scripts/install.sh
  trunk build --release
  scripts/build-js.sh
  local large
  large=$(mktemp --suffix=.json)
  cargo run --quiet --profile perf --example large_scenario >"$large"
  echo
  node tests/e2e/perf.mjs dist dist-js "$large"
  rm -f "$large"
  echo
  scripts/size.sh
}

if [ "$mode" = browser ]; then
  browser
  exit 0
fi

stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
cargo bench --profile perf --bench engine -- "${filter_args[@]}" "${extra[@]}"

# Medians of the benchmarks this run measured (criterion writes them under */new/).
criterion_dir="${CARGO_TARGET_DIR:-target}/criterion"
echo
echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
python3 - "$criterion_dir" "$stamp" <<'PY'
import json, os, sys
root, stamp = sys.argv[1], os.path.getmtime(sys.argv[2])

def fmt(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"

rows = []
for dirpath, _, files in os.walk(root):
    if os.path.basename(dirpath) != "new" or "estimates.json" not in files:
        continue
    est = os.path.join(dirpath, "estimates.json")
    if os.path.getmtime(est) < stamp:
        continue
    with open(est) as f:
        median = json.load(f)["median"]["point_estimate"]
    with open(os.path.join(dirpath, "benchmark.json")) as f:
        bench = json.load(f)
    per = ""
    elements = (bench.get("throughput") or {}).get("Elements")
    if elements:
        per = fmt(median / elements) + " each"
    rows.append((bench["full_id"], fmt(median), per))

rows.sort()
if rows:
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'median':>10}  per element")
    for name, med, per in rows:
        print(f"{name:<{width}}  {med:>10}  {per}")
PY

if [ "$mode" = full ]; then
  browser
fi
