#!/bin/sh
# Installs the Prism mock server used by CoolifyPrismIT into the given folder (default: target/prism).
# Quiet and idempotent: does nothing when prism is already there.
set -eu
dir="${1:-target/prism}"
if [ -x "$dir/node_modules/.bin/prism" ]; then
    exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "npm is not installed (Node 20 + npm needed for @stoplight/prism-cli)" >&2; exit 2; }
mkdir -p "$dir"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error --no-save @stoplight/prism-cli@5.14.2 >"$dir/install.log" 2>&1 || {
    echo "npm install @stoplight/prism-cli@5.14.2 failed; see $dir/install.log" >&2
    exit 1
}
