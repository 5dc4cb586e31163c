#!/usr/bin/env bash
# Start-up cost of the fraisier command line, side by side with a JVM "hello world" (see README.md).
#
# Usage: bench/cli/run.sh [FRAISIER_HOME ...]
#   FRAISIER_HOME: an unpacked tarball (bin/fraisier, lib/); default: fraisier-cli/target/fraisier-*/.
#   Several homes are measured in the same interleaved loop (e.g. a "before" and an "after" build).
# Environment: RUNS (counted rounds, default 7), WARMUP (rounds not counted, default 1),
#   JAVA_HOME (the JDK for every JVM here, hello world included; default: the first JDK 21+ found),
#   OUT (folder for the raw figures, default a new temporary folder),
#   DATABASE_URL (optional: an EMPTY PostgreSQL database for the store instead of the SQLite file, e.g.
#   postgresql://postgres@127.0.0.1:5432/fraisier_bench; create it before and drop it after),
#   STORES (with DATABASE_URL: "postgresql", the default, measures that store only; "both" fills both
#   stores alike and measures every command on SQLite and on PostgreSQL in the same interleaved loop).
# Needs: GNU time (/usr/bin/time -v, Debian package "time"), git, a JDK 21+ (javac for the hello world).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
RUNS=${RUNS:-7}
WARMUP=${WARMUP:-1}

