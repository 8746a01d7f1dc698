// What an application inside a Berth task does with the AWS SDK for JavaScript v3 and its default credential chain
// (no keys in the environment: inside a task with a role, the chain reads AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
// and fetches http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI). AWS_ENDPOINT_URL points the clients at Berth.
//
//   node probe.mjs STEP... [--serve PORT]
//
// Each step prints one JSON line {"step", "ok", ...}; errors print their name (e.g. AccessDeniedException) and message.
// Steps:
//   credentials            resolve the default chain; print the access key id's prefix, the expiration, no secret
//   identity               sts:GetCallerIdentity
//   logs:DescribeLogGroups
//   ecs:RunTask            RunTask of a task definition that need not exist (to see it refused by IAM)
//   ecs:ListClusters
//   get:/PATH              plain GET of http://169.254.170.2/PATH (the status code only, never the body); $NAME in
//                          the path is the variable's value, e.g. get:$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
//   env-length:NAME        whether NAME is set and its length, never its value (e.g. an injected secret)
//   env:NAME               whether NAME is set (its value for non-secret variables such as the relative URI)
// With --serve PORT the results are then served as a JSON array on PORT until SIGTERM; otherwise the probe exits
// 0 when every step ran (whatever each answered).
import http from "node:http";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ECSClient, ListClustersCommand, RunTaskCommand } from "@aws-sdk/client-ecs";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const args = process.argv.slice(2);
const serveAt = args.indexOf("--serve");
const port = serveAt >= 0 ? Number(args[serveAt + 1]) : null;
const steps = serveAt >= 0 ? args.slice(0, serveAt) : args;
const results = [];

function report(result) {
  results.push(result);
  console.log(JSON.stringify(result));
}

async function run(step) {
  if (step === "credentials") {
    const c = await defaultProvider()();
    return { accessKeyIdPrefix: c.accessKeyId.slice(0, 4), hasSessionToken: !!c.sessionToken, expiration: c.expiration?.toISOString() ?? null };
  }
  if (step === "identity") {
    const r = await new STSClient({}).send(new GetCallerIdentityCommand({}));
    return { arn: r.Arn, account: r.Account, userId: r.UserId };
  }
  if (step === "logs:DescribeLogGroups") {
    const r = await new CloudWatchLogsClient({}).send(new DescribeLogGroupsCommand({ limit: 5 }));
    return { logGroups: (r.logGroups ?? []).length };
  }
  if (step === "ecs:RunTask") {
    const r = await new ECSClient({}).send(new RunTaskCommand({ cluster: "default", taskDefinition: "berth-probe-never-registered" }));
    return { tasks: (r.tasks ?? []).length };
  }
  if (step === "ecs:ListClusters") {
    const r = await new ECSClient({}).send(new ListClustersCommand({}));
    return { clusters: (r.clusterArns ?? []).length };
  }
  if (step.startsWith("get:")) {
    const status = await new Promise((resolve, reject) => {
      const path = step.slice(4).replace(/\$([A-Z_][A-Z0-9_]*)/g, (_, name) => process.env[name] ?? "");
      const req = http.get({ host: "169.254.170.2", port: 80, path, timeout: 5000 }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
    });
    return { status };
  }
  if (step.startsWith("env-length:")) {
    const v = process.env[step.slice(11)];
    return { set: v !== undefined, length: v?.length ?? 0 };
  }
  if (step.startsWith("env:")) {
    const v = process.env[step.slice(4)];
    return { set: v !== undefined, value: v ?? null };
  }
  throw Object.assign(new Error(`unknown step ${step}`), { name: "UnknownStep" });
}

for (const step of steps) {
  try {
    report({ step, ok: true, ...(await run(step)) });
  } catch (e) {
    report({ step, ok: false, error: e.name ?? "Error", message: String(e.message ?? e).slice(0, 500) });
  }
}

if (port) {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(results));
  });
  server.listen(port, "0.0.0.0");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}
