#!/usr/bin/env bash
# Runs README.md's quick starts as a user types them, against the berthd at $BERTH_ENDPOINT, so the commands users
# copy cannot rot. Usage: readme-quickstart.sh env|profile
#   env      the setup block <!-- quickstart:setup env -->:     eval "$(berth credentials --export)"
#   profile  the setup block <!-- quickstart:setup profile -->: berth credentials --profile berth; export AWS_PROFILE=berth
# 1. The mode's setup block runs in a folder laid out as the repository after `make up` (.berth/credentials.json with
#    the root key the server under test accepts), HOME a fresh folder (so ~/.aws is this run's own), and BERTH_ENDPOINT
#    because the server under test is not on the default port (a user's `make up` Berth needs nothing).
# 2. Every <!-- quickstart:begin --> block then runs, in one shell, under `env -i` with only PATH, HOME and the AWS_*
#    variables that step 1 left exported — no BERTH_* — so berth and aws find the key and the endpoint as a user's do.
. "$(dirname "$0")/lib.sh"
mode=${1:?usage: readme-quickstart.sh env|profile}
section() { awk -v start="$1" '$0 == start {on=1; next} /<!-- quickstart:end -->/ {on=0} on' "$ROOT/README.md" | sed '/^```/d'; }
setup=$(section "<!-- quickstart:setup $mode -->")
block=$(section "<!-- quickstart:begin -->")
[ -n "$setup" ] || { echo "no <!-- quickstart:setup $mode --> block in README.md" >&2; exit 1; }
[ -n "$block" ] || { echo "no quick start block in README.md" >&2; exit 1; }

# The first aws on PATH that reads AWS_ENDPOINT_URL and a profile's endpoint_url (v2.13+, v1.29+), as the README says.
aws_dir=
for a in $(type -ap aws); do
  v=$("$a" --version 2>&1 | sed -nE 's|^aws-cli/([0-9]+)\.([0-9]+).*|\1 \2|p')
  read -r major minor <<<"${v:-0 0}"
  if { [ "$major" -eq 2 ] && [ "$minor" -ge 13 ]; } || { [ "$major" -eq 1 ] && [ "$minor" -ge 29 ]; } || [ "$major" -gt 2 ]; then aws_dir=$(dirname "$a"); break; fi
done
[ -n "$aws_dir" ] || { echo "no aws on PATH reads AWS_ENDPOINT_URL (needs AWS CLI v2.13+ or v1.29+; found: $(type -ap aws | xargs -r -I{} sh -c '{} --version 2>&1' | tr '\n' ' '))" >&2; exit 1; }
path=$ARTIFACTS/berth:$aws_dir:$PATH

work=$(mktemp -d /tmp/berth-quickstart.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home" "$work/repo/.berth"
printf '{"AccessKeyId":"%s","SecretAccessKey":"%s"}\n' "$BERTH_ROOT_ACCESS_KEY_ID" "$BERTH_ROOT_SECRET_ACCESS_KEY" >"$work/repo/.berth/credentials.json"
chmod 600 "$work/repo/.berth/credentials.json"
cd "$work/repo"

say "README quick start, mode $mode: setup"
env -i PATH="$path" HOME="$work/home" BERTH_ENDPOINT="$BERTH_ENDPOINT" bash -euo pipefail -x -c "$setup"$'\nenv' >"$work/env" || exit 1
mapfile -t vars < <(grep '^AWS_' "$work/env")
echo "the quick starts run with: ${vars[*]%%=*}"
case $mode in
  env) for v in AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_ENDPOINT_URL AWS_REGION; do
         printf '%s\n' "${vars[@]}" | grep -q "^$v=" || { echo "the setup block did not export $v" >&2; exit 1; }; done ;;
  profile) [ "${vars[*]}" = "AWS_PROFILE=berth" ] || { echo "the profile setup should leave only AWS_PROFILE=berth, not: ${vars[*]}" >&2; exit 1; }
           for f in credentials config; do
             [ "$(stat -c %a "$work/home/.aws/$f")" = 600 ] || { echo "~/.aws/$f is not mode 600" >&2; exit 1; }; done ;;
esac

say "README quick start, mode $mode: the quick starts"
env -i PATH="$path" HOME="$work/home" "${vars[@]}" bash -euo pipefail -x -c "$block"
