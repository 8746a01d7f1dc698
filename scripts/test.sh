#!/usr/bin/env bash
# make test: every suite, against the real engine and a real berthd, closing with "total: N passed, M failed" (tests),
# "probes: P passed, Q failed" (the bad-input probes, which are no tests) and "skipped: K" on lines of their own.
#   unit + integration (dotnet test), SDK conformance (node --test with the AWS SDK for JavaScript v3),
#   the web console in headless chromium (playwright-core under node --test),
#   the acceptance journeys in ../shared/acceptance and tests/journeys, and the README's quick start.
. "$(dirname "$0")/lib.sh"
set +e
apt_install curl ca-certificates busybox-static awscli skopeo haproxy tmux chromium nftables
command -v npm >/dev/null || apt_install nodejs npm
ensure_engine
"$ROOT/scripts/build.sh" || exit 1

PASS=0 FAIL=0 SKIP=0 PROBE_PASS=0 PROBE_FAIL=0
tally() { PASS=$((PASS + $1)); FAIL=$((FAIL + $2)); SKIP=$((SKIP + ${3:-0})); }   # tally PASSED FAILED [SKIPPED]
# A suite that cannot run: outside CI it is skipped and counted as such; in CI (CI=true, set by .ci/run) it fails.
missing() { if [ "${CI:-}" = true ]; then echo "FAIL - CI=true but $1"; tally 0 1; else echo "skipped: $1"; tally 0 0 1; fi; }
# node --test's closing counts (spec "ℹ pass 5" or TAP "# pass 5"): "pass fail skipped" of LOG.
node_counts() { for k in pass fail skipped todo; do sed -nE "s/^[^a-z]*$k ([0-9]+)\$/\1/p" "$1" | tail -n1 | grep . || echo 0; done | paste -sd' '; }
LOGS=$ARTIFACTS/test-logs; mkdir -p "$LOGS"

say "formatting (dotnet format --verify-no-changes)"
if dotnet format "$ROOT/Berth.slnx" --verify-no-changes >"$LOGS/format.log" 2>&1; then tally 1 0; else cat "$LOGS/format.log"; tally 0 1; fi

say "unit and integration tests (dotnet test)"
dotnet test "$ROOT/Berth.slnx" -c Release --no-build -nologo 2>&1 | tee "$LOGS/dotnet-test.log"
dotnet_rc=${PIPESTATUS[0]}
read -r p f s < <(grep -E '^(Passed|Failed)! +- Failed: ' "$LOGS/dotnet-test.log" |
  sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}')
