namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// Reads the task cgroup <c>/berth/&lt;task-id&gt;</c> that berthd makes, on cgroup v1 (one hierarchy per
/// controller) or v2 (unified) hosts.
/// </summary>
public static class Cgroups
{
    public const string Root = "/sys/fs/cgroup";

    public static bool IsV2 => File.Exists(Path.Combine(Root, "cgroup.controllers"));

    /// <summary>The task cgroup directory for <paramref name="controller"/> (ignored on v2).</summary>
    public static string TaskDirectory(string controller, string taskId) =>
        IsV2 ? Path.Combine(Root, "berth", taskId) : Path.Combine(Root, controller, "berth", taskId);

    public static string Read(string controller, string taskId, string file) =>
        File.ReadAllText(Path.Combine(TaskDirectory(controller, taskId), file)).Trim();

    public static bool Exists(string controller, string taskId) => Directory.Exists(TaskDirectory(controller, taskId));

    /// <summary>Removes what is left of the task's cgroup directories (empty ones only); best effort.</summary>
    public static void TryRemoveTask(string taskId)
    {
        IEnumerable<string> dirs = IsV2
            ? [Path.Combine(Root, "berth", taskId)]
            : Directory.Exists(Root) ? Directory.GetDirectories(Root).Select(c => Path.Combine(c, "berth", taskId)) : [];
        foreach (var dir in dirs)
        {
            try
            {
                if (!Directory.Exists(dir))
                    continue;
                foreach (var child in Directory.GetDirectories(dir))
                    Directory.Delete(child);
                Directory.Delete(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Busy or not ours to remove.
            }
        }
    }
}
