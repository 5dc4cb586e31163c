#!/usr/bin/env bash
# Runs every test (unit and integration) with a JDK >= 21 found on this machine.
set -euo pipefail
cd "$(dirname "$0")"
. dev/jdk.sh
exec ./mvnw -B -ntp verify "$@"
