#!/bin/sh
# Stops the sshd that start-sshd.sh STATE_DIR started, and drops every connection it holds: its
# per-connection processes and what they run are killed too, as when a host goes away.
#
#   stop-sshd.sh STATE_DIR
set -u
DIR="${1:?usage: stop-sshd.sh STATE_DIR}"
[ -s "$DIR/sshd.pid" ] || exit 0
PID="$(cat "$DIR/sshd.pid")"
tree() { for c in $(pgrep -P "$1" 2>/dev/null); do echo "$c"; tree "$c"; done; }
DESCENDANTS="$(tree "$PID")"
kill -TERM "$PID" 2>/dev/null
for c in $DESCENDANTS; do kill -KILL "$c" 2>/dev/null; done
i=0
while kill -0 "$PID" 2>/dev/null; do
  i=$((i + 1))
  if [ "$i" -gt 100 ]; then kill -KILL "$PID" 2>/dev/null; break; fi
  sleep 0.05
done
# a new sshd may have been started meanwhile: only forget the pid file when it is still ours
if [ "$(cat "$DIR/sshd.pid" 2>/dev/null)" = "$PID" ]; then rm -f "$DIR/sshd.pid"; fi
