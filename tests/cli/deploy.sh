#!/usr/bin/env bash
# `berth init` + `berth deploy` as a user runs them (the Copilot flow of ../shared/seeds/002_*.txt): a folder with a
# Dockerfile → berth.yml → image built and pushed to Berth's registry → a load-balanced service whose URL answers;
# a second deploy is a rolling update with zero failed requests; and the errors a user meets. Runs against
# $BERTH_ENDPOINT; the load balancer listens on $BERTH_DEPLOY_PORT (default: a free port).
. "$(dirname "$0")/../../../shared/acceptance/lib.sh" 2>/dev/null || { echo "needs ../shared/acceptance/lib.sh"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
berth() { "$ROOT/artifacts/berth/berth" "$@"; }
export BERTH_ROOT_ACCESS_KEY_ID=${BERTH_ROOT_ACCESS_KEY_ID:-$AWS_ACCESS_KEY_ID} BERTH_ROOT_SECRET_ACCESS_KEY=${BERTH_ROOT_SECRET_ACCESS_KEY:-$AWS_SECRET_ACCESS_KEY}
C=dep-${RUN_ID//[^0-9-]/}; C=${C:0:26}
PORT=${BERTH_DEPLOY_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])')}
URL="http://localhost:$PORT/"
IMG=berth-deploy/busybox:1
busybox_image "$IMG" 'CMD ["sh"]'
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
app() { # app DIR PAGE [DOCKERFILE-LINES...] — a folder with a page and a Dockerfile FROM the busybox image
  local dir=$WORK/$1 page=$2; shift 2; mkdir -p "$dir/www"; echo "$page" >"$dir/www/index.html"
  { echo "FROM $IMG"; echo "COPY www /www"; printf '%s\n' "$@"; } >"$dir/Dockerfile"
}
app web "hello from berth v1" 'EXPOSE 8080' 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]'
cd "$WORK/web" || exit 1

no_manifest() { local out; out=$(cd "$WORK" && berth deploy 2>&1); [ $? -eq 1 ] && echo "$out" && echo "$out" | grep -q 'run `berth init`' && ! echo "$out" | grep -q "   at "; }
init_flags() { berth init --name web --listener-port "$PORT" --cluster "$C" --healthcheck / </dev/null >"$WORK/init.out" && cat "$WORK/init.out" berth.yml &&
  grep -q "✓ Wrote the manifest for service web at berth.yml" "$WORK/init.out" && ! grep -q $'\e' "$WORK/init.out" &&
  grep -q '^port: 8080$' berth.yml && grep -q '^name: "web"$' berth.yml && grep -q "listener_port: $PORT" berth.yml && grep -q 'group: "/berth/web"' berth.yml; }
init_no_overwrite() { local before out; before=$(md5sum berth.yml); out=$(berth init --name other --port 1 </dev/null 2>&1)
  [ $? -eq 1 ] && echo "$out" | grep -q "already exists" && echo "$out" | grep -q -- "--force" && [ "$(md5sum berth.yml)" = "$before" ]; }
init_names_flag() { local out; mkdir -p "$WORK/noname" && cp Dockerfile "$WORK/noname/"; out=$(cd "$WORK/noname" && berth init </dev/null 2>&1)
  [ $? -eq 1 ] && echo "$out" && echo "$out" | grep -q -- "Missing --name" && [ ! -e "$WORK/noname/berth.yml" ]; }
init_bad_flag() { local out; mkdir -p "$WORK/badflag" && cp Dockerfile "$WORK/badflag/"; out=$(cd "$WORK/badflag" && berth init --name web --cpu 300 </dev/null 2>&1)
  [ $? -eq 1 ] && echo "$out" && echo "$out" | grep -q -- "--cpu: 300 is not a Fargate CPU size" && [ ! -e "$WORK/badflag/berth.yml" ]; }
