using Berth.CloudWatch;
using Berth.Ecs.Metrics;
using Berth.Elb;

namespace Berth.Ecs.Tests.Metrics;

public sealed class SamplingMathTests
{
    static readonly DateTimeOffset At = new(2026, 11, 22, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Between_QuarterVcpuTaskBurningItsQuota_Is100Percent()
    {
        // 0.25 vCPU for 10 s = 2.5 s of CPU time.
        var use = TaskUtilization.Between(new TaskUsage(1_000_000_000, 0), new TaskUsage(3_500_000_000, 256L << 20), TimeSpan.FromSeconds(10), 256, 512);

        Assert.NotNull(use);
        Assert.Equal(256, use.CpuUnitsUsed, 3);
        Assert.Equal(100, use.CpuPercent, 3);
        Assert.Equal(256, use.MemoryMiBUsed, 3);
        Assert.Equal(50, use.MemoryPercent, 3);
    }

    [Theory]
    [InlineData(0, 256, 512)]
    [InlineData(10, 0, 512)]
    [InlineData(10, 256, 0)]
    public void Between_EmptyIntervalOrNoSize_IsNull(int seconds, int cpu, int memory) =>
        Assert.Null(TaskUtilization.Between(new TaskUsage(0, 0), new TaskUsage(1, 1), TimeSpan.FromSeconds(seconds), cpu, memory));

    [Fact]
    public void Between_CounterWentBackwards_IsNull() =>
        Assert.Null(TaskUtilization.Between(new TaskUsage(5_000, 0), new TaskUsage(4_000, 0), TimeSpan.FromSeconds(1), 256, 512));

    [Fact]
    public void From_ServiceOfTwoTasks_WritesStatisticSetsOverTheTasks()
    {
        TaskSample[] samples =
        [
            Sample("t1", "web", cpuPercent: 80, memPercent: 10),
            Sample("t2", "web", cpuPercent: 20, memPercent: 30),
            Sample("t3", null, cpuPercent: 50, memPercent: 50),
        ];

        var writes = TaskMetrics.From(samples, At);

        var service = Point(writes, MetricNames.Ecs, MetricNames.CpuUtilization, ("ClusterName", "c"), ("ServiceName", "web"));
        Assert.Equal((2.0, 100.0, 20.0, 80.0), (service.SampleCount, service.Sum, service.Minimum, service.Maximum));
        Assert.Equal(50, service.Average);
        var cluster = Point(writes, MetricNames.Ecs, MetricNames.MemoryUtilization, ("ClusterName", "c"));
        Assert.Equal(3, cluster.SampleCount);
        Assert.Equal(30, cluster.Average);
        Assert.Equal(MetricNames.Percent, cluster.Unit);
        var task = Point(writes, MetricNames.ContainerInsights, MetricNames.CpuUtilized, ("ClusterName", "c"), ("TaskId", "t3"));
        Assert.Equal(256 * 0.5, task.Sum, 3);
        Assert.DoesNotContain(writes, w => w.Key.Dimensions.Any(d => d.Name == "ServiceName" && d.Value == ""));
    }

    [Fact]
    public void Between_TrafficCounters_CountRestartsAndNewTargetsFromZero()
    {
        var before = new Dictionary<string, TargetTraffic>
        {
            ["10.0.0.2:80"] = new(100, 2, 10, 0),
            ["10.0.0.3:80"] = new(500, 0, 10, 0),
        };
        var after = new Dictionary<string, TargetTraffic>
        {
            ["10.0.0.2:80"] = new(150, 3, 20, 1), // +50 requests, +1 5xx
            ["10.0.0.3:80"] = new(30, 0, 10, 0),  // proxy restarted: 30 since
            ["10.0.0.4:80"] = new(20, 0, 40, 0),  // new target: 20
        };

        var delta = TrafficDelta.Between(before, after);

        Assert.Equal(100, delta.Requests);
        Assert.Equal(1, delta.Target5xx);
        Assert.Equal((50 * 20 + 30 * 10 + 20 * 40) / 1000.0, delta.ResponseSecondsTotal, 6);
    }

    [Fact]
    public void ForTargetGroup_DividesRequestsByHealthyTargets_AndUsesElbDimensionValues()
    {
        const string lb = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web-lb/0123456789abcdef";
        const string tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/fedcba9876543210";

        var writes = TrafficMetrics.ForTargetGroup(tg, lb, new TrafficDelta(90, 3, 9), healthy: 3, unhealthy: 1, At).ToList();

        var perTarget = Point(writes, MetricNames.ApplicationElb, MetricNames.RequestCountPerTarget, ("TargetGroup", "targetgroup/web-tg/fedcba9876543210"));
        Assert.Equal(30, perTarget.Sum);
        Assert.Equal(90, Point(writes, MetricNames.ApplicationElb, MetricNames.RequestCount,
            ("LoadBalancer", "app/web-lb/0123456789abcdef"), ("TargetGroup", "targetgroup/web-tg/fedcba9876543210")).Sum);
        var rt = Point(writes, MetricNames.ApplicationElb, MetricNames.TargetResponseTime,
            ("LoadBalancer", "app/web-lb/0123456789abcdef"), ("TargetGroup", "targetgroup/web-tg/fedcba9876543210"));
        Assert.Equal((90.0, 0.1), (rt.SampleCount, rt.Average));
        Assert.Equal(1, Point(writes, MetricNames.ApplicationElb, MetricNames.UnHealthyHostCount,
            ("LoadBalancer", "app/web-lb/0123456789abcdef"), ("TargetGroup", "targetgroup/web-tg/fedcba9876543210")).Sum);
    }

    [Fact]
    public void ForLoadBalancer_NoRequests_WritesZeroCountsAndNoResponseTime()
    {
        var writes = TrafficMetrics.ForLoadBalancer("arn:aws:elasticloadbalancing:r:1:loadbalancer/app/a/1", TrafficDelta.None, At).ToList();

        Assert.Equal(0, Point(writes, MetricNames.ApplicationElb, MetricNames.RequestCount, ("LoadBalancer", "app/a/1")).Sum);
        Assert.DoesNotContain(writes, w => w.Key.MetricName == MetricNames.TargetResponseTime);
    }

    static TaskSample Sample(string id, string? service, double cpuPercent, double memPercent) =>
        new($"arn:aws:ecs:us-east-1:123456789012:task/c/{id}", id, "c", service, "fam", 1, 256, 512,
            new TaskUtilization(256 * cpuPercent / 100, cpuPercent, 512 * memPercent / 100, memPercent), At);

    static MetricPoint Point(IEnumerable<MetricWrite> writes, string ns, string name, params (string Name, string Value)[] dims)
    {
        var key = new MetricKey(ns, name, dims.Select(d => new MetricDimension(d.Name, d.Value)));
        return Assert.Single(writes, w => w.Key.Equals(key)).Point;
    }
}
