#!/usr/bin/env bash
# What a user sees from the command-line tools: `berth` (credentials, ps, logs --follow, errors when the
# server is down, top, metrics, clusters, services, --output, --help examples, completion, colour), the AWS CLI v2's `aws logs tail --follow`, `aws elbv2` (v1 and v2) through the
# tutorial's load balancer steps, `aws cloudwatch` (v1 speaks JSON 1.0, v2 the Query protocol) and
# `aws application-autoscaling` (v1 and v2). Runs against $BERTH_ENDPOINT.
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

# berth top / berth metrics: a sleeping task and a service of one, measured by berthd's sampler.
awsb ecs register-task-definition --family "$C-sleep" --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 \
  --container-definitions '[{"name":"app","image":"'$IMG'","stopTimeout":2,"command":["sh","-c","trap \"exit 0\" TERM; while :; do sleep 1 & wait $!; done"]}]' >/dev/null
sleeper=$(awsb ecs run-task --cluster "$C" --task-definition "$C-sleep" | jqr 'd["tasks"][0]["taskArn"]')
awsb ecs create-service --cluster "$C" --service-name svc --task-definition "$C-sleep" --desired-count 1 --launch-type FARGATE >/dev/null
top_row() { berth top --cluster "$C" --no-stream | grep "${sleeper##*/}" | grep -Eq $'\t[0-9]+\.[0-9]{2}%\t.*MiB / 512MiB\t[0-9]+\.[0-9]{2}%$'; }
top_header() { berth top --cluster "$C" --no-stream | head -n1 | grep -q $'TASK\tCLUSTER\tSERVICE\tCPU %\tCPU (vCPU)\tMEM USAGE / LIMIT\tMEM %'; }
metrics_chart() { out=$(berth metrics svc --cluster "$C" --minutes 5 --period 10) && echo "$out" | grep -q "^CPUUtilization (Average)" &&
  echo "$out" | grep -q "^MemoryUtilization (Average)" && echo "$out" | grep -q "│" && echo "$out" | grep -Eq "now [0-9.]+% +min"; }
