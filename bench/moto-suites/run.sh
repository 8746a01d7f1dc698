#!/usr/bin/env bash
# bench/moto-suites: moto's own ECS, ECR and CloudWatch Logs test suites, run unmodified in moto's server mode
# (TEST_SERVER_MODE=true) against Berth and against moto_server itself, so the result reads "Berth X/N vs moto Y/N".
#
#   bench/moto-suites/run.sh [MOTO_CHECKOUT] [-- PYTEST_ARGS...]
#
# MOTO_CHECKOUT is a clone of github.com/getmoto/moto (a work tree or a bare git directory; default
# /work/.mirror/getmoto+moto/repo). Its tests/ are taken at MOTO_REF (default: the tag of the installed moto, so the
# tests match the moto_server they are compared with; else HEAD) into a scratch directory; nothing of moto is copied
# into this repository. Needs: $PYTHON (default python3) with boto3 and moto[server] installed, docker, and
# artifacts/berthd (built if missing). pytest comes from the environment, or else from Debian's pure-Python
# python3-pytest packages, unpacked (never installed) into a cache directory.
#
# Every Berth test gets a berthd of its own (fresh data directory; credentials FOOBARKEY/FOOBARSECRET and account
# 123456789012 as moto's decorator uses; region us-east-1); a few are started ahead, one per port in
# MOTO_SUITES_PORTS (default 4617,4621,4622), each with a quarter of BERTH_SUBNET (default 10.117.0.0/16) for tasks.
# moto_server (port MOTO_SUITES_MOTO_PORT, default 4620) gets moto's own /moto-api/reset between tests. Bounded: MOTO_SUITES_TEST_TIMEOUT seconds a test (default 60) and
# MOTO_SUITES_TIMEOUT seconds a target (default 2400). MOTO_SUITES_ONLY=berth|moto runs one side; the report is then
# made with the other side's last results, if any.
# Output: $MOTO_SUITES_OUT (default artifacts/moto-suites/) holds berth.jsonl and moto.jsonl (one line a test: outcome,
# exception, every AWS call with the error code answered), summary.md, and the berthd/moto_server logs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/bench/moto-suites"
CHECKOUT=/work/.mirror/getmoto+moto/repo
if [ $# -gt 0 ] && [ "$1" != "--" ]; then CHECKOUT=$1; shift; fi
[ "${1:-}" = "--" ] && shift
PYTHON=${PYTHON:-python3}
OUT=${MOTO_SUITES_OUT:-$ROOT/artifacts/moto-suites}
BERTH_PORTS=${MOTO_SUITES_PORTS:-4617,4621,4622}
MOTO_PORT=${MOTO_SUITES_MOTO_PORT:-4620}
SUITES=(tests/test_ecs tests/test_ecr tests/test_logs)
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

"$PYTHON" -c 'import boto3, moto, flask' 2>/dev/null || { echo "moto-suites: $PYTHON needs boto3 and moto[server]" >&2; exit 1; }
[ "${MOTO_SUITES_ONLY:-}" = moto ] || [ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"
mkdir -p "$OUT"

# moto's tests at the installed moto's version.
work=$(mktemp -d /tmp/moto-suites.XXXXXX)
pids=()
cleanup() {
  set +e
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
if [ -d "$CHECKOUT/tests/test_ecs" ] && [ -z "${MOTO_REF:-}" ]; then
  cp -r "$CHECKOUT/tests" "$work/"
else
  ref=${MOTO_REF:-$("$PYTHON" -c 'import moto; print(moto.__version__)')}
  git -C "$CHECKOUT" rev-parse -q --verify "$ref^{commit}" >/dev/null || ref=HEAD
  say "moto's tests at $ref ($(git -C "$CHECKOUT" rev-parse --short "$ref^{commit}"))"
  git -C "$CHECKOUT" archive "$ref" tests/ | tar -x -C "$work"
fi
# The test tree imports the installed moto; a moto/ next to tests/ would shadow it, so there is none.

# pytest: the environment's, or Debian's packages unpacked into a cache (pure Python; apt-get download needs no root).
pypath=$HERE
if ! "$PYTHON" -c 'import pytest, freezegun' 2>/dev/null; then
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/berth-moto-suites
  site=$cache/root/usr/lib/python3/dist-packages
  if [ ! -d "$site/_pytest" ] || [ ! -d "$site/freezegun" ]; then
    say "unpacking Debian's python3-pytest into $cache"
    mkdir -p "$cache/debs" && (cd "$cache/debs" && apt-get download -q python3-pytest python3-pluggy python3-iniconfig python3-packaging python3-freezegun python3-attr >/dev/null 2>&1) ||
      { echo "moto-suites: no pytest for $PYTHON, and apt-get download python3-pytest failed" >&2; exit 1; }
    for d in "$cache"/debs/*.deb; do dpkg -x "$d" "$cache/root"; done
  fi
  # Only what pytest needs, not the whole of Debian's dist-packages.
  mkdir -p "$cache/path"
  mods=(pytest _pytest py.py pluggy iniconfig freezegun)
  # The environment's own attrs and packaging win (Debian's are a fallback for a Python without them).
  "$PYTHON" -c 'import attr' 2>/dev/null || mods+=(attr)
  "$PYTHON" -c 'import packaging' 2>/dev/null || mods+=(packaging)
  for m in "${mods[@]}"; do
    [ -e "$site/$m" ] && [ ! -e "$cache/path/$m" ] && ln -s "$site/$m" "$cache/path/$m"
  done
  pypath=$HERE:$cache/path
fi

# Which tests: the three suites, less moto's unit tests of its own code (they make no AWS call).
# (test_ecr_policy_validation, test_query_parser, test_query and test_models test moto's parsers and models in-process.)
deselect=(--deselect tests/test_ecr/test_ecr_policy_validation.py --deselect tests/test_logs/test_logs_query/test_query_parser.py
  --deselect tests/test_logs/test_logs_query/test_query.py --deselect tests/test_logs/test_models.py)

run_side() { # name endpoint-port [VAR=value...]; pytest gets "${extra[@]}"
  local name=$1 port=$2; shift 2
  : >"$OUT/$name.jsonl"
  (cd "$work" && env "$@" PYTHONPATH="$pypath" TEST_SERVER_MODE=true TEST_SERVER_MODE_ENDPOINT="http://localhost:$port" \
    AWS_ACCESS_KEY_ID=FOOBARKEY AWS_SECRET_ACCESS_KEY=FOOBARSECRET AWS_DEFAULT_REGION=us-east-1 \
    MOTO_SUITES_RESULTS="$OUT/$name.jsonl" MOTO_SUITES_TEST_TIMEOUT="${MOTO_SUITES_TEST_TIMEOUT:-60}" \
    timeout -k 30 "${MOTO_SUITES_TIMEOUT:-2400}" "$PYTHON" -m pytest -p plugin -p no:cacheprovider -q -o addopts= \
    "${deselect[@]}" "${SUITES[@]}" "${extra[@]}" >"$OUT/$name.pytest.log" 2>&1) || true
  say "$name: $(tail -1 "$OUT/$name.pytest.log" | sed 's/\x1b\[[0-9;]*m//g')"
}
extra=("$@")

side_pids=()
if [ "${MOTO_SUITES_ONLY:-}" != moto ]; then
  say "Berth: a berthd per test, on ports $BERTH_PORTS in turn"
  : >"$OUT/berthd.log"
  # A task-free range of its own, no DNS or metadata listener, so it shares nothing with other berthds on the host.
  ( set +u; run_side berth "${BERTH_PORTS%%,*}" MOTO_SUITES_BERTHD="$ROOT/artifacts/berthd/berthd" MOTO_SUITES_PORTS="$BERTH_PORTS" \
      MOTO_SUITES_BERTHD_LOG="$OUT/berthd.log" MOTO_CALL_RESET_API=false \
      BERTH_ROOT_ACCESS_KEY_ID=FOOBARKEY BERTH_ROOT_SECRET_ACCESS_KEY=FOOBARSECRET BERTH_ACCOUNT_ID=123456789012 \
      BERTH_REGION=us-east-1 BERTH_SUBNET="${BERTH_SUBNET:-10.117.0.0/16}" BERTH_DNS_PORT=off BERTH_METADATA_LISTEN=off \
      BERTH_LB_LISTEN=127.0.0.1 ) &
  side_pids+=($!)
fi
if [ "${MOTO_SUITES_ONLY:-}" != berth ]; then
  say "moto: moto_server on port $MOTO_PORT"
  "$PYTHON" -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" >"$OUT/moto_server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/" 2>/dev/null && break; sleep 0.25; done
  ( set +u; run_side moto "$MOTO_PORT" ) &
  side_pids+=($!)
fi
for p in "${side_pids[@]}"; do wait "$p"; done

"$PYTHON" "$HERE/summarize.py" "$OUT" | tee "$OUT/summary.md"
