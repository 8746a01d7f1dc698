"""The protocol codecs' cost: each CloudWatch operation has one definition, served as AWS JSON 1.0 (the JSON codec) and
as Query (parameters read into the same request, the response written as XML by the Query codec). wrk replays one
SigV4-signed request per protocol and operation against the same berthd, interleaved, for a few seconds each; the
JSON form is the peer. Bounded: 127.0.0.1 only, BENCH_SECONDS per run (default 5), BENCH_ROUNDS rounds (default 3)."""
import json, os, re, subprocess, sys, tempfile, time, shutil, urllib.parse, urllib.request
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

PORT = 4596
URL = f"http://127.0.0.1:{PORT}/"
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CREDS = Credentials("AKIDBENCH", "bench-secret")


def signed(body, headers, service="monitoring"):
    req = AWSRequest(method="POST", url=URL, data=body.encode(), headers=headers)
    SigV4Auth(CREDS, service, "us-east-1").add_auth(req)
    return dict(req.headers)


def call(body, headers):
    r = urllib.request.Request(URL, data=body.encode(), headers=signed(body, headers), method="POST")
    with urllib.request.urlopen(r, timeout=10) as resp:
        return resp.status, resp.read()


def json_request(op, payload):
    body = json.dumps(payload)
    return body, {"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"GraniteServiceVersion20100801.{op}"}


def query_request(op, params):
    body = urllib.parse.urlencode({"Action": op, "Version": "2010-08-01", **params})
    return body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}


def wrk(body, headers):
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    hdrs = signed(body, headers)
    lua.write('wrk.method = "POST"\nwrk.body = ' + json.dumps(body) + "\n")
    for k, v in hdrs.items():
        lua.write(f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n")
    lua.close()
    out = subprocess.run(["wrk", "-t1", "-c4", f"-d{SECONDS}s", "--latency", "-s", lua.name, URL], capture_output=True, text=True, check=True).stdout
    os.unlink(lua.name)
    if "Non-2xx" in out:
        sys.exit(f"non-2xx answers:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    ms = float(p50.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return rps, ms


def main():
    data = tempfile.mkdtemp(prefix="berth-bench-p-")
    env = dict(os.environ, BERTH_DATA_DIR=data, BERTH_PORT=str(PORT), BERTH_LISTEN="127.0.0.1", BERTH_METADATA_LISTEN="off",
               BERTH_ROOT_ACCESS_KEY_ID="AKIDBENCH", BERTH_ROOT_SECRET_ACCESS_KEY="bench-secret")
    log = open(os.path.join(data, "berthd.log"), "w")
    berthd = subprocess.Popen([os.environ["BERTHD"]], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except Exception:
                time.sleep(0.25)
        now = int(time.time()) // 60 * 60
        points = [{"MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "web"}], "Timestamp": now - 60 * i, "Value": i} for i in range(1, 61)]
        call(*json_request("PutMetricData", {"Namespace": "Bench", "MetricData": points[:30]}))
        call(*json_request("PutMetricData", {"Namespace": "Bench", "MetricData": points[30:]}))
        for i in range(20):
            call(*json_request("PutMetricAlarm", {"AlarmName": f"bench-{i}", "Namespace": "Bench", "MetricName": "Latency", "Statistic": "Average",
                                                  "Period": 60, "EvaluationPeriods": 3, "Threshold": 50, "ComparisonOperator": "GreaterThanThreshold",
                                                  "Dimensions": [{"Name": "Service", "Value": "web"}], "AlarmActions": ["arn:aws:sns:us-east-1:000000000000:ops"]}))
        start, end = now - 3600, now
        ops = {
            "GetMetricStatistics (60 datapoints)": (
                json_request("GetMetricStatistics", {"Namespace": "Bench", "MetricName": "Latency", "Dimensions": [{"Name": "Service", "Value": "web"}],
                                                     "StartTime": start, "EndTime": end, "Period": 60, "Statistics": ["Average", "Maximum", "SampleCount"]}),
                query_request("GetMetricStatistics", {"Namespace": "Bench", "MetricName": "Latency", "Dimensions.member.1.Name": "Service",
                                                      "Dimensions.member.1.Value": "web", "StartTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start)),
                                                      "EndTime": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(end)), "Period": "60",
                                                      "Statistics.member.1": "Average", "Statistics.member.2": "Maximum", "Statistics.member.3": "SampleCount"})),
            "DescribeAlarms (20 alarms)": (json_request("DescribeAlarms", {}), query_request("DescribeAlarms", {})),
            "ListMetrics": (json_request("ListMetrics", {"Namespace": "Bench"}), query_request("ListMetrics", {"Namespace": "Bench"})),
        }
        for name, (j, q) in ops.items():
            assert call(*j)[0] == 200 and call(*q)[0] == 200, name
        results = {name: {"json": [], "query": []} for name in ops}
        for r in range(ROUNDS):
            for name, (j, q) in ops.items():
                order = [("json", j), ("query", q)] if r % 2 == 0 else [("query", q), ("json", j)]
                for proto, req in order:
                    results[name][proto].append(wrk(*req))
        med = lambda xs: sorted(xs)[len(xs) // 2]
        print(f"{ROUNDS} rounds of {SECONDS} s each, wrk -t1 -c4 on 127.0.0.1; medians of the rounds")
        print("| operation | AWS JSON 1.0 req/s (p50) | Query req/s (p50) | Query / JSON throughput |")
        print("| --- | --- | --- | --- |")
        for name, res in results.items():
            jr, jl = med([x[0] for x in res["json"]]), med([x[1] for x in res["json"]])
            qr, ql = med([x[0] for x in res["query"]]), med([x[1] for x in res["query"]])
            print(f"| {name} | {jr:.0f} ({jl:.2f} ms) | {qr:.0f} ({ql:.2f} ms) | {qr / jr:.2f}× |")
    finally:
        berthd.terminate()
        try:
            berthd.wait(timeout=15)
        except subprocess.TimeoutExpired:
            berthd.kill()
        shutil.rmtree(data, ignore_errors=True)


main()
