"""IAM authorization on the request path: DescribeTasks of a few running tasks as the account's root user (allowed without
evaluating a policy) and as an IAM user holding ten attached policies (the ninth statement weighed is the one that allows
the call), interleaved one request each on keep-alive connections to the same berthd, each request freshly SigV4-signed
before its clock starts. Two more callers in the same rotation place the figure: root on a second connection (the
method's noise floor: its ratio to root should be 1.00) and a user with AdministratorAccess alone (what any IAM user
costs, one policy of one statement). Reports p50/p90/p99 of each and the ratios to root.

Bounded: 127.0.0.1 only, BENCH_REQUESTS per caller (default 10000: with 2000 the p99 is the 20th-slowest sample and moves
by ±25 % between two root connections on this machine) after BENCH_WARMUP (default 200), BENCH_TASKS
running tasks (default 5; 0 describes task ARNs that do not exist, for a machine without Docker), at most BENCH_DEADLINE
seconds of measuring (default 120)."""
import http.client, json, os, shutil, subprocess, sys, tempfile, time, urllib.request, uuid
import boto3, botocore.config
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

PORT = int(os.environ.get("BENCH_PORT", "4606"))
ENDPOINT = f"http://127.0.0.1:{PORT}"
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10000"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "200"))
TASKS = int(os.environ.get("BENCH_TASKS", "5"))
DEADLINE = float(os.environ.get("BENCH_DEADLINE", "120"))
IMAGE = os.environ.get("BENCH_IMAGE", "berth-bench/busybox:1")
ROOT_KEY, ROOT_SECRET = "AKIDBENCH", "bench-secret"
RUN = uuid.uuid4().hex[:6]
CLUSTER = f"bench-authz-{RUN}"


def client(service, key=ROOT_KEY, secret=ROOT_SECRET):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
                        config=botocore.config.Config(retries={"max_attempts": 3}))


