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
    networks: [front]
    logging:
      driver: awslogs
      options:
        awslogs-group: awslogs-prefix-$RUN_ID
        awslogs-region: us-east-1
        awslogs-stream-prefix: wordpress
YAML
cat >ecs-params.yml <<'YAML'
version: 1
task_definition:
  task_execution_role: arn:aws:iam::424442929256:role/ecsTaskExecutionRole
  ecs_network_mode: awsvpc
  task_size:
    mem_limit: 0.5GB
    cpu_limit: 256
run_params:
  network_configuration:
    awsvpc_configuration:
      subnets:
        - subnet-bc4b42b0
      assign_public_ip: ENABLED
      security_groups:
        - sg-341bb141
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
  [ $rc -eq 124 ] && grep -q "serving the demo page" "$OUT" && grep -q "GET /" "$OUT"
}
check "berth logs --task-id <id> --follow prints what the container wrote (and keeps following)" logs_follow
compose_logs() { berth logs | grep -q "serving the demo page"; }
check "compose logs prints the project's lines" compose_logs

again() { berth up >"$OUT" 2>&1; cat "$OUT"; grep -q "Using ECS task definition TaskDefinition=\"$(grep -Eo "$P:[0-9]+" <<<"$(berth ps)" | head -n1)\"" "$OUT" && ! grep -q "Starting container" "$OUT"; }
check "compose up again with the same files: same revision, no new task" again

scale2() { berth scale 2 >"$OUT" 2>&1; local rc=$?; cat "$OUT"; [ $rc -eq 0 ] && [ "$(berth ps | grep -c '	RUNNING	')" = 2 ]; }
check "compose scale 2: two tasks RUNNING" scale2

service_up() {
  berth service up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] && grep -q "Created an ECS service service=$P" "$OUT" && grep -q "ECS Service has reached a stable state desiredCount=1 runningCount=1 serviceName=$P" "$OUT" &&
  berth service ps | grep -Eq "	RUNNING	10\.[0-9.]+:80->80/tcp	"
}
check "compose service up: the service created and steady with 1 running task" service_up
service_rm() {
  berth service rm >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 0 ] && grep -q "Deleted ECS service service=$P" "$OUT" && grep -q "Stopped container" "$OUT" &&
  [ "$(awsb ecs describe-services --cluster "$C" --services "$P" | jqr 'd["services"][0]["status"] if d["services"] else "MISSING"')" != ACTIVE ]
}
check "compose service rm: the service deleted, its task stopped" service_rm

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
build_refused() {
  printf 'services:\n  web:\n    build: .\n' >build.yml
  berth -f build.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 1 ] && grep -q 'build.yml:3: build: is not supported yet; build and push the image, then name it in image:' "$OUT"
}
check "compose up with build: refused with what to do instead" build_refused
stopped_task() { # a task that exits: up fails with the reason instead of waiting forever
  printf 'services:\n  bad:\n    image: %s\n    command: ["sh", "-c", "exit 3"]\n' "$IMG" >exits.yml
  berth -p "${P}_exits" -f exits.yml up >"$OUT" 2>&1; local rc=$?; cat "$OUT"
  [ $rc -eq 1 ] && grep -q "stopped instead of running" "$OUT" && grep -q "bad exited with 3" "$OUT"
}
check "compose up of a task that exits: non-zero with the stop reason" stopped_task

cd / && rm -rf "$work" "$OUT"
awsb ecs delete-cluster --cluster "$C" >/dev/null 2>&1
summary compose-demo
