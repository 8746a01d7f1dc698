#!/usr/bin/env bash
# Journey 13 — identity and secrets, with the AWS CLI v2 as a Fargate user works: a secret and a SecureString
# parameter, an execution role that may read them and a task role that may only list log groups, and a task (the AWS
# SDK for JavaScript v3, tests/task-images/aws-sdk, pushed to Berth's registry) that gets both secrets as environment
# variables and calls Berth with its role's credentials. Then the refusals: an execution role without the secrets'
# permission, and a user limited to one cluster.
# Needs: a berthd at $BERTH_ENDPOINT that tasks reach on the task network's gateway (berthd listens on 0.0.0.0 by
# default; BERTH_TASK_ENDPOINT overrides the address given to the task), root keys, docker, node and npm.
# BERTHD_LOG, when set, is berthd's output, searched for the secret values too.
. "$(dirname "$0")/../../../shared/acceptance/lib.sh" 2>/dev/null || { echo "needs ../shared/acceptance/lib.sh"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
AWS=/usr/bin/aws   # the AWS CLI v2 (a v1 may come first on PATH)
awsb() { "$AWS" --endpoint-url "$BERTH_ENDPOINT" --output json "$@"; }
stopped() { timeout 240 "$AWS" --endpoint-url "$BERTH_ENDPOINT" ecs wait tasks-stopped --cluster "$C" --tasks "$1"; }
N=j13-$RUN_ID C=$N
WORK=$(mktemp -d) && export DOCKER_CONFIG=$WORK/docker   # docker login of our own, not the user's
random() { head -c 200 /dev/urandom | tr -dc A-Za-z0-9 | head -c "$1"; }
PASSWORD=$(random 29) TOKEN=$(random 41)   # random, so finding them anywhere means they leaked
gateway=$(docker network inspect berth -f "{{(index .IPAM.Config 0).Gateway}}" 2>/dev/null); gateway=${gateway:-10.89.0.1}   # the engine omits a gateway it chose itself
TASK_ENDPOINT=${BERTH_TASK_ENDPOINT:-http://$gateway:${BERTH_ENDPOINT##*:}}
ACCOUNT=$(awsb sts get-caller-identity | jqr 'd["Account"]')
SUBNET=$(awsb ec2 describe-subnets --filters Name=default-for-az,Values=true | jqr 'd["Subnets"][0]["SubnetId"]')   # the default VPC's

cleanup() {
  for t in "${TASKS[@]}"; do awsb ecs stop-task --cluster "$C" --task "$t" >/dev/null 2>&1; done
  for role in "$N-exec" "$N-bare"; do
    awsb iam detach-role-policy --role-name "$role" --policy-arn "$EXEC_POLICY"
    awsb iam delete-role-policy --role-name "$role" --policy-name secrets
  done
  awsb iam delete-role-policy --role-name "$N-task" --policy-name logs
  for role in "$N-exec" "$N-bare" "$N-task"; do awsb iam delete-role --role-name "$role"; done
  awsb iam delete-access-key --user-name "$N-user" --access-key-id "${USER_KEY:-none}"
  awsb iam delete-user-policy --user-name "$N-user" --policy-name one-cluster
  awsb iam delete-user --user-name "$N-user"
  awsb secretsmanager delete-secret --secret-id "$N/db" --force-delete-without-recovery
  awsb ssm delete-parameter --name "/$N/api-token"
  for f in "$N-app" "$N-denied"; do awsb ecs deregister-task-definition --task-definition "$f:1"; done
  awsb ecs delete-cluster --cluster "$C"; awsb ecs delete-cluster --cluster "$C-other"
  awsb logs delete-log-group --log-group-name "/ecs/$N"
  awsb ecr delete-repository --repository-name "$N/sdk" --force
  docker rm -f $(docker ps -aq --filter "label=com.amazonaws.ecs.cluster=$C")
  docker rmi "${IMAGE:-none}"; rm -rf "$WORK"
} >/dev/null 2>&1
TASKS=() EXEC_POLICY=arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
trap cleanup EXIT

# 1. The secrets: a JSON secret (the task takes its "password" key) and a SecureString parameter.
create_secret() { SECRET=$(awsb secretsmanager create-secret --name "$N/db" --secret-string '{"username":"app","password":"'"$PASSWORD"'"}' | jqr 'd["ARN"]'); }
put_parameter() { awsb ssm put-parameter --name "/$N/api-token" --type SecureString --value "$TOKEN" &&
  PARAMETER=$(awsb ssm get-parameter --name "/$N/api-token" | jqr 'd["Parameter"]["ARN"]'); }
check "create-secret with a JSON value" create_secret
check "put-parameter --type SecureString" put_parameter

# 2. The roles: an execution role that may read exactly those two, one that may not, and a task role.
trust='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
allow() { echo '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"'"$1"'","Resource":"'"$2"'"}]}'; }
role() { awsb iam create-role --role-name "$1" --assume-role-policy-document "$trust" | jqr 'd["Role"]["Arn"]'; }
execution_role() { role "$1" && awsb iam attach-role-policy --role-name "$1" --policy-arn "$EXEC_POLICY" >/dev/null; }
exec_role() { EXEC=$(execution_role "$N-exec") && awsb iam put-role-policy --role-name "$N-exec" --policy-name secrets --policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"'"$SECRET"'"},
    {"Effect":"Allow","Action":"ssm:GetParameters","Resource":"'"$PARAMETER"'"}]}'; }
