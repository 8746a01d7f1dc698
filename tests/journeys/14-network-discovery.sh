#!/usr/bin/env bash
# Journey 14 — the task network as a Fargate user meets it, with the AWS CLI v2: the default VPC and its subnets, the
# seed-000 tutorial's security groups (the load balancer open on its port, the tasks open only to the load balancer's
# group — the targets are unhealthy until that rule exists), and two services that find each other through Cloud Map:
# "frontend" calls http://api.<namespace>:8080/ by name while "api" scales 1 → 3 → 1 and DNS follows.
# Needs: a berthd at $BERTH_ENDPOINT on this host with its task resolver on 127.0.0.1:53 (BERTH_DNS_PORT), docker, dig.
. "$(dirname "$0")/../../../shared/acceptance/lib.sh" 2>/dev/null || { echo "needs ../shared/acceptance/lib.sh"; exit 1; }
AWS=/usr/bin/aws   # the AWS CLI v2 (a v1 may come first on PATH)
awsb() { "$AWS" --endpoint-url "$BERTH_ENDPOINT" --output json "$@"; }
q() { awsb "$@" | jqr "$Q"; }
N=j14-$RUN_ID C=j14-$RUN_ID
LB_PORT=${LB_PORT_14:-18140}
NS=$N.internal
need curl
need dig dnsutils
IMAGE=berth-j14-app:$RUN_ID
WORK=$(mktemp -d)
mkdir -p "$WORK/www" && echo "hello from api" >"$WORK/www/index.html"
IMAGE_FILES=$WORK busybox_image "$IMAGE" 'CMD ["httpd","-f","-p","8080","-h","/www"]'

cleanup() {
  for s in api frontend web; do awsb ecs delete-service --cluster "$C" --service "$s" --force; done
  for t in $(awsb ecs list-tasks --cluster "$C" | jqr '" ".join(d["taskArns"])'); do awsb ecs stop-task --cluster "$C" --task "$t"; done
  awsb elbv2 delete-load-balancer --load-balancer-arn "${LB:-none}"
  sleep 2; awsb elbv2 delete-target-group --target-group-arn "${TG:-none}"
  awsb servicediscovery delete-service --id "${SD_SERVICE:-none}"
  awsb servicediscovery delete-namespace --id "${NS_ID:-none}"
  docker rm -f $(docker ps -aq --filter "label=com.amazonaws.ecs.cluster=$C")
  for g in "${LB_SG:-}" "${WEB_SG:-}" "${API_SG:-}" "${FRONT_SG:-}"; do [ -n "$g" ] && awsb ec2 delete-security-group --group-id "$g"; done
  awsb ecs delete-cluster --cluster "$C"
  docker rmi "$IMAGE"; rm -rf "$WORK"
} >/dev/null 2>&1
trap cleanup EXIT

# 1. The default VPC, as every Fargate tutorial starts from it.
Q='[v["VpcId"] for v in d["Vpcs"] if v["IsDefault"]][0]'; VPC=$(q ec2 describe-vpcs)
check "describe-vpcs shows a default VPC" test -n "$VPC"
Q='",".join(s["SubnetId"] for s in d["Subnets"])'; SUBNETS=$(q ec2 describe-subnets --filters "Name=vpc-id,Values=$VPC" "Name=default-for-az,Values=true")
three_azs() { [ "$(awsb ec2 describe-subnets --filters "Name=vpc-id,Values=$VPC" | jqr 'len({s["AvailabilityZone"] for s in d["Subnets"]})')" -ge 3 ]; }
check "its subnets span three availability zones" three_azs
FIRST_SUBNET=${SUBNETS%%,*}

# 2. The tutorial's groups: the load balancer's open on its port; the tasks' open to nothing yet.
group() { awsb ec2 create-security-group --group-name "$1" --description "$2" --vpc-id "$VPC" | jqr 'd["GroupId"]'; }
LB_SG=$(group "$N-lb" "load balancer") WEB_SG=$(group "$N-web" "web tasks")
check "create-security-group for the load balancer and the tasks" test -n "$LB_SG" -a -n "$WEB_SG"
check "authorize-security-group-ingress: the load balancer's port from anywhere" \
  awsb ec2 authorize-security-group-ingress --group-id "$LB_SG" --protocol tcp --port "$LB_PORT" --cidr 0.0.0.0/0
says_error() { local out; out=$("$@" 2>&1); echo "$out"; grep -q "An error occurred ($ERROR)" <<<"$out"; }   # pipefail would hide grep's verdict
duplicate() { ERROR=InvalidPermission.Duplicate says_error awsb ec2 authorize-security-group-ingress --group-id "$LB_SG" --protocol tcp --port "$LB_PORT" --cidr 0.0.0.0/0; }
check "the same rule again is InvalidPermission.Duplicate" duplicate

