#!/usr/bin/env bash
# Runs every test (unit and integration) with a JDK >= 21 found on this machine.
# -T 2: modules that do not depend on each other build and test side by side (persistence, providers and
# metrics; then the Docker/Compose integration tests, the CLI and the webhook daemon). Their integration
# tests wait on real peers (sshd, dockerd, PostgreSQL, forked CLIs) more than they compute, and they share
# nothing: every JVM gets its own PostgreSQL database, ports are ephemeral, only fraisier-docker-it starts
# dockerd.
set -euo pipefail
cd "$(dirname "$0")"
. dev/jdk.sh
# javadoc jars are for embedders (./mvnw install): not built here, to keep the run short
exec ./mvnw -B -ntp -T 2 verify -Dmaven.javadoc.skip=true "$@"
