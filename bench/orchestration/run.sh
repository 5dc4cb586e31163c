#!/usr/bin/env bash
# Orchestration overhead per deployment on SQLite and PostgreSQL (see ../README.md).
# Usage: bench/orchestration/run.sh [N] [POSTGRES_ADMIN_JDBC_URL]   (default: 300, an embedded PostgreSQL 18)
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${1:-300}"
# the JDK: $JAVA_HOME when it is 21 or newer, else the newest one found (dev/jdk.sh, as the build)
. dev/jdk.sh
OUT="$PWD/fraisier-cli/target/orchestration.classpath"
# fraisier-cli's test class path: the engine, both stores, the scripted provider (fraisier-testkit), zonky
./mvnw -B -q -pl fraisier-cli -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$OUT" \
  -Dmdep.includeScope=test
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
  -Dlogback.configurationFile=bench/orchestration/logback.xml \
  -cp "$(cat "$OUT")" bench/orchestration/OrchestrationBenchmark.java "$N" ${2:+"$2"}
