#!/usr/bin/env bash
# Builds berthd (with the web console) and berth into artifacts/ (Release).
. "$(dirname "$0")/lib.sh"
need_dotnet
command -v npm >/dev/null || apt_install nodejs npm
# The web console first: berthd's build copies src/Berth.Console/dist beside berthd as console/.
say "building the web console (npm ci + vite build)"
(cd "$ROOT/src/Berth.Console" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build) >"${TMPDIR:-/tmp}/berth-console-build.log" 2>&1 ||
  { cat "${TMPDIR:-/tmp}/berth-console-build.log" >&2; echo "berth: building the web console failed (src/Berth.Console)" >&2; exit 1; }
say "building"
dotnet build "$ROOT/Berth.slnx" -c Release -warnaserror -nologo -v quiet -clp:NoSummary
dotnet publish "$ROOT/src/Berth.Server" -c Release --no-build -o "$ARTIFACTS/berthd" -nologo -v quiet
dotnet publish "$ROOT/src/Berth.Cli" -c Release --no-build -o "$ARTIFACTS/berth" -nologo -v quiet
