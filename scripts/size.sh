#!/usr/bin/env bash
# Prints what a browser downloads, in bytes, raw and after gzip -9:
#   - the web app, from dist/ (build it with `trunk build --release`): its .wasm, .js and .css;
#   - the JS API package, from dist-js/ (build it with scripts/build-js.sh): kmsplay_bg.wasm
#     and kmsplay.js.
# It builds nothing. A build that is missing is reported and skipped (exit status 0).
#
#   scripts/size.sh           the sizes
#   scripts/size.sh --quick   only list the files it would measure, and say which are missing
set -euo pipefail
cd "$(dirname "$0")/.."

quick=false
case "${1:-}" in
  "") ;;
  --quick) quick=true ;;
  -h | --help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "size.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
esac

# The files of one build: $1 = its directory, the rest = name patterns (top level only).
files_of() {
  local dir=$1
  shift
  local pattern
  for pattern in "$@"; do
    find "$dir" -maxdepth 1 -type f -name "$pattern" | sort
  done
}

report() {
  local label=$1 dir=$2 how=$3
  shift 3
  if [ ! -d "$dir" ]; then
    echo "$label: $dir/ does not exist yet; build it with $how, then run scripts/size.sh again"
    return
  fi
  local files
  files=$(files_of "$dir" "$@")
  if [ -z "$files" ]; then
    echo "$label: $dir/ has none of $* ; rebuild it with $how"
    return
  fi
  local pattern
  for pattern in "$@"; do
    case "$pattern" in
      *'*'*) ;;
      *) [ -f "$dir/$pattern" ] || echo "$label: $dir/$pattern is missing; rebuild it with $how" ;;
    esac
  done
  if $quick; then
    echo "$label: would measure"
    echo "$files" | sed 's/^/  /'
    return
  fi
  echo "$label ($dir/):"
  printf '  %-48s %10s %12s\n' file bytes "gzip -9"
  local f raw gz total_raw=0 total_gz=0
  while IFS= read -r f; do
    raw=$(wc -c <"$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    total_raw=$((total_raw + raw))
    total_gz=$((total_gz + gz))
    printf '  %-48s %10d %12d\n' "${f#"$dir"/}" "$raw" "$gz"
  done <<<"$files"
  printf '  %-48s %10d %12d\n' total "$total_raw" "$total_gz"
}

report "web app" dist "trunk build --release (the UI build)" '*.wasm' '*.js' '*.css'
report "JS API package" dist-js "scripts/build-js.sh" 'kmsplay_bg.wasm' 'kmsplay.js'
