using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Cli.Deploy;

/// <summary>
/// Waits for a service deployment to reach a steady state: one deployment left (the new revision's), rollout
/// COMPLETED, running = desired, and as many healthy targets. Fails with the reason ECS or the load balancer gives:
/// the circuit breaker's verdict, a stopped task's stoppedReason, failing health checks.
/// </summary>
sealed class RolloutWatcher(BerthClient client, DeployReporter report)
{
    const string Ecs = "AmazonEC2ContainerServiceV20141113";
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    public async Task WaitAsync(Deployer.Target t, TimeSpan timeout, CancellationToken ct)
    {
        var elb = new Elb(client);
        var revision = Deployer.Revision(t.TaskDefinitionArn);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var status = "";
        string? stoppedReason = null;
        List<Elb.TargetHealth> health = [];
        try
        {
            await report.StatusAsync($"Deploying {revision}", async update =>
            {
                while (true)
                {
                    var service = await DescribeServiceAsync(t, deadline.Token);
                    var deployments = service.GetProperty("deployments").EnumerateArray().ToList();
                    var primary = deployments.First(d => d.GetProperty("status").GetString() == "PRIMARY");
                    var rollout = Str(primary, "rolloutState") ?? "IN_PROGRESS";
                    stoppedReason = await LastStoppedReasonAsync(t, deadline.Token) ?? stoppedReason;
                    if (Str(primary, "taskDefinition") != t.TaskDefinitionArn)
                        throw new CliException($"The deployment of {revision} failed and was rolled back to {Deployer.Revision(Str(primary, "taskDefinition")!)}. "
                            + Reasons(stoppedReason, health, deployments.Select(d => Str(d, "rolloutStateReason")).FirstOrDefault(r => r is not null && r.Contains("failed", StringComparison.Ordinal))));
                    if (rollout == "FAILED")
                        throw new CliException($"The deployment of {revision} failed: {Str(primary, "rolloutStateReason")} {Reasons(stoppedReason, health, null)}");

                    health = await elb.TargetHealthAsync(t.TargetGroupArn, deadline.Token);
                    var desired = primary.GetProperty("desiredCount").GetInt32();
                    var running = primary.GetProperty("runningCount").GetInt32();
                    var old = deployments.Where(d => d.GetProperty("status").GetString() != "PRIMARY").Sum(d => d.GetProperty("runningCount").GetInt32());
                    var healthy = health.Count(h => h.State == "healthy");
                    var targets = health.Count == 0 ? "no targets yet" : string.Join(", ", health.GroupBy(h => h.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}"));
                    status = $"{revision}: rollout {rollout}, {running}/{desired} running{(old > 0 ? $" (+{old} of the old revision)" : "")}; targets: {targets}";
                    update(status);
                    if (deployments.Count == 1 && rollout == "COMPLETED" && running == desired && healthy >= desired)
                        return true;
                    await Task.Delay(Poll, deadline.Token);
                }
            });
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new CliException($"Timed out after {timeout.TotalSeconds:0}s waiting for {revision} to reach a steady state ({status}). {Reasons(stoppedReason, health, null)}".TrimEnd());
        }
    }

    async Task<JsonElement> DescribeServiceAsync(Deployer.Target t, CancellationToken ct)
    {
        var r = await client.CallAsync("ecs", $"{Ecs}.DescribeServices",
            new JsonObject { ["cluster"] = t.Cluster, ["services"] = new JsonArray(t.ServiceName) }.ToJsonString(), ct);
        return r.GetProperty("services").EnumerateArray().FirstOrDefault(s => Str(s, "status") == "ACTIVE") is { ValueKind: JsonValueKind.Object } s
            ? s : throw new CliException($"The service {t.ServiceName} is gone from cluster {t.Cluster} (deleted while deploying?).");
    }

    /// <summary>The stoppedReason of the most recently stopped task of the new revision, if any stopped.</summary>
    async Task<string?> LastStoppedReasonAsync(Deployer.Target t, CancellationToken ct)
    {
        var list = await client.CallAsync("ecs", $"{Ecs}.ListTasks", new JsonObject
        {
            ["cluster"] = t.Cluster,
            ["serviceName"] = t.ServiceName,
            ["desiredStatus"] = "STOPPED",
        }.ToJsonString(), ct);
        var arns = list.GetProperty("taskArns").EnumerateArray().Select(a => (JsonNode)a.GetString()!).Take(100).ToArray();
        if (arns.Length == 0)
            return null;
        var tasks = await client.CallAsync("ecs", $"{Ecs}.DescribeTasks", new JsonObject { ["cluster"] = t.Cluster, ["tasks"] = new JsonArray(arns) }.ToJsonString(), ct);
        var last = tasks.GetProperty("tasks").EnumerateArray()
            .Where(x => Str(x, "taskDefinitionArn") == t.TaskDefinitionArn && Str(x, "stoppedReason") is not null)
            .OrderByDescending(x => x.TryGetProperty("stoppedAt", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : 0)
            .Select(x => $"task {Str(x, "taskArn")!.Split('/')[^1]}: {Str(x, "stoppedReason")}{ExitCode(x)}")
            .FirstOrDefault();
        return last;
    }

    static string ExitCode(JsonElement task) =>
        task.TryGetProperty("containers", out var cs) && cs.EnumerateArray().Select(c => c.TryGetProperty("exitCode", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : (int?)null)
            .FirstOrDefault(e => e is not null) is { } code ? $" (exit code {code})" : "";

    static string Reasons(string? stopped, List<Elb.TargetHealth> health, string? rollout)
    {
        var parts = new List<string>();
        if (rollout is not null)
            parts.Add(rollout);
        if (stopped is not null)
            parts.Add($"Last stopped {stopped}.");
        foreach (var h in health.Where(h => h.State == "unhealthy").Take(3))
            parts.Add($"Target {h.Id}:{h.Port} unhealthy: {h.Description ?? h.Reason}.");
        return string.Join(" ", parts);
    }

    static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
