#!/usr/bin/env bash
# make down: stop berthd (tasks keep running; a later `make up` adopts them), and the engine if `make up` started it.
. "$(dirname "$0")/lib.sh"
stop_pid() { # stop_pid FILE NAME
  [ -f "$1" ] || return 0
  local pid; pid=$(cat "$1")
  if kill -0 "$pid" 2>/dev/null; then
    say "stopping $2 (pid $pid)"
    kill "$pid"; for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}
stop_pid "$BERTH_DATA_DIR/berthd.pid" berthd
[ "${1:-}" = "--engine" ] && stop_pid "$BERTH_DATA_DIR/dockerd.pid" dockerd
exit 0
