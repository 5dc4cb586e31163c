#!/bin/sh
# The demo service's restart_command: stops the running instance (if any) and starts the version in
# the current directory in the background. DEMO_STATE (a folder) and DEMO_PORT come from fraises.yaml.
set -eu
pidfile="$DEMO_STATE/service.pid"
if [ -f "$pidfile" ]; then
  kill "$(cat "$pidfile")" 2>/dev/null || true
  i=0
  while kill -0 "$(cat "$pidfile")" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
fi
nohup java Service.java "$DEMO_PORT" >"$DEMO_STATE/service.log" 2>&1 </dev/null &
echo $! >"$pidfile"
