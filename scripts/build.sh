#!/usr/bin/env bash
# Builds berthd and berth into artifacts/ (Release).
. "$(dirname "$0")/lib.sh"
need_dotnet
say "building"
dotnet build "$ROOT/Berth.slnx" -c Release -warnaserror -nologo -v quiet -clp:NoSummary
dotnet publish "$ROOT/src/Berth.Server" -c Release --no-build -o "$ARTIFACTS/berthd" -nologo -v quiet
dotnet publish "$ROOT/src/Berth.Cli" -c Release --no-build -o "$ARTIFACTS/berth" -nologo -v quiet
