#!/usr/bin/env bash
# The long randomized run (tests/fuzz_long.rs, issue 9): structured random policies and
# scenarios through the reader, the linter, the evaluator, the share-link decoder and the CLI,
# with a linear time bound per case. Built with the `perf` profile (the release settings,
# unwinding, see Cargo.toml), at low priority so that it shares the machine.
#
#   scripts/fuzz.sh            10 minutes
#   scripts/fuzz.sh 30         30 minutes
#
# Prints the figures at the end (cases, inputs per second, slowest case, worst time per
# byte); a failure prints the shrunk input and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes="${1:-10}"
case "$minutes" in
  '' | *[!0-9]*) echo "fuzz.sh: minutes must be a whole number (got '$minutes')" >&2; exit 2 ;;
esac

export KMSPLAY_FUZZ_SECS=$((minutes * 60))
exec nice -n 10 cargo test --profile perf --test fuzz_long -- --ignored --nocapture
