using Berth.Kernel;
using Berth.Kernel.Storage;
using static Berth.ServiceDiscovery.DiscoveryErrors;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>Namespaces and services named by id or ARN, as every operation finds them (or refuses: NamespaceNotFound, ServiceNotFound).</summary>
sealed class DiscoveryLookup(IStateStore store, Arns arns)
{
    public Arns Arns => arns;

    public async Task<Stored<Namespace>> NamespaceAsync(string? idOrArn, CancellationToken ct, string member = "Id")
    {
        Required(idOrArn, member, 255);
        var id = DiscoveryIds.IdOf(arns, idOrArn!, "namespace");
        return (id is null ? null : await store.GetAsync(Namespaces, id, ct)) ?? throw NamespaceNotFound(idOrArn!);
    }

    public async Task<Stored<DiscoveryService>> ServiceAsync(string? idOrArn, CancellationToken ct, string member = "Id")
    {
        Required(idOrArn, member, 255);
        return await FindServiceAsync(idOrArn!, ct) ?? throw ServiceNotFound(idOrArn!);
    }

    public async Task<Stored<DiscoveryService>?> FindServiceAsync(string idOrArn, CancellationToken ct)
    {
        var id = DiscoveryIds.IdOf(arns, idOrArn, "service");
        return id is null ? null : await store.GetAsync(Services, id, ct);
    }
}
