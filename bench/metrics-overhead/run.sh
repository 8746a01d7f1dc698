#!/usr/bin/env bash
# bench/metrics-overhead: CPU berthd spends measuring 50 running tasks, against `docker stats --no-stream` measuring
# the same 50 containers, in one run. Starts berthds of its own on a spare port and stops them afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
img=$(mktemp -d); mkdir -p "$img/bin"; cp /bin/busybox "$img/bin/"; ln -s busybox "$img/bin/sleep"; ln -s busybox "$img/bin/sh"
printf 'FROM scratch\nCOPY bin/ /bin/\n' >"$img/Dockerfile"; docker build -q -t berth-bench/busybox:1 "$img" >/dev/null; rm -rf "$img"
BERTHD="$ROOT/artifacts/berthd/berthd" python3 "$ROOT/bench/metrics-overhead/bench.py" "$@"
