#!/usr/bin/env bash
# Webhook ingest benchmark (see README.md): signed GitHub pushes over loopback against fraisier-webhook
# on SQLite and PostgreSQL (unmapped branch: ingest only; mapped branch: ingest + queueing while the
# workers deploy), and against Debian's Go `webhook` receiver checking the same HMAC and running `true`.
# Usage: bench/webhook/run.sh [REQUESTS] [CONCURRENCY] [POSTGRES_ADMIN_JDBC_URL]
# The client is wrk (bench/webhook/push.lua) when installed, else LoadGenerator.java; BENCH_CLIENT=wrk|java
# picks one. Bounded: with java each case sends REQUESTS after a warm-up of REQUESTS/5 (at most 2,000);
# with wrk it runs BENCH_SECONDS (default 15) after a warm-up of BENCH_WARMUP_SECONDS (default 5).
# BENCH_RATE=N (wrk only) paces the load: each connection waits CONCURRENCY/N s after each answer, so
# the rate is about N (less the answer time) instead of as many as the receiver can answer.
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
# the JDK: $JAVA_HOME when it is 21 or newer, else the newest one found (dev/jdk.sh, as the build)
. dev/jdk.sh
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

CLIENT="${BENCH_CLIENT:-$(command -v wrk >/dev/null && echo wrk || echo java)}"
PACE_MS=0
if [ -n "${BENCH_RATE:-}" ]; then
  [ "$CLIENT" = wrk ] || { echo "error: BENCH_RATE needs wrk (apt-get install -y wrk)" >&2; exit 2; }
  PACE_MS=$(( CONCURRENCY * 1000 / BENCH_RATE ))
fi
SECONDS_PER_CASE="${BENCH_SECONDS:-15}"
WARMUP_SECONDS="${BENCH_WARMUP_SECONDS:-5}"
WARMUP_REQUESTS=$(( REQUESTS / 5 > 2000 ? 2000 : REQUESTS / 5 ))
load() { # URL REF WARMUP(yes|no): prints the client's one result line
  if [ "$CLIENT" = wrk ]; then
    local signature; signature=$("$JAVA" -cp "$CP" "$root/bench/webhook/LoadGenerator.java" --write-body "$SECRET" "$2" \
      "$SHA" "$work/body.json")
    local duration=$SECONDS_PER_CASE; [ "$3" = yes ] && duration=$WARMUP_SECONDS
    # one wrk thread: the client should take as little of the 2 cores as it can
    wrk -t1 -c"$CONCURRENCY" -d"${duration}s" --timeout 30s -s "$root/bench/webhook/push.lua" "$1" -- \
      "$work/body.json" "$signature" "$(cat /proc/sys/kernel/random/uuid)" "$PACE_MS" | grep '^acks='
  else
    local count=$REQUESTS; [ "$3" = yes ] && count=$WARMUP_REQUESTS
    "$JAVA" -cp "$CP" "$root/bench/webhook/LoadGenerator.java" "$1" "$SECRET" "$2" "$SHA" "$count" "$CONCURRENCY" 0
  fi
}

cpu_ticks() { # PID: user + system CPU ticks of the process and its waited-for children so far
  awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"
}

measure() { # PID URL REF: warm-up, then the measured run; prints its line and the receiver's CPU per ack
  local warm; warm=$(load "$2" "$3" yes)
  local cpu0; cpu0=$(cpu_ticks "$1")
  local result; result=$(load "$2" "$3" no)
  local ticks=$(( $(cpu_ticks "$1") - cpu0 ))
  local acks; acks=$(sed -E 's/^acks=([0-9]+) .*/\1/' <<<"$result")
  printf '%s warmup_acks=%s receiver_cpu_ms_per_ack=%s' "$result" "$(sed -E 's/^acks=([0-9]+) .*/\1/' <<<"$warm")" \
    "$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$acks" 'BEGIN { printf "%.2f", n ? t * 1000 / hz / n : 0 }')"
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
    local result; result=$(measure "$daemon_pid" "http://127.0.0.1:$PORT/webhook" "$ref")
    kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""
    # the daemon's own count of its answers (warm-up included): every one should be a new event
    local answers; answers=$(grep 'WebhookServer webhook ' "$work/daemon-$name-$routing.log" | grep -o 'outcome=[a-z_]*' \
      | sort | uniq -c | awk '{ sub("outcome=", "", $2); printf "%s%s=%s", (NR > 1 ? "," : ""), $2, $1 }')
    printf '%-22s %s answers={%s} stored=%s\n' "fraisier $name $routing" "$result" "$answers" "$("$@" count)"
    # a run where nothing was acknowledged measured refusals, not ingest (a body the daemon rejects, say)
    if [ "$(sed -E 's/^acks=([0-9]+) .*/\1/' <<<"$result")" = 0 ]; then
      echo "error: fraisier $name $routing acknowledged no request (answers: $answers); see $work/daemon-$name-$routing.log" >&2
      exit 1
    fi
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

echo "client=$CLIENT rate=${BENCH_RATE:-max} requests=$REQUESTS seconds=$SECONDS_PER_CASE concurrency=$CONCURRENCY cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
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
  printf '%-22s %s\n' "go webhook 2.8 (true)" "$(measure "$daemon_pid" "http://127.0.0.1:$GO_PORT/hooks/deploy" refs/heads/main)"
  kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=""
else
  echo "Debian's webhook is not installed (apt-get install -y webhook): Go receiver skipped"
fi