deploy_url() { berth deploy --timeout 180 >"$WORK/deploy1.out" 2>&1; local rc=$?; cat "$WORK/deploy1.out"; [ $rc -eq 0 ] && grep -Eq "Deployed web \($C-web:[0-9]+\): $URL\$" "$WORK/deploy1.out"; }
url_answers() { curl -fsS -m 5 "$URL" | grep -q "hello from berth v1"; }
no_ansi() { ! grep -q $'\e' "$WORK/deploy1.out" && grep -q "✓ Built and pushed localhost:" "$WORK/deploy1.out"; }

check "berth deploy in a folder with no berth.yml says to run berth init" no_manifest
check "berth init (flags, no terminal) writes berth.yml with the port from the Dockerfile's EXPOSE" init_flags
check "berth init refuses to overwrite berth.yml without --force, and changes nothing" init_no_overwrite
check "berth init with no terminal and no --name names the missing flag and writes nothing" init_names_flag
check "berth init refuses a bad value naming its flag and writes nothing" init_bad_flag
check "berth deploy builds, pushes, deploys and prints the URL" deploy_url
check "the URL answers with the page" wait_for 30 url_answers
check "piped berth deploy output has no ANSI escape codes" no_ansi

# Rolling update under load: 5 requests/s against the URL for as long as the deploy runs (at most 3 minutes).
echo "hello from berth v2" >www/index.html
load() {
  local ok=0 failed=0 i
  for i in $(seq 900); do
    [ -e "$WORK/stop" ] && break
    if code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$URL") && [ "$code" = 200 ]; then ok=$((ok+1))
    else failed=$((failed+1)); echo "$(date +%T.%N | cut -c1-12) request $i: HTTP ${code:-none}" >>"$WORK/failures"; fi
    sleep 0.2
  done
  echo "$ok $failed" >"$WORK/load"
}
load & loader=$!
redeploy() { berth deploy --timeout 180 >"$WORK/deploy2.out" 2>&1; local rc=$?; cat "$WORK/deploy2.out"; [ $rc -eq 0 ]; }
check "berth deploy again rolls the service to the new image" redeploy
touch "$WORK/stop"; wait "$loader"
read -r ok failed <"$WORK/load"
first=$(sed -nE "s/.*Deployed web \\($C-web:([0-9]+)\\).*/\\1/p" "$WORK/deploy1.out"); second=$((${first:-0}+1))
new_revision() { grep -q "Updating service web: $C-web:$first → $C-web:$second (rolling update" "$WORK/deploy2.out" &&
  [ "$(awsb ecs describe-services --cluster "$C" --services web | jqr 'd["services"][0]["taskDefinition"].split("/")[-1]')" = "$C-web:$second" ]; }
new_page() { [ "$(curl -fsS -m 5 "$URL")" = "hello from berth v2" ]; }
zero_failed() { echo "$ok requests answered 200, $failed failed"; [ -e "$WORK/failures" ] && cat "$WORK/failures"; [ "$ok" -gt 0 ] && [ "$failed" -eq 0 ]; }
check "the second deploy registered the next task definition revision and the service runs it" new_revision
check "the new page is served at the end" new_page
check "zero failed requests during the rolling update" zero_failed
echo "       (load during the rolling update: $ok requests answered 200, $failed failed)"

