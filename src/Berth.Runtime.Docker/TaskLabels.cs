using Berth.Ecs.Runtime;

namespace Berth.Runtime.Docker;

/// <summary>The labels the ECS agent puts on task containers, and Berth's own marker.</summary>
static class TaskLabels
{
    public const string TaskArn = "com.amazonaws.ecs.task-arn";
    public const string ContainerName = "com.amazonaws.ecs.container-name";
    public const string Cluster = "com.amazonaws.ecs.cluster";
    public const string Family = "com.amazonaws.ecs.task-definition-family";
    public const string Version = "com.amazonaws.ecs.task-definition-version";
    public const string Managed = "io.berth.managed";
    public const string Instance = "io.berth.instance";

    /// <summary>The name the ECS agent gives a task's pause container.</summary>
    public const string PauseName = "~internal~ecs~pause";

    public static Dictionary<string, string> For(SandboxSpec task, string containerName, string instance) => new()
    {
        [Instance] = instance,
        [TaskArn] = task.TaskArn,
        [ContainerName] = containerName,
        [Cluster] = task.ClusterName,
        [Family] = task.Family,
        [Version] = task.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [Managed] = "true",
    };

    public static string DockerName(string taskId, string containerName) =>
        $"berth-{taskId}-{(containerName == PauseName ? "pause" : containerName)}";
}
