#!/usr/bin/env bash
# bench/task-start: RunTask → RUNNING against `docker run -d` of the same cached image, measured in one run.
# Starts a berthd of its own on a spare port (Release build from `make build`) and stops it afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
dir=$(mktemp -d); trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; cp "$dir/berthd.log" /tmp/berth-bench-berthd.log 2>/dev/null; rm -rf "$dir"' EXIT
img=$(mktemp -d); mkdir -p "$img/bin"; cp /bin/busybox "$img/bin/"; ln -s busybox "$img/bin/sleep"; ln -s busybox "$img/bin/sh"
printf 'FROM scratch\nCOPY bin/ /bin/\n' >"$img/Dockerfile"; docker build -q -t berth-bench/busybox:1 "$img" >/dev/null; rm -rf "$img"
export BERTH_ROOT_ACCESS_KEY_ID=AKIDBENCH BERTH_ROOT_SECRET_ACCESS_KEY=bench-secret BERTH_ENDPOINT=http://localhost:4598
BERTH_DATA_DIR=$dir BERTH_PORT=4598 "$ROOT/artifacts/berthd/berthd" >"$dir/berthd.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fsS "$BERTH_ENDPOINT/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
sleep 3 # let start-up settle before the idle measurement
BERTHD_PID=$pid python3 "$ROOT/bench/task-start/bench.py"
