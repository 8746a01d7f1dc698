using System.Globalization;
using Berth.CloudWatch;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Storage;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Metrics;

public sealed record MetricsSamplerOptions
{
    /// <summary>How often tasks and target groups are measured (Fargate measures every 20 s and publishes each minute).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Measures every RUNNING task (from its cgroup) and every target group's traffic (from the proxy) on a steady
/// cadence, and writes the points CloudWatch would have: AWS/ECS, ECS/ContainerInsights and AWS/ApplicationELB.
/// Only the previous counters are kept in memory: after a restart the first round measures nothing and the next
/// carries on, so nothing is counted twice.
/// </summary>
public sealed class MetricsSampler(
    IStateStore store, IMetricStore metrics, ITaskUsageReader usage, ILoadBalancerDataPlane dataPlane, TimeProvider clock,
    MetricsSamplerOptions options, ILogger<MetricsSampler> log) : IController
{
    readonly ControllerLoop _loop = new("metrics-sampler", clock, log);
    readonly Dictionary<string, (TaskUsage Usage, DateTimeOffset At)> _lastUsage = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyDictionary<string, TargetTraffic>> _lastTraffic = new(StringComparer.Ordinal);

    /// <summary>The last round's task measurements (for <c>/metrics</c> and <c>berth top</c>).</summary>
    public IReadOnlyList<TaskSample> Latest { get; private set; } = [];

    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(options.Interval, SampleAsync, ct);

    /// <summary>One round: measure and write the points (the alarm evaluator's host drops what is past retention).</summary>
    public async Task SampleAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var samples = await SampleTasksAsync(now, ct);
        Latest = samples;
        TaskUsageMetrics.Set(samples);
        var writes = TaskMetrics.From(samples, now);
        writes.AddRange(await SampleTrafficAsync(now, ct));
        if (writes.Count > 0)
            await metrics.PutAsync(writes, ct);
    }

    async Task<List<TaskSample>> SampleTasksAsync(DateTimeOffset now, CancellationToken ct)
    {
        var running = await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Statuses = ["RUNNING"] }, ct);
        var samples = new List<TaskSample>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in running)
        {
            var task = stored.Value.Task;
            var id = Arns.TaskId(task.TaskArn!);
            if (!int.TryParse(task.Cpu, CultureInfo.InvariantCulture, out var cpu)
                || !int.TryParse(task.Memory, CultureInfo.InvariantCulture, out var memory))
                continue;
            var use = Measure(id, usage.Read(id), now, cpu, memory, seen);
            var containers = new List<ContainerSample>();
            foreach (var c in task.Containers ?? [])
            {
                if (c.RuntimeId is { } runtimeId && c.Name is { } name
                    && Measure($"{id}/{runtimeId}", usage.ReadContainer(id, runtimeId), now, cpu, memory, seen) is { } cu)
                    containers.Add(new ContainerSample(name, cu.CpuUnitsUsed, cu.MemoryMiBUsed));
            }
            if (use is null)
                continue;
            var service = task.Group is { } g && g.StartsWith("service:", StringComparison.Ordinal) ? g["service:".Length..] : null;
            samples.Add(new TaskSample(task.TaskArn!, id, Arns.ClusterName(task.ClusterArn), service,
                stored.Value.Definition.Family ?? "", stored.Value.Definition.Revision, cpu, memory, use, now)
            { Containers = containers });
        }
        foreach (var gone in _lastUsage.Keys.Where(k => !seen.Contains(k)).ToList())
            _lastUsage.Remove(gone);
        return samples;
    }

    /// <summary>Use since the last round of the counters under <paramref name="key"/> (a task, or task/container); null on the first.</summary>
    TaskUtilization? Measure(string key, TaskUsage? current, DateTimeOffset now, int cpu, int memory, HashSet<string> seen)
    {
        if (current is null)
            return null;
        seen.Add(key);
        var previous = _lastUsage.GetValueOrDefault(key);
        _lastUsage[key] = (current, now);
        return previous.Usage is null ? null : TaskUtilization.Between(previous.Usage, current, now - previous.At, cpu, memory);
    }

    async Task<List<MetricWrite>> SampleTrafficAsync(DateTimeOffset now, CancellationToken ct)
    {
        var writes = new List<MetricWrite>();
        var groups = await store.ListAsync(ElbKinds.TargetGroups, new StoreQuery(), ct);
        if (groups.Count == 0)
        {
            _lastTraffic.Clear();
            return writes;
        }
        var associations = await ElbAssociations.LoadAsync(store, ct);
        var byLoadBalancer = new Dictionary<string, TrafficDelta>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stored in groups)
        {
            var tg = stored.Value;
            seen.Add(tg.TargetGroupArn);
            var traffic = dataPlane.Traffic(tg.TargetGroupArn);
            var before = _lastTraffic.GetValueOrDefault(tg.TargetGroupArn);
            _lastTraffic[tg.TargetGroupArn] = traffic;
            var loadBalancers = associations.LoadBalancersOf(tg.TargetGroupArn);
            if (before is null || loadBalancers.Count == 0 || tg.Targets.Count == 0)
                continue;
            var delta = TrafficDelta.Between(before, traffic);
            var observed = dataPlane.Observe(tg.TargetGroupArn);
            var serving = tg.Targets.Where(t => t.DrainingSince is null).ToList();
            var healthy = serving.Count(t => observed.GetValueOrDefault(t.Key)?.Healthy == true);
            foreach (var lb in loadBalancers)
            {
                writes.AddRange(TrafficMetrics.ForTargetGroup(tg.TargetGroupArn, lb, delta, healthy, serving.Count - healthy, now));
                byLoadBalancer[lb] = byLoadBalancer.GetValueOrDefault(lb, TrafficDelta.None).Plus(delta);
            }
        }
        foreach (var gone in _lastTraffic.Keys.Where(k => !seen.Contains(k)).ToList())
            _lastTraffic.Remove(gone);
        foreach (var (lb, delta) in byLoadBalancer)
            writes.AddRange(TrafficMetrics.ForLoadBalancer(lb, delta, now));
        return writes;
    }
}
