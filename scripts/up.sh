#!/usr/bin/env bash
# make up: install what is missing, start the engine if needed, build, start berthd in the background.
. "$(dirname "$0")/lib.sh"
apt_install curl ca-certificates busybox-static haproxy nftables
ensure_engine
"$ROOT/scripts/build.sh"
mkdir -p "$BERTH_DATA_DIR"
pidfile=$BERTH_DATA_DIR/berthd.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  say "berthd is already running (pid $(cat "$pidfile"))"
else
  say "starting berthd"
  nohup "$ARTIFACTS/berthd/berthd" >"$BERTH_DATA_DIR/berthd.log" 2>&1 &
  echo $! >"$pidfile"
fi
endpoint=http://localhost:$BERTH_PORT
wait_healthy "$endpoint" 60 || { echo "berthd did not answer; see $BERTH_DATA_DIR/berthd.log" >&2; tail -n 20 "$BERTH_DATA_DIR/berthd.log" >&2; exit 1; }
cat <<TXT
Berth is running at $endpoint   (state in $BERTH_DATA_DIR, log in $BERTH_DATA_DIR/berthd.log)
Credentials for the AWS CLI:   eval "\$($ARTIFACTS/berth/berth credentials --export)"   (or: berth credentials --profile berth)
Then for example:              aws ecs list-clusters
Stop it with:                  make down
TXT
# The quick starts rely on the AWS CLI reading AWS_ENDPOINT_URL / a profile's endpoint_url (v2.13+, v1.29+).
v=$(aws --version 2>&1 | sed -nE 's|^aws-cli/([0-9]+)\.([0-9]+).*|\1 \2|p')
read -r major minor <<<"${v:-0 0}"
if ! { [ "$major" -eq 2 ] && [ "$minor" -ge 13 ]; } && ! { [ "$major" -eq 1 ] && [ "$minor" -ge 29 ]; } && ! [ "$major" -gt 2 ]; then
  echo "note: the aws on PATH ($(aws --version 2>&1 | cut -d' ' -f1)) ignores AWS_ENDPOINT_URL and profile endpoints (AWS CLI v2.13+ or v1.29+ read them):" >&2
  echo "      install a newer one (pip install awscli, or AWS's v2 installer), or add --endpoint-url $endpoint to each aws command." >&2
fi
