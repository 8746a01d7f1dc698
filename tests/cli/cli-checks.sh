#!/usr/bin/env bash
# What a user sees from the command-line tools: `berth` (credentials, ps, logs --follow, errors when the
# server is down) and the AWS CLI v2's `aws logs tail --follow`. Runs against $BERTH_ENDPOINT.
. "$(dirname "$0")/../../../shared/acceptance/lib.sh" 2>/dev/null || { echo "needs ../shared/acceptance/lib.sh"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
berth() { "$ROOT/artifacts/berth/berth" "$@"; }
C=cli-$RUN_ID
IMG=berth-cli/busybox:1
busybox_image "$IMG" 'CMD ["sh"]'
awsb ecs create-cluster --cluster-name "$C" >/dev/null
awsb ecs register-task-definition --family "$C" --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 \
  --container-definitions '[{"name":"app","image":"'$IMG'","stopTimeout":2,"command":["sh","-c","for i in 1 2 3 4 5; do echo line $i; sleep 1; done"],
    "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/'$C'","awslogs-create-group":"true","awslogs-stream-prefix":"cli"}}}]' >/dev/null
arn=$(awsb ecs run-task --cluster "$C" --task-definition "$C" | jqr 'd["tasks"][0]["taskArn"]')
id=${arn##*/}

creds_export() { berth credentials --export | grep -q "export AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID"; }
ps_lists() { berth ps --cluster "$C" --all | grep -q "$id/app"; }
ps_header() { berth ps --cluster "$C" | head -n1 | grep -q $'Name\tState\tPorts\tTaskDefinition'; }
logs_follow() { out=$(timeout 60 "$ROOT/artifacts/berth/berth" logs "$id" --cluster "$C" --follow) && echo "$out" | grep -q "line 1" && echo "$out" | grep -q "line 5"; }
down_error() { out=$(BERTH_ENDPOINT=http://127.0.0.1:9 "$ROOT/artifacts/berth/berth" ps 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "not answering" && ! echo "$out" | grep -q "   at "; }
unknown_task() { out=$(berth logs 0123456789abcdef0123456789abcdef --cluster "$C" 2>&1); [ $? -ne 0 ] && echo "$out" | grep -q "not found"; }
tail_follow() { # --follow never ends by itself: let it run 10 s, then look at what it printed
  local out; out=$(mktemp)
  timeout 10 /usr/bin/aws --endpoint-url "$BERTH_ENDPOINT" logs tail "/ecs/$C" --follow --since 1h >"$out"
  local rc=$?; grep -q "line 3" "$out" && [ "$rc" -eq 124 ]; }

check "berth credentials --export prints the root key" creds_export
check "berth ps shows the task's container" wait_for 20 ps_lists
check "berth ps prints Name/State/Ports/TaskDefinition columns" ps_header
check "berth logs --follow prints the lines and returns when the task stops" logs_follow
check "berth says so when the server is down, without a stack trace" down_error
check "berth logs of an unknown task says it was not found" unknown_task
if [ -x /usr/bin/aws ]; then check "aws logs tail --follow (AWS CLI v2) prints the task's lines" tail_follow; fi
summary "cli"