def policies(account, cluster_arn):
    """Seven customer managed policies (nine statements; the ninth allows DescribeTasks in the team's cluster) and three
    AWS managed ones. Attachments are weighed in the order of their policy ARNs, so the customer ones (named in order)
    come first, then CloudWatchLogsFullAccess, ReadOnlyAccess and AmazonECSTaskExecutionRolePolicy."""
    doc = lambda *statements: json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    customer = [
        ("bench-01-team-services", doc({"Sid": "ServicesInTeamClusters", "Effect": "Allow",
                                        "Action": ["ecs:CreateService", "ecs:UpdateService", "ecs:DeleteService"],
                                        "Resource": f"arn:aws:ecs:*:{account}:service/team-*/*",
                                        "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}})),
        ("bench-02-pass-task-roles", doc({"Sid": "PassTaskRoles", "Effect": "Allow", "Action": "iam:PassRole",
                                          "Resource": f"arn:aws:iam::{account}:role/ecs-task-*",
                                          "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}})),
        ("bench-03-logs", doc({"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup"],
                               "Resource": [f"arn:aws:logs:*:{account}:log-group:/ecs/*", f"arn:aws:logs:*:{account}:log-group:/ecs/*:log-stream:*"]})),
        ("bench-04-ecr-pull", doc({"Sid": "Token", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
                                  {"Sid": "Pull", "Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                                   "Resource": f"arn:aws:ecr:*:{account}:repository/team-*"})),
        ("bench-05-own-keys", doc({"Sid": "OwnKeys", "Effect": "Allow", "Action": ["iam:CreateAccessKey", "iam:DeleteAccessKey", "iam:ListAccessKeys", "iam:UpdateAccessKey"],
                                   "Resource": f"arn:aws:iam::{account}:user/${{aws:username}}"})),
        # The explicit Deny on something else: weighed on every call, never matching DescribeTasks.
        ("bench-06-prod-guard", doc({"Sid": "ProdGuard", "Effect": "Deny", "Action": ["ecs:Delete*", "ecs:DeregisterTaskDefinition", "ecs:StopTask", "ecs:UpdateService"],
                                     "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/env": "prod"}}})),
        ("bench-07-team-tasks", doc({"Sid": "Metrics", "Effect": "Allow", "Action": "cloudwatch:PutMetricData", "Resource": "*",
                                     "Condition": {"StringLike": {"cloudwatch:namespace": "Team/*"}}},
                                    {"Sid": "TeamTasks", "Effect": "Allow", "Action": ["ecs:DescribeTasks", "ecs:ListTasks", "ecs:StopTask"],
                                     "Resource": f"arn:aws:ecs:us-east-1:{account}:task/{CLUSTER}/*",
                                     "Condition": {"ArnEquals": {"ecs:cluster": cluster_arn}, "StringEquals": {"aws:PrincipalTag/team": "blue"}}})),
    ]
    aws = ["arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess",
           "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
    return customer, aws


def start_tasks(ecs):
    ecs.register_task_definition(family=CLUSTER, requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
                                 containerDefinitions=[{"name": "app", "image": IMAGE, "essential": True, "stopTimeout": 2,
                                                        "command": ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done"]}])
    arns = [t["taskArn"] for t in ecs.run_task(cluster=CLUSTER, taskDefinition=CLUSTER, launchType="FARGATE", count=TASKS,
                                               tags=[{"key": "env", "value": "bench"}, {"key": "team", "value": "blue"}])["tasks"]]
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        tasks = ecs.describe_tasks(cluster=CLUSTER, tasks=arns)["tasks"]
        if any(t["lastStatus"] == "STOPPED" for t in tasks):
            sys.exit(f"a task stopped: {[t.get('stoppedReason') for t in tasks if t['lastStatus'] == 'STOPPED']}")
        if all(t["lastStatus"] == "RUNNING" for t in tasks):
            return arns
        time.sleep(0.5)
    sys.exit(f"tasks not RUNNING after 180 s")


def stop_tasks(ecs, arns):
    for a in arns:
        ecs.stop_task(cluster=CLUSTER, task=a)
    deadline = time.monotonic() + 120
    while arns and time.monotonic() < deadline:
        if all(t["lastStatus"] == "STOPPED" for t in ecs.describe_tasks(cluster=CLUSTER, tasks=arns)["tasks"]):
            return
        time.sleep(1)


class Caller:
    """One principal's keep-alive connection; each request is signed afresh (outside the timed part)."""

    def __init__(self, key, secret, body):
        self.creds, self.body = Credentials(key, secret), body.encode()
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        self.samples = []

    def call(self, record=True):
        req = AWSRequest(method="POST", url=ENDPOINT + "/", data=self.body,
                         headers={"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": "AmazonEC2ContainerServiceV20141113.DescribeTasks"})
        SigV4Auth(self.creds, "ecs", "us-east-1").add_auth(req)
        headers = dict(req.headers)
        t0 = time.perf_counter()
        self.conn.request("POST", "/", body=self.body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - t0
        if resp.status != 200:
            sys.exit(f"DescribeTasks answered {resp.status}: {data[:400]!r}")
        if record:
            self.samples.append(elapsed)
        return json.loads(data)


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100 * len(s))) - 1))]  # nearest rank


def main():
    data = tempfile.mkdtemp(prefix="berth-bench-iam-")
    env = dict(os.environ, BERTH_DATA_DIR=data, BERTH_PORT=str(PORT), BERTH_LISTEN="127.0.0.1",
               BERTH_ROOT_ACCESS_KEY_ID=ROOT_KEY, BERTH_ROOT_SECRET_ACCESS_KEY=ROOT_SECRET)
    log = open(os.path.join(data, "berthd.log"), "w")
    berthd = subprocess.Popen([os.environ["BERTHD"]], env=env, stdout=log, stderr=subprocess.STDOUT)
    ecs, arns = None, []
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(f"{ENDPOINT}/healthz", timeout=1)
                break
            except Exception:
                if berthd.poll() is not None:
                    sys.exit(f"berthd exited; see {data}/berthd.log")
                time.sleep(0.25)
        ecs, iam = client("ecs"), client("iam")
        account = client("sts").get_caller_identity()["Account"]
        cluster_arn = ecs.create_cluster(clusterName=CLUSTER, tags=[{"key": "team", "value": "blue"}])["cluster"]["clusterArn"]
        ecs.create_cluster(clusterName=f"{CLUSTER}-other")
        if TASKS > 0:
            arns = start_tasks(ecs)
        else:
            arns = [f"arn:aws:ecs:us-east-1:{account}:task/{CLUSTER}/{uuid.uuid4().hex}" for _ in range(5)]

        user = f"bench-alice-{RUN}"
        iam.create_user(UserName=user, Tags=[{"Key": "team", "Value": "blue"}])
        customer, aws = policies(account, cluster_arn)
        for name, document in customer:
            iam.attach_user_policy(UserName=user, PolicyArn=iam.create_policy(PolicyName=name, PolicyDocument=document)["Policy"]["Arn"])
        for arn in aws:
            iam.attach_user_policy(UserName=user, PolicyArn=arn)
        attached = [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]]
        assert len(attached) == 10, attached
        key = iam.create_access_key(UserName=user)["AccessKey"]
        user_ecs = client("ecs", key["AccessKeyId"], key["SecretAccessKey"])
        # The policies are enforced: the user may describe its team's tasks but not create a cluster.
        for _ in range(40):
            try:
                user_ecs.describe_tasks(cluster=CLUSTER, tasks=arns)
                break
            except Exception:
                time.sleep(0.25)  # the key index catches up with CreateAccessKey
        try:
            user_ecs.create_cluster(clusterName=f"{CLUSTER}-denied")
            sys.exit("the user created a cluster: its policies are not enforced")
        except user_ecs.exceptions.ClientError as e:
            if e.response["Error"]["Code"] != "AccessDeniedException":
                raise
            denied = e.response["Error"]["Message"]

        iam.create_user(UserName=f"bench-admin-{RUN}")
        iam.attach_user_policy(UserName=f"bench-admin-{RUN}", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        admin_key = iam.create_access_key(UserName=f"bench-admin-{RUN}")["AccessKey"]
        time.sleep(6)  # the access key index picks the admin's key up within its refresh interval

        body = json.dumps({"cluster": CLUSTER, "tasks": arns})
        callers = {
            "root": Caller(ROOT_KEY, ROOT_SECRET, body),
            "root again": Caller(ROOT_KEY, ROOT_SECRET, body),
            "user, AdministratorAccess": Caller(admin_key["AccessKeyId"], admin_key["SecretAccessKey"], body),
            "user, 10 policies": Caller(key["AccessKeyId"], key["SecretAccessKey"], body),
        }
        order = list(callers.values())
        answer = order[-1].call(record=False)
        described = len(answer["tasks"]) or len(answer["failures"])
        for _ in range(WARMUP):
            for c in order:
                c.call(record=False)
        start = time.monotonic()
        for i in range(REQUESTS):  # interleaved, who goes first rotating, so all see the same machine
            for c in order[i % len(order):] + order[:i % len(order)]:
                c.call()
            if time.monotonic() - start > DEADLINE:
                print(f"deadline of {DEADLINE:.0f} s reached after {i + 1} requests each", file=sys.stderr)
                break
        took = time.monotonic() - start

        ms = lambda s: s * 1000
        root = callers["root"].samples
        print(f"berthd {os.environ['BERTHD']}; DescribeTasks of {len(arns)} {'RUNNING tasks' if TASKS > 0 else 'task ARNs that do not exist'} "
              f"({described} in the answer), {len(root)} requests per caller after {WARMUP} warm-up, interleaved round-robin on "
              f"{len(callers)} keep-alive connections, {took:.1f} s")
        print(f"user with 10 policies: {user} ({', '.join(a.rsplit('/', 1)[1] for a in attached)})")
        print(f"refused as expected: {denied}")
        print()
        print("| caller | p50 | p90 | p99 | mean | p50 ÷ root | p99 ÷ root |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name, c in callers.items():
            s = c.samples
            mean = sum(s) / len(s)
            ratios = " | " if name == "root" else f"{pct(s, 50) / pct(root, 50):.2f}× | {pct(s, 99) / pct(root, 99):.2f}×"
            print(f"| {name} | {ms(pct(s, 50)):.3f} ms | {ms(pct(s, 90)):.3f} ms | {ms(pct(s, 99)):.3f} ms | {ms(mean):.3f} ms | {ratios} |")
    finally:
        try:
            if ecs is not None and TASKS > 0 and arns:
                stop_tasks(ecs, arns)
        finally:
            berthd.terminate()
            try:
                berthd.wait(timeout=30)
            except subprocess.TimeoutExpired:
                berthd.kill()
                berthd.wait()
            # Whatever berthd did not stop (it stops its tasks' containers itself when they are STOPPED).
            left = subprocess.run(["docker", "ps", "-aq", "--filter", f"label=com.amazonaws.ecs.cluster={CLUSTER}"],
                                  capture_output=True, text=True).stdout.split() if TASKS > 0 else []
            if left:
                subprocess.run(["docker", "rm", "-f", *left], stdout=subprocess.DEVNULL)
            shutil.rmtree(data, ignore_errors=True)


main()
