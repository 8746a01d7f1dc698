using Berth.Ecs.Model;
using Berth.Ecs.Runtime;

namespace Berth.Ecs.TaskMetadata;

/// <summary>
/// The variables Fargate sets in every container: the metadata URIs (v4 and v3, same content here), the execution
/// environment and the region. The URIs name the endpoint's listener, which is known only once it has bound, so
/// container creation waits for it (bounded: a listener that never comes fails the step, which is retried and
/// then fails the task with the reason).
/// </summary>
public sealed class TaskMetadataEnvironment(MetadataTokens tokens, string region) : ITaskEnvironment
{
    static readonly TimeSpan ListenerWait = TimeSpan.FromSeconds(20);

    readonly TaskCompletionSource<Uri?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where the endpoint answers (e.g. <c>http://169.254.170.2:51679</c>), or null when it is turned off.</summary>
    public void SetListening(Uri? baseUri) => _listening.TrySetResult(baseUri);

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ForContainerAsync(TaskRecord task, string containerName, CancellationToken ct)
    {
        Uri? listening;
        try
        {
            listening = await _listening.Task.WaitAsync(ListenerWait, ct);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The task metadata endpoint is not listening yet; see berthd's log (BERTH_METADATA_LISTEN).");
        }
        var vars = new List<KeyValuePair<string, string>>
        {
            new("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE"),
            new("AWS_REGION", region),
            new("AWS_DEFAULT_REGION", region),
        };
        if (listening is not null)
        {
            var token = tokens.For(task.Task.TaskArn!, containerName);
            var root = listening.ToString().TrimEnd('/');
            vars.Add(new("ECS_CONTAINER_METADATA_URI_V4", $"{root}/v4/{token}"));
            vars.Add(new("ECS_CONTAINER_METADATA_URI", $"{root}/v3/{token}"));
        }
        return vars;
    }
}
