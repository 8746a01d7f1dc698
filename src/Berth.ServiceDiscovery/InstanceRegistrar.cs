using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>
/// Cloud Map for other modules (<see cref="IServiceRegistry"/>: ECS registers its tasks here). Every call is idempotent,
/// so a controller may repeat it after a crash; services are named by id or ARN (a <c>registryArn</c>). Changes are
/// recorded as the API's would be (operations, the instances revision) and are answered in DNS from the next query.
/// An unknown service or namespace, or attributes RegisterInstance would refuse, throw <see cref="NetworkReferenceException"/>.
/// </summary>
sealed class InstanceRegistrar(IStateStore store, DiscoveryLookup lookup, InstanceService instances) : IServiceRegistry
{
    public async Task<RegistryService> ResolveServiceAsync(string registryArn, CancellationToken ct)
    {
        var s = await ServiceAsync(registryArn, ct);
        var ns = (await store.GetAsync(Namespaces, s.NamespaceId, ct))?.Value;
        return new RegistryService(s.Arn, s.Id, s.Name, s.NamespaceId, ns?.Arn ?? DiscoveryIds.NamespaceArn(lookup.Arns, s.NamespaceId), ns?.Name ?? "",
            [.. s.Dns?.Records.Select(r => r.Type) ?? []]);
    }

    public async Task<RegistryNamespace> ResolveNamespaceAsync(string nameOrArn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nameOrArn);
        var byId = DiscoveryIds.IdOf(lookup.Arns, nameOrArn, "namespace") is { } id ? (await store.GetAsync(Namespaces, id, ct))?.Value : null;
        var trimmed = nameOrArn.EndsWith('.') ? nameOrArn[..^1] : nameOrArn;
        var ns = byId ?? (await store.ListAsync(Namespaces, new StoreQuery { Name = DnsNames.Key(trimmed), Limit = 1 }, ct)).FirstOrDefault()?.Value
            ?? throw new NetworkReferenceException($"Namespace {nameOrArn} not found.");
        return new RegistryNamespace(ns.Id, ns.Arn, ns.Name);
    }

    public async Task<IReadOnlyList<RegistryInstance>> ListInstancesAsync(string registryArn, CancellationToken ct)
    {
        var s = await ServiceAsync(registryArn, ct);
        var all = await store.ListAsync(Instances, new StoreQuery { Scope = s.Id }, ct);
        return [.. all.Select(i => new RegistryInstance(i.Value.Id, i.Value.Attributes, i.Value.CustomHealth != ServiceInstance.Unhealthy))];
    }

    /// <summary>Registers the instance with these attributes; nothing happens when it is registered with them already (its health stays).</summary>
    public async Task RegisterAsync(string registryArn, string instanceId, IReadOnlyDictionary<string, string> attributes, CancellationToken ct)
    {
        var service = await ServiceAsync(registryArn, ct);
        try
        {
            InstanceRules.InstanceId(instanceId);
            var (checkedAttributes, health) = InstanceRules.Check(attributes.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal), service);
            await instances.UpsertAsync(service.Id, instanceId, checkedAttributes, health, creatorRequestId: null, onlyIfChanged: true, ct);
        }
        catch (AwsException e)
        {
            throw new NetworkReferenceException($"Cloud Map refused instance {instanceId} of service {service.Id}: {e.Message}");
        }
    }

    /// <summary>Reports the instance healthy or not for a service with custom health; a no-op for a service without it or an instance not registered.</summary>
    public async Task SetHealthAsync(string registryArn, string instanceId, bool healthy, CancellationToken ct)
    {
        var service = await ServiceAsync(registryArn, ct);
        if (service.CustomHealth)
            await instances.SetHealthAsync(service.Id, instanceId, healthy ? ServiceInstance.Healthy : ServiceInstance.Unhealthy, ct);
    }

    public async Task DeregisterAsync(string registryArn, string instanceId, CancellationToken ct) =>
        await instances.RemoveAsync((await ServiceAsync(registryArn, ct)).Id, instanceId, ct);

    async Task<DiscoveryService> ServiceAsync(string registryArn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(registryArn);
        return (await lookup.FindServiceAsync(registryArn, ct))?.Value ?? throw new NetworkReferenceException($"Cloud Map service {registryArn} not found.");
    }
}
