#!/usr/bin/env bash
# bench/protocols: one CloudWatch operation definition served two ways — AWS JSON 1.0 and the Query codec (form in,
# XML out) — measured against each other in one run with wrk on loopback. Starts a berthd of its own on a spare port.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/scripts/lib.sh"
apt_install wrk
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
BERTHD="$ROOT/artifacts/berthd/berthd" python3 "$ROOT/bench/protocols/bench.py" "$@"
