using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.TaskRole;

namespace Berth.Ecs.TaskMetadata;

/// <summary>
/// The variables Fargate sets in every container: the metadata URIs (v4 and v3, same content here), the execution
/// environment and the region; for a task with a role, the relative URI of its credentials. The URIs name the endpoint's listener, which is known only once it has bound, so
/// container creation waits for it (bounded: a listener that never comes fails the step, which is retried and
/// then fails the task with the reason).
/// </summary>
public sealed class TaskMetadataEnvironment(MetadataTokens tokens, string region) : ITaskEnvironment
{
    static readonly TimeSpan ListenerWait = TimeSpan.FromSeconds(20);

    readonly TaskCompletionSource<Uri?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Where the endpoint answers (e.g. <c>http://169.254.170.2:51679</c>), or null when it is turned off.</summary>
    public void SetListening(Uri? baseUri) => _listening.TrySetResult(baseUri);

    public async ValueTask<Uri?> EndpointAsync(CancellationToken ct)
    {
        try
        {
            return await _listening.Task.WaitAsync(ListenerWait, ct);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException("The task metadata endpoint is not listening yet; see berthd's log (BERTH_METADATA_LISTEN).");
        }
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> ForContainerAsync(TaskRecord task, string containerName, CancellationToken ct)
    {
        var listening = await EndpointAsync(ct);
        if (task.CredentialsId is not null && listening is null)
            throw new InvalidOperationException("The task has a task role, whose credentials are served by the task metadata endpoint, which is turned off (BERTH_METADATA_LISTEN=off).");
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
        if (task.CredentialsId is { } id)
            vars.Add(new("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", CredentialsId.RelativeUri(id)));
        return vars;
    }
}
