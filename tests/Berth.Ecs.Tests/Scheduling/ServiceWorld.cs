using System.Text.Json;
using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Ecs.Tests.Support;
using Berth.Elb;
using Berth.Kernel;

namespace Berth.Ecs.Tests.Scheduling;

/// <summary>
/// Hand-made inputs for <see cref="ServiceDecisions.Compute"/>: a service record, its tasks and its target group,
/// at a fixed time. No store, no clock: a test states the world and reads the plan.
/// </summary>
static class ServiceWorld
{
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    public static readonly Arns Arns = new("123456789012", "us-east-1");
    public static readonly string Tg = Arns.TargetGroup("tg", "fedcba9876543210");
    public static readonly string Td1 = Arns.TaskDefinition("web", 1);
    public static readonly string Td2 = Arns.TaskDefinition("web", 2);
    public const string Prefix = "(service svc) ";

    public static ServiceRecord Record(int desired, params ServiceDeployment[] deployments) => new()
    {
        Service = new EcsService
        {
            ServiceArn = Arns.Service("c", "svc"),
            ServiceName = "svc",
            ClusterArn = Arns.Cluster("c"),
            Status = "ACTIVE",
            DesiredCount = desired,
            TaskDefinition = deployments.FirstOrDefault()?.TaskDefinition,
            Deployments = [.. deployments],
            CreatedAt = Now.AddHours(-1),
        },
    };

    public static ServiceDeployment Deployment(string id, string td, string status = "PRIMARY", string rollout = "IN_PROGRESS") => new()
    {
        Id = id,
        Status = status,
        TaskDefinition = td,
        RolloutState = rollout,
        CreatedAt = Now.AddHours(-1),
        UpdatedAt = Now.AddHours(-1),
    };

    public static ServiceRecord WithBalancer(this ServiceRecord rec, int? gracePeriodSeconds = null)
    {
        rec.Service.LoadBalancers = [new ServiceLoadBalancer { TargetGroupArn = Tg, ContainerName = "app", ContainerPort = 8080 }];
        rec.Service.HealthCheckGracePeriodSeconds = gracePeriodSeconds;
        return rec;
    }

    public static ServiceRecord WithConfig(this ServiceRecord rec, int? min = null, int? max = null, bool breaker = false, bool rollback = false)
    {
        rec.Service.DeploymentConfiguration = new DeploymentConfiguration
        {
            MinimumHealthyPercent = min,
            MaximumPercent = max,
            DeploymentCircuitBreaker = breaker ? new DeploymentCircuitBreaker { Enable = true, Rollback = rollback } : null,
        };
        return rec;
    }

    /// <summary>A task of the service; <paramref name="age"/> seconds old, RUNNING tasks started as they were created.</summary>
    public static TaskRecord Task(string id, string deployment, string status = "RUNNING", string? ip = null, int age = 60,
        string desired = "RUNNING", string? stopCode = null, TaskDefinition? definition = null, string? health = null) => new()
        {
            Task = new EcsTask
            {
                TaskArn = Arns.Task("c", id),
                ClusterArn = Arns.Cluster("c"),
                Group = "service:svc",
                StartedBy = deployment,
                LastStatus = status,
                DesiredStatus = desired,
                StopCode = stopCode,
                HealthStatus = health,
                CreatedAt = Now.AddSeconds(-age),
                StartedAt = status == "RUNNING" ? Now.AddSeconds(-age) : null,
                Containers = [new TaskContainer { Name = "app", NetworkInterfaces = ip is null ? null : [new NetworkInterface { PrivateIpv4Address = ip }] }],
            },
            Definition = definition ?? Defs.Task(),
        };

    public static RegisteredTarget Target(string ip, DateTimeOffset? drainingSince = null) =>
        new() { Id = ip, Port = 8080, RegisteredAt = Now.AddMinutes(-5), DrainingSince = drainingSince };

    public static TargetGroup Group(params RegisteredTarget[] targets) =>
        new() { TargetGroupArn = Tg, TargetGroupName = "tg", Port = 8080, Targets = [.. targets] };

    /// <summary>The observation, target health as ELB would report it given what the proxy saw of each <c>ip:port</c>.</summary>
    public static ServiceObservation Seen(ServiceRecord rec, IEnumerable<TaskRecord> tasks, TargetGroup? group = null,
        IReadOnlyDictionary<string, TargetObservation>? proxy = null)
    {
        var groups = group is null ? new Dictionary<string, TargetGroup>() : new Dictionary<string, TargetGroup> { [group.TargetGroupArn] = group };
        return ServiceObservation.Create(rec.Service, tasks.ToList(), groups,
            (tg, t) => TargetHealthRules.Evaluate(tg, t, proxy?.GetValueOrDefault(t.Key), inUse: true));
    }

    public static readonly TargetObservation Healthy = new(true, true, null, null, 0, 0);
    public static readonly TargetObservation Unhealthy = new(true, false, null, null, 0, 0);

    public static ServicePlan Compute(ServiceRecord rec, ServiceObservation seen, DateTimeOffset? now = null) =>
        ServiceDecisions.Compute(rec, seen, now ?? Now);

    public static string Json(ServiceRecord rec) => JsonSerializer.Serialize(rec, EcsJson.Default.ServiceRecord);

    public static List<string> Stopped(this ServicePlan plan) => plan.Stop.Select(s => s.TaskId).ToList();

    public static List<string> Messages(this ServicePlan plan) => plan.Events.Select(e => e[Prefix.Length..]).ToList();
}
