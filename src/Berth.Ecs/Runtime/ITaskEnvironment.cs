using Berth.Ecs.Model;

namespace Berth.Ecs.Runtime;

/// <summary>
/// Environment variables the platform sets in every container of a task (Fargate's <c>AWS_EXECUTION_ENV</c>,
/// <c>ECS_CONTAINER_METADATA_URI_V4</c>, ...). Asked once, when the container is created, so the values must stay
/// valid for the container's life, across berthd restarts.
/// </summary>
public interface ITaskEnvironment
{
    ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ForContainerAsync(TaskRecord task, string containerName, CancellationToken ct);

    /// <summary>
    /// Where the platform's endpoint (task metadata and credentials) listens as tasks reach it, once it does; null when
    /// it is turned off. A task with a role gets 169.254.170.2:80 redirected there, where the SDKs look.
    /// </summary>
    ValueTask<Uri?> EndpointAsync(CancellationToken ct);
}
