using System.Text.Json;
using Berth.Ecr;
using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Secrets;

namespace Berth.Ecs.Secrets;

/// <summary>
/// What ECS fetches for a task under its execution role before and while it starts it: registry auth and image
/// pulls from Berth's registry, awslogs streams, container secrets and private-registry credentials. Each read is
/// authorized for a session of the role (<c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/TASK-ID</c>) as the service's own
/// API would authorize it; what cannot be had throws <see cref="TaskStartException"/> with Fargate's stoppedReason.
/// Values are returned to the caller only, never kept or logged.
/// </summary>
/// <remarks>
/// Without an execution role a task pulls from Berth's registry and writes its logs as the platform (Fargate would
/// have refused such a definition at registration; Berth keeps definitions written before IAM working). Secrets and
/// repository credentials always need the role: registration refuses them without one.
/// </remarks>
public sealed class ExecutionResources(
    Arns arns, IEnumerable<ISecretSource> sources, IAuthorizer? authorizer = null, ImageCredentials? images = null, IRoleSessions? sessions = null)
{
    public const string ServicePrincipal = "ecs-tasks.amazonaws.com";
    static readonly TimeSpan SessionLength = TimeSpan.FromMinutes(15);

    readonly ISecretSource[] _sources = [.. sources];
    readonly IAuthorizer _authorizer = authorizer ?? new AllowAll();

    /// <summary>
    /// Everything the role must be able to do before the images are pulled: open its session, get a registry token
    /// when an image is in Berth's registry, read every secret of every container (the values are dropped) and create
    /// and write the awslogs streams.
    /// </summary>
    public async Task CheckAsync(TaskRecord r, CancellationToken ct)
    {
        var defs = r.Definition.ContainerDefinitions!;
        if (r.Definition.ExecutionRoleArn is null)
        {
            if (defs.Any(c => c.Secrets is { Count: > 0 } || c.RepositoryCredentials is not null))
                throw new TaskStartException(StartFailures.NoRole());
            return;
        }
        var role = await SessionAsync(r, ct);
        if (images is not null && defs.Any(c => images.RepositoryOf(c.Image!) is not null))
        {
            var token = new AccessRequest("ecr:GetAuthorizationToken", AccessRequest.AllResources);
            if (await DeniedAsync(role, token, ct) is { } denied)
                throw new TaskStartException(StartFailures.RegistryAuth("AccessDeniedException", denied));
        }
        foreach (var c in defs)
        {
            foreach (var s in c.Secrets ?? [])
                await ReadAsync(role, s.ValueFrom, ct);
        }
        var taskId = Arns.TaskId(r.Task.TaskArn!);
        foreach (var c in defs)
        {
            if (c.LogConfiguration?.Options is not { } opts || !opts.TryGetValue("awslogs-group", out var group))
                continue;
            var stream = arns.LogStream(group, $"{opts.GetValueOrDefault("awslogs-stream-prefix")}/{c.Name}/{taskId}");
            foreach (var action in new[] { "logs:CreateLogStream", "logs:PutLogEvents" })
            {
                if (await DeniedAsync(role, new AccessRequest(action, [stream]), ct) is { } denied)
                    throw new TaskStartException(StartFailures.LogStream("AccessDeniedException", denied));
            }
        }
    }

    /// <summary>
    /// The credentials to pull <paramref name="image"/> with: a registry token for Berth's own registry (when the
    /// execution role may read the repository), the container's <c>repositoryCredentials</c> for any other registry,
    /// or none (the engine pulls as it is configured).
    /// </summary>
    public async Task<RegistryCredential?> RegistryCredentialAsync(TaskRecord r, string image, CancellationToken ct)
    {
        if (images?.RepositoryOf(image) is { } repository)
        {
            Principal? role = null;
            if (r.Definition.ExecutionRoleArn is not null)
            {
                role = await SessionAsync(r, ct);
                var arn = $"arn:aws:ecr:{arns.Region}:{arns.AccountId}:repository/{repository}";
                foreach (var action in new[] { "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer" })
                {
                    if (await DeniedAsync(role, new AccessRequest(action, [arn]), ct) is not null)
                        throw new TaskStartException(StartFailures.PullForbidden(image, images.Host), image);
                }
            }
            return images.For(image, role); // the registry authorizes the pull as the role too
        }
        var parameter = r.Definition.ContainerDefinitions!.FirstOrDefault(c => c.Image == image && c.RepositoryCredentials is not null)
            ?.RepositoryCredentials!.CredentialsParameter;
        if (parameter is null)
            return null;
        if (r.Definition.ExecutionRoleArn is null)
            throw new TaskStartException(StartFailures.NoRole());
        var (credentials, problem) = ValueFrom.ParseCredentials(parameter);
        if (credentials is null)
            throw new TaskStartException(StartFailures.Credentials(parameter, problem!));
        var text = await ReadAsync(await SessionAsync(r, ct), credentials, ct);
        var (user, password) = RegistryLogin(text) ?? throw new TaskStartException(StartFailures.Credentials(parameter,
            "the secret must be a JSON object with the string fields \"username\" and \"password\""));
        return new RegistryCredential(RegistryHost(image), user, password);
    }

    /// <summary>The container's <c>secrets</c> as environment variables, read under the execution role.</summary>
    public async Task<IReadOnlyList<KeyValuePair<string, string>>> EnvironmentAsync(TaskRecord r, ContainerDefinition c, CancellationToken ct)
    {
        if (c.Secrets is not { Count: > 0 } secrets)
            return [];
        if (r.Definition.ExecutionRoleArn is null)
            throw new TaskStartException(StartFailures.NoRole());
        var role = await SessionAsync(r, ct);
        var values = new List<KeyValuePair<string, string>>();
        foreach (var s in secrets)
            values.Add(new(s.Name!, await ReadAsync(role, s.ValueFrom, ct)));
        return values;
    }

    Task<string> ReadAsync(Principal role, string? valueFrom, CancellationToken ct)
    {
        var (found, problem) = ValueFrom.Parse(valueFrom);
        return found is null
            ? throw new TaskStartException(StartFailures.SecretsManager(valueFrom ?? "", "InvalidParameterException", problem!))
            : ReadAsync(role, found, ct);
    }

    async Task<string> ReadAsync(Principal role, ValueFrom v, CancellationToken ct)
    {
        var source = _sources.FirstOrDefault(s => s.Service == v.Service)
            ?? throw Failure(v, "ServiceUnavailable", $"{v.Service} is not served by this Berth.");
        var access = await source.AccessAsync(v.Request.Id, ct);
        if (await DeniedAsync(role, access, ct) is { } denied)
            throw Failure(v, "AccessDeniedException", denied);
        try
        {
            return await source.ReadAsync(v.Request, ct);
        }
        catch (AwsException e)
        {
            throw Failure(v, e.Code, e.Message);
        }
    }

    static TaskStartException Failure(ValueFrom v, string code, string message) => new(
        v.Service == ValueFrom.SecretsManager ? StartFailures.SecretsManager(v.Request.Id, code, message)
        : code is "ParameterNotFound" or "ParameterVersionNotFound" ? StartFailures.SsmMissing([v.Request.Id])
        : StartFailures.Ssm(code, message));

    /// <summary>Null when allowed; else the refusal in IAM's words.</summary>
    async Task<string?> DeniedAsync(Principal role, AccessRequest request, CancellationToken ct)
    {
        var decision = await _authorizer.AuthorizeAsync(role, request, ct);
        return decision.Allowed ? null
            : decision.Message ?? $"User: {role.Arn} is not authorized to perform: {request.Action} on resource: {string.Join(", ", request.Resources)} because no identity-based policy allows the {request.Action} action";
    }

    /// <summary>A session of the task's execution role, named after the task, as ECS opens one.</summary>
    async Task<Principal> SessionAsync(TaskRecord r, CancellationToken ct)
    {
        var role = r.Definition.ExecutionRoleArn!;
        var taskId = Arns.TaskId(r.Task.TaskArn!);
        if (sessions is null)
            return Session(role, taskId);
        try
        {
            return (await sessions.AssumeForServiceAsync(new ServiceRoleSession(role, ServicePrincipal, taskId, SessionLength), ct)).Principal;
        }
        catch (AwsException e)
        {
            throw new TaskStartException(StartFailures.Role(role, e.Message));
        }
    }

    /// <summary>
    /// The principal of a session of <paramref name="roleArn"/> named <paramref name="sessionName"/>, for hosts where
    /// nothing opens sessions (no STS): its ARN is what STS would give, its user id the role name and session.
    /// </summary>
    public static Principal Session(string roleArn, string sessionName)
    {
        var arn = Arns.Parse(roleArn);
        var account = arn?.Account ?? "";
        var name = (arn?.Resource ?? roleArn).Split('/')[^1];
        return new Principal
        {
            Arn = $"arn:aws:sts::{account}:assumed-role/{name}/{sessionName}",
            Kind = PrincipalKind.AssumedRole,
            AccountId = account,
            UserId = $"{name}:{sessionName}",
            Name = name,
            RoleArn = roleArn,
        };
    }

    /// <summary><c>{"username": "...", "password": "..."}</c>, as ECS reads a private registry's credentials.</summary>
    public static (string User, string Password)? RegistryLogin(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("username", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() is { Length: > 0 } user
                && root.TryGetProperty("password", out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { Length: > 0 } password)
                return (user, password);
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The registry an image reference names: its first component when that is a host (has '.' or ':', or is localhost), else Docker Hub.</summary>
    public static string RegistryHost(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0)
            return "docker.io";
        var first = image[..slash];
        return first.Contains('.') || first.Contains(':') || first == "localhost" ? first : "docker.io";
    }
}
