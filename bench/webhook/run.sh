#!/usr/bin/env bash
# Webhook ingest benchmark (see README.md): signed GitHub pushes over loopback against fraisier-webhook
# on SQLite and PostgreSQL (unmapped branch: ingest only; mapped branch: ingest + queueing while the
# workers deploy), and against Debian's Go `webhook` receiver checking the same HMAC and running `true`.
# Usage: bench/webhook/run.sh [REQUESTS] [CONCURRENCY] [POSTGRES_ADMIN_JDBC_URL]
# Bounded: each case sends REQUESTS (after a warm-up of REQUESTS/5, at most 2,000) and stops.
# BENCH_ONLY="sqlite postgresql go" (the default) picks the receivers to measure,
# BENCH_ROUTING="unmapped mapped" (the default) the Fraisier cases, BENCH_JAVA_OPTS extra daemon JVM options
# (e.g. -XX:StartFlightRecording=filename=/tmp/w.jfr to profile it).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
REQUESTS="${1:-20000}"
CONCURRENCY="${2:-16}"
PG_ADMIN="${3:-jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}"
PORT="${BENCH_PORT:-18181}"
GO_PORT="${BENCH_GO_PORT:-18182}"
SECRET=bench-secret
if [ -z "${JAVA_HOME:-}" ]; then
  for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64; do
    [ -x "$j/bin/java" ] && export JAVA_HOME="$j" && break
  done
fi
: "${JAVA_HOME:?set JAVA_HOME to a JDK 21 or newer}"
JAVA="$JAVA_HOME/bin/java"

OUT="$root/fraisier-webhook/target/bench.classpath"
./mvnw -B -q -pl fraisier-webhook -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$OUT" \
  -Dmdep.includeScope=runtime
CP="$root/fraisier-webhook/target/classes:$(cat "$OUT")"

work="${TMPDIR:-/tmp}/fraisier-webhook-bench"
rm -rf "$work" && mkdir -p "$work/repo"
daemon_pid=""
cleanup() { if [ -n "$daemon_pid" ]; then kill "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

git -C "$work/repo" init -q -b main
git -C "$work/repo" -c user.name=bench -c user.email=bench@example.invalid commit -q --allow-empty -m bench
SHA=$(git -C "$work/repo" rev-parse HEAD)

cat > "$work/fraises.yaml" <<YAML
git:
  provider: github
  github: { webhook_secret: $SECRET }
webhook:
  address: 127.0.0.1
  port: $PORT
  rate_limit: 100000000
  workers: 2
branch_mapping:
  main: { fraise: app, environment: bench }
fraises:
  app:
    type: api
    environments:
      bench:
        provider: local
        branch: main
        git_repo: $work/repo
        app_path: $work/app
        restart_command: "true"
YAML

wait_http() { # URL: up to 60 s
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" -X "${2:-GET}" && return 0; sleep 0.1; done
  echo "error: $1 did not answer" >&2; exit 1
}

load() { # URL REF
  "$JAVA" -cp "$CP" "$root/bench/webhook/LoadGenerator.java" "$1" "$SECRET" "$2" "$SHA" "$REQUESTS" "$CONCURRENCY"
}

fraisier_case() { # NAME DATABASE_URL COUNT_COMMAND... ; runs unmapped then mapped on a fresh store
  local name=$1 url=$2; shift 2
  for routing in ${BENCH_ROUTING:-unmapped mapped}; do
    "$@" reset
    rm -rf "$work/app"
    FRAISIER_DATABASE_URL="$url" "$JAVA" ${BENCH_JAVA_OPTS:-} --enable-native-access=ALL-UNNAMED -Dorg.jooq.no-logo=true \
      -Dorg.jooq.no-tips=true -cp "$CP" io.fraisier.webhook.WebhookMain -c "$work/fraises.yaml" \
      > "$work/daemon-$name-$routing.log" 2>&1 &
    daemon_pid=$!
    wait_http "http://127.0.0.1:$PORT/health"
    local ref=refs/heads/unmapped
    [ "$routing" = mapped ] && ref=refs/heads/main
    local result; result=$(load "http://127.0.0.1:$PORT/webhook" "$ref")
    kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""
    printf '%-22s %s stored=%s\n' "fraisier $name $routing" "$result" "$("$@" count)"
  done
}

sqlite_db() {
  case $1 in
    reset) rm -f "$work/bench.db"* ;;
    count) sqlite3 "$work/bench.db" "SELECT count(*) || '/processed=' || sum(processed) FROM tb_webhook_event" ;;
  esac
}

pg_host_port=$(sed -E 's#^jdbc:postgresql://([^/]+)/.*#\1#' <<<"$PG_ADMIN")
PG_DB=fraisier_webhook_bench
PG_URL=$(sed -E "s#^(jdbc:postgresql://[^/]+/)[^?]*#\1$PG_DB#" <<<"$PG_ADMIN")
pg_db() {
  local psql=(psql -h "${pg_host_port%%:*}" -p "${pg_host_port##*:}" -U postgres -qtA)
  case $1 in
    reset) "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" ;;
    count) "${psql[@]}" -d "$PG_DB" -c "SELECT count(*) || '/processed=' || count(*) FILTER (WHERE processed) FROM tb_webhook_event" ;;
  esac
}

echo "requests=$REQUESTS concurrency=$CONCURRENCY cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
ONLY=" ${BENCH_ONLY:-sqlite postgresql go} "
if [[ $ONLY == *" sqlite "* ]]; then fraisier_case sqlite "sqlite:$work/bench.db" sqlite_db; fi
if [[ $ONLY == *" postgresql "* ]]; then
  fraisier_case postgresql "$PG_URL" pg_db
  psql -h "${pg_host_port%%:*}" -p "${pg_host_port##*:}" -U postgres -qtA -d postgres \
    -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
fi

if [[ $ONLY != *" go "* ]]; then
  :
elif command -v webhook >/dev/null; then
  cat > "$work/hooks.json" <<JSON
[{"id": "deploy", "execute-command": "/bin/true",
  "trigger-rule": {"match": {"type": "payload-hmac-sha256", "secret": "$SECRET",
                             "parameter": {"source": "header", "name": "X-Hub-Signature-256"}}}}]
JSON
  webhook -hooks "$work/hooks.json" -ip 127.0.0.1 -port "$GO_PORT" > "$work/go-webhook.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$GO_PORT/" && break; sleep 0.1; done
  printf '%-22s %s\n' "go webhook 2.8 (true)" "$(load "http://127.0.0.1:$GO_PORT/hooks/deploy" refs/heads/main)"
  kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""
else
  echo "Debian's webhook is not installed (apt-get install -y webhook): Go receiver skipped"
fi
