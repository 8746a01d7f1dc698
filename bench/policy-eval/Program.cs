using System.Diagnostics;
using Berth.Iam.Policy;

// A user with ten attached policies of the kinds people attach (read-only, scoped run, PassRole, logs, ECR pull, a
// region guard, own access keys, a prod guard, metrics, a TLS guard) asks to run a task; the allowing statement is in
// the ninth policy, so the denies of all ten and most allows are weighed. The peer is the account's root user, whose
// request is allowed without looking at a policy: the floor any authorization costs.
const string Account = "123456789012";
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;

string[] documents =
[
    """{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnly","Effect":"Allow","Action":["ecs:Describe*","ecs:List*","elasticloadbalancing:Describe*","cloudwatch:Get*","cloudwatch:List*","logs:Describe*","logs:Get*"],"Resource":"*"}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"ServicesInTeamClusters","Effect":"Allow","Action":["ecs:CreateService","ecs:UpdateService","ecs:DeleteService"],"Resource":"arn:aws:ecs:*:123456789012:service/team-*/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"PassTaskRoles","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::123456789012:role/ecs-task-*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"Logs","Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents","logs:CreateLogGroup"],"Resource":["arn:aws:logs:*:123456789012:log-group:/ecs/*","arn:aws:logs:*:123456789012:log-group:/ecs/*:log-stream:*"]}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"Token","Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"},{"Sid":"Pull","Effect":"Allow","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer","ecr:BatchCheckLayerAvailability"],"Resource":"arn:aws:ecr:*:123456789012:repository/*"}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"RegionGuard","Effect":"Deny","NotAction":["iam:*","sts:*","cloudfront:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["us-east-1","eu-west-1"]}}}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"OwnKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"ProdGuard","Effect":"Deny","Action":["ecs:Delete*","ecs:DeregisterTaskDefinition","ecs:StopTask"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"Metrics","Effect":"Allow","Action":"cloudwatch:PutMetricData","Resource":"*","Condition":{"StringLike":{"cloudwatch:namespace":"Team/*"}}},{"Sid":"RunInTeamClusters","Effect":"Allow","Action":["ecs:RunTask","ecs:StartTask","ecs:StopTask"],"Resource":["arn:aws:ecs:us-east-1:123456789012:cluster/b","arn:aws:ecs:us-east-1:123456789012:task-definition/*"],"Condition":{"ArnLike":{"ecs:cluster":"arn:aws:ecs:*:123456789012:cluster/*"}}}]}""",
    """{"Version":"2012-10-17","Statement":[{"Sid":"TlsOnly","Effect":"Deny","Action":"*","Resource":"*","Condition":{"BoolIfExists":{"aws:SecureTransport":"false"}}}]}""",
];

var cache = new PolicyDocumentCache();
var policies = documents.Select((d, i) => new NamedPolicy($"arn:aws:iam::{Account}:policy/p{i + 1}", cache.Get(d, PolicyKind.Managed))).ToArray();
var alice = new RequestPrincipal
{
    Type = PrincipalType.User,
    Arn = $"arn:aws:iam::{Account}:user/alice",
    AccountId = Account,
    UserId = "AIDAALICE0000000000",
    UserName = "alice",
    Tags = new Dictionary<string, string> { ["team"] = "blue" },
};
var now = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
var cluster = $"arn:aws:ecs:us-east-1:{Account}:cluster/b";
var keys = new Dictionary<string, IReadOnlyList<string>> { ["ecs:cluster"] = [cluster] };
RequestContext Request(RequestPrincipal who, string action) => new()
{
    Principal = who,
    Action = action,
    Resource = cluster,
    Time = now,
    SourceIp = "192.0.2.10",
    SecureTransport = true,
    RequestedRegion = "us-east-1",
    Keys = keys,
};

// The edge builds the context once per request; building it is part of the cost measured.
var rootPrincipal = RequestPrincipal.Root(Account);
Check(PolicyEvaluator.Evaluate(Request(rootPrincipal, "ecs:RunTask"), []), PolicyDecision.Allow);
Check(PolicyEvaluator.Evaluate(Request(alice, "ecs:RunTask"), policies), PolicyDecision.Allow);
Check(PolicyEvaluator.Evaluate(Request(alice, "ecs:CreateCluster"), policies), PolicyDecision.ImplicitDeny);

var root = Measure("root (no policies)", () => PolicyEvaluator.Evaluate(Request(rootPrincipal, "ecs:RunTask"), []));
var allowed = Measure("10 policies, allowed (9th)", () => PolicyEvaluator.Evaluate(Request(alice, "ecs:RunTask"), policies));
var denied = Measure("10 policies, implicit deny", () => PolicyEvaluator.Evaluate(Request(alice, "ecs:CreateCluster"), policies));
// As the IAM module would: documents re-read as fresh strings, compiled ones found by policy ARN (+ version).
var stored = documents.Select(d => new string(d.AsSpan())).ToArray();
var ids = policies.Select(p => p.Name + ":v1").ToArray();
var cached = Measure("10 policies via the cache (by id)", () =>
{
    var fromCache = new NamedPolicy[stored.Length];
    for (var i = 0; i < stored.Length; i++)
        fromCache[i] = new NamedPolicy(policies[i].Name, cache.Get(ids[i], stored[i], PolicyKind.Managed));
    return PolicyEvaluator.Evaluate(Request(alice, "ecs:RunTask"), fromCache);
});
var byText = Measure("10 policies via the cache (by text)", () =>
{
    var fromCache = new NamedPolicy[stored.Length];
    for (var i = 0; i < stored.Length; i++)
        fromCache[i] = new NamedPolicy(policies[i].Name, cache.Get(stored[i], PolicyKind.Managed));
    return PolicyEvaluator.Evaluate(Request(alice, "ecs:RunTask"), fromCache);
}, iterations / 4);
var parse = Measure("parse + compile one policy", () => PolicyDocument.Parse(documents[8], PolicyKind.Managed), iterations / 20);

Console.WriteLine();
Console.WriteLine($"ratio to root: allowed {allowed / root:F2}x, implicit deny {denied / root:F2}x, via cache by id {cached / root:F2}x, by text {byText / root:F2}x; parse {parse / 1000:F1} us once per document");

double Measure(string name, Func<object> run, int? count = null)
{
    var n = count ?? iterations;
    for (var i = 0; i < Math.Min(n, 200_000); i++)
        run();
    var samples = new double[5];
    long bytes = 0;
    for (var s = 0; s < samples.Length; s++)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
            run();
        sw.Stop();
        bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        samples[s] = sw.Elapsed.TotalNanoseconds / n;
    }
    Array.Sort(samples);
    Console.WriteLine($"{name,-34} {samples[2],9:F1} ns/evaluation (median of 5 x {n:N0}), {bytes} B allocated");
    return samples[2];
}

static void Check(AuthorizationResult result, PolicyDecision expected)
{
    if (result.Decision != expected)
        throw new InvalidOperationException($"expected {expected}, got {result}");
}