# Secrets: a SecureString parameter and a JSON key of a Secrets Manager secret, read by ECS under the execution role deploy
# makes (<cluster>-<name>-ExecutionRole: AmazonECSTaskExecutionRolePolicy + reading exactly these two); the page shows
# each value's SHA-256, so the check proves the container got the exact values without printing them.
DB_VALUE="pw-$RUN_ID-db" TOKEN_VALUE="tok-$RUN_ID-api"
awsb ssm put-parameter --name "/$C/db-password" --type SecureString --value "$DB_VALUE" >/dev/null
awsb secretsmanager create-secret --name "$C-api" --secret-string "{\"token\":\"$TOKEN_VALUE\",\"other\":\"x\"}" >/dev/null
ACCOUNT=$(awsb sts get-caller-identity | jqr 'd["Account"]')
app secrets "x" 'CMD ["sh", "-c", "mkdir -p /www/secrets && { echo db=$(printf %s \"$DB_PASSWORD\" | sha256sum | cut -c1-64); echo token=$(printf %s \"$API_TOKEN\" | sha256sum | cut -c1-64); } >/www/secrets/index.html && exec httpd -f -p 8080 -h /www"]'
sha() { printf %s "$1" | sha256sum | cut -c1-64; }
secrets_deploy() { local out; out=$(cd "$WORK/secrets" && berth init --name secrets --port 8080 --listener-port "$PORT" --path /secrets --cluster "$C" </dev/null >/dev/null &&
  sed -i "s|^secrets: {}\$|secrets:\\n  DB_PASSWORD: /$C/db-password\\n  API_TOKEN: {secretsmanager: \"$C-api:token::\"}|" berth.yml && grep -A2 '^secrets:' berth.yml && berth deploy --timeout 180 2>&1)
  local rc=$?; echo "$out"; [ $rc -eq 0 ] && echo "$out" | grep -q "✓ Created execution role $C-secrets-ExecutionRole: AmazonECSTaskExecutionRolePolicy and read access to 2 secrets"; }
secrets_seen() { [ "$(curl -fsS -m 5 "${URL}secrets/")" = "$(printf 'db=%s\ntoken=%s' "$(sha "$DB_VALUE")" "$(sha "$TOKEN_VALUE")")" ]; }
secrets_role() { local td policy
  td=$(awsb ecs describe-task-definition --task-definition "$C-secrets") && policy=$(awsb iam get-role-policy --role-name "$C-secrets-ExecutionRole" --policy-name berth-secrets) &&
  echo "$td" | jqr 'd["taskDefinition"]["executionRoleArn"]' | grep -q ":role/$C-secrets-ExecutionRole$" &&
  [ "$(echo "$policy" | jqr 'sorted(r for s in d["PolicyDocument"]["Statement"] for r in s["Resource"])')" = \
    "$(python3 -c 'import sys; print(sorted(sys.argv[1:]))' "arn:aws:secretsmanager:us-east-1:$ACCOUNT:secret:$C-api" "arn:aws:secretsmanager:us-east-1:$ACCOUNT:secret:$C-api-??????" "arn:aws:ssm:us-east-1:$ACCOUNT:parameter/$C/db-password")" ] &&
  awsb iam list-attached-role-policies --role-name "$C-secrets-ExecutionRole" | grep -q "AmazonECSTaskExecutionRolePolicy"; }
secrets_hidden() { local arns; arns=$(awsb ecs list-tasks --cluster "$C" --service-name secrets | jqr '" ".join(d["taskArns"])') && [ -n "$arns" ] &&
  ! awsb ecs describe-tasks --cluster "$C" --tasks $arns | grep -Eq "$DB_VALUE|$TOKEN_VALUE" &&
  ! awsb ecs describe-task-definition --task-definition "$C-secrets" | grep -Eq "$DB_VALUE|$TOKEN_VALUE"; }
check "berth deploy with secrets makes the service's execution role and deploys" secrets_deploy
check "the container sees the SSM parameter and the secret's JSON key (their SHA-256 on its page)" wait_for 30 secrets_seen
check "the execution role: trusted task definition role, managed policy, and reading exactly the two named" secrets_role
check "no secret value in DescribeTasks or the task definition" secrets_hidden
no_role() { local out; out=$(cd "$WORK/secrets" && sed -i '/^exec_role:/d' berth.yml && echo "exec_role: nosuch-$RUN_ID" >>berth.yml && berth deploy --timeout 60 2>&1)
  local rc=$?; echo "$out" | tail -n 2; sed -i '/^exec_role:/d' "$WORK/secrets/berth.yml"
  [ $rc -eq 1 ] && echo "$out" | grep -q "berth: exec_role: there is no IAM role named nosuch-$RUN_ID" && ! echo "$out" | grep -q "   at "; }
check "a manifest naming an execution role that does not exist says so" no_role

