#!/usr/bin/env bash
# Installs what is missing, builds the playground and serves it on localhost.
#   scripts/play.sh [PORT]     (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
export TRUNK_SKIP_VERSION_CHECK=true
export PATH="$PWD/node_modules/.bin:$PATH"
port="${1:-8080}"
echo "kmsplay: building, then serving at http://127.0.0.1:$port/"
exec trunk serve --release --address 127.0.0.1 --port "$port" --no-autoreload
