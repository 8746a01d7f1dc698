#!/usr/bin/env python3
"""Security groups' cost: task start with groups against the default group only, and rule change → enforcement against
`nft -f` of the same ruleset, in one run. Needs the berthd run.sh starts (BERTH_ENDPOINT, BERTH_ROOT_*, BENCH_CLUSTER).
Prints a Markdown table."""
import os, socket, statistics, subprocess, sys, time
import boto3

N = int(os.environ.get("BENCH_N", "15"))
OTHERS = int(os.environ.get("BENCH_OTHERS", "20"))
IMAGE = "berth-bench/busybox-httpd:1"
endpoint = os.environ["BERTH_ENDPOINT"]
creds = dict(region_name="us-east-1", aws_access_key_id=os.environ["BERTH_ROOT_ACCESS_KEY_ID"],
             aws_secret_access_key=os.environ["BERTH_ROOT_SECRET_ACCESS_KEY"])
ecs = boto3.client("ecs", endpoint_url=endpoint, **creds)
ec2 = boto3.client("ec2", endpoint_url=endpoint, **creds)
cluster = os.environ["BENCH_CLUSTER"]
TABLE = "berth_10_85_0_0_16"


def wait_status(arns, status, timeout=120):
    pending, deadline = set(arns), time.monotonic() + timeout
    tasks = {}
    while pending and time.monotonic() < deadline:
        for t in ecs.describe_tasks(cluster=cluster, tasks=list(pending))["tasks"]:
            if t["lastStatus"] == status:
                pending.discard(t["taskArn"]); tasks[t["taskArn"]] = t
            elif t["lastStatus"] == "STOPPED" and status != "STOPPED":
                sys.exit(f"task stopped: {t.get('stoppedReason')}")
        if pending:
            time.sleep(0.02)
    if pending:
        sys.exit(f"{len(pending)} tasks not {status} after {timeout}s")
    return tasks


def run(groups, subnet):
    net = {"awsvpcConfiguration": {"subnets": [subnet], "securityGroups": groups}}
    return ecs.run_task(cluster=cluster, taskDefinition=cluster, launchType="FARGATE", networkConfiguration=net)["tasks"][0]["taskArn"]


def start(groups, subnet):
    t0 = time.monotonic()
    arn = run(groups, subnet)
    wait_status([arn], "RUNNING")
    elapsed = time.monotonic() - t0
    ecs.stop_task(cluster=cluster, task=arn)
    return elapsed


def connects(ip, port=8080, timeout=0.05):
    try:
        with socket.create_connection((ip, port), timeout=timeout):
            return True
    except OSError:
        return False


def until(predicate, limit=10.0):
    t0 = time.monotonic()
    while not predicate():
        if time.monotonic() - t0 > limit:
            sys.exit("the filter did not follow the rule change within 10 s")
    return time.monotonic() - t0


def main():
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]["SubnetId"]
    default = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["default"]}, {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]["GroupId"]
    groups = []
    for g in range(3):
        gid = ec2.create_security_group(GroupName=f"{cluster}-{g}", Description="bench", VpcId=vpc)["GroupId"]
        groups.append(gid)
    for i, gid in enumerate(groups):  # 20 rules each: ports from CIDRs and from the other groups
        perms = [{"IpProtocol": "tcp", "FromPort": 9000 + r, "ToPort": 9000 + r, "IpRanges": [{"CidrIp": f"10.{r}.0.0/16"}]} for r in range(14)]
        perms += [{"IpProtocol": "tcp", "FromPort": 9100 + r, "ToPort": 9100 + r, "UserIdGroupPairs": [{"GroupId": groups[(i + 1) % 3]}]} for r in range(6)]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)
    ecs.create_cluster(clusterName=cluster)
    ecs.register_task_definition(
        family=cluster, requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": IMAGE, "essential": True, "stopTimeout": 2,
                               "command": ["httpd", "-f", "-p", "8080", "-h", "/www"]}])
    others = [run(groups, subnet) for _ in range(OTHERS)]
    wait_status(others, "RUNNING", timeout=300)
    start([default], subnet); start(groups, subnet)  # warm both paths
    plain, grouped = [], []
    for _ in range(N):  # interleaved, so both see the same machine
        plain.append(start([default], subnet))
        grouped.append(start(groups, subnet))

    # Enforcement: a task in a group of its own, probed from the host (an outside address) on port 8080.
    gid = ec2.create_security_group(GroupName=f"{cluster}-probe", Description="bench probe", VpcId=vpc)["GroupId"]
    arn = run([gid], subnet)
    ip = wait_status([arn], "RUNNING")[arn]["attachments"][0]["details"]
    ip = next(d["value"] for d in ip if d["name"] == "privateIPv4Address")
    rule = [{"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    opened, closed, floor = [], [], []
    for _ in range(N):
        assert not connects(ip), "the probe task was reachable before its rule"
        t0 = time.monotonic()
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=rule)
        until(lambda: connects(ip)); opened.append(time.monotonic() - t0)
        t0 = time.monotonic()
        ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=rule)
        until(lambda: not connects(ip)); closed.append(time.monotonic() - t0)
        ruleset = subprocess.run(["nft", "list", "table", "inet", TABLE], check=True, capture_output=True, text=True).stdout
        t0 = time.monotonic()
        subprocess.run(["nft", "-f", "-"], input=f"delete table inet {TABLE}\n{ruleset}", check=True, text=True)
        floor.append(time.monotonic() - t0)
    ecs.stop_task(cluster=cluster, task=arn)

    ms = lambda xs, p=50: (statistics.median(xs) if p == 50 else sorted(xs)[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]) * 1000
    print("| measure | with security groups | peer | ratio |")
    print("| --- | --- | --- | --- |")
    print(f"| task start p50 of {N} (3 groups × 20 rules, {OTHERS} such tasks running; peer: default group only) | {ms(grouped):.0f} ms | {ms(plain):.0f} ms | {ms(grouped)/ms(plain):.2f}× |")
    print(f"| task start p95 | {ms(grouped, 95):.0f} ms | {ms(plain, 95):.0f} ms | {ms(grouped, 95)/ms(plain, 95):.2f}× |")
    print(f"| authorize → first connection through, p50 of {N} (peer: nft -f of the same ruleset) | {ms(opened):.0f} ms | {ms(floor):.1f} ms | {ms(opened)/ms(floor):.1f}× |")
    print(f"| revoke → first connection refused, p50 of {N} | {ms(closed):.0f} ms | {ms(floor):.1f} ms | {ms(closed)/ms(floor):.1f}× |")
    print(f"| authorize → through, max | {max(opened)*1000:.0f} ms | | |")


if __name__ == "__main__":
    main()
