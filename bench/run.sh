#!/usr/bin/env bash
# Store benchmark: history and stats queries over a large history, lock round trips (see README.md).
# Usage: bench/run.sh [ROWS] [POSTGRES_ADMIN_JDBC_URL] [SQLITE_FILE]
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
PG="${2:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}"
SQLITE="${3:-${TMPDIR:-/tmp}/fraisier-bench.db}"
# the JDK: $JAVA_HOME when it is 21 or newer, else the newest one found (dev/jdk.sh, as the build)
. dev/jdk.sh
OUT="$PWD/fraisier-persistence/target/bench.classpath"
./mvnw -B -q -pl fraisier-persistence -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$OUT" \
  -Dmdep.includeScope=runtime
CP="fraisier-core/target/classes:fraisier-persistence/target/classes:$(cat "$OUT")"
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
  -cp "$CP" bench/StoreBenchmark.java "$ROWS" "$PG" "$SQLITE"
