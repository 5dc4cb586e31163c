#!/usr/bin/env bash
# Starts or stops a private Docker daemon for tests: its data, exec state, pid file, socket and log all
# live under DIR, so it never touches a system daemon's /var/lib/docker or /var/run/docker.sock.
#
#   dev/dockerd.sh start DIR   start dockerd, wait until it answers, print its DOCKER_HOST
#   dev/dockerd.sh stop DIR    stop it and remove the docker0 bridge and iptables chains it made
#
# Installs nothing: needs root and `dockerd` (Debian: apt-get install -y docker.io).
set -euo pipefail

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

[ $# -eq 2 ] || usage
action=$1
dir=$2

start() {
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "error: dockerd is not installed. hint: apt-get install -y docker.io" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: dockerd needs root (it creates bridges and iptables rules). hint: run as root" >&2
    exit 1
  fi
  mkdir -p "$dir/data" "$dir/exec"
  dir=$(cd "$dir" && pwd)
  if command -v iptables >/dev/null 2>&1 && [ ! -f "$dir/forward-policy" ]; then
    iptables -S FORWARD 2>/dev/null | sed -n 's/^-P FORWARD //p' >"$dir/forward-policy" || true
    [ -s "$dir/forward-policy" ] || rm -f "$dir/forward-policy"
  fi
  local socket="$dir/docker.sock"
  if [ -f "$dir/dockerd.pid" ] && kill -0 "$(cat "$dir/dockerd.pid")" 2>/dev/null; then
    echo "unix://$socket"
    return 0
  fi
  # setsid: the daemon outlives this script but not a `stop`; its output goes to a log, not our stdout
  setsid dockerd --data-root "$dir/data" --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" \
    -H "unix://$socket" >"$dir/dockerd.log" 2>&1 </dev/null &
  local pid=$!
  for _ in $(seq 1 300); do
    if [ -S "$socket" ] && curl -fsS --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1; then
      echo "unix://$socket"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: dockerd exited while starting; its log ($dir/dockerd.log) ends with:" >&2
      tail -n 20 "$dir/dockerd.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "error: dockerd did not answer on $socket within 30 s; see $dir/dockerd.log" >&2
  exit 1
}

# Deletes every rule of CHAIN (in TABLE) that mentions docker, then the docker chains themselves.
clean_iptables() {
  command -v iptables >/dev/null 2>&1 || return 0
  local table chain rule
  for table in filter nat; do
    for chain in FORWARD PREROUTING OUTPUT POSTROUTING; do
      { iptables -t "$table" -S "$chain" 2>/dev/null || true; } | { grep -E 'DOCKER|docker0' || true; } |
        sed 's/^-A /-D /' | while read -r rule; do
          eval "iptables -t $table $rule" 2>/dev/null || true
        done
    done
    for chain in DOCKER-USER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER; do
      if iptables -t "$table" -S "$chain" >/dev/null 2>&1; then
        iptables -t "$table" -F "$chain" 2>/dev/null || true
      fi
    done
    for chain in DOCKER-USER DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER; do
      iptables -t "$table" -X "$chain" 2>/dev/null || true
    done
  done
}

stop() {
  [ -d "$dir" ] || return 0
  local pidfile="$dir/dockerd.pid" pid
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      for _ in $(seq 1 150); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      if kill -0 "$pid" 2>/dev/null; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$pidfile"
  fi
  # a daemon killed hard leaves its overlay mounts behind; unmount them so DIR can be deleted
  { grep -F " $dir/" /proc/mounts || true; } | awk '{print $2}' | sort -r | while read -r mnt; do
    umount -l "$mnt" 2>/dev/null || true
  done
  # the bridge and chains are shared by every dockerd on this host: leave them to one still running
  if pgrep -x dockerd >/dev/null 2>&1; then
    echo "note: another dockerd is running; docker0 and its iptables chains are left to it" >&2
    return 0
  fi
  if ip link show docker0 >/dev/null 2>&1; then
    ip link delete docker0 2>/dev/null || true
  fi
  clean_iptables
  # dockerd turns the FORWARD policy to DROP when it enables forwarding; put back what was there
  if [ -f "$dir/forward-policy" ] && command -v iptables >/dev/null 2>&1; then
    iptables -P FORWARD "$(cat "$dir/forward-policy")" 2>/dev/null || true
    rm -f "$dir/forward-policy"
  fi
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
