namespace Berth.ServiceDiscovery.Dns;

/// <summary>
/// Every namespace, service and instance at one moment, indexed for the lookups that run per query: DNS names and
/// DiscoverInstances. Immutable once built; <see cref="RegistryIndex"/> swaps in a new one after writes.
/// </summary>
sealed class RegistrySnapshot
{
    static readonly IReadOnlyList<ServiceInstance> None = [];

    readonly Dictionary<string, Namespace> _byName;
    readonly Dictionary<(string NamespaceId, string Key), DiscoveryService> _services;
    readonly Dictionary<string, IReadOnlyList<ServiceInstance>> _instances;

    public static readonly RegistrySnapshot Empty = Build([], [], []);

    RegistrySnapshot(List<Namespace> zones, Dictionary<string, Namespace> byName,
        Dictionary<(string, string), DiscoveryService> services, Dictionary<string, IReadOnlyList<ServiceInstance>> instances)
    {
        DnsZones = zones;
        _byName = byName;
        _services = services;
        _instances = instances;
    }

    /// <summary>The private DNS namespaces, longest name first, so the deepest zone holding a name is found first.</summary>
    public IReadOnlyList<Namespace> DnsZones { get; }

    public static RegistrySnapshot Build(IEnumerable<Namespace> namespaces, IEnumerable<DiscoveryService> services, IEnumerable<ServiceInstance> instances)
    {
        var all = namespaces.ToList();
        var zones = all.Where(n => n.IsDns).OrderByDescending(n => n.Key.Length).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var byName = new Dictionary<string, Namespace>(StringComparer.Ordinal);
        foreach (var n in all.OrderBy(n => n.CreateDate))
            byName.TryAdd(n.Key, n);
        var byKey = new Dictionary<(string, string), DiscoveryService>();
        foreach (var s in services)
            byKey.TryAdd((s.NamespaceId, s.Key), s);
        var byService = instances.GroupBy(i => i.ServiceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ServiceInstance>)[.. g.OrderBy(i => i.Id, StringComparer.Ordinal)], StringComparer.Ordinal);
        return new RegistrySnapshot(zones, byName, byKey, byService);
    }

    /// <summary>The namespace DiscoverInstances names (its HTTP name: the namespace's name, in any case).</summary>
    public Namespace? NamespaceByName(string name) => _byName.GetValueOrDefault(DnsNames.Key(name.EndsWith('.') ? name[..^1] : name));

    public DiscoveryService? Service(string namespaceId, string name) => _services.GetValueOrDefault((namespaceId, DnsNames.Key(name)));

    public IReadOnlyList<ServiceInstance> Instances(string serviceId) => _instances.GetValueOrDefault(serviceId) ?? None;

    /// <summary>Whether some service of the namespace has a name below <paramref name="key"/> (an empty non-terminal in DNS terms).</summary>
    public bool HasNamesBelow(string namespaceId, string key) =>
        _services.Keys.Any(k => k.NamespaceId == namespaceId && k.Key.EndsWith("." + key, StringComparison.Ordinal));
}
