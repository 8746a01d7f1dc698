#!/usr/bin/env bash
# Cloud Map through the AWS CLI v2 (/usr/bin/aws) against a running berthd, as a user types it:
#   BERTH_ENDPOINT=http://localhost:4566 AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... bash tests/conformance/servicediscovery-cli.sh
# DiscoverInstances and DiscoverInstancesRevision are sent by the CLI to "data-<endpoint host>" (the model's host
# prefix, which CLI 2.9 cannot turn off): they run only when that name resolves (e.g. "127.0.0.1 data-localhost" in
# /etc/hosts), and are said to be skipped otherwise. The JS SDK suite covers them with disableHostPrefix.
set -uo pipefail
endpoint=${BERTH_ENDPOINT:-http://localhost:4566}
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
sd() { /usr/bin/aws --endpoint-url "$endpoint" servicediscovery "$@"; }
passed=0 failed=0 run=$RANDOM$RANDOM
ok() { if "$@" >/tmp/sd-cli.$$ 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $*"; cat /tmp/sd-cli.$$; fi; }
refused() { local code=$1; shift; if out=$("$@" 2>&1); then failed=$((failed + 1)); echo "FAIL (succeeded): $*"; elif grep -q "($code)" <<<"$out"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL (want $code): $* -> $out"; fi; }

name="cli-$run.internal"
vpc=$(/usr/bin/aws --endpoint-url "$endpoint" ec2 describe-vpcs --filters Name=isDefault,Values=true --query 'Vpcs[0].VpcId' --output text)
refused InvalidInput sd create-private-dns-namespace --name "$name" --vpc vpc-0000000000doesnot
op=$(sd create-private-dns-namespace --name "$name" --vpc "$vpc" --query OperationId --output text)
ns=$(sd get-operation --operation-id "$op" --query Operation.Targets.NAMESPACE --output text)
ok test "$(sd get-namespace --id "$ns" --query Namespace.Type --output text)" = DNS_PRIVATE
refused NamespaceAlreadyExists sd create-http-namespace --name "$name"
refused InvalidInput sd create-private-dns-namespace --name "a..$name" --vpc vpc-1
refused InvalidInput sd create-public-dns-namespace --name example.com
srv=$(sd create-service --name api --namespace-id "$ns" --dns-config 'RoutingPolicy=MULTIVALUE,DnsRecords=[{Type=A,TTL=10},{Type=SRV,TTL=20}]' \
  --health-check-custom-config FailureThreshold=1 --query Service.Id --output text)
ok test "$(sd get-service --id "$srv" --query Service.Type --output text)" = DNS_HTTP
refused InvalidInput sd create-service --name web --namespace-id "$ns" --dns-config 'DnsRecords=[{Type=CNAME,TTL=10}]'
refused InvalidInput sd register-instance --service-id "$srv" --instance-id t1 --attributes AWS_INSTANCE_IPV4=10.0.0.1
ok sd register-instance --service-id "$srv" --instance-id t1 --attributes AWS_INSTANCE_IPV4=10.0.0.1,AWS_INSTANCE_PORT=80
ok test "$(sd list-instances --service-id "$srv" --query 'Instances[0].Id' --output text)" = t1
ok sd update-instance-custom-health-status --service-id "$srv" --instance-id t1 --status UNHEALTHY
ok test "$(sd get-instances-health-status --service-id "$srv" --query Status.t1 --output text)" = UNHEALTHY
if getent hosts "data-$(sed -E 's#^[a-z]+://([^:/]+).*#\1#' <<<"$endpoint")" >/dev/null; then
  ok test "$(sd discover-instances --namespace-name "$name" --service-name api --health-status ALL --query 'Instances[0].InstanceId' --output text)" = t1
else
  echo "skipped: discover-instances (data-<host> does not resolve)"
fi
refused ResourceInUse sd delete-service --id "$srv"
refused ResourceInUse sd delete-namespace --id "$ns"
ok sd deregister-instance --service-id "$srv" --instance-id t1
refused InstanceNotFound sd get-instance --service-id "$srv" --instance-id t1
ok sd delete-service --id "$srv"
ok sd delete-namespace --id "$ns"
refused NamespaceNotFound sd get-namespace --id "$ns"
rm -f /tmp/sd-cli.$$
echo "servicediscovery cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
