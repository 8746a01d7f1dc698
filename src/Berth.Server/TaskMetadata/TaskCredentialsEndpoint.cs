using System.Text.Json.Nodes;
using Berth.Ecs.Model;
using Berth.Ecs.TaskRole;

namespace Berth.Server.TaskMetadata;

/// <summary>
/// Answers <c>/v2/credentials/{id}</c> on the metadata listener, where tasks reach it as 169.254.170.2:80 (see
/// TaskRedirects in the Docker runtime): the credentials of the caller's task role, in the ECS agent's shape.
/// Two things must agree: the request comes from a running task's own address, and the id is the one that task was
/// given. Everything else — the host, another task that learned the URI, a stopped task, a guess — gets the agent's
/// one "ID not found" answer, which tells nothing. The id is never logged.
/// </summary>
public sealed partial class TaskCredentialsEndpoint(TaskAddresses addresses, TaskRoleCredentials roles, ILogger<TaskCredentialsEndpoint> log)
{
    const string Prefix = "CredentialsV2Request: ";

    public static bool IsCredentialsPath(PathString path) => path.StartsWithSegments("/v2/credentials", StringComparison.Ordinal);

    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var caller = TaskAddresses.Caller(http);
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            await WriteAsync(http, StatusCodes.Status405MethodNotAllowed, CredentialsDocument.Error("MethodNotAllowed", "Only GET is supported."), ct);
            return;
        }
        var path = http.Request.Path.Value;
        if (path is "/v2/credentials" or "/v2/credentials/")
        {
            await WriteAsync(http, StatusCodes.Status400BadRequest, CredentialsDocument.Error("NoIdInRequest", Prefix + "No ID in the request"), ct);
            return;
        }
        var task = await addresses.TaskAtAsync(caller, ct);
        if (!CredentialsId.TryParsePath(path, out var id) || task is null || !CredentialsId.Matches(task.CredentialsId, id)
            || TaskStatuses.Parse(task.Task.LastStatus) >= Berth.Ecs.Model.TaskStatus.DEPROVISIONING)
        {
            LogRefused(log, caller?.ToString(), task is null ? "not a running task's address" : "not the id of this task's credentials");
            await WriteAsync(http, StatusCodes.Status400BadRequest, CredentialsDocument.Error("InvalidIdInRequest", Prefix + "ID not found"), ct);
            return;
        }
        HeldCredentials? held;
        try
        {
            held = await roles.CurrentAsync(task, ct);
        }
        catch (TaskRoleRefusedException e)
        {
            LogUnavailable(log, task.Task.TaskArn!, e.Message);
            held = null;
        }
        if (held is null)
        {
            await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, CredentialsDocument.Error("CredentialsUninitialized", Prefix + "Credentials uninitialized for ID"), ct);
            return;
        }
        http.Response.Headers.CacheControl = "no-store";
        await WriteAsync(http, StatusCodes.Status200OK, CredentialsDocument.For(held), ct);
    }

    static async Task WriteAsync(HttpContext http, int status, JsonNode body, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task credentials request from {Caller} refused: {Reason}")]
    static partial void LogRefused(ILogger logger, string? caller, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No credentials for task {TaskArn}: {Reason}")]
    static partial void LogUnavailable(ILogger logger, string taskArn, string reason);
}
