#!/usr/bin/env bash
# The ecs-cli demo of seeds/001 with `berth compose`: a docker-compose.yml (version 2, an httpd on port 80, awslogs,
# plus a `networks:` option ecs-cli skipped with a warning) and the seed's ecs-params.yml values → compose up (warnings,
# INFO progress to RUNNING) → compose ps (RUNNING with <ip>:80->80/tcp) → the page answers on that address →
# berth logs --task-id ... --follow → compose scale 2 → compose service up / service rm → compose down; and a broken file
# refused with file:line. Runs against $BERTH_ENDPOINT.
. "$(dirname "$0")/../../../shared/acceptance/lib.sh" 2>/dev/null || { echo "needs ../shared/acceptance/lib.sh"; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BERTH="$ROOT/artifacts/berth/berth"
C=compose-$RUN_ID
IMG=berth-compose/httpd:1
site=$(mktemp -d); mkdir -p "$site/www"; echo "hello from berth compose" >"$site/www/index.html"
IMAGE_FILES=$site busybox_image "$IMG" 'CMD ["sh"]'
rm -rf "$site"

# As in the demo, the project is the folder: its name is the task definition family.
work=$(mktemp -d); P=compose_demo_${RUN_ID//[^0-9]/}; mkdir "$work/$P"; cd "$work/$P" || exit 1
cat >docker-compose.yml <<YAML
version: '2'
networks:
  front: {}
services:
  test:
    image: $IMG
    command: ["sh", "-c", "echo serving the demo page; exec httpd -f -v -p 80 -h /www"]
    ports:
      - "80:80"
    stop_grace_period: 2s
    networks: [front]
    logging:
      driver: awslogs
      options:
        awslogs-group: awslogs-prefix-$RUN_ID
        awslogs-region: us-east-1
        awslogs-stream-prefix: wordpress
YAML
# The seed's ecs-params names an ecsTaskExecutionRole: made here as the ECS guide makes it (trusted by ecs-tasks.amazonaws.com,
# AmazonECSTaskExecutionRolePolicy attached), in Berth's account, since ECS now writes the awslogs streams under it.
ACCOUNT=$(awsb sts get-caller-identity | jqr 'd["Account"]')
# The seed's ecs-params.yml names the author's subnet and group (subnet-bc4b42b0, sg-341bb141); a user puts their own,
# as on AWS: here the default VPC's first subnet and its default group.
VPC=$(awsb ec2 describe-vpcs --filters Name=isDefault,Values=true | jqr 'd["Vpcs"][0]["VpcId"]')
SUBNET=$(awsb ec2 describe-subnets --filters "Name=vpc-id,Values=$VPC" Name=default-for-az,Values=true | jqr 'sorted(d["Subnets"], key=lambda s: s["AvailabilityZone"])[0]["SubnetId"]')
# The seed's group lets the page be opened on port 80; so does this one (the default group lets in only its members).
GROUP=$(awsb ec2 create-security-group --group-name "compose-demo-${RUN_ID//[^0-9]/}" --description "seed 001: port 80" --vpc-id "$VPC" | jqr 'd["GroupId"]')
awsb ec2 authorize-security-group-ingress --group-id "$GROUP" --protocol tcp --port 80 --cidr 0.0.0.0/0 >/dev/null
EXEC_ROLE=ecsTaskExecutionRole-${RUN_ID//[^0-9]/}
awsb iam create-role --role-name "$EXEC_ROLE" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
awsb iam attach-role-policy --role-name "$EXEC_ROLE" --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
cat >ecs-params.yml <<YAML
version: 1
task_definition:
  task_execution_role: arn:aws:iam::$ACCOUNT:role/$EXEC_ROLE
  ecs_network_mode: awsvpc
  task_size:
    mem_limit: 0.5GB
    cpu_limit: 256
run_params:
  network_configuration:
    awsvpc_configuration:
      subnets:
        - $SUBNET
      assign_public_ip: ENABLED
      security_groups:
        - $GROUP
YAML
berth() { "$BERTH" compose --cluster "$C" "$@"; }
OUT=$(mktemp)

up_flow() {
  berth up --create-log-groups >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] &&
  grep -q '^WARN\[0000\] Skipping unsupported YAML option\.\.\. option name=networks$' "$OUT" &&
  grep -q '^WARN\[0000\] Skipping unsupported YAML option for service\.\.\. option name=networks service name=test$' "$OUT" &&
  grep -Eq "^INFO\[[0-9]{4}\] Using ECS task definition TaskDefinition=\"$P:[0-9]+\"$" "$OUT" &&
  grep -Eq '^INFO\[[0-9]{4}\] Starting container\.\.\. container="[0-9a-f]{32}/test"$' "$OUT" &&
  grep -Eq "^INFO\[[0-9]{4}\] Describe ECS container status container=\"[0-9a-f]{32}/test\" desiredStatus=RUNNING lastStatus=(PROVISIONING|PENDING|ACTIVATING) taskDefinition=\"$P:[0-9]+\"$" "$OUT" &&
  grep -Eq '^INFO\[[0-9]{4}\] Started container\.\.\. container="[0-9a-f]{32}/test"' "$OUT" &&
  ! grep -q $'\e' "$OUT"   # piped: no colour
}
check "compose up: ecs-cli's warnings, the task definition, container status until RUNNING (no ANSI when piped)" up_flow
TASK=$(grep -Eo 'Started container\.\.\. container="[0-9a-f]{32}' "$OUT" | head -n1 | grep -Eo '[0-9a-f]{32}')

ps_running() {
  berth ps >"$OUT" 2>&1; cat "$OUT"
  grep -Eq "^$TASK/test	RUNNING	10\.[0-9]+\.[0-9]+\.[0-9]+:80->80/tcp	$P:[0-9]+	" "$OUT"
}
check "compose ps: the container RUNNING with <ip>:80->80/tcp and the task definition" ps_running
IP=$(grep -Eo '10\.[0-9]+\.[0-9]+\.[0-9]+:80->' "$OUT" | head -n1 | cut -d: -f1)
page() { [ "$(wget -q -T 3 -O- "http://$IP:80/" 2>/dev/null || curl -fsS -m 3 "http://$IP:80/")" = "hello from berth compose" ]; }
check "the page answers on the task's own address, port 80 ($IP)" wait_for 30 page
berth_ps_too() { "$BERTH" ps --cluster "$C" | grep -Eq "^$TASK/test	RUNNING	$IP:80->80/tcp	"; }
check "berth ps shows the same container and port" berth_ps_too

logs_follow() { # --follow goes on while the task runs: bounded with timeout, then look at what it printed
  timeout 8 "$BERTH" logs --task-id "$TASK" --cluster "$C" --follow >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 124 ] && grep -q "serving the demo page" "$OUT" && grep -q "response:200" "$OUT"
}
check "berth logs --task-id <id> --follow prints what the container wrote (and keeps following)" logs_follow
compose_logs() { berth logs | grep -q "serving the demo page"; }
check "compose logs prints the project's lines" compose_logs

again() { berth up >"$OUT" 2>&1; cat "$OUT"; grep -q "Using ECS task definition TaskDefinition=\"$(grep -Eo "$P:[0-9]+" <<<"$(berth ps)" | head -n1)\"" "$OUT" && ! grep -q "Starting container" "$OUT"; }
check "compose up again with the same files: same revision, no new task" again

changed() { # a changed file: a new revision, and up replaces the task of the old one
  local old; old=$(berth ps | grep -Eo "$P:[0-9]+" | head -n1)
  sed -i 's/echo serving the demo page;/echo serving the demo page, v2;/' docker-compose.yml
  berth up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] && [ "$old" = "$P:${old##*:}" ] && grep -q "Using ECS task definition TaskDefinition=\"$P:$((${old##*:} + 1))\"" "$OUT" &&
  grep -q "Stopped container\.\.\. container=\"$TASK/test\"" "$OUT" && [ "$(berth ps | grep -c "	RUNNING	.*	$P:$((${old##*:} + 1))	")" = 1 ]
}
check "compose up after a change: a new revision, the old revision's task replaced" changed

scale2() { berth scale 2 >"$OUT" 2>&1; local rc=$?; cat "$OUT"; [ $rc -eq 0 ] && [ "$(berth ps | grep -c '	RUNNING	')" = 2 ]; }
check "compose scale 2: two tasks RUNNING" scale2

service_up() {
  berth service up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] && grep -q "Created an ECS service service=\"$P\"" "$OUT" && grep -q "has started 1 tasks" "$OUT" && grep -q "ECS Service has reached a stable state desiredCount=1 runningCount=1 serviceName=\"$P\"" "$OUT" &&
  berth service ps | grep -Eq "	RUNNING	10\.[0-9.]+:80->80/tcp	"
}
check "compose service up: the service created and steady with 1 running task" service_up
service_rm() {
  berth service rm >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] && grep -q "Deleted ECS service service=\"$P\"" "$OUT" && grep -q "Stopped container" "$OUT" &&
  [ "$(awsb ecs describe-services --cluster "$C" --services "$P" | jqr 'd["services"][0]["status"] if d["services"] else "MISSING"')" != ACTIVE ]
}
check "compose service rm: the service deleted, its task stopped" service_rm

service_lb() { # service up behind a load balancer: --target-group-arn/--container-name/--container-port (listener on 18620)
  local n="cmp-${RUN_ID//[^0-9]/}" lb tg ok=1; n=${n:0:28}
  lb=$(awsb elbv2 create-load-balancer --name "$n" --subnets "$SUBNET" | jqr 'd["LoadBalancers"][0]["LoadBalancerArn"]') &&
  tg=$(awsb elbv2 create-target-group --name "$n" --protocol HTTP --port 80 --target-type ip --vpc-id "$VPC" | jqr 'd["TargetGroups"][0]["TargetGroupArn"]') &&
  awsb elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP --port "${LB_PORT:-18620}" --default-actions "Type=forward,TargetGroupArn=$tg" >/dev/null &&
  berth -p "${P}_lb" service up --target-group-arn "$tg" --container-name test --container-port 80 --deployment-min-healthy-percent 50 >"$OUT" 2>&1 &&
  cat "$OUT" && grep -q "ECS Service has reached a stable state desiredCount=1 runningCount=1" "$OUT" &&
  wait_for 60 sh -c "[ \"\$(curl -fsS -m 3 http://127.0.0.1:${LB_PORT:-18620}/)\" = 'hello from berth compose' ]" &&
  berth -p "${P}_lb" down >"$OUT" 2>&1 && cat "$OUT" && grep -q "Deleted ECS service service=\"${P}_lb\"" "$OUT" && grep -q "Stopped container" "$OUT" && ok=0
  berth -p "${P}_lb" service rm >/dev/null 2>&1   # when a step above failed
  [ -n "${lb:-}" ] && awsb elbv2 delete-load-balancer --load-balancer-arn "$lb"
  [ -n "${tg:-}" ] && awsb elbv2 delete-target-group --target-group-arn "$tg"
  return $ok
}
check "compose service up --target-group-arn: the page answers through the load balancer; compose down deletes the service" service_lb

down() {
  berth down >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] && [ "$(grep -c 'Stopped container\.\.\.' "$OUT")" = 2 ] &&
  [ "$(awsb ecs list-tasks --cluster "$C" --family "$P" --desired-status RUNNING | jqr 'len(d["taskArns"])')" = 0 ] &&
  [ "$(berth ps | grep -c '	RUNNING	')" = 0 ]
}
check "compose down: the tasks stopped, none left" down

broken_port() {
  sed 's/"80:80"/"80:abc"/' docker-compose.yml >broken.yml
  berth -f broken.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 1 ] && grep -q '^berth: broken.yml:9: ports: "80:abc" is not a port' "$OUT" && ! grep -q "   at " "$OUT"
}
check "compose up with a bad port: file:line error, exit 1, no stack trace" broken_port
broken_yaml() {
  printf 'services:\n  test:\n    image: x\n   ports: ["80"]\n' >bad.yml
  berth -f bad.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 1 ] && grep -q '^berth: bad.yml:4: not valid YAML' "$OUT" && ! grep -q "   at " "$OUT"
}
check "compose up with broken YAML: file:line error, exit 1" broken_yaml
built_image() { # build: — built through the Engine API, pushed to Berth's registry, run from there
  mkdir -p site && printf 'FROM %s\nCOPY index.html /www/index.html\n' "$IMG" >site/Dockerfile && echo "built by berth compose" >site/index.html
  printf 'services:\n  web:\n    build: ./site\n    command: ["httpd", "-f", "-p", "80", "-h", "/www"]\n    stop_grace_period: 2s\n' >build.yml
  berth -p "${P}_build" -f build.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  local ip; ip=$(berth -p "${P}_build" -f build.yml ps | grep -Eo '	10\.[0-9.]+	' | tr -d '\t' | head -n1)
  [ $rc -eq 0 ] && grep -Eq 'Pushed image service=web image="[^"]+/'"${P}"'_build-web:src-[0-9a-f]{12}"' "$OUT" &&
  [ "$(wget -q -T 3 -O- "http://$ip:80/")" = "built by berth compose" ]
  local ok=$?; berth -p "${P}_build" -f build.yml down >/dev/null 2>&1; return $ok
}
check "compose up with build: the image built, pushed to Berth's registry and serving" built_image
stopped_task() { # a task that exits: up fails with the reason instead of waiting forever
  printf 'services:\n  bad:\n    image: %s\n    command: ["sh", "-c", "exit 3"]\n' "$IMG" >exits.yml
  berth -p "${P}_exits" -f exits.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 1 ] && grep -q "stopped instead of running" "$OUT" && grep -q "bad exited with 3" "$OUT"
}
check "compose up of a task that exits: non-zero with the stop reason" stopped_task

# Secrets (ecs-params services.NAME.secrets): a SecureString parameter by name and a Secrets Manager secret's JSON key by
# ARN. Without a task_execution_role, compose makes <project>-ExecutionRole reading exactly those two; the container's page
# shows each value's SHA-256, so the check proves it got the exact values without printing them.
SP="${P}_secrets" DB_VALUE="pw-$RUN_ID-db" TOKEN_VALUE="tok-$RUN_ID-api"
awsb ssm put-parameter --name "/$SP/db" --type SecureString --value "$DB_VALUE" >/dev/null
secret_arn=$(awsb secretsmanager create-secret --name "$SP-api" --secret-string "{\"token\":\"$TOKEN_VALUE\"}" | jqr 'd["ARN"]')
sha() { printf %s "$1" | sha256sum | cut -c1-64; }
compose_secrets() {
  printf 'services:\n  app:\n    image: %s\n    stop_grace_period: 2s\n    command: ["sh", "-c", "{ echo db=$$(printf %%s \\"$$DB_PASSWORD\\" | sha256sum | cut -c1-64); echo token=$$(printf %%s \\"$$API_TOKEN\\" | sha256sum | cut -c1-64); } >/www/index.html && exec httpd -f -p 80 -h /www"]\n' "$IMG" >secrets.yml
  printf 'version: 1\ntask_definition:\n  services:\n    app:\n      secrets:\n        - name: DB_PASSWORD\n          value_from: /%s/db\n        - name: API_TOKEN\n          value_from: "%s:token::"\nrun_params:\n  network_configuration:\n    awsvpc_configuration:\n      subnets:\n        - %s\n      security_groups:\n        - %s\n' "$SP" "$secret_arn" "$SUBNET" "$GROUP" >secrets-params.yml
  berth -p "$SP" -f secrets.yml --ecs-params secrets-params.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  local ip; ip=$(berth -p "$SP" -f secrets.yml --ecs-params secrets-params.yml ps | grep -Eo '	10\.[0-9.]+	' | tr -d '\t' | head -n1)
  [ $rc -eq 0 ] && grep -q "Created execution role role=\"$SP-ExecutionRole\" secrets=2" "$OUT" &&
  wait_for 20 sh -c "[ \"\$(wget -q -T 3 -O- http://$ip:80/)\" = \"$(printf 'db=%s\ntoken=%s' "$(sha "$DB_VALUE")" "$(sha "$TOKEN_VALUE")")\" ]" &&
  [ "$(awsb iam get-role-policy --role-name "$SP-ExecutionRole" --policy-name berth-secrets | jqr 'sorted(r for s in d["PolicyDocument"]["Statement"] for r in s["Resource"])')" = \
    "$(python3 -c 'import sys; print(sorted(sys.argv[1:]))' "$secret_arn" "$secret_arn-??????" "arn:aws:ssm:us-east-1:$ACCOUNT:parameter/$SP/db")" ]
  local ok=$?; berth -p "$SP" -f secrets.yml --ecs-params secrets-params.yml down >/dev/null 2>&1; return $ok
}
check "compose up with ecs-params secrets: <project>-ExecutionRole made, the container sees the parameter and the secret's key" compose_secrets
no_exec_role() { # a task_execution_role that does not exist is named before anything runs
  printf 'version: 1\ntask_definition:\n  task_execution_role: nosuch-%s\n' "${RUN_ID//[^0-9]/}" >noexec-params.yml
  berth -p "${SP}_noexec" -f secrets.yml --ecs-params noexec-params.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 1 ] && grep -q "^berth: ecs-params task_execution_role: there is no IAM role named nosuch-" "$OUT" && ! grep -q "   at " "$OUT"
}
check "compose up naming a task_execution_role that does not exist says so, exit 1" no_exec_role

cd / && rm -rf "$work" "$OUT"
awsb ecs delete-cluster --cluster "$C" >/dev/null 2>&1
awsb ec2 delete-security-group --group-id "$GROUP" >/dev/null 2>&1   # once its tasks' interfaces are gone
awsb iam detach-role-policy --role-name "$EXEC_ROLE" --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy
awsb iam delete-role --role-name "$EXEC_ROLE"
awsb iam detach-role-policy --role-name "$SP-ExecutionRole" --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy >/dev/null 2>&1
awsb iam delete-role-policy --role-name "$SP-ExecutionRole" --policy-name berth-secrets >/dev/null 2>&1
awsb iam delete-role --role-name "$SP-ExecutionRole" >/dev/null 2>&1
awsb secretsmanager delete-secret --secret-id "$secret_arn" --force-delete-without-recovery >/dev/null 2>&1
awsb ssm delete-parameter --name "/$SP/db" >/dev/null 2>&1
summary compose-demo