bare_role() { BARE=$(execution_role "$N-bare"); }
task_role() { TASK_ROLE=$(role "$N-task") && awsb iam put-role-policy --role-name "$N-task" --policy-name logs --policy-document "$(allow logs:DescribeLogGroups '*')"; }
check "an execution role: AmazonECSTaskExecutionRolePolicy + GetSecretValue/GetParameters on the two ARNs" exec_role
check "an execution role without the secrets' permission" bare_role
check "a task role allowed only logs:DescribeLogGroups" task_role

# 3. The image in Berth's registry, a cluster, a log group, and the task definitions.
push_image() {
  local uri; uri=$(awsb ecr create-repository --repository-name "$N/sdk" | jqr 'd["repository"]["repositoryUri"]') &&
  awsb ecr get-login-password | docker login --username AWS --password-stdin "${uri%%/*}" >/dev/null &&
  IMAGE=$uri:probe && docker tag "$SDK_IMAGE" "$IMAGE" && docker push -q "$IMAGE"
}
SDK_IMAGE=$("$ROOT/tests/task-images/aws-sdk/build.sh")
check "docker push of the SDK test image to Berth's registry" push_image
awsb ecs create-cluster --cluster-name "$C" >/dev/null
awsb logs create-log-group --log-group-name "/ecs/$N" >/dev/null   # the execution policy may write to it, not create it
register() { # register FAMILY EXECUTION-ROLE — the probe prints one JSON line per step to awslogs
  awsb ecs register-task-definition --family "$1" --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 \
    --execution-role-arn "$2" --task-role-arn "$TASK_ROLE" --container-definitions '[{"name":"sdk","image":"'"$IMAGE"'","essential":true,
      "command":["env-length:DB_PASSWORD","env-length:API_TOKEN","logs:DescribeLogGroups","ecs:RunTask","identity"],
      "environment":[{"name":"AWS_ENDPOINT_URL","value":"'"$TASK_ENDPOINT"'"}],
      "secrets":[{"name":"DB_PASSWORD","valueFrom":"'"$SECRET"':password::"},{"name":"API_TOKEN","valueFrom":"/'"$N"'/api-token"}],
      "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/'"$N"'","awslogs-region":"us-east-1","awslogs-stream-prefix":"probe"}}}]'
}
check "register a task definition with both secrets (one a JSON key) and the task role" register "$N-app" "$EXEC"

# 4. Run it; read what the app printed from CloudWatch Logs.
run() { awsb ecs run-task --cluster "$C" --task-definition "$1" --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=DISABLED}" | jqr 'd["tasks"][0]["taskArn"]'; }
start() { APP=$(run "$N-app") && TASKS+=("$APP"); }
check "run-task (awsvpc) starts it" start
check "the task runs and stops (aws ecs wait tasks-stopped)" stopped "$APP"
awsb ecs describe-tasks --cluster "$C" --tasks "$APP" >"$WORK/tasks.json"
OUT=$(awsb logs get-log-events --log-group-name "/ecs/$N" --log-stream-name "probe/sdk/${APP##*/}" --start-from-head | jqr '"\n".join(e["message"] for e in d["events"])')
step() { echo "$OUT" | python3 -c 'import json,sys; r=[json.loads(l) for l in sys.stdin if l.startswith("{")]; print([x for x in r if x["step"]==sys.argv[1]][0].get(sys.argv[2]))' "$@" 2>/dev/null; }
says() { # says STEP FIELD VALUE — the app's line for STEP has FIELD = VALUE (else its output is shown)
  [ "$(step "$1" "$2")" = "$3" ] || { echo "$1: $2 is not $3 in the app's output:"; echo "$OUT"; return 1; }; }