awsb ecs create-cluster --cluster-name "$C" >/dev/null
Q='d["taskDefinition"]["taskDefinitionArn"]'
TD=$(q ecs register-task-definition --family "$N-app" --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 \
  --container-definitions '[{"name":"app","image":"'"$IMAGE"'","essential":true,"portMappings":[{"containerPort":8080}]}]')
Q='d["LoadBalancers"][0]["LoadBalancerArn"]'
LB=$(q elbv2 create-load-balancer --name "$N-lb" --subnets ${SUBNETS//,/ } --security-groups "$LB_SG")
Q='d["TargetGroups"][0]["TargetGroupArn"]'
TG=$(q elbv2 create-target-group --name "$N-tg" --protocol HTTP --port 8080 --target-type ip --vpc-id "$VPC" --health-check-path / \
  --health-check-interval-seconds 6 --health-check-timeout-seconds 5 --healthy-threshold-count 2)
awsb elbv2 create-listener --load-balancer-arn "$LB" --protocol HTTP --port "$LB_PORT" --default-actions "Type=forward,TargetGroupArn=$TG" >/dev/null
check "create-service behind the load balancer, in the tasks' group" awsb ecs create-service --cluster "$C" --service-name web \
  --task-definition "$TD" --desired-count 1 --launch-type FARGATE --load-balancers "targetGroupArn=$TG,containerName=app,containerPort=8080" \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$WEB_SG]}"
target_state() { awsb elbv2 describe-target-health --target-group-arn "$TG" | jqr '" ".join(t["TargetHealth"]["State"] for t in d["TargetHealthDescriptions"])'; }
unhealthy() { local s; s=$(target_state); grep -qw unhealthy <<<"$s" && ! grep -qw healthy <<<"$s"; }   # replacements may be initial
# Seen unhealthy, or (when the poll fell between a target turning unhealthy and ECS replacing its task) a task the
# service stopped for failing its load balancer's health checks, and no target ever healthy meanwhile.
stopped_for_health() {
  local arns; arns=$(awsb ecs list-tasks --cluster "$C" --desired-status STOPPED | jqr '" ".join(d["taskArns"])')
  [ -n "$arns" ] && grep -q "failed ELB health checks" <<<"$(awsb ecs describe-tasks --cluster "$C" --tasks $arns)"   # no pipe: pipefail
}
never_healthy=true
failing() { grep -qw healthy <<<"$(target_state)" && never_healthy=false; $never_healthy && { unhealthy || stopped_for_health; }; }
check "with no rule for the load balancer, the target is unhealthy" wait_for 90 failing
check "authorize-security-group-ingress: port 8080 from the load balancer's group" \
  awsb ec2 authorize-security-group-ingress --group-id "$WEB_SG" --protocol tcp --port 8080 --source-group "$LB_SG"
healthy() { [ "$(target_state)" = healthy ]; }
# The service backs off launching after failed tasks (up to 60 s, as ECS throttles), so the next task may wait for it.
check "then the target becomes healthy" wait_for 150 healthy
answers() { curl -fsS "http://localhost:$LB_PORT/" | grep -q "hello from api"; }
check "and the app answers through the load balancer" wait_for 20 answers

# 3. The task's network interface: its subnet, zone and groups.
Q='d["taskArns"][0]'; WEB_TASK=$(q ecs list-tasks --cluster "$C" --service-name web)
Q='[x["value"] for x in d["tasks"][0]["attachments"][0]["details"] if x["name"]=="networkInterfaceId"][0]'
ENI=$(q ecs describe-tasks --cluster "$C" --tasks "$WEB_TASK")
eni_groups() { awsb ec2 describe-network-interfaces --network-interface-ids "$ENI" | jqr 'd["NetworkInterfaces"][0]["Groups"][0]["GroupId"]' | grep -qx "$WEB_SG"; }
check "describe-network-interfaces shows the task's interface in its group" eni_groups

# 4. Cloud Map: a private DNS namespace, an "api" service with A records, and two ECS services that use it.
Q='d["OperationId"]'; OP=$(q servicediscovery create-private-dns-namespace --name "$NS" --vpc "$VPC")
op_done() { awsb servicediscovery get-operation --operation-id "$OP" | jqr 'd["Operation"]["Status"]' | grep -qx SUCCESS; }
check "create-private-dns-namespace succeeds (get-operation)" wait_for 30 op_done
Q='d["Operation"]["Targets"]["NAMESPACE"]'; NS_ID=$(q servicediscovery get-operation --operation-id "$OP")
Q='d["Service"]["Arn"]'
SD_ARN=$(q servicediscovery create-service --name api --namespace-id "$NS_ID" \
  --dns-config 'RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=5}]' --health-check-custom-config '{}')