# Failures: a Dockerfile that does not build; a container that exits at once (the deployment fails with its reason).
app broken "x" 'RUN echo "compiling..." && exit 3'
build_error() { local out; out=$(cd "$WORK/broken" && berth init --name broken --port 8080 --listener-port "$PORT" --cluster "$C" </dev/null >/dev/null && berth deploy 2>&1)
  local rc=$?; echo "$out"; [ $rc -eq 1 ] && echo "$out" | grep -q "compiling..." && echo "$out" | grep -q "build failed: The command '/bin/sh -c echo \"compiling...\" && exit 3' returned a non-zero code: 3" &&
  ! echo "$out" | grep -q "   at "; }
check "a Dockerfile that fails to build shows the build error and exits 1" build_error
app crash "x" 'CMD ["sh", "-c", "echo starting; exit 4"]'
crash_reason() { local out; out=$(cd "$WORK/crash" && berth init --name crash --port 8080 --listener-port "$PORT" --path /crash --cluster "$C" </dev/null >/dev/null &&
  berth deploy --timeout 120 2>&1); local rc=$?; echo "$out" | tail -n 4; [ $rc -eq 1 ] && echo "$out" | grep -Eq "The deployment of $C-crash:[0-9]+ failed" &&
  echo "$out" | grep -q "Essential container in task exited" && echo "$out" | grep -q "exit code 4"; }
check "a deployment whose tasks exit fails with the stopped task's reason" crash_reason
app sick "x" 'CMD ["httpd", "-f", "-p", "8080", "-h", "/www"]'
health_reason() { local out; out=$(cd "$WORK/sick" && berth init --name sick --port 8080 --listener-port "$PORT" --path /sick --healthcheck /nope --cluster "$C" </dev/null >/dev/null &&
  berth deploy --timeout 40 2>&1); local rc=$?; echo "$out" | tail -n 2; [ $rc -eq 1 ] && echo "$out" | grep -q "Timed out after 40s waiting for $C-sick:" &&
  echo "$out" | grep -Eq "failed ELB health checks|unhealthy: Health checks failed"; }
check "a deployment whose health checks fail times out (--timeout) saying so" health_reason

# Clean up what the deploys created.
for s in web crash sick secrets; do awsb ecs delete-service --cluster "$C" --service "$s" --force >/dev/null 2>&1; done
lb=$(awsb elbv2 describe-load-balancers --names "berth-$C" | jqr 'd["LoadBalancers"][0]["LoadBalancerArn"]')
[ -n "$lb" ] && awsb elbv2 delete-load-balancer --load-balancer-arn "$lb" >/dev/null
for s in web crash sick secrets; do
  tg=$(awsb elbv2 describe-target-groups --names "$C-$s" | jqr 'd["TargetGroups"][0]["TargetGroupArn"]')
  [ -n "$tg" ] && awsb elbv2 delete-target-group --target-group-arn "$tg" >/dev/null
done
for r in web broken crash sick secrets; do awsb ecr delete-repository --repository-name "$r" --force >/dev/null 2>&1; done
# The deploys' images stay in the local engine as `docker build` leaves them: remove these repositories' (those not in use).
docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^${BERTH_ENDPOINT#http://}/(web|broken|crash|sick|secrets):" | xargs -r docker rmi >/dev/null 2>&1
gone() { [ "$(awsb ecs describe-services --cluster "$C" --services web | jqr 'd["services"][0]["status"]')" = INACTIVE ] &&
  ! curl -s -m 2 -o /dev/null "$URL"; }
check "clean up: service deleted, load balancer and target groups removed" wait_for 60 gone
awsb ecs delete-cluster --cluster "$C" >/dev/null 2>&1
awsb iam detach-role-policy --role-name "$C-secrets-ExecutionRole" --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy >/dev/null 2>&1
awsb iam delete-role-policy --role-name "$C-secrets-ExecutionRole" --policy-name berth-secrets >/dev/null 2>&1
awsb iam delete-role --role-name "$C-secrets-ExecutionRole" >/dev/null 2>&1
awsb secretsmanager delete-secret --secret-id "$C-api" --force-delete-without-recovery >/dev/null 2>&1
awsb ssm delete-parameter --name "/$C/db-password" >/dev/null 2>&1
summary deploy
