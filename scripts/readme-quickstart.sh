#!/usr/bin/env bash
# Runs the quick start of README.md (the shell block between the quickstart markers) against $BERTH_ENDPOINT,
# so the commands users copy cannot rot.
. "$(dirname "$0")/lib.sh"
block=$(awk '/<!-- quickstart:begin -->/{on=1; next} /<!-- quickstart:end -->/{on=0} on' "$ROOT/README.md" | sed '/^```/d')
[ -n "$block" ] || { echo "no quick start block in README.md" >&2; exit 1; }
export PATH=$ARTIFACTS/berth:$PATH AWS_PAGER="" AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=$BERTH_ROOT_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$BERTH_ROOT_SECRET_ACCESS_KEY
# The quick start names the default endpoint; point it at the server under test.
block=${block//http:\/\/localhost:4566/$BERTH_ENDPOINT}
cd "$(mktemp -d)"
bash -euo pipefail -x -c "$block"
