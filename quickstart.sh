#!/usr/bin/env bash
# The quickstart: builds Fraisier, then shows a whole deployment life on this machine with the `local`
# provider and the embedded SQLite store (no server to install):
#   a demo git repository with a tiny HTTP service; deploy v1; deploy v2; history and status;
#   deploy a broken v3 whose health check fails and is rolled back on its own; a summary.
# Everything it makes lives in .quickstart/ (removed and made anew on every run).
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
. dev/jdk.sh

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "Building Fraisier (./mvnw package, tests skipped: ./test.sh runs them)"
./mvnw -B -ntp -q -DskipTests -Dmaven.javadoc.skip=true -pl fraisier-cli -am package
dist=$(ls -d "$root"/fraisier-cli/target/fraisier-*/ | grep -v '\.tar' | head -n 1)
fraisier="${dist%/}/bin/fraisier"
[ -x "$fraisier" ] || { echo "error: the build did not produce $fraisier" >&2; exit 1; }

work="$root/.quickstart"
port=${QUICKSTART_PORT:-18080}
if [ -f "$work/state/service.pid" ]; then kill "$(cat "$work/state/service.pid")" 2>/dev/null || true; fi
rm -rf "$work"
mkdir -p "$work/repo" "$work/state" "$work/home"
export FRAISIER_HOME="$work/home"      # the embedded SQLite store: $FRAISIER_HOME/fraisier.db
unset FRAISIER_DATABASE_URL FRAISIER_CONFIG

stop_service() { if [ -f "$work/state/service.pid" ]; then kill "$(cat "$work/state/service.pid")" 2>/dev/null || true; fi; }
trap stop_service EXIT

say "Creating a demo git repository with a tiny HTTP service ($work/repo)"
git() { command git -C "$work/repo" -c user.name=Quickstart -c user.email=quickstart@example.invalid "$@"; }
git init -q -b main
cp examples/quickstart/Service.java examples/quickstart/restart.sh "$work/repo/"
echo v1 > "$work/repo/VERSION"
git add -A && git commit -q -m "v1"

cat > "$work/fraises.yaml" <<YAML
fraises:
  demo:
    type: api
    description: The quickstart's demo service
    environments:
      local:
        provider: local
        branch: main
        git_repo: $work/repo
        app_path: $work/app
        restart_command: "DEMO_STATE=$work/state DEMO_PORT=$port sh restart.sh"
        health_check_url: http://127.0.0.1:$port/health
        health_check_timeout: 2
        health_check_retries: 4
        health_check_interval: 1
        timeout: 120
        lock_timeout: 30
YAML
cfg=(-c "$work/fraises.yaml")

say "fraisier list"
"$fraisier" list "${cfg[@]}"

say "fraisier deploy demo local   (v1)"
"$fraisier" deploy demo local "${cfg[@]}"
curl -fsS "http://127.0.0.1:$port/" 2>/dev/null || true

say "Committing v2, then: fraisier deploy demo local --dry-run"
echo v2 > "$work/repo/VERSION"
git commit -q -am "v2"
"$fraisier" deploy demo local --dry-run "${cfg[@]}"

say "fraisier deploy demo local   (v2)"
"$fraisier" deploy demo local "${cfg[@]}"
curl -fsS "http://127.0.0.1:$port/" 2>/dev/null || true

say "fraisier deploy demo local   (again: already up to date, skipped)"
"$fraisier" deploy demo local "${cfg[@]}"

say "Committing a broken v3 (its /health answers 500), then deploying it"
echo v3 > "$work/repo/VERSION"
touch "$work/repo/BROKEN"
git add -A && git commit -q -m "v3 (broken health)"
set +e
"$fraisier" deploy demo local "${cfg[@]}"
v3_exit=$?
set -e
echo "(exit status $v3_exit: 6 means failed and rolled back)"
curl -fsS "http://127.0.0.1:$port/" 2>/dev/null || true

say "fraisier history"
"$fraisier" history "${cfg[@]}"

say "fraisier status demo local"
"$fraisier" status demo local "${cfg[@]}"

say "What happened"
cat <<TXT
- v1 and v2 were deployed from $work/repo into $work/app and health-checked on
  http://127.0.0.1:$port/health; the second deploy of v2 was skipped (already up to date).
- v3 failed its health check, so Fraisier put v2 back and checked it again (status rolled_back,
  exit status $v3_exit).
- Every step is recorded in the embedded SQLite store $FRAISIER_HOME/fraisier.db:
  try  FRAISIER_HOME=$FRAISIER_HOME $fraisier history -c $work/fraises.yaml
  or the same with stats, status-all, lock list (FRAISIER_HOME says where that store is).
The demo service is stopped now; run ./quickstart.sh again to start over.
TXT
