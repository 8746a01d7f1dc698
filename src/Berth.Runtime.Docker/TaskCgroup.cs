using System.Globalization;

namespace Berth.Runtime.Docker;

/// <summary>
/// The task-level cgroup <c>/berth/&lt;task-id&gt;</c> whose limits are the task size. Containers are created
/// with it as their cgroup parent, so together they can never use more than the task was given.
/// Works on cgroup v2 (unified) and v1 (one hierarchy per controller) hosts.
/// </summary>
sealed class TaskCgroup(string root)
{
    readonly bool _v2 = File.Exists(Path.Combine(root, "cgroup.controllers"));

    public static string Parent(string taskId) => $"/berth/{taskId}";

    /// <summary>Creates the cgroup and writes the limits; false when this host does not let Berth (e.g. not root).</summary>
    public bool TryCreate(string taskId, int cpuUnits, int memoryMiB, int pids)
    {
        var memory = (long)memoryMiB * 1024 * 1024;
        var quota = (long)cpuUnits * 100_000 / 1024;
        try
        {
            if (_v2)
            {
                Enable(root);
                var berth = Directory.CreateDirectory(Path.Combine(root, "berth")).FullName;
                Enable(berth);
                var dir = Directory.CreateDirectory(Path.Combine(berth, taskId)).FullName;
                Write(dir, "memory.max", memory);
                Write(dir, "memory.swap.max", 0, optional: true);
                File.WriteAllText(Path.Combine(dir, "cpu.max"), $"{quota} 100000");
                Write(dir, "pids.max", pids);
            }
            else
            {
                var mem = Make("memory", taskId);
                Write(mem, "memory.limit_in_bytes", memory);
                Write(mem, "memory.memsw.limit_in_bytes", memory, optional: true);
                var cpu = Make("cpu", taskId);
                Write(cpu, "cpu.cfs_period_us", 100_000);
                Write(cpu, "cpu.cfs_quota_us", quota);
                Write(cpu, "cpu.shares", Math.Max(2, cpuUnits));
                Write(Make("pids", taskId), "pids.max", pids);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// How many times the kernel's OOM killer has acted in the task's cgroup. On v2 the task's
    /// <c>memory.events</c> counts its children too; on v1 the count stays with the cgroup of the killed
    /// container, so those (still present until the container is removed) are added up.
    /// </summary>
    public long OomKills(string taskId)
    {
        if (_v2)
            return OomKillCount(Path.Combine(root, "berth", taskId, "memory.events"));
        var dir = Path.Combine(root, "memory", "berth", taskId);
        var total = OomKillCount(Path.Combine(dir, "memory.oom_control"));
        try
        {
            foreach (var child in Directory.GetDirectories(dir))
                total += OomKillCount(Path.Combine(child, "memory.oom_control"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No cgroup (never made, or already removed).
        }
        return total;
    }

    static long OomKillCount(string file)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith("oom_kill ", StringComparison.Ordinal))
                    return long.Parse(line.AsSpan(9), CultureInfo.InvariantCulture);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No such cgroup: no OOM kills known.
        }
        return 0;
    }

    /// <summary>Removes the task's cgroup directories once nothing runs in them; best effort, repeated later.</summary>
    public void Remove(string taskId)
    {
        var dirs = _v2
            ? [Path.Combine(root, "berth", taskId)]
            : Directory.Exists(root) ? Directory.GetDirectories(root).Select(c => Path.Combine(c, "berth", taskId)) : [];
        foreach (var dir in dirs)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    foreach (var child in Directory.GetDirectories(dir))
                        Directory.Delete(child);
                    Directory.Delete(dir);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Still busy: the next cleanup pass tries again.
            }
        }
    }

    string Make(string controller, string taskId) =>
        Directory.CreateDirectory(Path.Combine(root, controller, "berth", taskId)).FullName;

    static void Enable(string dir)
    {
        var control = Path.Combine(dir, "cgroup.subtree_control");
        if (File.Exists(control))
            File.WriteAllText(control, "+cpu +memory +pids");
    }

    static void Write(string dir, string file, long value, bool optional = false)
    {
        var path = Path.Combine(dir, file);
        if (optional && !File.Exists(path))
            return;
        try
        {
            File.WriteAllText(path, value.ToString(CultureInfo.InvariantCulture));
        }
        catch (IOException) when (optional)
        {
            // e.g. swap accounting disabled on this host.
        }
    }
}
