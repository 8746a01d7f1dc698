#!/usr/bin/env bash
# bench/firewall: what security groups cost, measured in one run against a berthd of its own.
#   task start   RunTask → RUNNING of a task in three groups of 20 rules each (with 20 other such tasks running)
#                against a task in the default group only, interleaved;
#   enforcement  AuthorizeSecurityGroupIngress → the first connection from the host that gets through, and
#                RevokeSecurityGroupIngress → the first that does not, against applying the same ruleset with
#                `nft -f` directly (the floor: what the kernel takes to swap the table).
# The berthd has its own task range (BERTH_SUBNET=10.85.0.0/16, so its own bridge and nftables table), a spare
# API port and a spare DNS port; it is stopped on exit. Bounded: BENCH_N rounds of each.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port); dns=$(free_port)
dir=$(mktemp -d)
cleanup() {
  set +e
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  docker rm -f $(docker ps -aq --filter "label=com.amazonaws.ecs.cluster=$BENCH_CLUSTER") >/dev/null 2>&1
  docker network rm berth-10-85-0-0-16 >/dev/null 2>&1
  nft delete table inet berth_10_85_0_0_16 2>/dev/null
  cp "$dir/berthd.log" /tmp/berth-bench-firewall-berthd.log 2>/dev/null; rm -rf "$dir"
}
trap cleanup EXIT
img=$(mktemp -d); mkdir -p "$img/bin" "$img/www"; cp /bin/busybox "$img/bin/"
for a in sh sleep httpd; do ln -s busybox "$img/bin/$a"; done; echo ok >"$img/www/index.html"
printf 'FROM scratch\nCOPY bin/ /bin/\nCOPY www/ /www/\n' >"$img/Dockerfile"; docker build -q -t berth-bench/busybox-httpd:1 "$img" >/dev/null; rm -rf "$img"
export BERTH_ROOT_ACCESS_KEY_ID=AKIDBENCHFW BERTH_ROOT_SECRET_ACCESS_KEY=bench-secret BERTH_ENDPOINT=http://localhost:$port
export BENCH_CLUSTER=bench-fw-$$
BERTH_DATA_DIR=$dir BERTH_PORT=$port BERTH_SUBNET=10.85.0.0/16 BERTH_DNS_PORT=$dns "$ROOT/artifacts/berthd/berthd" >"$dir/berthd.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -fsS "$BERTH_ENDPOINT/readyz" >/dev/null 2>&1 && break; sleep 0.25; done
python3 "$ROOT/bench/firewall/bench.py"
