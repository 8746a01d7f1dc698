#!/usr/bin/env bash
# bench/iam-authz: API latency of DescribeTasks as an IAM user with ten attached policies against the account's root user
# (no policy evaluated), in one run on one berthd. Starts a berthd of its own on a spare port, runs a few busybox tasks
# from a locally built image, and stops both afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -n "${BERTHD:-}" ] || [ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
if [ "${BENCH_TASKS:-5}" != 0 ]; then
  img=$(mktemp -d); mkdir -p "$img/bin"; cp /bin/busybox "$img/bin/"; ln -s busybox "$img/bin/sleep"; ln -s busybox "$img/bin/sh"
  printf 'FROM scratch\nCOPY bin/ /bin/\n' >"$img/Dockerfile"; docker build -q -t berth-bench/busybox:1 "$img" >/dev/null 2>"$img.log" || { cat "$img.log" >&2; exit 1; }; rm -rf "$img" "$img.log"
fi
BERTHD="${BERTHD:-$ROOT/artifacts/berthd/berthd}" python3 "$ROOT/bench/iam-authz/bench.py" "$@"
