using Berth.ServiceDiscovery.Api;
using Berth.ServiceDiscovery.Dns;
using static Berth.ServiceDiscovery.DiscoveryErrors;

namespace Berth.ServiceDiscovery;

/// <summary>
/// DiscoverInstances and DiscoverInstancesRevision, answered from the registry index as the resolver is: the instances
/// of <c>NamespaceName</c>/<c>ServiceName</c> whose attributes match every QueryParameter — narrowed to those that also
/// match the OptionalParameters when any do — filtered by health, up to MaxResults in random order.
/// </summary>
sealed class InstanceDiscovery(RegistryIndex index, OperationLog operations, Random random)
{
    public const string Healthy = "HEALTHY";
    public const string Unhealthy = "UNHEALTHY";
    public const string All = "ALL";
    public const string HealthyOrElseAll = "HEALTHY_OR_ELSE_ALL";

    public async Task<DiscoverInstancesResponse> DiscoverAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var max = Limit(r.MaxResults, "MaxResults", 1000, 100);
        var filter = OneOf(r.HealthStatus, "HealthStatus", Healthy, Unhealthy, All, HealthyOrElseAll) ?? Healthy;
        var query = Parameters(r.QueryParameters, "QueryParameters");
        var optional = Parameters(r.OptionalParameters, "OptionalParameters");
        var (ns, service, registry) = await FindAsync(r, ct);
        var chosen = Select(registry.Instances(service.Id), service.CustomHealth, query, optional, filter);
        lock (random)
            random.Shuffle(chosen);
        var summaries = chosen.Take(max)
            .Select(i => new HttpInstanceSummary(i.Id, ns.Name, service.Name, i.CustomHealth ?? InstanceService.Unknown, i.Attributes)).ToList();
        return new DiscoverInstancesResponse(summaries, service.Revision);
    }

    public async Task<DiscoverInstancesRevisionResponse> RevisionAsync(DiscoveryRequest r, CancellationToken ct) =>
        new((await FindAsync(r, ct)).Service.Revision);

    /// <summary>The instances to answer, before the random order and the limit (a pure function, tested on its own).</summary>
    public static ServiceInstance[] Select(IReadOnlyList<ServiceInstance> instances, bool customHealth,
        Dictionary<string, string> query, Dictionary<string, string> optional, string healthFilter)
    {
        var matching = instances.Where(i => Matches(i, query)).ToList();
        if (optional.Count > 0 && matching.Where(i => Matches(i, optional)).ToList() is { Count: > 0 } narrowed)
            matching = narrowed;
        // Without a health check every instance is answered, whatever the filter says (as Cloud Map documents).
        if (!customHealth)
            return [.. matching];
        var healthy = matching.Where(i => i.CustomHealth == ServiceInstance.Healthy).ToList();
        return healthFilter switch
        {
            Healthy => [.. healthy],
            Unhealthy => [.. matching.Where(i => i.CustomHealth != ServiceInstance.Healthy)],
            HealthyOrElseAll => healthy.Count > 0 ? [.. healthy] : [.. matching],
            _ => [.. matching],
        };
    }

    static bool Matches(ServiceInstance i, Dictionary<string, string> parameters) =>
        parameters.All(p => i.Attributes.TryGetValue(p.Key, out var v) && v == p.Value);

    async Task<(Namespace Namespace, DiscoveryService Service, RegistrySnapshot Registry)> FindAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var namespaceName = Required(r.NamespaceName, "NamespaceName", 1024);
        var serviceName = Required(r.ServiceName, "ServiceName", 127);
        operations.Owner(r.OwnerAccount);
        var registry = await index.GetAsync(ct);
        var ns = registry.NamespaceByName(namespaceName);
        if (ns is null || (r.OwnerAccount is { } owner && owner != operations.AccountId))
            throw NamespaceNotFound(namespaceName);
        var service = registry.Service(ns.Id, serviceName) ?? throw ServiceNotFound(serviceName);
        return (ns, service, registry);
    }

    static Dictionary<string, string> Parameters(Dictionary<string, string?>? parameters, string member)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in parameters ?? [])
        {
            if (k.Length is 0 or > 255)
                throw Invalid($"{member} keys must be 1 to 255 characters long.");
            result[k] = v is { Length: <= 1024 } ? v : throw Invalid($"{member} value of {k} must be a string of at most 1024 characters.");
        }
        return result;
    }
}
