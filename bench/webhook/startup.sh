#!/usr/bin/env bash
# Time from starting fraisier-webhook to its first GET /health 200, interleaved with a JVM "hello world".
#
# Usage: bench/webhook/startup.sh [WEBHOOK_HOME ...]
#   WEBHOOK_HOME: an installation tree (bin/fraisier-webhook, lib/); default the build's
#   fraisier-dist/target/fraisier-*/. Several homes are measured in the same interleaved loop.
# Environment: RUNS (counted rounds, default 7), WARMUP (default 1), JAVA_HOME (default: the first JDK 21+
#   found), OUT (folder for the raw figures), DATABASE_URL (optional: a PostgreSQL store instead of a fresh
#   SQLite file per run), BENCH_PORT (default 18191).
# Each run: a fresh SQLite store (the first start migrates it: "cold") is started once more on the same
# store ("warm"), polling /health every 10 ms with curl; the figure is start → first 200, from the shell's
# nanosecond clock. The daemon is stopped with SIGTERM after each run.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-1}
PORT=${BENCH_PORT:-18191}
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }
# the JDK: $JAVA_HOME when it is 21 or newer, else the newest one found (dev/jdk.sh, as the build)
. dev/jdk.sh

homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then
  for h in "$ROOT"/fraisier-dist/target/fraisier-*/; do [ -x "$h/bin/fraisier-webhook" ] && homes+=("${h%/}"); done
fi
[ ${#homes[@]} -gt 0 ] || { echo "no installation tree: ./mvnw -B -q -DskipTests -pl fraisier-dist -am package" >&2; exit 1; }

OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/fraisier-webhook-startup.XXXXXX")}
mkdir -p "$OUT"
W=$OUT/work
rm -rf "$W" && mkdir -p "$W/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("Hello, world"); } }\n' \
  >"$W/hello/Hello.java"
"$JAVA_HOME/bin/javac" -d "$W/hello" "$W/hello/Hello.java"

pid=
stop() { if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=; fi; }
trap stop EXIT

config() { # store-file
  cat >"$W/fraises.yaml" <<EOF
database:
  type: sqlite
  path: $1
webhook:
  address: 127.0.0.1
  port: $PORT
git:
  github: { webhook_secret: bench-secret }
fraises:
  demo:
    type: api
    environments:
      production:
        provider: local
        app_path: $W/app
EOF
}

# One start: appends "round<TAB>label<TAB>case<TAB>seconds" to raw.tsv.
start_once() { # round label case home
  local round=$1 label=$2 case=$3 home=$4 t0 t1
  t0=$(date +%s%N)
  "$home/bin/fraisier-webhook" -c "$W/fraises.yaml" >"$W/daemon.log" 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/health"; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "daemon exited: $(tail -5 "$W/daemon.log")" >&2; exit 1; fi
    sleep 0.01
  done
  t1=$(date +%s%N)
  stop
  if [ "$round" -gt 0 ]; then printf '%s\t%s\t%s\t%.3f\n' "$round" "$label" "$case" "$(((t1 - t0) / 1000))e-6" >>"$OUT/raw.tsv"; fi
}

hello() { # round
  local t0 t1
  t0=$(date +%s%N)
  "$JAVA_HOME/bin/java" -cp "$W/hello" Hello >/dev/null
  t1=$(date +%s%N)
  if [ "$1" -gt 0 ]; then printf '%s\thello\tjava Hello\t%.3f\n' "$1" "$(((t1 - t0) / 1000))e-6" >>"$OUT/raw.tsv"; fi
}

[ -z "${DATABASE_URL:-}" ] || export FRAISIER_DATABASE_URL=$DATABASE_URL
: >"$OUT/raw.tsv"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "rounds: $RUNS counted after $WARMUP warm-up"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"
for ((round = 1 - WARMUP; round <= RUNS; round++)); do
  for h in "${homes[@]}"; do
    rm -f "$W"/store.db*
    config "$W/store.db"
    hello "$round"
    start_once "$round" "$(basename "$h")" "cold (migrates)" "$h"
    hello "$round"
    start_once "$round" "$(basename "$h")" "warm" "$h"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
cat "$OUT/machine.txt"
echo
# medians per (label, case); the ratio is each start over the hello world run just before it
awk -F'\t' '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  $2 == "hello" { last = $4; h = h " " $4; next }
  { k = $2 "\t" $3; w[k] = w[k] " " $4; r[k] = r[k] " " ($4 / last); if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
  END {
    print "| build | start | to /health 200 (median) | vs hello world |"
    print "|---|---|---|---|"
    printf "| | `java Hello` | %.3f s | 1× |\n", median(h)
    for (i = 1; i <= n; i++) { split(order[i], p, "\t"); printf "| %s | %s | %.3f s | %.1f× |\n", p[1], p[2], median(w[order[i]]), median(r[order[i]]) }
  }' "$OUT/raw.tsv" | tee "$OUT/summary.md"
echo
echo "raw figures: $OUT/raw.tsv"