[ "$dotnet_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1   # a build or runner failure counts too
tally "$p" "$f" "$s"

# A berthd of its own for the suites that speak to a running server.
export BERTH_ROOT_ACCESS_KEY_ID=${BERTH_ROOT_ACCESS_KEY_ID:-AKIDBERTHTEST0000000}
export BERTH_ROOT_SECRET_ACCESS_KEY=${BERTH_ROOT_SECRET_ACCESS_KEY:-berth-test-secret-key}
test_dir=$(mktemp -d /tmp/berth-test.XXXXXX)
export BERTH_ENDPOINT=http://localhost:${BERTH_TEST_PORT:-4599}
BERTH_DATA_DIR=$test_dir BERTH_PORT=${BERTH_TEST_PORT:-4599} "$ARTIFACTS/berthd/berthd" >"$LOGS/berthd.log" 2>&1 &
berthd_pid=$!
trap 'kill $berthd_pid 2>/dev/null; wait $berthd_pid 2>/dev/null; rm -rf "$test_dir"' EXIT
if ! wait_healthy "$BERTH_ENDPOINT" 60; then
  echo "berthd did not start:"; tail -n 30 "$LOGS/berthd.log"; tally 0 1
else
  say "SDK conformance (AWS SDK for JavaScript v3, node --test)"
  (cd "$ROOT/tests/conformance" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm test) 2>&1 | tee "$LOGS/conformance.log"
  conf_rc=${PIPESTATUS[0]}
  read -r p f s t < <(node_counts "$LOGS/conformance.log")
  [ "$conf_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  tally "$p" "$f" $((s + t))

  say "web console end to end (Debian's chromium driven by playwright-core, node --test)"
  (cd "$ROOT/tests/console" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && ARTIFACTS=$ARTIFACTS npm test) 2>&1 | tee "$LOGS/console.log"
  console_rc=${PIPESTATUS[0]}
  read -r p f s t < <(node_counts "$LOGS/console.log")
  [ "$console_rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
  tally "$p" "$f" $((s + t))

  say "bad input never gets a 5xx (every operation, malformed and nonsense bodies)"
  python3 "$ROOT/tests/protocol/no-server-errors.py" 2>&1 | tee "$LOGS/bad-input.log"
  read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/bad-input.log" | tail -n1)
  PROBE_PASS=$((PROBE_PASS + ${p:-0})); PROBE_FAIL=$((PROBE_FAIL + ${f:-1}))   # probes, not tests: their own line below

  for name in ${BERTH_JOURNEYS:-01-tasks 02-registry 03-web-service}; do
    journey=$ROOT/../shared/acceptance/$name.sh
    if [ ! -f "$journey" ]; then missing "acceptance journey $name: no $journey"; continue; fi
    say "acceptance journey $name"
    bash "$journey" 2>&1 | tee "$LOGS/$name.log"
    read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/$name.log" | tail -n1)
    tally "${p:-0}" "${f:-1}"
  done

  for journey in "$ROOT"/tests/journeys/*.sh; do   # this repository's journeys (tasks reach berthd on the task network's gateway)
    name=$(basename "$journey" .sh)
    say "acceptance journey $name (tests/journeys)"
    BERTHD_LOG=$LOGS/berthd.log bash "$journey" 2>&1 | tee "$LOGS/$name.log"
    read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/$name.log" | tail -n1)
    tally "${p:-0}" "${f:-1}"
  done

  say "command-line tools as a user sees them"
  bash "$ROOT/tests/cli/cli-checks.sh" 2>&1 | tee "$LOGS/cli.log"
  read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/cli.log" | tail -n1)
  tally "${p:-0}" "${f:-1}"

  say "Cloud Map through the AWS CLI v2"
  AWS_ACCESS_KEY_ID=$BERTH_ROOT_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$BERTH_ROOT_SECRET_ACCESS_KEY \
    bash "$ROOT/tests/conformance/servicediscovery-cli.sh" 2>&1 | tee "$LOGS/servicediscovery-cli.log"
  read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/servicediscovery-cli.log" | tail -n1)
  tally "${p:-0}" "${f:-1}" "$(grep -c '^skipped: ' "$LOGS/servicediscovery-cli.log")"

  say "berth init + berth deploy (the Copilot flow)"
  bash "$ROOT/tests/cli/deploy.sh" 2>&1 | tee "$LOGS/deploy.log"
  read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/deploy.log" | tail -n1)
  tally "${p:-0}" "${f:-1}"

  say "berth compose: the ecs-cli demo (seeds/001)"
  bash "$ROOT/tests/cli/compose-demo.sh" 2>&1 | tee "$LOGS/compose-demo.log"
  read -r p f < <(sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$LOGS/compose-demo.log" | tail -n1)
  tally "${p:-0}" "${f:-1}"

  for mode in env profile; do   # as typed, under env -i: with the exported AWS_* variables, then with a profile in ~/.aws
    say "README quick start ($mode)"
    "$ROOT/scripts/readme-quickstart.sh" "$mode" 2>&1 | tee "$LOGS/quickstart-$mode.log"
    if [ "${PIPESTATUS[0]}" -eq 0 ]; then tally 1 0; else tally 0 1; fi
  done
fi

echo
echo "total: $PASS passed, $FAIL failed"
echo "probes: $PROBE_PASS passed, $PROBE_FAIL failed"
echo "skipped: $SKIP"
[ "$FAIL" -eq 0 ] && [ "$PROBE_FAIL" -eq 0 ]
