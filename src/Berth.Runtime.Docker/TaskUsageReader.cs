using System.Globalization;
using Berth.Ecs.Metrics;

namespace Berth.Runtime.Docker;

/// <summary>
/// Reads a task's CPU time and memory from its task-level cgroup (<c>/berth/&lt;task-id&gt;</c>, which holds every
/// container of the task). cgroup v2: <c>cpu.stat</c> usage_usec and <c>memory.current</c>; v1: <c>cpuacct.usage</c>
/// and <c>memory.usage_in_bytes</c>. Memory leaves out the inactive page cache, as <c>docker stats</c> does.
/// </summary>
public sealed class TaskUsageReader(string cgroupRoot) : ITaskUsageReader
{
    readonly bool _v2 = File.Exists(Path.Combine(cgroupRoot, "cgroup.controllers"));

    public TaskUsage? Read(string taskId) => TryRead(Path.Combine("berth", taskId));

    /// <summary>The engine makes each container's cgroup inside its parent's, named by the container id.</summary>
    public TaskUsage? ReadContainer(string taskId, string runtimeId) => TryRead(Path.Combine("berth", taskId, runtimeId));

    TaskUsage? TryRead(string relative)
    {
        try
        {
            return _v2 ? ReadV2(Path.Combine(cgroupRoot, relative)) : ReadV1(relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null; // No cgroup (yet, or any more): nothing to measure.
        }
    }

    static TaskUsage ReadV2(string dir)
    {
        var cpuMicros = Stat(Path.Combine(dir, "cpu.stat"), "usage_usec") ?? throw new FormatException("cpu.stat has no usage_usec");
        var memory = Number(Path.Combine(dir, "memory.current"));
        var inactive = Stat(Path.Combine(dir, "memory.stat"), "inactive_file") ?? 0;
        return new TaskUsage(cpuMicros * 1000, Math.Max(0, memory - inactive));
    }

    TaskUsage ReadV1(string relative)
    {
        var cpu = Number(Path.Combine(cgroupRoot, "cpuacct", relative, "cpuacct.usage"));
        var memDir = Path.Combine(cgroupRoot, "memory", relative);
        var memory = Number(Path.Combine(memDir, "memory.usage_in_bytes"));
        var inactive = Stat(Path.Combine(memDir, "memory.stat"), "total_inactive_file") ?? 0;
        return new TaskUsage(cpu, Math.Max(0, memory - inactive));
    }

    static long Number(string file) => long.Parse(File.ReadAllText(file).AsSpan().Trim(), CultureInfo.InvariantCulture);

    /// <summary>A value from a flat-keyed cgroup file (<c>key value</c> per line).</summary>
    static long? Stat(string file, string key)
    {
        foreach (var line in File.ReadLines(file))
        {
            if (line.Length > key.Length && line[key.Length] == ' ' && line.StartsWith(key, StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length + 1), CultureInfo.InvariantCulture);
        }
        return null;
    }
}
