using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Berth.Cli.Iam;
using Berth.Cli.Manifest;

namespace Berth.Cli.Deploy;

/// <summary>
/// `berth deploy`'s steps against berthd, each idempotent so a re-run converges: task definition revision,
/// cluster, the cluster's load balancer with a listener on the manifest's port, the service's target group
/// and path rule, the service itself (created, or rolled to the new revision), and its scaling.
/// </summary>
sealed class Deployer(BerthClient client, DeployReporter report)
{
    const string Ecs = "AmazonEC2ContainerServiceV20141113";
    const string Scaling = "AnyScaleFrontendService";
    readonly Elb _elb = new(client);
    readonly Roles _roles = new(client);

    public sealed record Target(string ServiceName, string Cluster, string TaskDefinitionArn, string TargetGroupArn, int ListenerPort, string Path, string? PreviousTaskDefinition);

    public async Task<Target> DeployAsync(ServiceManifest m, string image, CancellationToken ct)
    {
        var taskDefinition = await RegisterTaskDefinitionAsync(m, image, ct);
        report.Done($"Registered task definition {Revision(taskDefinition)}");

        await client.CallAsync("ecs", $"{Ecs}.CreateCluster", new JsonObject { ["clusterName"] = m.Cluster }.ToJsonString(), ct);
        var (lbArn, lbCreated) = await EnsureLoadBalancerAsync(m.Cluster, ct);
        var tg = await EnsureTargetGroupAsync(m, ct);
        var listenerCreated = await RouteAsync(m, lbArn, tg, ct);
        report.Done($"{(lbCreated ? "Created" : "Using")} load balancer {LoadBalancerName(m.Cluster)}: listener :{m.Http.ListenerPort}{(listenerCreated ? " (new)" : "")}, "
            + $"path {m.Http.Path} → target group {TargetGroupName(m)} (health check {m.Http.HealthCheck.Path})");

        var previous = await ServiceTaskDefinitionAsync(m, ct);
        var deployment = new JsonObject
        {
            ["minimumHealthyPercent"] = 100,
            ["maximumPercent"] = 200,
            ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true },
        };
        if (previous is null)
        {
            var create = new JsonObject
            {
                ["cluster"] = m.Cluster,
                ["serviceName"] = m.Name,
                ["taskDefinition"] = taskDefinition,
                ["desiredCount"] = m.Count.Desired,
                ["launchType"] = "FARGATE",
                ["deploymentConfiguration"] = deployment,
                ["loadBalancers"] = new JsonArray(new JsonObject { ["targetGroupArn"] = tg, ["containerName"] = m.Name, ["containerPort"] = m.Port }),
                ["enableExecuteCommand"] = m.Exec,
            };
            await client.CallAsync("ecs", $"{Ecs}.CreateService", create.ToJsonString(), ct);
            report.Done($"Created service {m.Name} in cluster {m.Cluster} with {Tasks(m.Count.Desired)}");
        }
        else
        {
            var update = new JsonObject
            {
                ["cluster"] = m.Cluster,
                ["service"] = m.Name,
                ["taskDefinition"] = taskDefinition,
                ["deploymentConfiguration"] = deployment,
                ["enableExecuteCommand"] = m.Exec,
            };
            // With a range the scaler owns the count; a fixed count is the manifest's.
            if (m.Count.Range is null)
                update["desiredCount"] = m.Count.Desired;
            await client.CallAsync("ecs", $"{Ecs}.UpdateService", update.ToJsonString(), ct);
            report.Done($"Updating service {m.Name}: {Revision(previous)} → {Revision(taskDefinition)} (rolling update: 100% healthy minimum, 200% maximum)");
        }
        await ScalingAsync(m, ct);
        return new Target(m.Name, m.Cluster, taskDefinition, tg, m.Http.ListenerPort, m.Http.Path, previous);
    }

    async Task<string> RegisterTaskDefinitionAsync(ServiceManifest m, string image, CancellationToken ct)
    {
        var environment = new JsonArray(m.Variables.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["value"] = v.Value }).ToArray());
        var (secretSources, executionRole, taskRole) = await RolesAsync(m, ct);
        var secrets = new JsonArray(secretSources.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => (JsonNode)new JsonObject { ["name"] = v.Key, ["valueFrom"] = v.Value }).ToArray());
        var container = new JsonObject
        {
            ["name"] = m.Name,
            ["image"] = image,
            ["essential"] = true,
            ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = m.Port, ["protocol"] = "tcp" }),
            ["environment"] = environment,
            ["logConfiguration"] = new JsonObject
            {
                ["logDriver"] = "awslogs",
                ["options"] = new JsonObject
                {
                    ["awslogs-group"] = m.LogGroup,
                    ["awslogs-region"] = CliSettings.Region,
                    ["awslogs-stream-prefix"] = m.Logging.StreamPrefix,
                    ["awslogs-create-group"] = "true",
                },
            },
        };
        if (secrets.Count > 0)
            container["secrets"] = secrets;
        var request = new JsonObject
        {
            // Named like its target group: a family of the user's own called like the service is left alone.
            ["family"] = $"{m.Cluster}-{m.Name}",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["networkMode"] = "awsvpc",
            ["cpu"] = m.Cpu.ToString(CultureInfo.InvariantCulture),
            ["memory"] = m.Memory.ToString(CultureInfo.InvariantCulture),
            ["containerDefinitions"] = new JsonArray(container),
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "berth:service", ["value"] = m.Name }),
        };
        if (executionRole is not null)
            request["executionRoleArn"] = executionRole;
        if (taskRole is not null)
            request["taskRoleArn"] = taskRole;
        var r = await client.CallAsync("ecs", $"{Ecs}.RegisterTaskDefinition", request.ToJsonString(), ct);
        return r.GetProperty("taskDefinition").GetProperty("taskDefinitionArn").GetString()!;
    }

    /// <summary>
    /// The secrets' valueFroms and the task's roles. ECS reads secrets under the execution role: the manifest's exec_role,
    /// or — as Copilot makes one per service — &lt;cluster&gt;-&lt;name&gt;-ExecutionRole with AmazonECSTaskExecutionRolePolicy
    /// and an inline policy reading exactly these secrets. task_role is passed through.
    /// </summary>
    async Task<(Dictionary<string, string> Secrets, string? ExecutionRole, string? TaskRole)> RolesAsync(ServiceManifest m, CancellationToken ct)
    {
        var taskRole = m.TaskRole is { } t ? await _roles.ArnAsync(t, "task_role", ct) : null;
        if (m.Secrets.Count == 0)
            return ([], m.ExecutionRole is { } e ? await _roles.ArnAsync(e, "exec_role", ct) : null, taskRole);
        var account = await _roles.AccountAsync(ct);
        var secrets = m.Secrets.ToDictionary(s => s.Key, s => SecretAccess.ValueFrom(s.Value, CliSettings.Region, account), StringComparer.Ordinal);
        if (m.ExecutionRole is { } named)
            return (secrets, await _roles.ArnAsync(named, "exec_role", ct), taskRole);
        var name = SecretAccess.ExecutionRoleName(m.Cluster, m.Name);
        var policy = SecretAccess.Policy(secrets.Values, CliSettings.Region, account);
        var (arn, created) = await _roles.EnsureExecutionRoleAsync(name, policy, m.Name, ct);
        report.Done($"{(created ? "Created" : "Updated")} execution role {name}: AmazonECSTaskExecutionRolePolicy and read access to {Count(secrets.Count, "secret")}");
        return (secrets, arn, taskRole);
    }

    static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    /// <summary>One application load balancer per cluster, as Copilot has one per environment.</summary>
    async Task<(string Arn, bool Created)> EnsureLoadBalancerAsync(string cluster, CancellationToken ct)
    {
        var name = LoadBalancerName(cluster);
        if (await _elb.FindLoadBalancerAsync(name, ct) is { } found)
            return (found.Arn, false);
        return ((await _elb.CreateLoadBalancerAsync(name, ct)).Arn, true);
    }

    async Task<string> EnsureTargetGroupAsync(ServiceManifest m, CancellationToken ct)
    {
        var hc = m.Http.HealthCheck;
        var health = new Dictionary<string, string>
        {
            ["HealthCheckProtocol"] = "HTTP",
            ["HealthCheckPath"] = hc.Path,
            ["HealthCheckIntervalSeconds"] = hc.IntervalSeconds.ToString(CultureInfo.InvariantCulture),
            ["HealthCheckTimeoutSeconds"] = hc.TimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["HealthyThresholdCount"] = hc.HealthyThreshold.ToString(CultureInfo.InvariantCulture),
            ["UnhealthyThresholdCount"] = hc.UnhealthyThreshold.ToString(CultureInfo.InvariantCulture),
            ["Matcher.HttpCode"] = "200-399",
        };
        var arn = await _elb.FindTargetGroupAsync(TargetGroupName(m), ct);
        if (arn is null)
        {
            var create = new Dictionary<string, string>(health)
            {
                ["Name"] = TargetGroupName(m),
                ["Protocol"] = "HTTP",
                ["Port"] = m.Port.ToString(CultureInfo.InvariantCulture),
                ["TargetType"] = "ip",
            };
            arn = Elb.Value(await _elb.CallAsync("CreateTargetGroup", create, ct), "TargetGroupArn");
        }
        else
            await _elb.CallAsync("ModifyTargetGroup", new Dictionary<string, string>(health) { ["TargetGroupArn"] = arn }, ct);
        // ECS waits this long for in-flight requests before stopping a replaced task (AWS's default is 300 s).
        await _elb.CallAsync("ModifyTargetGroupAttributes", new Dictionary<string, string>
        {
            ["TargetGroupArn"] = arn,
            ["Attributes.member.1.Key"] = "deregistration_delay.timeout_seconds",
            ["Attributes.member.1.Value"] = m.Http.DeregistrationDelaySeconds.ToString(CultureInfo.InvariantCulture),
        }, ct);
        return arn;
    }

    /// <summary>
    /// The listener on the manifest's port routes the service's path to its target group: "/" as the listener's
    /// default action, any other path as a path-pattern rule (path and path/*). Returns true when the listener is new.
    /// </summary>
    async Task<bool> RouteAsync(ServiceManifest m, string lbArn, string tg, CancellationToken ct)
    {
        var root = m.Http.Path == "/";
        var listener = await _elb.FindListenerAsync(lbArn, m.Http.ListenerPort, ct);
        var created = listener is null;
        if (listener is null)
        {
            var create = new Dictionary<string, string>(root ? Elb.Forward("DefaultActions", tg) : Elb.NotFound("DefaultActions"))
            {
                ["LoadBalancerArn"] = lbArn,
                ["Protocol"] = "HTTP",
                ["Port"] = m.Http.ListenerPort.ToString(CultureInfo.InvariantCulture),
            };
            listener = Elb.Value(await _elb.CallAsync("CreateListener", create, ct), "ListenerArn");
            if (root)
                return true;
        }
        else if (root)
        {
            await _elb.CallAsync("ModifyListener", new Dictionary<string, string>(Elb.Forward("DefaultActions", tg)) { ["ListenerArn"] = listener }, ct);
            return false;
        }

        var path = m.Http.Path.TrimEnd('/');
        var rules = await _elb.RulesAsync(listener, ct);
        var mine = rules.FirstOrDefault(r => r.Paths.Contains(path));
        if (mine.Arn is not null)
        {
            if (!mine.TargetGroups.SequenceEqual([tg]))
                await _elb.CallAsync("ModifyRule", new Dictionary<string, string>(Elb.Forward("Actions", tg)) { ["RuleArn"] = mine.Arn }, ct);
            return created;
        }
        var priority = rules.Select(r => int.TryParse(r.Priority, CultureInfo.InvariantCulture, out var p) ? p : 0).DefaultIfEmpty(0).Max() + 1;
        await _elb.CallAsync("CreateRule", new Dictionary<string, string>(Elb.Forward("Actions", tg))
        {
            ["ListenerArn"] = listener,
            ["Priority"] = priority.ToString(CultureInfo.InvariantCulture),
            ["Conditions.member.1.Field"] = "path-pattern",
            ["Conditions.member.1.PathPatternConfig.Values.member.1"] = path,
            ["Conditions.member.1.PathPatternConfig.Values.member.2"] = path + "/*",
        }, ct);
        return created;
    }

    /// <summary>The ACTIVE service's current task definition, or null when there is no such service (or only a deleted one).</summary>
    async Task<string?> ServiceTaskDefinitionAsync(ServiceManifest m, CancellationToken ct)
    {
        var r = await client.CallAsync("ecs", $"{Ecs}.DescribeServices",
            new JsonObject { ["cluster"] = m.Cluster, ["services"] = new JsonArray(m.Name) }.ToJsonString(), ct);
        foreach (var s in r.GetProperty("services").EnumerateArray())
        {
            if (s.GetProperty("status").GetString() == "ACTIVE")
                return s.GetProperty("taskDefinition").GetString();
        }
        return null;
    }

    /// <summary>A range registers a scalable target and target-tracking policies; a fixed count removes them.</summary>
    async Task ScalingAsync(ServiceManifest m, CancellationToken ct)
    {
        var resource = new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ResourceId"] = $"service/{m.Cluster}/{m.Name}",
            ["ScalableDimension"] = "ecs:service:DesiredCount",
        };
        if (m.Count.Range is not { } range)
        {
            try
            {
                await client.CallAsync("application-autoscaling", $"{Scaling}.DeregisterScalableTarget", resource.ToJsonString(), ct);
                report.Done("Removed the service's scaling (count is fixed in the manifest)");
            }
            catch (CliException e) when (e.Message.StartsWith("ObjectNotFoundException", StringComparison.Ordinal))
            {
            }
            return;
        }
        var register = resource.DeepClone().AsObject();
        register["MinCapacity"] = range.Min;
        register["MaxCapacity"] = range.Max;
        await client.CallAsync("application-autoscaling", $"{Scaling}.RegisterScalableTarget", register.ToJsonString(), ct);
        var policies = new List<string>();
        foreach (var (metric, target) in new[] { ("ECSServiceAverageCPUUtilization", m.Count.CpuPercentage), ("ECSServiceAverageMemoryUtilization", m.Count.MemoryPercentage) })
        {
            if (target is null)
                continue;
            var policy = resource.DeepClone().AsObject();
            policy["PolicyName"] = $"{m.Name}-{(metric.Contains("CPU", StringComparison.Ordinal) ? "cpu" : "memory")}";
            policy["PolicyType"] = "TargetTrackingScaling";
            policy["TargetTrackingScalingPolicyConfiguration"] = new JsonObject
            {
                ["TargetValue"] = target.Value,
                ["PredefinedMetricSpecification"] = new JsonObject { ["PredefinedMetricType"] = metric },
            };
            await client.CallAsync("application-autoscaling", $"{Scaling}.PutScalingPolicy", policy.ToJsonString(), ct);
            policies.Add($"{(metric.Contains("CPU", StringComparison.Ordinal) ? "CPU" : "memory")} {target}%");
        }
        report.Done($"Scaling between {range.Min} and {range.Max} tasks, tracking {string.Join(" and ", policies)}");
    }

    public static string LoadBalancerName(string cluster) => Fit($"berth-{cluster}");

    public static string TargetGroupName(ServiceManifest m) => Fit($"{m.Cluster}-{m.Name}");

    /// <summary>ELB names are at most 32 characters: longer ones keep their start and a short hash of the whole.</summary>
    static string Fit(string name)
    {
        if (name.Length <= 32)
            return name;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
        return $"{name[..23].TrimEnd('-')}-{hash}";
    }

    public static string Revision(string taskDefinitionArn) => taskDefinitionArn[(taskDefinitionArn.LastIndexOf('/') + 1)..];

    static string Tasks(int n) => n == 1 ? "1 task" : $"{n} tasks";
}