exited_0() { jqr 'd["tasks"][0]["containers"][0].get("exitCode")' <"$WORK/tasks.json" | grep -qx 0; }
check "the app exited 0" exited_0
check "DB_PASSWORD (the secret's JSON key) has the password's length, ${#PASSWORD}" says env-length:DB_PASSWORD length "${#PASSWORD}"
check "API_TOKEN (the SecureString) has the token's length, ${#TOKEN}" says env-length:API_TOKEN length "${#TOKEN}"
check "with its role's credentials, logs:DescribeLogGroups succeeds" says logs:DescribeLogGroups ok True
check "and ecs:RunTask is AccessDeniedException" says ecs:RunTask error AccessDeniedException
check "GetCallerIdentity is assumed-role/<task role>/<task id>" says identity arn "arn:aws:sts::$ACCOUNT:assumed-role/$N-task/${APP##*/}"
absent() { ! grep -qF -e "$PASSWORD" -e "$TOKEN" "$@"; }
check "the secret values are not in the task's logs" absent <<<"$OUT"
check "nor in DescribeTasks" absent "$WORK/tasks.json"
metrics_clean() { local m; m=$(curl -fsS "$BERTH_ENDPOINT/metrics") && absent <<<"$m"; }
check "nor in /metrics" metrics_clean
[ -n "${BERTHD_LOG:-}" ] && check "nor in berthd's log" absent "$BERTHD_LOG"

# 5. Refusals: the execution role may not read the secrets; a user limited to one cluster.
register "$N-denied" "$BARE" >/dev/null
DENIED=$(run "$N-denied") && TASKS+=("$DENIED")
refused() { local reason; reason=$(awsb ecs describe-tasks --cluster "$C" --tasks "$DENIED" | jqr 'd["tasks"][0].get("stoppedReason")')
  echo "$reason"; [[ $reason == "ResourceInitializationError: unable to pull secrets or registry auth: "* ]]; }
check "without the permission the task stops" stopped "$DENIED"
check "with 'ResourceInitializationError: unable to pull secrets or registry auth: …'" refused

awsb ecs create-cluster --cluster-name "$C-other" >/dev/null
awsb iam create-user --user-name "$N-user" >/dev/null
awsb iam put-user-policy --user-name "$N-user" --policy-name one-cluster --policy-document "$(allow 'ecs:*' "arn:aws:ecs:us-east-1:$ACCOUNT:cluster/$C")"
read -r USER_KEY USER_SECRET < <(awsb iam create-access-key --user-name "$N-user" | jqr 'd["AccessKey"]["AccessKeyId"] + " " + d["AccessKey"]["SecretAccessKey"]')
as_user() { AWS_ACCESS_KEY_ID=$USER_KEY AWS_SECRET_ACCESS_KEY=$USER_SECRET "$AWS" --endpoint-url "$BERTH_ENDPOINT" --output json "$@"; }
sees_own() { as_user ecs describe-clusters --clusters "$C" | grep -q '"status": "ACTIVE"'; }
denied_other() {
  local out; out=$(as_user ecs describe-clusters --clusters "$C-other" 2>&1); echo "$out"
  grep -qF "An error occurred (AccessDeniedException) when calling the DescribeClusters operation: User: arn:aws:iam::$ACCOUNT:user/$N-user is not authorized to perform: ecs:DescribeClusters on resource: arn:aws:ecs:us-east-1:$ACCOUNT:cluster/$C-other because no identity-based policy allows the ecs:DescribeClusters action" <<<"$out"
}
check "a user limited to one cluster describes it with its own access key" sees_own
check "and gets AccessDeniedException, in AWS's words, for another cluster" denied_other
summary "journey 13 (identity and secrets)"
