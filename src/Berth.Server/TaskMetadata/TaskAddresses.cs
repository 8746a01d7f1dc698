using System.Net;
using Berth.Ecs;
using Berth.Ecs.Model;
using Berth.Ecs.TaskMetadata;
using Berth.Kernel.Storage;

namespace Berth.Server.TaskMetadata;

/// <summary>
/// Which task a request to the metadata listener comes from: each task has its own address on the task network (as
/// Fargate's agent tells tasks apart), and the packets of a task keep it as their source, redirected or not.
/// </summary>
public sealed class TaskAddresses(IStateStore store)
{
    static readonly string[] Unfinished = Enum.GetNames<Berth.Ecs.Model.TaskStatus>().Where(s => s != nameof(Berth.Ecs.Model.TaskStatus.STOPPED)).ToArray();

    /// <summary>The caller's IPv4 address (Kestrel may report it IPv4-mapped).</summary>
    public static IPAddress? Caller(HttpContext http) =>
        http.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped ? mapped.MapToIPv4() : http.Connection.RemoteIpAddress;

    /// <summary>The unfinished task whose own address is <paramref name="caller"/>; a released sandbox's address may be reused.</summary>
    public async Task<TaskRecord?> TaskAtAsync(IPAddress? caller, CancellationToken ct)
    {
        if (caller is null)
            return null;
        var address = caller.ToString();
        var tasks = await store.ListAsync(EcsKinds.Tasks, new StoreQuery { Statuses = Unfinished }, ct);
        return tasks.Select(s => s.Value)
            .Where(r => !r.Deprovisioned && r.SandboxId is not null && MetadataDocuments.PrivateIp(r) == address)
            .OrderByDescending(r => r.Task.CreatedAt)
            .FirstOrDefault();
    }
}
