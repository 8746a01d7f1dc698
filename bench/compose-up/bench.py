#!/usr/bin/env python3
"""compose up → serving, and compose down: `berth compose` against `docker-compose` of the same file, same run.

Each round starts a project with one web service (busybox httpd), waits until its page answers, then takes it down.
`berth compose up` returns at RUNNING; the page is then fetched from the task's own address, as `compose ps` shows it.
docker-compose publishes the port on the host. busybox httpd ignores SIGTERM as PID 1, so both stop it after the
file's stop_grace_period (2 s). Prints a Markdown report.
"""
import json, os, statistics, subprocess, tempfile, time, urllib.request

N = int(os.environ.get("BENCH_N", "10"))
BERTH = os.environ["BERTH"]
HOST_PORT = 18597

COMPOSE = """version: '3'
services:
  web:
    image: berth-bench/httpd:1
    command: ["httpd", "-f", "-p", "80", "-h", "/www"]
    stop_grace_period: 2s
    ports:
      - "{ports}"
"""


def serving(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.01)
    raise SystemExit(f"{url} did not answer")


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stdout}{p.stderr}")
    return p.stdout


def berth_round(folder):
    t0 = time.monotonic()
    run([BERTH, "compose", "--cluster", "bench", "up"], folder)
    ps = run([BERTH, "compose", "--cluster", "bench", "ps", "-o", "json"], folder)
    address = json.loads(ps)[0]["ports"].split("->")[0]
    serving(f"http://{address}/", t0 + 60)
    up = time.monotonic() - t0
    t1 = time.monotonic()
    run([BERTH, "compose", "--cluster", "bench", "down"], folder)
    return up, time.monotonic() - t1


def docker_round(folder):
    t0 = time.monotonic()
    run(["docker-compose", "up", "-d"], folder)
    serving(f"http://127.0.0.1:{HOST_PORT}/", t0 + 60)
    up = time.monotonic() - t0
    t1 = time.monotonic()
    run(["docker-compose", "down"], folder)
    return up, time.monotonic() - t1


def main():
    results = {"berth compose": [], "docker-compose": []}
    with tempfile.TemporaryDirectory() as root:
        berth_dir, docker_dir = os.path.join(root, "benchberth"), os.path.join(root, "benchdocker")
        os.makedirs(berth_dir), os.makedirs(docker_dir)
        open(os.path.join(berth_dir, "docker-compose.yml"), "w").write(COMPOSE.format(ports="80:80"))
        open(os.path.join(docker_dir, "docker-compose.yml"), "w").write(COMPOSE.format(ports=f"{HOST_PORT}:80"))
        berth_round(berth_dir), docker_round(docker_dir)  # warm-up: task definition, network, caches
        for _ in range(N):  # interleaved, so both see the same machine
            results["berth compose"].append(berth_round(berth_dir))
            results["docker-compose"].append(docker_round(docker_dir))
    med = {k: (statistics.median(u for u, _ in v), statistics.median(d for _, d in v)) for k, v in results.items()}
    print(f"### compose up → page served, and compose down ({N} rounds each, interleaved, median)\n")
    print("| tool | up → serving | down |")
    print("| --- | --- | --- |")
    for k, (u, d) in med.items():
        print(f"| {k} | {u * 1000:.0f} ms | {d * 1000:.0f} ms |")
    bu, bd = med["berth compose"]
    du, dd = med["docker-compose"]
    print(f"\nberth compose up takes {bu / du:.2f}× docker-compose's time to a served page; down {bd / dd:.2f}×.")


main()
