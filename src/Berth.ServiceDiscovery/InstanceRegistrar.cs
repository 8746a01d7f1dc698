using Berth.Kernel.Storage;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>A Cloud Map service as other modules see it (ECS's <c>serviceRegistries</c> name one by its ARN).</summary>
/// <param name="DnsRecordTypes">A, AAAA, SRV — what instances must carry (AWS_INSTANCE_IPV4, _IPV6, _PORT); empty for an HTTP-only service.</param>
/// <param name="CustomHealth">Whether instances report their health (<see cref="InstanceRegistrar.SetHealthAsync"/>).</param>
public sealed record RegistryService(
    string Id, string Arn, string Name, string NamespaceId, string NamespaceName, string NamespaceType,
    IReadOnlyList<string> DnsRecordTypes, bool CustomHealth);

/// <summary>
/// Registration of instances for other modules (ECS registers its tasks here): every call is idempotent, so a controller
/// may repeat it after a crash. Services are named by id or ARN (a <c>registryArn</c>). Changes are recorded as the API's
/// would be (operations, the instances revision) and show in DNS from the next query.
/// </summary>
public sealed class InstanceRegistrar
{
    readonly IStateStore _store;
    readonly DiscoveryLookup _lookup;
    readonly InstanceService _instances;

    internal InstanceRegistrar(IStateStore store, DiscoveryLookup lookup, InstanceService instances)
    {
        _store = store;
        _lookup = lookup;
        _instances = instances;
    }

    /// <summary>The service an id or ARN names; null when there is none.</summary>
    public async Task<RegistryService?> FindServiceAsync(string serviceArnOrId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(serviceArnOrId);
        if (await _lookup.FindServiceAsync(serviceArnOrId, ct) is not { } stored)
            return null;
        var s = stored.Value;
        var ns = (await _store.GetAsync(Namespaces, s.NamespaceId, ct))?.Value;
        return new RegistryService(s.Id, s.Arn, s.Name, s.NamespaceId, ns?.Name ?? "", ns?.Type ?? "",
            [.. s.Dns?.Records.Select(r => r.Type) ?? []], s.CustomHealth);
    }

    /// <summary>
    /// Registers the instance with these attributes, checked as RegisterInstance checks them; nothing happens when it is
    /// registered with them already (its health stays). Throws ServiceNotFound or InvalidInput (an AwsException).
    /// </summary>
    public async Task RegisterAsync(string serviceArnOrId, string instanceId, IReadOnlyDictionary<string, string> attributes, CancellationToken ct)
    {
        var service = (await _lookup.ServiceAsync(serviceArnOrId, ct, "ServiceId")).Value;
        InstanceRules.InstanceId(instanceId);
        var (checkedAttributes, health) = InstanceRules.Check(attributes.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal), service);
        await _instances.UpsertAsync(service.Id, instanceId, checkedAttributes, health, creatorRequestId: null, onlyIfChanged: true, ct);
    }

    /// <summary>
    /// Reports the instance healthy or not, for a service with custom health; a no-op (false) for a service without it, or
    /// when the instance is not registered or has that health already.
    /// </summary>
    public async Task<bool> SetHealthAsync(string serviceArnOrId, string instanceId, bool healthy, CancellationToken ct)
    {
        if (await _lookup.FindServiceAsync(serviceArnOrId, ct) is not { Value.CustomHealth: true } service)
            return false;
        return await _instances.SetHealthAsync(service.Value.Id, instanceId, healthy ? ServiceInstance.Healthy : ServiceInstance.Unhealthy, ct) == true;
    }

    /// <summary>Deregisters the instance; nothing happens when it (or its service) is gone already.</summary>
    public async Task DeregisterAsync(string serviceArnOrId, string instanceId, CancellationToken ct)
    {
        if (await _lookup.FindServiceAsync(serviceArnOrId, ct) is not { } service)
            return;
        try
        {
            await _instances.RemoveAsync(service.Value.Id, instanceId, ct);
        }
        catch (Kernel.AwsException e) when (e.Code == "ServiceNotFound")
        {
            // The service was deleted meanwhile: its instances are gone with it.
        }
    }
}
