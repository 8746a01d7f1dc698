#!/usr/bin/env bash
# bench/compose-up: `berth compose up` (to RUNNING and serving) and `berth compose down` of a one-service project,
# against `docker-compose up -d` / `down` (Debian's docker-compose) of the same compose file and image, in one run.
# Starts a berthd of its own on a spare port (Release build from `make build`) and stops it afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
command -v docker-compose >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y docker-compose >/dev/null
dir=$(mktemp -d); trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
img=$(mktemp -d); mkdir -p "$img/bin" "$img/www"; cp /bin/busybox "$img/bin/"; ln -s busybox "$img/bin/sh"; ln -s busybox "$img/bin/httpd"
echo "hello" >"$img/www/index.html"
printf 'FROM scratch\nCOPY bin/ /bin/\nCOPY www/ /www/\n' >"$img/Dockerfile"; docker build -q --no-cache -t berth-bench/httpd:1 "$img" >/dev/null; rm -rf "$img"
export BERTH_ROOT_ACCESS_KEY_ID=AKIDBENCH BERTH_ROOT_SECRET_ACCESS_KEY=bench-secret BERTH_ENDPOINT=http://localhost:4597
BERTH_DATA_DIR=$dir BERTH_PORT=4597 "$ROOT/artifacts/berthd/berthd" >"$dir/berthd.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fsS "$BERTH_ENDPOINT/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
sleep 3 # let start-up settle
BERTH="$ROOT/artifacts/berth/berth" python3 "$ROOT/bench/compose-up/bench.py"
