using Berth.CloudWatch;
using Berth.Ecs.Controllers;
using Berth.Ecs.Metrics;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Berth.Ecs.Tests.Metrics;

/// <summary>
/// The sampler over a real SQLite store and a manual clock, with the tasks' cgroup counters set by the test
/// (the reader on real cgroups is covered by the integration tests).
/// </summary>
public sealed class MetricsSamplerTests : IDisposable
{
    readonly ServiceHarness _h = new();
    readonly SetUsage _usage = new();

    sealed class SetUsage : ITaskUsageReader
    {
        public Dictionary<string, TaskUsage> Now { get; } = [];

        public Dictionary<string, TaskUsage> Containers { get; } = [];

        public TaskUsage? Read(string taskId) => Now.GetValueOrDefault(taskId);

        public TaskUsage? ReadContainer(string taskId, string runtimeId) => Containers.GetValueOrDefault($"{taskId}/{runtimeId}");
    }

    MetricsSampler Sampler(IMetricStore metrics) =>
        new(_h.Store, metrics, _usage, new NoDataPlane(), _h.Clock, new MetricsSamplerOptions(), NullLogger<MetricsSampler>.Instance);

    [Fact]
    public async Task SampleAsync_TwoRunningTasksOfAService_WritesTheirUtilizationAsOneStatisticSet()
    {
        await _h.CreateAsync(await _h.SetUpAsync(), 2);
        await _h.SettleAsync();
        var ids = (await _h.LiveAsync()).Select(t => Arns.TaskId(t.Task.TaskArn!)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, ids.Count);
        var metrics = new SqliteMetricStore(_h.Db);
        var sampler = Sampler(metrics);
        await _h.Store.MutateAsync(EcsKinds.Tasks, ids[0], (t, _) =>
        {
            t.Task.Containers![0].RuntimeId = "c0";
            return t;
        }, ServiceHarness.Ct);

        _usage.Now[ids[0]] = new TaskUsage(0, 128L << 20);
        _usage.Containers[$"{ids[0]}/c0"] = new TaskUsage(0, 100L << 20);
        _usage.Now[ids[1]] = new TaskUsage(0, 256L << 20);
        await sampler.SampleAsync(ServiceHarness.Ct); // a baseline: nothing to report yet
        Assert.Empty(sampler.Latest);

        _h.Clock.Advance(TimeSpan.FromSeconds(10));
        _usage.Now[ids[0]] = new TaskUsage(2_500_000_000, 128L << 20); // a quarter vCPU for 10 s: 100 %
        _usage.Now[ids[1]] = new TaskUsage(1_250_000_000, 256L << 20); // 50 %
        _usage.Containers[$"{ids[0]}/c0"] = new TaskUsage(1_000_000_000, 100L << 20); // 0.1 vCPU of the task's quarter
        await sampler.SampleAsync(ServiceHarness.Ct);

        Assert.Equal(2, sampler.Latest.Count);
        Assert.Equal("app", Assert.Single(sampler.Latest.Single(l => l.TaskId == ids[0]).Containers).Name);
        var at = _h.Clock.GetUtcNow();
        var cpu = Assert.Single(await metrics.ReadAsync(new MetricKey(MetricNames.Ecs, MetricNames.CpuUtilization,
            [MetricNames.Cluster("c"), MetricNames.Service("svc")]), at.AddMinutes(-1), at.AddSeconds(1), ServiceHarness.Ct));
        Assert.Equal(2, cpu.SampleCount);
        Assert.Equal(75, cpu.Average, 6);
        Assert.Equal(100, cpu.Maximum, 6);
        Assert.Equal(50, cpu.Minimum, 6);
        var memory = Assert.Single(await metrics.ReadAsync(new MetricKey(MetricNames.Ecs, MetricNames.MemoryUtilization,
            [MetricNames.Cluster("c")]), at.AddMinutes(-1), at.AddSeconds(1), ServiceHarness.Ct));
        Assert.Equal(37.5, memory.Average, 6);
        var used = Assert.Single(await metrics.ReadAsync(new MetricKey(MetricNames.ContainerInsights, MetricNames.MemoryUtilized,
            [MetricNames.Cluster("c"), MetricNames.Task(ids[1])]), at.AddMinutes(-1), at.AddSeconds(1), ServiceHarness.Ct));
        Assert.Equal(256, used.Sum, 6);
        var container = Assert.Single(await metrics.ReadAsync(new MetricKey(MetricNames.ContainerInsights, MetricNames.CpuUtilized,
            [MetricNames.Cluster("c"), MetricNames.Task(ids[0]), MetricNames.Container("app")]), at.AddMinutes(-1), at.AddSeconds(1), ServiceHarness.Ct));
        Assert.Equal(102.4, container.Sum, 6);
    }

    [Fact]
    public async Task SampleAsync_TaskWithoutCgroup_IsSkippedAndForgotten()
    {
        await _h.CreateAsync(await _h.SetUpAsync(), 1);
        await _h.SettleAsync();
        var metrics = new SqliteMetricStore(_h.Db);
        var sampler = Sampler(metrics);

        await sampler.SampleAsync(ServiceHarness.Ct);
        _h.Clock.Advance(TimeSpan.FromSeconds(10));
        await sampler.SampleAsync(ServiceHarness.Ct);

        Assert.Empty(sampler.Latest);
        Assert.Empty(await metrics.ListAsync(MetricNames.Ecs, null, null, ServiceHarness.Ct));
    }

    public void Dispose() => _h.Dispose();
}
