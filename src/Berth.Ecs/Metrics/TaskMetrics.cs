using Berth.CloudWatch;
using static Berth.CloudWatch.MetricNames;

namespace Berth.Ecs.Metrics;

/// <summary>
/// Turns one round of task samples into CloudWatch points: per task and container (Container Insights, by TaskId and
/// ContainerName), per service
/// and per cluster (AWS/ECS utilization and Container Insights totals). A service's or cluster's point is a
/// statistic set over its tasks, so Average is the mean task's utilization and Maximum the busiest task's, as ECS reports.
/// </summary>
public static class TaskMetrics
{
    public static List<MetricWrite> From(IReadOnlyList<TaskSample> samples, DateTimeOffset at)
    {
        var writes = new List<MetricWrite>();
        foreach (var s in samples)
        {
            MetricDimension[] dims = [Cluster(s.Cluster), Task(s.TaskId)];
            writes.Add(Write(ContainerInsights, CpuUtilized, dims, at, None, [s.Use.CpuUnitsUsed]));
            writes.Add(Write(ContainerInsights, CpuReserved, dims, at, None, [s.CpuUnits]));
            writes.Add(Write(ContainerInsights, MemoryUtilized, dims, at, Megabytes, [s.Use.MemoryMiBUsed]));
            writes.Add(Write(ContainerInsights, MemoryReserved, dims, at, Megabytes, [s.MemoryMiB]));
            foreach (var c in s.Containers)
            {
                MetricDimension[] container = [Cluster(s.Cluster), Task(s.TaskId), Container(c.Name)];
                writes.Add(Write(ContainerInsights, CpuUtilized, container, at, None, [c.CpuUnitsUsed]));
                writes.Add(Write(ContainerInsights, MemoryUtilized, container, at, Megabytes, [c.MemoryMiBUsed]));
            }
        }
        foreach (var service in samples.Where(s => s.Service is not null).GroupBy(s => (s.Cluster, s.Service!)))
            writes.AddRange(Group([Cluster(service.Key.Cluster), Service(service.Key.Item2)], service.ToList(), at));
        foreach (var cluster in samples.GroupBy(s => s.Cluster))
            writes.AddRange(Group([Cluster(cluster.Key)], cluster.ToList(), at));
        return writes;
    }

    static IEnumerable<MetricWrite> Group(MetricDimension[] dims, List<TaskSample> tasks, DateTimeOffset at)
    {
        yield return Write(MetricNames.Ecs, CpuUtilization, dims, at, Percent, tasks.Select(t => t.Use.CpuPercent));
        yield return Write(MetricNames.Ecs, MemoryUtilization, dims, at, Percent, tasks.Select(t => t.Use.MemoryPercent));
        yield return Total(ContainerInsights, CpuUtilized, dims, at, None, tasks.Sum(t => t.Use.CpuUnitsUsed));
        yield return Total(ContainerInsights, CpuReserved, dims, at, None, tasks.Sum(t => t.CpuUnits));
        yield return Total(ContainerInsights, MemoryUtilized, dims, at, Megabytes, tasks.Sum(t => t.Use.MemoryMiBUsed));
        yield return Total(ContainerInsights, MemoryReserved, dims, at, Megabytes, tasks.Sum(t => t.MemoryMiB));
    }

    /// <summary>A statistic set over <paramref name="values"/>.</summary>
    public static MetricWrite Write(string ns, string name, MetricDimension[] dims, DateTimeOffset at, string unit, IEnumerable<double> values)
    {
        var list = values as IReadOnlyCollection<double> ?? values.ToList();
        return new MetricWrite(new MetricKey(ns, name, dims), new MetricPoint(at, list.Count, list.Sum(), list.Min(), list.Max(), unit));
    }

    static MetricWrite Total(string ns, string name, MetricDimension[] dims, DateTimeOffset at, string unit, double total) =>
        new(new MetricKey(ns, name, dims), MetricPoint.Single(at, total, unit));
}
