"""Sampling overhead: berthd's CPU with 50 RUNNING tasks, sampled every 10 s (the default) and every 1 s, against a
berthd that does not sample within the window (interval 300 s), and against `docker stats --no-stream` (the engine's
stats API, what a docker-stats-based collector pays) measuring the same 50 containers every 10 s.
CPU is read from /proc/PID/stat (utime + stime) of berthd, dockerd and the docker CLI."""
import os, subprocess, sys, tempfile, time, shutil, signal
import boto3, botocore.config

TASKS = int(os.environ.get("BENCH_TASKS", "50"))
WINDOW = int(os.environ.get("BENCH_WINDOW", "60"))
PORT = 4597
TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime (fields 14 and 15 of the full line)


def children_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / TICK  # cutime + cstime: waited-for children (the docker CLI runs)


def dockerd_pid():
    return int(subprocess.check_output(["pgrep", "-xo", "dockerd"]).split()[0])


def start_berthd(interval):
    data = tempfile.mkdtemp(prefix="berth-bench-m-")
    env = dict(os.environ, BERTH_DATA_DIR=data, BERTH_PORT=str(PORT), BERTH_LISTEN="127.0.0.1",
               BERTH_METRICS_INTERVAL=str(interval), BERTH_ROOT_ACCESS_KEY_ID="AKIDBENCH", BERTH_ROOT_SECRET_ACCESS_KEY="bench-secret")
    log = open(os.path.join(data, "berthd.log"), "w")
    p = subprocess.Popen([os.environ["BERTHD"]], env=env, stdout=log, stderr=subprocess.STDOUT)
    ecs = boto3.client("ecs", endpoint_url=f"http://127.0.0.1:{PORT}", region_name="us-east-1",
                       aws_access_key_id="AKIDBENCH", aws_secret_access_key="bench-secret",
                       config=botocore.config.Config(retries={"max_attempts": 10}))
    for _ in range(240):
        try:
            ecs.list_clusters()
            break
        except Exception:
            time.sleep(0.25)
    return p, data, ecs


def run_tasks(ecs):
    ecs.create_cluster(clusterName="bench")
    ecs.register_task_definition(family="idle", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
                                 containerDefinitions=[{"name": "app", "image": "berth-bench/busybox:1", "stopTimeout": 2,
                                                        "command": ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"]}])
    arns = []
    while len(arns) < TASKS:
        arns += [t["taskArn"] for t in ecs.run_task(cluster="bench", taskDefinition="idle", count=min(10, TASKS - len(arns)))["tasks"]]
    deadline = time.time() + 600
    while time.time() < deadline:
        running = sum(len([t for t in ecs.describe_tasks(cluster="bench", tasks=arns[i:i + 100])["tasks"] if t["lastStatus"] == "RUNNING"])
                      for i in range(0, len(arns), 100))
        if running == len(arns):
            return arns
        time.sleep(2)
    raise SystemExit(f"only {running} of {len(arns)} tasks RUNNING after 10 min")


def stop_all(p, data, ecs, arns):
    for a in arns:
        ecs.stop_task(cluster="bench", task=a)
    deadline = time.time() + 300
    while time.time() < deadline:
        if all(t["lastStatus"] == "STOPPED" for i in range(0, len(arns), 100)
               for t in ecs.describe_tasks(cluster="bench", tasks=arns[i:i + 100])["tasks"]):
            break
        time.sleep(2)
    p.send_signal(signal.SIGTERM)
    p.wait(timeout=60)
    shutil.rmtree(data, ignore_errors=True)


def measure_berthd(interval):
    p, data, ecs = start_berthd(interval)
    arns = []
    try:
        arns = run_tasks(ecs)
        time.sleep(15)  # let the starts settle and the first rounds pass
        d = dockerd_pid()
        before, d0 = cpu_seconds(p.pid), cpu_seconds(d)
        time.sleep(WINDOW)
        used, dockerd_base = cpu_seconds(p.pid) - before, cpu_seconds(d) - d0
        peer = None
        if interval == 10:
            # The same berthd keeps running, so dockerd's figure with docker stats minus this window's is docker stats' cost.
            peer = measure_docker_stats() + (dockerd_base,)
        return used, peer
    finally:
        stop_all(p, data, ecs, arns)


def measure_docker_stats():
    """`docker stats --no-stream` of the 50 task containers every 10 s for the window: dockerd + CLI CPU."""
    ids = subprocess.check_output(["docker", "ps", "-q", "--filter", "label=com.amazonaws.ecs.cluster=bench",
                                   "--filter", "label=com.amazonaws.ecs.container-name=app"]).split()
    ids = [i.decode() for i in ids]
    d = dockerd_pid()
    me = os.getpid()
    d0, c0 = cpu_seconds(d), children_cpu(me)
    rounds, start = 0, time.time()
    while time.time() - start < WINDOW:
        t = time.time()
        subprocess.run(["docker", "stats", "--no-stream", "--format", "{{.ID}} {{.CPUPerc}} {{.MemUsage}}", *ids], check=True, stdout=subprocess.DEVNULL)
        rounds += 1
        time.sleep(max(0, 10 - (time.time() - t)))
    return cpu_seconds(d) - d0, children_cpu(me) - c0, rounds, len(ids)


def main():
    print(f"{TASKS} RUNNING tasks, {WINDOW} s window per measurement", flush=True)
    idle_used, _ = measure_berthd(300)
    print(f"berthd, no sampling in the window (interval 300 s): {idle_used:.2f} CPU-s", flush=True)
    used10, peer = measure_berthd(10)
    print(f"berthd, sampling every 10 s: {used10:.2f} CPU-s", flush=True)
    used1, _ = measure_berthd(1)
    print(f"berthd, sampling every 1 s: {used1:.2f} CPU-s", flush=True)
    dockerd_used, cli_used, rounds, containers, dockerd_idle = peer
    per_round_berth = max(0.0, used10 - idle_used) / (WINDOW / 10)
    per_round_berth1 = max(0.0, used1 - idle_used) / WINDOW
    per_round_docker = (max(0.0, dockerd_used - dockerd_idle) + cli_used) / rounds
    print()
    print("| measurement | CPU per round (all tasks) | CPU share of one core |")
    print("| --- | --- | --- |")
    print(f"| berthd sampling {TASKS} tasks every 10 s | {per_round_berth * 1000:.1f} ms | {max(0.0, used10 - idle_used) / WINDOW * 100:.2f} % |")
    print(f"| berthd sampling {TASKS} tasks every 1 s | {per_round_berth1 * 1000:.1f} ms | {max(0.0, used1 - idle_used) / WINDOW * 100:.2f} % |")
    print(f"| docker stats --no-stream of {containers} containers every 10 s ({rounds} rounds; dockerd + CLI) | {per_round_docker * 1000:.1f} ms | {per_round_docker * rounds / WINDOW * 100:.2f} % |")
    if per_round_berth > 0:
        print(f"\nratio: docker stats costs {per_round_docker / per_round_berth:.1f}x the CPU of a Berth sampling round")


if __name__ == "__main__":
    main()
