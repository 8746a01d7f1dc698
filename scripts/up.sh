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
Credentials for the AWS CLI:   eval "\$($ARTIFACTS/berth/berth credentials --export)"
Then for example:              aws --endpoint-url $endpoint ecs list-clusters
Stop it with:                  make down
TXT
