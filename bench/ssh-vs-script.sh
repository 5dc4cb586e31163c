#!/bin/sh
# Benchmark: one in_place deployment over loopback SSH done by Fraisier's bare_metal provider (one SSH
# connection per deployment, reused for every step) against a hand-written script doing the same steps
# with one `ssh` per step. Needs root and openssh-server (it starts its own sshd on 127.0.0.1 with
# fraisier-providers/src/test/resources/openssh/start-sshd.sh). See bench/README.md.
#
#   bench/ssh-vs-script.sh [ROUNDS]      (default 20 deployments each, alternating two commits)
set -eu
cd "$(dirname "$0")/.."
ROUNDS="${1:-20}"
ROOT="$(mktemp -d /tmp/fraisier-bench-XXXXXX)"
chmod 755 "$ROOT"
OPENSSH=fraisier-providers/src/test/resources/openssh
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { sh "$OPENSSH/stop-sshd.sh" "$ROOT/sshd" || true; rm -rf "$ROOT"; }
trap cleanup EXIT

sh "$OPENSSH/start-sshd.sh" "$ROOT/sshd" "$PORT" >/dev/null
KEY="$ROOT/sshd/client_key"
KH="$ROOT/sshd/known_hosts"

# the repository: two commits to alternate between
git init -q --bare -b main "$ROOT/origin.git"
git init -q -b main "$ROOT/work"
for v in 1 2; do
  echo "v$v" > "$ROOT/work/VERSION"
  git -C "$ROOT/work" add VERSION
  git -C "$ROOT/work" -c user.name=bench -c user.email=bench@invalid commit -q -m "v$v"
done
SHA2=$(git -C "$ROOT/work" rev-parse HEAD)
SHA1=$(git -C "$ROOT/work" rev-parse HEAD~1)
git -C "$ROOT/work" push -q "$ROOT/origin.git" HEAD:main
mkdir -p "$ROOT/fraisier" "$ROOT/script"
chown fraisier-test: "$ROOT/fraisier" "$ROOT/script"
RESTART='echo restarted > restarted.txt'

# --- Fraisier: build the classpath once (not timed), then time each deployment inside the JVM
./mvnw -B -q -pl fraisier-providers -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$ROOT/cp.txt" -Dmdep.includeScope=runtime >/dev/null
CP="fraisier-core/target/classes:fraisier-providers/target/classes:$(cat "$ROOT/cp.txt")"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# sshj logs through slf4j; keep logging out of the measurement
printf '<configuration><root level="OFF"/></configuration>\n' > "$ROOT/logback.xml"
"$JAVA" -Dlogback.configurationFile="$ROOT/logback.xml" -cp "$CP" bench/DeployOverSsh.java "$PORT" "$KEY" "$KH" "$ROOT/fraisier/app" "$ROOT/origin.git" \
  "$RESTART" "$ROUNDS" "$SHA1" "$SHA2" | sed -n 's/^deploy-ms //p' > "$ROOT/fraisier.ms"

# --- the script: the same steps, one ssh per step
q() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }
SSH="ssh -q -i $KEY -o BatchMode=yes -o UserKnownHostsFile=$KH -o StrictHostKeyChecking=yes -p $PORT fraisier-test@127.0.0.1"
APP="$ROOT/script/app"
deploy_script() {
  sha="$1"
  if ! $SSH "test -e $(q "$APP/.git")"; then
    $SSH "git clone --quiet --no-checkout -- $(q "$ROOT/origin.git") $(q "$APP")"
  fi
  if ! $SSH "git -C $(q "$APP") rev-parse --verify --quiet $(q "$sha^{commit}") >/dev/null"; then
    $SSH "git -C $(q "$APP") fetch --quiet --force --tags -- $(q "$ROOT/origin.git") '+refs/heads/*:refs/remotes/origin/*'"
  fi
  $SSH "git -C $(q "$APP") checkout --quiet --force --detach $(q "$sha")"
  $SSH "cd $(q "$APP") && true"
  $SSH "cd $(q "$APP") && $RESTART"
}
now_ms() { date +%s%3N; }
: > "$ROOT/script.ms"
i=0
while [ "$i" -lt "$ROUNDS" ]; do
  if [ $((i % 2)) -eq 0 ]; then sha="$SHA1"; else sha="$SHA2"; fi
  start=$(now_ms); deploy_script "$sha"; end=$(now_ms)
  echo $((end - start)) >> "$ROOT/script.ms"
  i=$((i + 1))
done

stats() { sort -n "$1" | awk '{a[NR]=$1; s+=$1} END {printf "first %d ms, median %d ms, mean %.0f ms, total %d ms", first, a[int((NR+1)/2)], s/NR, s}' first="$(head -n 1 "$1")"; }
echo "rounds: $ROUNDS deployments each (in_place, alternating two commits; first one clones)"
echo "fraisier (one SSH connection per deployment): $(stats "$ROOT/fraisier.ms")"
echo "script   (one ssh per step):                  $(stats "$ROOT/script.ms")"
fm=$(sort -n "$ROOT/fraisier.ms" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
sm=$(sort -n "$ROOT/script.ms" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
awk -v f="$fm" -v s="$sm" 'BEGIN { printf "median ratio script/fraisier: %.2f\n", s / f }'
