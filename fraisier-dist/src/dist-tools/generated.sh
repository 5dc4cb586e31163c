#!/bin/sh
# Writes the distribution's generated files from the CLI's own command model, with its own launcher:
#   completion/fraisier.bash, completion/_fraisier (zsh), completion/fraisier.fish  (fraisier completion SHELL)
#   man/fraisier.1, man/fraisier-<command>.1 …                                   (fraisier gen-manpages DIR)
# Usage: generated.sh FRAISIER_HOME JAVA_HOME
# A CLI built without those commands (an older fraisier-cli) gets neither folder, and a message says so;
# a command that exists but fails fails the build.
set -eu
home=$1
export JAVA_HOME=$2
fraisier=$home/bin/fraisier
export FRAISIER_AOT=off HOME="${TMPDIR:-/tmp}" FRAISIER_LOG_DIR=/nonexistent
unset FRAISIER_CONFIG || true

rm -rf "$home/completion" "$home/man"
mkdir -p "$home/completion" "$home/man"
if ! "$fraisier" completion bash >"$home/completion/fraisier.bash" 2>"$home/completion/error"; then
    if grep -q "Unmatched argument" "$home/completion/error"; then
        echo "fraisier distribution: no completion/ or man/ (this fraisier-cli has no 'completion' command)" >&2
        rm -rf "$home/completion" "$home/man"
        exit 0
    fi
    cat "$home/completion/error" >&2
    exit 1
fi
rm -f "$home/completion/error"
"$fraisier" completion zsh >"$home/completion/_fraisier"
"$fraisier" completion fish >"$home/completion/fraisier.fish"
"$fraisier" gen-manpages "$home/man" >/dev/null
echo "fraisier distribution: completion/ for bash, zsh, fish; $(ls "$home/man" | wc -l) man pages" >&2