[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
# the JDK: $JAVA_HOME when it is 21 or newer, else the newest one found (dev/jdk.sh, as the build)
. dev/jdk.sh

homes=("$@")
if [ ${#homes[@]} -eq 0 ]; then
  for h in "$ROOT"/fraisier-cli/target/fraisier-*/; do [ -x "$h/bin/fraisier" ] && homes+=("${h%/}"); done
fi
[ ${#homes[@]} -gt 0 ] || { echo "no tarball: ./mvnw -B -q -DskipTests -pl fraisier-cli -am package" >&2; exit 1; }

OUT=${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/fraisier-cli-bench.XXXXXX")}
mkdir -p "$OUT"
W=$OUT/work
rm -rf "$W" && mkdir -p "$W"
STORE=sqlite

# The hello world, compiled once, run on the same JDK.
mkdir -p "$W/hello"
printf 'public class Hello { public static void main(String[] a) { System.out.println("Hello, world"); } }\n' \
  >"$W/hello/Hello.java"
"$JAVA_HOME/bin/javac" -d "$W/hello" "$W/hello/Hello.java"

# A fraise deployed with the local provider from a local git repository, four times, into a SQLite store.
git -c init.defaultBranch=main init -q "$W/repo"
STORES=${STORES:-postgresql}
case "$STORES" in postgresql | both) ;; *) echo "STORES is postgresql or both, not '$STORES'" >&2; exit 1 ;; esac
stores=(sqlite)
if [ -n "${DATABASE_URL:-}" ]; then
  # the store on PostgreSQL: FRAISIER_DATABASE_URL wins over the database: block
  if [ "$STORES" = both ]; then stores=(sqlite postgresql); else stores=(postgresql); fi
fi
# Runs a command with the store of $1: the SQLite file of fraises.yaml, or PostgreSQL through the variable.
on_store() { # store command...
  local store=$1
  shift
  if [ "$store" = postgresql ]; then FRAISIER_DATABASE_URL=$DATABASE_URL "$@"; else "$@"; fi
}
cat >"$W/fraises.yaml" <<EOF
database:
  type: sqlite
  path: $W/fraisier.db
fraises:
  demo:
    type: api
    environments:
      production:
        provider: local
        branch: main
        git_repo: $W/repo
        app_path: $W/app
        install_command: "true"
        restart_command: "true"
        timeout: 60
EOF
export FRAISIER_CONFIG=$W/fraises.yaml FRAISIER_LOG_DIR=$W/log
for i in 1 2 3 4; do
  echo "$i" >"$W/repo/VERSION"
  git -C "$W/repo" add VERSION
  git -C "$W/repo" -c user.name=bench -c user.email=bench@localhost commit -q -m "v$i"
  for store in "${stores[@]}"; do
    on_store "$store" "${homes[0]}/bin/fraisier" deploy demo production >"$W/deploy.log" 2>&1 ||
      { cat "$W/deploy.log" >&2; exit 1; }
  done
done
for store in "${stores[@]}"; do
  on_store "$store" "${homes[0]}/bin/fraisier" history >/dev/null || { echo "the $store store was not filled" >&2; exit 1; }
done
echo "v5" >"$W/repo/VERSION"
git -C "$W/repo" -c user.name=bench -c user.email=bench@localhost commit -q -am "v5"

commands=("--version" "list" "history" "status-all" "stats" "deploy --dry-run demo production")

# One measured run: appends "label<TAB>command<TAB>wall_s<TAB>cpu_s<TAB>rss_kb<TAB>exit" to $OUT/raw.tsv.
measure() { # round label command...
  local round=$1 label=$2 name=$3
  shift 3
  local t=$W/time.txt rc=0 start end
  # wall from the shell's clock in nanoseconds (GNU time prints it to 10 ms only); CPU and RSS from GNU time
  start=$(date +%s%N)
  on_store "$STORE" /usr/bin/time -v -o "$t" "$@" >/dev/null 2>"$W/stderr.txt" || rc=$?
  end=$(date +%s%N)
  awk -F': ' -v round="$round" -v label="$label" -v name="$name" -v rc="$rc" -v w="$(((end - start) / 1000))e-6" '
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { r = $2 }
    /Exit status/ { rc = $2 }
    END { if (round > 0) printf "%s\t%s\t%s\t%.3f\t%.2f\t%d\t%s\n", round, label, name, w, u + s, r, rc }' \
    "$t" >>"$OUT/raw.tsv"
  if [ "$rc" != 0 ]; then echo "warning: $label $name exited $rc: $(head -c 300 "$W/stderr.txt")" >&2; fi
}

: >"$OUT/raw.tsv"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpus: $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "jdk: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 2 | tr '\n' ' ')"
  echo "rounds: $RUNS counted after $WARMUP warm-up"
  for store in "${stores[@]}"; do
    if [ "$store" = postgresql ]; then echo "store: postgresql ${DATABASE_URL#*@}"; else echo "store: sqlite $W/fraisier.db"; fi
  done
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

for ((round = 1 - WARMUP; round <= RUNS; round++)); do
  for cmd in "${commands[@]}"; do
    STORE=sqlite
    measure "$round" hello "java Hello" "$JAVA_HOME/bin/java" -cp "$W/hello" Hello
    for h in "${homes[@]}"; do
      for STORE in "${stores[@]}"; do
        label=$(basename "$h")
        if [ ${#stores[@]} -gt 1 ]; then label="$label ($STORE)"; fi
        # shellcheck disable=SC2086 # the command is a list of words
        measure "$round" "$label" "$cmd" "$h/bin/fraisier" $cmd
      done
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

# The median of a space-separated list of numbers (awk has no sort), for both tables below.
MEDIAN='
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
'
# Medians per (home, command); the ratio is the median of each run's wall over the hello world run just before it.
cat "$OUT/machine.txt"
echo
awk -F'\t' "$MEDIAN"'
  $2 == "hello" { hw = $4; H["wall"] = H["wall"] " " $4; H["cpu"] = H["cpu"] " " $5; H["rss"] = H["rss"] " " $6; next }
  {
    k = $2 SUBSEP $3
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    wall[k] = wall[k] " " $4; cpu[k] = cpu[k] " " $5; rss[k] = rss[k] " " $6; ratio[k] = ratio[k] " " ($4 / hw)
    if ($7 != 0) bad[k]++
  }
  END {
    printf "| build | command | wall (median) | CPU | peak RSS | wall vs hello world |\n|---|---|---|---|---|---|\n"
    printf "| | `java Hello` | %.3f s | %.2f s | %.0f MB | 1× |\n", median(H["wall"]), median(H["cpu"]), median(H["rss"]) / 1024
    for (i = 1; i <= n; i++) {
      k = order[i]; split(k, p, SUBSEP)
      printf "| %s | `fraisier %s` | %.3f s | %.2f s | %.0f MB | %.1f×%s |\n", p[1], p[2], median(wall[k]), median(cpu[k]),
        median(rss[k]) / 1024, median(ratio[k]), (k in bad) ? " (" bad[k] " runs failed)" : ""
    }
  }' "$OUT/raw.tsv" | tee "$OUT/summary.md"
if [ ${#stores[@]} -gt 1 ]; then
  # each round's PostgreSQL wall over the SQLite wall of the same build and command, run just before it
  echo
  awk -F'\t' "$MEDIAN"'
    $2 ~ / \(sqlite\)$/ { b = $2; sub(/ \(sqlite\)$/, "", b); sq[$1 SUBSEP b SUBSEP $3] = $4; next }
    $2 ~ / \(postgresql\)$/ {
      b = $2; sub(/ \(postgresql\)$/, "", b); k = b SUBSEP $3
      if (!(k in seen)) { seen[k] = 1; order[++n] = k }
      r[k] = r[k] " " ($4 / sq[$1 SUBSEP k])
    }
    END {
      printf "| build | command | PostgreSQL wall vs SQLite (median of rounds) |\n|---|---|---|\n"
      for (i = 1; i <= n; i++) { split(order[i], p, SUBSEP); printf "| %s | `fraisier %s` | %.2f× |\n", p[1], p[2], median(r[order[i]]) }
    }' "$OUT/raw.tsv" | tee -a "$OUT/summary.md"
fi
echo
echo "raw figures: $OUT/raw.tsv"
