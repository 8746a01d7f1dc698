# Shared by the scripts: where things live and how to bring up the engine. Source it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export BERTH_DATA_DIR=${BERTH_DATA_DIR:-$ROOT/.berth}
export BERTH_PORT=${BERTH_PORT:-4566}
ARTIFACTS=$ROOT/artifacts
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

apt_install() { # apt_install PACKAGE... — installs the Debian packages that are missing
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]}"
  [ -n "${BERTH_APT_UPDATED:-}" ] || { apt-get update -qq; export BERTH_APT_UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

need_dotnet() {
  command -v dotnet >/dev/null || { echo "berth: the .NET 10 SDK is needed to build Berth (https://dot.net); install it and run again." >&2; exit 1; }
}

# Starts dockerd when no engine answers; records that we started it so callers can stop it again.
ensure_engine() {
  apt_install docker.io
  if docker version >/dev/null 2>&1; then return 0; fi
  say "starting the Docker engine"
  mkdir -p "$BERTH_DATA_DIR"
  nohup dockerd >"$BERTH_DATA_DIR/dockerd.log" 2>&1 &
  echo $! >"$BERTH_DATA_DIR/dockerd.pid"
  for _ in $(seq 1 60); do docker version >/dev/null 2>&1 && return 0; sleep 0.5; done
  echo "berth: the Docker engine did not start; see $BERTH_DATA_DIR/dockerd.log" >&2; exit 1
}

wait_healthy() { # wait_healthy URL SECONDS
  for _ in $(seq 1 $(( $2 * 4 ))); do curl -fsS "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.25; done
  return 1
}
