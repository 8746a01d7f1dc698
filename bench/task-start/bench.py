#!/usr/bin/env python3
"""Task start latency: Berth RunTask -> RUNNING vs a plain `docker run -d` of the same image, same run.

Also 50 tasks started at once, and berthd's resident memory when idle. Prints a Markdown report.
Needs a running berthd (BERTH_ENDPOINT, credentials in AWS_* or BERTH_ROOT_*) and a Docker engine.
"""
import os, statistics, subprocess, sys, time, uuid
import boto3
from concurrent.futures import ThreadPoolExecutor

N = int(os.environ.get("BENCH_N", "20"))
BURST = int(os.environ.get("BENCH_BURST", "50"))
IMAGE = os.environ.get("BENCH_IMAGE", "berth-bench/busybox:1")
endpoint = os.environ.get("BERTH_ENDPOINT", "http://localhost:4566")
key = os.environ.get("AWS_ACCESS_KEY_ID") or os.environ["BERTH_ROOT_ACCESS_KEY_ID"]
secret = os.environ.get("AWS_SECRET_ACCESS_KEY") or os.environ["BERTH_ROOT_SECRET_ACCESS_KEY"]
ecs = boto3.client("ecs", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
cluster = f"bench-{uuid.uuid4().hex[:8]}"


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def wait_running(arns, timeout=120):
    pending, deadline = set(arns), time.monotonic() + timeout
    while pending and time.monotonic() < deadline:
        for i in range(0, len(pending), 100):
            batch = list(pending)[i:i + 100]
            for t in ecs.describe_tasks(cluster=cluster, tasks=batch)["tasks"]:
                if t["lastStatus"] == "RUNNING":
                    pending.discard(t["taskArn"])
                elif t["lastStatus"] == "STOPPED":
                    sys.exit(f"task stopped: {t.get('stoppedReason')}")
        if pending:
            time.sleep(0.02)
    if pending:
        sys.exit(f"{len(pending)} tasks not RUNNING after {timeout}s")


def stop_all():
    arns = ecs.list_tasks(cluster=cluster, maxResults=100)["taskArns"]
    for a in arns:
        ecs.stop_task(cluster=cluster, task=a)


def berth_start():
    t0 = time.monotonic()
    arn = ecs.run_task(cluster=cluster, taskDefinition=cluster, launchType="FARGATE")["tasks"][0]["taskArn"]
    wait_running([arn])
    elapsed = time.monotonic() - t0
    ecs.stop_task(cluster=cluster, task=arn)
    return elapsed


def docker_start():
    name = f"bench-peer-{uuid.uuid4().hex[:8]}"
    t0 = time.monotonic()
    subprocess.run(["docker", "run", "-d", "--name", name, IMAGE, "sleep", "3600"], check=True, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - t0
    subprocess.run(["docker", "rm", "-f", name], check=True, stdout=subprocess.DEVNULL)
    return elapsed


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    pid = os.environ.get("BERTHD_PID")
    idle_fresh = rss_mib(pid) if pid else None
    ecs.create_cluster(clusterName=cluster)
    ecs.register_task_definition(
        family=cluster, requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
        containerDefinitions=[{"name": "app", "image": IMAGE, "essential": True, "command": ["sleep", "3600"], "stopTimeout": 2}])
    berth_start(); docker_start()  # warm both paths once
    berth, docker = [], []
    for _ in range(N):  # interleaved, so both see the same machine
        berth.append(berth_start())
        docker.append(docker_start())
    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=BURST // 10) as pool:
        runs = list(pool.map(lambda _: ecs.run_task(cluster=cluster, taskDefinition=cluster, launchType="FARGATE", count=10), range(BURST // 10)))
    wait_running([t["taskArn"] for r in runs for t in r["tasks"]], timeout=300)
    burst = time.monotonic() - t0
    stop_all()
    # wait for the stops to finish, then let berthd settle before measuring idle memory
    deadline = time.monotonic() + 120
    while ecs.list_tasks(cluster=cluster, maxResults=100)["taskArns"] and time.monotonic() < deadline:
        time.sleep(1)
    time.sleep(5)
    p50b, p50d = statistics.median(berth), statistics.median(docker)
    print(f"| measure | Berth RunTask → RUNNING | docker run -d | ratio |")
    print(f"| --- | --- | --- | --- |")
    print(f"| p50 of {N} | {p50b*1000:.0f} ms | {p50d*1000:.0f} ms | {p50b/p50d:.2f}× |")
    print(f"| p95 of {N} | {pct(berth,95)*1000:.0f} ms | {pct(docker,95)*1000:.0f} ms | {pct(berth,95)/pct(docker,95):.2f}× |")
    print(f"| {BURST} tasks at once (5 × RunTask count 10) → all RUNNING | {burst:.1f} s | | |")
    if pid:
        print(f"| berthd resident memory, idle at start | {idle_fresh:.0f} MiB | | |")
        print(f"| berthd resident memory, idle after the run | {rss_mib(pid):.0f} MiB | | |")
    # Tasks stopped by the last loop may still be finishing; the cluster stays (a temp berthd owns it).


if __name__ == "__main__":
    main()
