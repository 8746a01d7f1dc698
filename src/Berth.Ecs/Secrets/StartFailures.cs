namespace Berth.Ecs.Secrets;

/// <summary>
/// What stops a task whose execution resources cannot be had, in the words Fargate writes into
/// <c>stoppedReason</c> (and, for an image, into the container's <c>reason</c>). Pure: codes and messages in, text out;
/// the messages come from the services and never contain a value.
/// </summary>
public static class StartFailures
{
    const string Prefix = "ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ";
    const string Retried = "service call has been retried 1 time(s): ";

    /// <summary>A secret Secrets Manager refused or does not have.</summary>
    public static string SecretsManager(string secretId, string code, string message) =>
        $"{Prefix}unable to retrieve secret from asm: {Retried}failed to fetch secret {secretId} from secrets manager: {code}: {message} status code: 400";

    /// <summary>Parameters SSM does not have: GetParameters lists them as invalid.</summary>
    public static string SsmMissing(IEnumerable<string> names) =>
        $"{Prefix}unable to retrieve secrets from ssm: {Retried}invalid ssm parameters: {string.Join(" ", names)}";

    /// <summary>A parameter SSM refused.</summary>
    public static string Ssm(string code, string message) =>
        $"{Prefix}unable to retrieve secrets from ssm: {Retried}{code}: {message} status code: 400";

    /// <summary>The execution role may not have a registry token (ecr:GetAuthorizationToken).</summary>
    public static string RegistryAuth(string code, string message) =>
        $"{Prefix}unable to retrieve ecr registry auth: {Retried}{code}: {message} status code: 400";

    /// <summary>The execution role cannot be assumed (it does not exist, or does not trust ecs-tasks.amazonaws.com).</summary>
    public static string Role(string roleArn, string message) =>
        $"{Prefix}ECS was unable to assume the role '{roleArn}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions: {message}";

    /// <summary>A definition stored with secrets and no execution role (registered before ECS refused that).</summary>
    public static string NoRole() =>
        $"{Prefix}the task definition has secrets or repository credentials but no executionRoleArn to read them with";

    /// <summary>The awslogs driver could not create the container's stream (ECS stops the task before it starts).</summary>
    public static string LogStream(string code, string message) =>
        $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: {code}: {message} status code: 400 : exit status 1";

    /// <summary>The engine's words for a manifest the registry refused (the container's reason adds CannotPullContainerError).</summary>
    public static string PullForbidden(string image, string host)
    {
        var tag = image.Contains('@', StringComparison.Ordinal) ? image[(image.IndexOf('@') + 1)..]
            : image.LastIndexOf(':') > image.LastIndexOf('/') ? image[(image.LastIndexOf(':') + 1)..] : "latest";
        return $"pull image manifest has been retried 1 time(s): failed to resolve ref {image}: pulling from host {host} failed with status code [manifests {tag}]: 403 Forbidden";
    }

    /// <summary>Registry credentials that are not the JSON ECS expects.</summary>
    public static string Credentials(string secretId, string problem) =>
        $"{Prefix}unable to retrieve secret from asm: failed to get registry credentials from secret {secretId}: {problem}";
}

/// <summary>
/// A task cannot start for want of something its execution role must fetch: <see cref="Exception.Message"/> is the
/// stoppedReason; with <see cref="Image"/>, the pull of that image was refused and the reason is the container's too.
/// </summary>
public sealed class TaskStartException(string reason, string? image = null) : Exception(reason)
{
    public string? Image => image;
}
