using System.Text.Json.Nodes;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.TaskMetadata;

namespace Berth.Server.TaskMetadata;

/// <summary>
/// Answers <c>/v4/{token}[/task][/stats]</c> (and v3) on the metadata listener. A request is answered only when two
/// things agree: the caller's source address is a running task's own address (each task has its own IP on the
/// task network, as Fargate's agent tells tasks apart), and the token is the one issued to a container of that
/// task. A task that learns another's URI still gets 404, the host gets 403, and no answer names another task.
/// </summary>
public sealed partial class TaskMetadataEndpoint(
    TaskAddresses addresses, IContainerRuntime runtime, MetadataTokens tokens, TimeProvider clock, ILogger<TaskMetadataEndpoint> log)
{
    public async Task HandleAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            await WriteAsync(http, StatusCodes.Status405MethodNotAllowed, JsonValue.Create("Only GET is supported."), ct);
            return;
        }
        if (!MetadataRequest.TryParse(http.Request.Path.Value, out var request))
        {
            await WriteAsync(http, StatusCodes.Status404NotFound, JsonValue.Create("No such metadata path."), ct);
            return;
        }
        var caller = TaskAddresses.Caller(http);
        var task = await addresses.TaskAtAsync(caller, ct);
        if (task is null)
        {
            LogRefused(log, caller?.ToString(), "not a task's address");
            await WriteAsync(http, StatusCodes.Status403Forbidden, JsonValue.Create("The caller is not a task."), ct);
            return;
        }
        var def = task.Definition.ContainerDefinitions?.FirstOrDefault(d => tokens.Matches(request.Token, task.Task.TaskArn!, d.Name!));
        if (def is null)
        {
            LogRefused(log, caller!.ToString(), "token not issued to this task");
            await WriteAsync(http, StatusCodes.Status404NotFound, JsonValue.Create("No such metadata path for this task."), ct);
            return;
        }
        var observed = await runtime.ObserveAsync(task.Task.TaskArn!, ct);
        JsonNode? body = request.Resource switch
        {
            MetadataResource.Container => MetadataDocuments.Container(task, def, observed.FirstOrDefault(o => o.Name == def.Name)),
            MetadataResource.Task => MetadataDocuments.Task(task, observed, clock.GetUtcNow()),
            MetadataResource.ContainerStats => await ContainerStatsAsync(task, observed.FirstOrDefault(o => o.Name == def.Name), ct),
            _ => await TaskStatsAsync(task, observed, ct),
        };
        await WriteAsync(http, StatusCodes.Status200OK, body, ct);
    }

    async Task<JsonNode?> ContainerStatsAsync(TaskRecord task, ObservedContainer? container, CancellationToken ct)
    {
        if (container is null)
            return null;
        var (stats, sandbox) = (runtime.ReadStatsJsonAsync(container.RuntimeId, ct), SandboxStatsAsync(task, ct));
        return StatsDocuments.Container(await stats, await sandbox);
    }

    async Task<JsonNode> TaskStatsAsync(TaskRecord task, IReadOnlyList<ObservedContainer> observed, CancellationToken ct)
    {
        var sandbox = SandboxStatsAsync(task, ct);
        var all = observed.Select(o => (o.RuntimeId, Stats: runtime.ReadStatsJsonAsync(o.RuntimeId, ct))).ToList();
        await Task.WhenAll(all.Select(a => a.Stats));
        var sandboxStats = await sandbox;
        return StatsDocuments.Task(all.Select(a => (a.RuntimeId, StatsDocuments.Container(a.Stats.Result, sandboxStats))));
    }

    Task<string?> SandboxStatsAsync(TaskRecord task, CancellationToken ct) =>
        task.SandboxId is { } id ? runtime.ReadStatsJsonAsync(id, ct) : Task.FromResult<string?>(null);

    static async Task WriteAsync(HttpContext http, int status, JsonNode? body, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body?.ToJsonString() ?? "null", ct);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Task metadata request from {Caller} refused: {Reason}")]
    static partial void LogRefused(ILogger logger, string? caller, string reason);
}