SD_SERVICE=${SD_ARN##*/}
check "create-service api with A records (TTL 5)" test -n "$SD_SERVICE"
API_SG=$(group "$N-api" "api tasks") FRONT_SG=$(group "$N-frontend" "frontend tasks")
awsb ec2 authorize-security-group-ingress --group-id "$API_SG" --protocol tcp --port 8080 --source-group "$FRONT_SG" >/dev/null
check "an ECS service registered in it (serviceRegistries)" awsb ecs create-service --cluster "$C" --service-name api \
  --task-definition "$TD" --desired-count 1 --launch-type FARGATE --service-registries "registryArn=$SD_ARN" \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNETS],securityGroups=[$API_SG]}"
answers_n() { [ "$(dig +short @127.0.0.1 "api.$NS" A | grep -c .)" -eq "$1" ]; }
check "dig api.$NS answers one address" wait_for 90 answers_n 1
Q='d["taskDefinition"]["taskDefinitionArn"]'
FRONT_TD=$(q ecs register-task-definition --family "$N-frontend" --requires-compatibilities FARGATE --network-mode awsvpc --cpu 256 --memory 512 \
  --container-definitions '[{"name":"frontend","image":"'"$IMAGE"'","essential":true,"command":["sh","-c","while true; do timeout 3 wget -q -O /tmp/r http://api.'"$NS"':8080/ && cp /tmp/r /www/index.html; sleep 1; done"]}]')
check "frontend (calls http://api.$NS:8080/ by name) runs" awsb ecs create-service --cluster "$C" --service-name frontend \
  --task-definition "$FRONT_TD" --desired-count 1 --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$FIRST_SUBNET],securityGroups=[$FRONT_SG]}"
front_ip() { awsb ecs describe-tasks --cluster "$C" --tasks "$(awsb ecs list-tasks --cluster "$C" --service-name frontend | jqr 'd["taskArns"][0]')" \
  | jqr '[x["value"] for x in d["tasks"][0]["attachments"][0]["details"] if x["name"]=="privateIPv4Address"][0]'; }
reached() { docker exec "$(docker ps -q --filter "label=com.amazonaws.ecs.cluster=$C" --filter "label=com.amazonaws.ecs.container-name=frontend" | head -n1)" cat /www/index.html | grep -q "hello from api"; }
check "frontend reached api by its Cloud Map name" wait_for 90 reached
# list-instances, not discover-instances: the CLI sends DiscoverInstances to "data-" + the endpoint's host name.
listed_n() { [ "$(awsb servicediscovery list-instances --service-id "$SD_SERVICE" | jqr 'len(d["Instances"])')" = "$1" ]; }
awsb ecs update-service --cluster "$C" --service api --desired-count 3 >/dev/null
check "api scaled to 3: dig answers three addresses" wait_for 90 answers_n 3
check "and list-instances lists three" listed_n 3
srv_absent() { [ -z "$(dig +short @127.0.0.1 "nothing.$NS" A)" ] && dig @127.0.0.1 "nothing.$NS" A | grep -q NXDOMAIN; }
check "a name in the namespace without a service is NXDOMAIN" srv_absent
awsb ecs update-service --cluster "$C" --service api --desired-count 1 >/dev/null
check "api scaled back to 1: dig answers one address" wait_for 90 answers_n 1
listed() { awsb ecs list-services-by-namespace --namespace "$NS" | grep -q "service/$C/api"; }
check "list-services-by-namespace shows api" listed

# 5. Isolation: the web task (not in the frontend's group) cannot reach api; a revoke cuts new connections.
api_ip() { dig +short @127.0.0.1 "api.$NS" A | head -n1; }
in_task() { local id; id=$(docker ps -q --filter "label=com.amazonaws.ecs.cluster=$C" --filter "label=com.amazonaws.ecs.container-name=$1" | head -n1); shift
  [ -n "$id" ] || { echo "no running container"; return 2; }; docker exec "$id" "$@"; }
never() { local i; for i in 1 2 3; do "$@" && return 1; [ $? -eq 2 ] && return 1; done; return 0; }   # three tries, each refused
# busybox's own timeout, not wget -T (Debian's busybox 1.35 wget can crash with -T on a connect timeout)
web_tries() { in_task app timeout 3 wget -q -O /dev/null "http://$(api_ip):8080/"; }
front_tries() { in_task frontend timeout 3 wget -q -O /dev/null "http://$(api_ip):8080/"; }
check "the frontend reaches api's address while its group is allowed" front_tries
check "a task outside the frontend's group cannot reach api's port" never web_tries
check "revoke-security-group-ingress of the frontend's rule" awsb ec2 revoke-security-group-ingress --group-id "$API_SG" --protocol tcp --port 8080 --source-group "$FRONT_SG"
check "then the frontend cannot connect to api any more" wait_for 10 never front_tries
in_use() { ERROR=DependencyViolation says_error awsb ec2 delete-security-group --group-id "$API_SG"; }
check "delete-security-group of a group in use is DependencyViolation" in_use
summary "journey 14 (network and discovery)"
