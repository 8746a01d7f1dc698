namespace Berth.Kernel.Networking;

/// <summary>A Cloud Map service as ECS needs to know it before registering tasks in it.</summary>
/// <param name="RecordTypes">The DNS record types its DnsConfig has (A, AAAA, SRV, CNAME); empty for an HTTP-only service.</param>
public sealed record RegistryService(string ServiceArn, string ServiceId, string ServiceName, string NamespaceId, string NamespaceArn, string NamespaceName, IReadOnlyList<string> RecordTypes);

/// <summary>A registered instance: its id (ECS uses the task id), its attributes and whether it answers as healthy.</summary>
public sealed record RegistryInstance(string InstanceId, IReadOnlyDictionary<string, string> Attributes, bool Healthy);

/// <summary>A Cloud Map namespace, found by name or ARN.</summary>
public sealed record RegistryNamespace(string NamespaceId, string NamespaceArn, string Name);

/// <summary>
/// Cloud Map as ECS uses it for <c>serviceRegistries</c>: the service scheduler registers each running, healthy task of
/// a service, marks it unhealthy when its health fails and deregisters it before it stops. Implemented by the service
/// discovery module. Every call is idempotent; an unknown service or namespace throws <see cref="NetworkReferenceException"/>.
/// </summary>
public interface IServiceRegistry
{
    Task<RegistryService> ResolveServiceAsync(string registryArn, CancellationToken ct);

    Task<RegistryNamespace> ResolveNamespaceAsync(string nameOrArn, CancellationToken ct);

    Task<IReadOnlyList<RegistryInstance>> ListInstancesAsync(string registryArn, CancellationToken ct);

    /// <summary>Registers (or re-registers with new attributes) an instance; it answers as healthy until told otherwise.</summary>
    Task RegisterAsync(string registryArn, string instanceId, IReadOnlyDictionary<string, string> attributes, CancellationToken ct);

    Task SetHealthAsync(string registryArn, string instanceId, bool healthy, CancellationToken ct);

    /// <summary>Removes the instance; nothing happens when it is not registered.</summary>
    Task DeregisterAsync(string registryArn, string instanceId, CancellationToken ct);
}