metrics_unknown() { out=$(berth metrics nosuch --cluster "$C" 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "was not found in cluster"; }
check "berth top shows the running task's CPU % and memory against its size" wait_for 60 top_row
check "berth top prints TASK/CLUSTER/SERVICE/CPU/MEM columns" top_header
check "berth metrics charts the service's CPU and memory utilization" wait_for 90 metrics_chart
check "berth metrics of an unknown service says it was not found" metrics_unknown

# Output formats, help, completion and errors, as a user and a script see them (the service svc is running here).
esc=$'\e'
clusters_text() { berth clusters | grep -Eq "^$C"$'\tACTIVE\t1\t[0-9]+\t[0-9]+$'; }
services_json() { berth services --cluster "$C" -o json | python3 -c 'import json,sys; s=[x for x in json.load(sys.stdin) if x["name"]=="svc"][0]; assert s["desired"]==1 and isinstance(s["running"],int) and s["taskDefinition"].startswith(sys.argv[1]+"-sleep:"), s' "$C"; }
ps_json() { berth ps --cluster "$C" -o json | python3 -c 'import json,sys; rows=json.load(sys.stdin); assert rows and all(set(r)=={"name","state","ports","taskDefinition","health"} for r in rows), rows'; }
top_json() { berth top --cluster "$C" -o json | python3 -c 'import json,sys; rows=json.load(sys.stdin); assert any(r["task"]==sys.argv[1] and r["cpuPercent"].endswith("%") for r in rows), rows' "${sleeper##*/}"; }
table_piped() { out=$(berth services --cluster "$C" -o table) && echo "$out" | grep -q "TASK DEFINITION" && ! echo "$out" | grep -q "$esc"; }
no_colour_piped() { out=$( { berth clusters; berth ps -c "$C"; berth services -c nosuch-$RUN_ID; } 2>&1)
  echo "$out" | grep -q "^NAME" && echo "$out" | grep -q "^berth: ClusterNotFound" && ! echo "$out" | grep -q "$esc"; }
no_colour_env() { out=$(NO_COLOR=1 script -qc "$ROOT/artifacts/berth/berth services -c nosuch-$RUN_ID" /dev/null) ; echo "$out" | grep -q "berth:" && ! echo "$out" | grep -q "$esc\[[0-9;]*m"; }   # colour codes (.NET also sends keypad-mode escapes to a tty)
colour_tty() { out=$(script -qc "$ROOT/artifacts/berth/berth services -c nosuch-$RUN_ID" /dev/null); echo "$out" | grep -q "$esc\[[0-9;]*m"; }
bad_format() { out=$(berth ps -o xml 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "'xml' not recognized" && echo "$out" | grep -q "json"; }
help_examples() { out=$(berth services --help) && echo "$out" | grep -q "^Examples:" && echo "$out" | grep -q "berth services --cluster demo" && echo "$out" | grep -q -- "--output <table|text|json>"; }
hint_cluster() { out=$(berth services -c nosuch-$RUN_ID 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "ClusterNotFoundException" && echo "$out" | grep -q "berth clusters"; }
hint_credentials() { out=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY BERTH_ROOT_SECRET_ACCESS_KEY=wrong "$ROOT/artifacts/berth/berth" clusters 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "BERTH_ROOT_SECRET_ACCESS_KEY"; }
hint_aws_credentials() { out=$(AWS_SECRET_ACCESS_KEY=wrong berth clusters 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "Check AWS_ACCESS_KEY_ID ($AWS_ACCESS_KEY_ID) and AWS_SECRET_ACCESS_KEY"; }
complete_in_bash() { # the bash script, sourced, completes subcommands, options and the server's cluster and service names
  bash -c 'PATH=$1:$PATH; source <(berth completion bash) || exit 1
    c() { COMP_LINE=$1; COMP_POINT=${#1}; _berth_complete; printf "%s\n" "${COMPREPLY[@]}"; }
    c "berth cl" | grep -qx clusters && c "berth ps --out" | grep -qx -- --output &&
    c "berth ps --cluster ${2:0:6}" | grep -qx "$2" && c "berth metrics --cluster $2 s" | grep -qx svc &&
    ! c "berth " | grep -q "^/"' _ "$ROOT/artifacts/berth" "$C"; }
complete_server_down() { out=$(BERTH_ENDPOINT=http://127.0.0.1:9 timeout 10 "$ROOT/artifacts/berth/berth" "[suggest:19]" "berth ps --cluster "); [ $? -eq 0 ] && [ -z "$out" ]; }
complete_scripts() { berth completion zsh | grep -q "compdef _berth berth" && berth completion fish | grep -q "complete -c berth"; }
top_live() { # at a real terminal (tmux): the live table refreshes in place, Ctrl-C ends it cleanly
  local s=berth-top pane1 pane2
  tmux() { command tmux -L "berth-cli-$$" "$@"; }   # a tmux server of our own, started with this environment
  tmux new-session -d -s "$s" -x 150 -y 30 "$ROOT/artifacts/berth/berth top --cluster $C --interval 1; echo exit=\$?; sleep 30" || return 1
  wait_for 30 bash -c "tmux -L berth-cli-$$ capture-pane -p -t $s | grep -q '${sleeper##*/}'"; pane1=$(tmux capture-pane -p -t "$s")
  sleep 3; pane2=$(tmux capture-pane -p -t "$s")
  tmux send-keys -t "$s" C-c; sleep 2; local after; after=$(tmux capture-pane -p -t "$s"); tmux kill-server
  echo "$pane1" | grep -q "MEM USAGE / LIMIT" && echo "$pane1" | grep -Eq "${sleeper##*/} .* [0-9]+\.[0-9]{2}%" &&
    [ "$(echo "$pane2" | grep -c "MEM USAGE / LIMIT")" -eq 1 ] && echo "$after" | grep -q "exit=0"; }
check "berth clusters lists the cluster with its service and task counts" clusters_text
command -v tmux >/dev/null && check "berth top at a terminal (tmux): a live table redrawn in place, Ctrl-C exits 0" top_live
check "berth services -o json: one object per service with numbers for counts" services_json
check "berth ps -o json: name/state/ports/taskDefinition/health objects" ps_json
check "berth top -o json: the task's CPU % (implies --no-stream)" wait_for 30 top_json
check "berth services -o table when piped: a table, no escape codes" table_piped
check "piped output and errors carry no colour codes" no_colour_piped
check "NO_COLOR=1 at a terminal: no colour codes" no_colour_env
check "at a terminal, errors are coloured" colour_tty
check "an unknown --output value is refused with the choices" bad_format
check "berth services --help ends with examples and names the output formats" help_examples
check "an unknown cluster's error says how to list or create clusters" hint_cluster
check "a wrong secret's error names the credential variables" hint_credentials
check "with AWS_ACCESS_KEY_ID set, a wrong secret's error names the AWS variables berth signed with" hint_aws_credentials
check "berth completion bash completes commands, options, cluster and service names" complete_in_bash
check "completion offers nothing (and returns) when the server is down" complete_server_down
check "berth completion zsh and fish print their scripts" complete_scripts
awsb ecs delete-service --cluster "$C" --service svc --force >/dev/null
awsb ecs stop-task --cluster "$C" --task "$sleeper" >/dev/null

# The AWS conventions: berth and the AWS CLI with only AWS_* variables or a profile that berth wrote, under env -i
# (no BERTH_*), HOME a folder of this run's own, run from a folder with no .berth.
aws_home=$(mktemp -d); aws_cwd=$(mktemp -d)
B=$ROOT/artifacts/berth/berth
bare() { (cd "$aws_cwd" && env -i PATH="$PATH" HOME="$aws_home" "$@"); }   # a shell's environment with nothing but what is named
mkdir -p "$aws_home/.aws" && printf '# my notes\n[default]\nregion = eu-west-1\n' >"$aws_home/.aws/config"
printf '[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = w\n' >"$aws_home/.aws/credentials"
export_endpoint() { out=$(berth credentials --export) && echo "$out" | grep -qx "export AWS_ENDPOINT_URL=$BERTH_ENDPOINT" &&
  echo "$out" | grep -qx "export AWS_REGION=us-east-1" && echo "$out" | grep -qx "export AWS_DEFAULT_REGION=us-east-1"; }
profile_written() { HOME=$aws_home berth credentials --profile berth >/dev/null &&
  grep -qx "aws_access_key_id = $AWS_ACCESS_KEY_ID" "$aws_home/.aws/credentials" && grep -qx "endpoint_url = $BERTH_ENDPOINT" "$aws_home/.aws/config" &&
  grep -qx "# my notes" "$aws_home/.aws/config" && grep -qx "region = eu-west-1" "$aws_home/.aws/config" && grep -qx "\[work\]" "$aws_home/.aws/credentials" &&
  [ "$(stat -c %a "$aws_home/.aws/credentials")" = 600 ] && [ "$(stat -c %a "$aws_home/.aws/config")" = 600 ]; }
berth_profile_only() { bare AWS_PROFILE=berth "$B" clusters | grep -q "^$C"$'\t'; }
berth_profile_flag() { bare "$B" --profile berth clusters | grep -q "^$C"$'\t'; }
berth_env_only() { bare bash -c 'eval "$(BERTH_ENDPOINT=$1 BERTH_ROOT_ACCESS_KEY_ID=$2 BERTH_ROOT_SECRET_ACCESS_KEY=$3 "$4" credentials --export)" && "$4" clusters' _ \
  "$BERTH_ENDPOINT" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$B" | grep -q "^$C"$'\t'; }
flag_beats_env_keys() { bare AWS_ACCESS_KEY_ID=AKIAWRONG AWS_SECRET_ACCESS_KEY=wrong "$B" --profile berth clusters | grep -q "^$C"$'\t' &&
  out=$(bare AWS_ACCESS_KEY_ID=AKIAWRONG AWS_SECRET_ACCESS_KEY=wrong AWS_PROFILE=berth "$B" clusters 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "Check AWS_ACCESS_KEY_ID (AKIAWRONG)"; }
service_endpoint_first() { bare AWS_PROFILE=berth AWS_ENDPOINT_URL=http://127.0.0.1:9 AWS_ENDPOINT_URL_ECS="$BERTH_ENDPOINT" "$B" clusters | grep -q "^$C"$'\t' &&
  out=$(bare AWS_PROFILE=berth AWS_ENDPOINT_URL_ECS=http://127.0.0.1:9 "$B" clusters 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "not answering at http://127.0.0.1:9" &&
  bare AWS_PROFILE=berth AWS_ENDPOINT_URL_ECS=http://127.0.0.1:9 "$B" --endpoint-url "$BERTH_ENDPOINT" clusters | grep -q "^$C"$'\t'; }
no_credentials() { out=$(bare "$B" clusters 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "No credentials: set AWS_ACCESS_KEY_ID" && echo "$out" | grep -q "berth credentials --profile berth"; }
missing_profile() { out=$(bare AWS_PROFILE=nosuch "$B" clusters 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "The config profile (nosuch) named by AWS_PROFILE"; }
# The AWS CLI with the written profile and no flags, where it reads endpoint_url (v2.13+, v1.29+; Debian 12's v2 is 2.9).
reads_endpoint_url() { v=$("$@" --version 2>&1 | sed -nE 's|^aws-cli/([0-9]+)\.([0-9]+).*|\1 \2|p'); read -r major minor <<<"${v:-0 0}"
  { [ "$major" -eq 2 ] && [ "$minor" -ge 13 ]; } || { [ "$major" -eq 1 ] && [ "$minor" -ge 29 ]; } || [ "$major" -gt 2 ]; }
aws_profile_no_flags() { bare "$@" --profile berth ecs list-clusters --output text | grep -q "cluster/$C"; }
aws_profile_keys() { bare "$@" --profile berth --endpoint-url "$BERTH_ENDPOINT" ecs list-clusters --output text | grep -q "cluster/$C"; }
check "berth credentials --export exports AWS_ENDPOINT_URL, AWS_REGION and AWS_DEFAULT_REGION" export_endpoint
check "berth credentials --profile berth writes both files (mode 600), keeping other profiles and comments" profile_written
check "berth with only AWS_PROFILE=berth (env -i, no BERTH_*): key and endpoint from the profile" berth_profile_only
check "berth --profile berth with nothing else set" berth_profile_flag
check "berth with only the variables berth credentials --export printed (env -i)" berth_env_only
check "--profile beats AWS_ACCESS_KEY_ID in the environment; AWS_PROFILE does not (as in the AWS CLI)" flag_beats_env_keys
check "AWS_ENDPOINT_URL_ECS beats AWS_ENDPOINT_URL, --endpoint-url beats both" service_endpoint_first
check "no credentials anywhere: the error names the variables and berth credentials --profile" no_credentials
check "AWS_PROFILE naming a missing profile is an error naming it" missing_profile
for cli in aws /usr/bin/aws "python3 -m awscli"; do
  read -ra argv <<<"$cli"; command -v "${argv[0]}" >/dev/null || continue
  version=$("${argv[@]}" --version 2>&1 | cut -d' ' -f1)
  if reads_endpoint_url "${argv[@]}"; then
    check "$version ($cli) --profile berth ecs list-clusters, no other flag" aws_profile_no_flags "${argv[@]}"
  else
    check "$version ($cli) reads the written profile's key and region (it predates endpoint_url: --endpoint-url given)" aws_profile_keys "${argv[@]}"
  fi
done
rm -rf "$aws_home" "$aws_cwd"

# aws elbv2 with a given CLI binary: load balancer, target group, listener, targets and their health, then clean up.
elbv2_flow() {
  local cli=$1 n="cli-${RUN_ID//[^0-9]/}"; n=${n:0:20}-$2
  local e=(--endpoint-url "$BERTH_ENDPOINT" --output text)
  local port; port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])')
  local lb tg listener state rc=1
  local vpc subnet
  vpc=$("$cli" "${e[@]}" ec2 describe-vpcs --filters Name=isDefault,Values=true --query 'Vpcs[0].VpcId') &&
  subnet=$("$cli" "${e[@]}" ec2 describe-subnets --filters "Name=vpc-id,Values=$vpc" --query 'Subnets[0].SubnetId') &&
  lb=$("$cli" "${e[@]}" elbv2 create-load-balancer --name "$n" --subnets "$subnet" --query 'LoadBalancers[0].LoadBalancerArn') &&
  tg=$("$cli" "${e[@]}" elbv2 create-target-group --name "$n" --protocol HTTP --port 80 --target-type ip --vpc-id "$vpc" \
    --health-check-path /health --query 'TargetGroups[0].TargetGroupArn') &&
  listener=$("$cli" "${e[@]}" elbv2 create-listener --load-balancer-arn "$lb" --protocol HTTP --port "$port" \
    --default-actions "Type=forward,TargetGroupArn=$tg" --query 'Listeners[0].ListenerArn') &&
  "$cli" "${e[@]}" elbv2 register-targets --target-group-arn "$tg" --targets Id=10.89.251.7,Port=8080 &&
  state=$("$cli" "${e[@]}" elbv2 describe-target-health --target-group-arn "$tg" --query 'TargetHealthDescriptions[0].TargetHealth.State') &&
  echo "listener $listener on port $port; target state $state" &&
  case $state in initial|healthy|unhealthy) rc=0 ;; esac
  [ -n "${lb:-}" ] && "$cli" "${e[@]}" elbv2 delete-load-balancer --load-balancer-arn "$lb"
  [ -n "${tg:-}" ] && "$cli" "${e[@]}" elbv2 delete-target-group --target-group-arn "$tg"
  return $rc
}
elbv2_error() { # a refused request says what is wrong, in the CLI's usual "An error occurred (Code)" form
  local out; out=$("$1" --endpoint-url "$BERTH_ENDPOINT" elbv2 create-load-balancer --name "cli-nlb-$2" --type network 2>&1)
  [ $? -ne 0 ] && echo "$out" | grep -q "(ValidationError)" && echo "$out" | grep -q "application load balancers"
}
check "aws elbv2 (first aws on PATH): create-load-balancer, create-target-group, create-listener, describe-target-health" elbv2_flow aws v1
check "aws elbv2 (first aws on PATH): a network load balancer is refused with a clear message" elbv2_error aws v1
if [ -x /usr/bin/aws ]; then
  check "aws elbv2 (AWS CLI v2): create-load-balancer, create-target-group, create-listener, describe-target-health" elbv2_flow /usr/bin/aws v2
  check "aws elbv2 (AWS CLI v2): a network load balancer is refused with a clear message" elbv2_error /usr/bin/aws v2
fi
# aws cloudwatch with a given CLI binary: put-metric-data, get-metric-statistics, list-metrics, alarms, and an error.
cloudwatch_flow() {
  local cli=$1 ns="Berth/CLI/$RUN_ID/$2" n="cli-alarm-$RUN_ID-$2" e=(--endpoint-url "$BERTH_ENDPOINT" --output text)
  local start end stats name state rc=1
  start=$(date -u -d '-10 min' +%Y-%m-%dT%H:%M:%SZ); end=$(date -u -d '+10 min' +%Y-%m-%dT%H:%M:%SZ)
  "$cli" "${e[@]}" cloudwatch put-metric-data --namespace "$ns" --metric-name Latency --dimensions Service=web --unit Milliseconds --value 10 &&
  "$cli" "${e[@]}" cloudwatch put-metric-data --namespace "$ns" --metric-name Latency --dimensions Service=web --unit Milliseconds --value 30 &&
  stats=$("$cli" "${e[@]}" cloudwatch get-metric-statistics --namespace "$ns" --metric-name Latency --dimensions Name=Service,Value=web \
    --start-time "$start" --end-time "$end" --period 3600 --statistics Sum Maximum SampleCount --query 'Datapoints[].[Sum,Maximum,SampleCount]') &&
  echo "statistics: $stats" &&
  [ "$(echo "$stats" | awk '{s+=$1; if ($2+0>m) m=$2+0; c+=$3} END {print s, m, c}')" = "40 30 2" ] &&
  name=$("$cli" "${e[@]}" cloudwatch list-metrics --namespace "$ns" --query 'Metrics[0].MetricName') && [ "$name" = Latency ] &&
  "$cli" "${e[@]}" cloudwatch put-metric-alarm --alarm-name "$n" --namespace "$ns" --metric-name Latency --dimensions Name=Service,Value=web \
    --statistic Average --period 60 --evaluation-periods 1 --threshold 100 --comparison-operator GreaterThanThreshold &&
  state=$("$cli" "${e[@]}" cloudwatch describe-alarms --alarm-names "$n" --query 'MetricAlarms[0].StateValue') &&
  echo "alarm state: $state" && case $state in INSUFFICIENT_DATA|OK) rc=0 ;; esac
  "$cli" "${e[@]}" cloudwatch delete-alarms --alarm-names "$n" || rc=1
  return $rc
}
cloudwatch_error() { # AWS/ namespaces are AWS's own: refused with the model's code
  local out; out=$("$1" --endpoint-url "$BERTH_ENDPOINT" cloudwatch put-metric-data --namespace AWS/ECS --metric-name CPUUtilization --value 1 2>&1)
  [ $? -ne 0 ] && echo "$out" | grep -q "(InvalidParameterValue)" && echo "$out" | grep -q "reserved"
}
check "aws cloudwatch (first aws on PATH): put-metric-data, get-metric-statistics, list-metrics, describe-alarms" cloudwatch_flow aws v1
check "aws cloudwatch (first aws on PATH): an AWS/ namespace is refused with InvalidParameterValue" cloudwatch_error aws
if [ -x /usr/bin/aws ]; then
  check "aws cloudwatch (AWS CLI v2): put-metric-data, get-metric-statistics, list-metrics, describe-alarms" cloudwatch_flow /usr/bin/aws v2
  check "aws cloudwatch (AWS CLI v2): an AWS/ namespace is refused with InvalidParameterValue" cloudwatch_error /usr/bin/aws
fi
# aws application-autoscaling with a given CLI binary: a service's scalable target (its desired count clamped into the
# range), a CPU target tracking policy with its two alarms, and the activity AWS would record; then clean up.
autoscaling_flow() {
  local cli=$1 s="as-$2" e=(--endpoint-url "$BERTH_ENDPOINT" --output text) dim=ecs:service:DesiredCount rid alarms cause="" rc=1 i
  rid="service/$C/$s"
  "$cli" "${e[@]}" ecs create-service --cluster "$C" --service-name "$s" --task-definition "$C" --desired-count 2 >/dev/null &&
  "$cli" "${e[@]}" application-autoscaling register-scalable-target --service-namespace ecs --resource-id "$rid" --scalable-dimension $dim \
    --min-capacity 0 --max-capacity 0 >/dev/null &&   # (CLI v2.9's model predates ScalableTargetARN in the response)
  "$cli" "${e[@]}" application-autoscaling put-scaling-policy --service-namespace ecs --resource-id "$rid" --scalable-dimension $dim \
    --policy-name cpu50 --policy-type TargetTrackingScaling --query PolicyARN \
    --target-tracking-scaling-policy-configuration '{"TargetValue":50,"PredefinedMetricSpecification":{"PredefinedMetricType":"ECSServiceAverageCPUUtilization"}}' \
    | grep -q ':scalingPolicy:.*:policyName/cpu50$' &&
  alarms=$("$cli" "${e[@]}" application-autoscaling describe-scaling-policies --service-namespace ecs --resource-id "$rid" \
    --query 'length(ScalingPolicies[0].Alarms)') && [ "$alarms" = 2 ] &&
  for i in $(seq 30); do
    cause=$("$cli" "${e[@]}" application-autoscaling describe-scaling-activities --service-namespace ecs --resource-id "$rid" \
      --query 'ScalingActivities[?StatusCode==`Successful`].Cause | [0]')
    [ "$cause" = "maximum capacity was set to 0" ] && break; sleep 1
  done
  echo "activity cause: $cause"
  [ "$cause" = "maximum capacity was set to 0" ] &&
  [ "$("$cli" "${e[@]}" ecs describe-services --cluster "$C" --services "$s" --query 'services[0].desiredCount')" = 0 ] && rc=0
  "$cli" "${e[@]}" application-autoscaling deregister-scalable-target --service-namespace ecs --resource-id "$rid" --scalable-dimension $dim
  "$cli" "${e[@]}" ecs delete-service --cluster "$C" --service "$s" --force >/dev/null
  return $rc
}
autoscaling_error() { # an unknown service is refused in AWS's words
  local out; out=$("$1" --endpoint-url "$BERTH_ENDPOINT" application-autoscaling register-scalable-target --service-namespace ecs \
    --resource-id "service/$C/none-$2" --scalable-dimension ecs:service:DesiredCount --min-capacity 0 --max-capacity 1 2>&1)
  [ $? -ne 0 ] && echo "$out" | grep -q "(ValidationException)" && echo "$out" | grep -q "ECS service doesn't exist: service/$C/none-$2"
}
check "aws application-autoscaling (first aws on PATH): register-scalable-target, put-scaling-policy, describe-scaling-policies, describe-scaling-activities" autoscaling_flow aws v1
check "aws application-autoscaling (first aws on PATH): an unknown service is refused" autoscaling_error aws v1
if [ -x /usr/bin/aws ]; then
  check "aws application-autoscaling (AWS CLI v2): register-scalable-target, put-scaling-policy, describe-scaling-policies, describe-scaling-activities" autoscaling_flow /usr/bin/aws v2
  check "aws application-autoscaling (AWS CLI v2): an unknown service is refused" autoscaling_error /usr/bin/aws v2
fi
# An IAM user's key (made by root with the AWS CLI): berth signs with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY; a refusal is
# one line naming the action to ask for, exit 1, no stack trace; once a policy allows the calls, the same command works.
U=cli-user-${RUN_ID//[^0-9]/}
awsb iam create-user --user-name "$U" >/dev/null
read -r UK US < <(awsb iam create-access-key --user-name "$U" | jqr 'd["AccessKey"]["AccessKeyId"] + " " + d["AccessKey"]["SecretAccessKey"]')
as_user() { AWS_ACCESS_KEY_ID=$UK AWS_SECRET_ACCESS_KEY=$US "$ROOT/artifacts/berth/berth" "$@"; }
user_refused() { local out; out=$(as_user clusters 2>&1); local rc=$?; echo "$out"
  [ $rc -eq 1 ] && [ "$(echo "$out" | wc -l)" = 1 ] && ! echo "$out" | grep -q "   at " &&
  echo "$out" | grep -Eq "^berth: not authorized: User: arn:aws:iam::[0-9]{12}:user/$U is not authorized to perform: ecs:ListClusters on resource: \* because no identity-based policy allows the ecs:ListClusters action — ask for a policy that allows ecs:ListClusters$"; }
user_allowed() { awsb iam put-user-policy --user-name "$U" --policy-name read-clusters \
    --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:ListClusters","ecs:DescribeClusters"],"Resource":"*"}]}' &&
  as_user clusters | grep -q "^$C"$'\t'"ACTIVE"; }
user_limited() { local out; out=$(as_user services --cluster "$C" 2>&1); [ $? -eq 1 ] && echo "$out" | grep -q "^berth: not authorized: .*ecs:ListServices.* — ask for a policy that allows ecs:ListServices$"; }
check "berth with an IAM user's key that no policy allows: one line 'not authorized ... ask for a policy that allows ecs:ListClusters', exit 1" user_refused
check "berth with the user's key once a policy allows ListClusters/DescribeClusters: the clusters listed" user_allowed
check "the same user is refused what its policy does not allow (ecs:ListServices)" user_limited
awsb iam delete-user-policy --user-name "$U" --policy-name read-clusters >/dev/null 2>&1
awsb iam delete-access-key --user-name "$U" --access-key-id "$UK" >/dev/null 2>&1
awsb iam delete-user --user-name "$U" >/dev/null 2>&1
# berth discovery: a Cloud Map namespace's services and instances, as a task resolving them would see them.
discovery_lists() {
  local ns="cli-${RUN_ID//[^0-9]/}.internal" vpc op nsid srv out rc=1
  vpc=$(awsb ec2 describe-vpcs --filters Name=isDefault,Values=true | jqr 'd["Vpcs"][0]["VpcId"]') &&
  op=$(awsb servicediscovery create-private-dns-namespace --name "$ns" --vpc "$vpc" | jqr 'd["OperationId"]') &&
  nsid=$(awsb servicediscovery get-operation --operation-id "$op" | jqr 'd["Operation"]["Targets"]["NAMESPACE"]') &&
  srv=$(awsb servicediscovery create-service --name api --namespace-id "$nsid" --dns-config 'DnsRecords=[{Type=A,TTL=10}]' | jqr 'd["Service"]["Id"]') &&
  awsb servicediscovery register-instance --service-id "$srv" --instance-id i-one --attributes AWS_INSTANCE_IPV4=10.89.7.7,AWS_INSTANCE_PORT=8080 >/dev/null &&
  out=$(berth discovery "$ns" -o text) && echo "$out" &&
  grep -qP '^api\tA ttl 10\ti-one\t10\.89\.7\.7\t8080\t(HEALTHY|UNKNOWN)\t' <<<"$out" &&
  berth discovery -o text | grep -qP "^$ns\tDNS_PRIVATE\t$nsid\t1$" &&
  out=$(berth discovery nope.internal 2>&1); [ $? -eq 1 ] && grep -q "berth discovery" <<<"$out" && rc=0
  [ -n "${srv:-}" ] && awsb servicediscovery deregister-instance --service-id "$srv" --instance-id i-one >/dev/null && awsb servicediscovery delete-service --id "$srv" >/dev/null
  [ -n "${nsid:-}" ] && awsb servicediscovery delete-namespace --id "$nsid" >/dev/null
  return $rc
}
check "berth discovery lists a namespace's services with each instance's address, port and health" discovery_lists

summary "cli"
