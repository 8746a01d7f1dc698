#!/usr/bin/env bash
# bench/policy-eval: ns per authorization of a realistic request against ten realistic policies, against the trivial
# allow of the account's root user measured in the same run. Pure CPU: no server, no Docker.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
dotnet run -c Release --project "$ROOT/bench/policy-eval/PolicyEval.csproj" -- "$@"
