using Berth.Kernel.Networking;

namespace Berth.ServiceDiscovery.Dns;

/// <summary>
/// What a private DNS namespace answers for a name, as Route 53 answers for Cloud Map: <c>service.namespace</c> has the
/// service's A/AAAA/SRV records of its healthy instances (MULTIVALUE: up to eight chosen at random; WEIGHTED: one);
/// an SRV target <c>instance.service.namespace</c> has its instance's address; the namespace's apex and the parents of
/// service names exist without records; any other name in the namespace does not exist. A pure function of the snapshot
/// and the random source.
/// </summary>
static class DnsAnswers
{
    public const int MaxMultivalueAnswers = 8;

    public static DnsAnswer? Answer(RegistrySnapshot registry, string name, DnsRecordType type, string? vpcId, Random random)
    {
        var asked = name.EndsWith('.') ? name[..^1] : name;
        var key = asked.ToLowerInvariant();
        var zone = registry.DnsZones.FirstOrDefault(z => (vpcId is null || z.VpcId == vpcId) && (key == z.Key || key.EndsWith("." + z.Key, StringComparison.Ordinal)));
        if (zone is null)
            return null;
        var negativeTtl = (int)Math.Min(zone.SoaTtl ?? NamespaceService.DefaultSoaTtl, int.MaxValue);
        DnsAnswer Exists(IReadOnlyList<DnsRecord> records) => new(true, records, zone.Name, negativeTtl);
        if (key == zone.Key)
            return Exists([]);
        var relative = key[..^(zone.Key.Length + 1)];
        if (registry.Service(zone.Id, relative) is { Dns: not null } service)
            return Exists(ServiceRecords(registry, zone, service, asked, type, random));
        var dot = relative.IndexOf('.');
        if (dot > 0 && registry.Service(zone.Id, relative[(dot + 1)..]) is { Dns: { } dns } owner && dns.Of(ServiceDnsRules.Srv) is { } srv
            && Healthy(registry, owner).FirstOrDefault(i => string.Equals(i.Id, relative[..dot], StringComparison.OrdinalIgnoreCase)) is { } instance)
        {
            // The SRV target's own A/AAAA record, with the TTL of the service's record of that type (the SRV one if it has none).
            var ttl = (int)(dns.Of(type == DnsRecordType.Aaaa ? ServiceDnsRules.Aaaa : ServiceDnsRules.A) ?? srv).Ttl;
            return Exists(Address(instance, type, asked, ttl) is { } record ? [record] : []);
        }
        return registry.HasNamesBelow(zone.Id, relative) ? Exists([]) : new DnsAnswer(false, [], zone.Name, negativeTtl);
    }

    static List<DnsRecord> ServiceRecords(RegistrySnapshot registry, Namespace zone, DiscoveryService service, string name, DnsRecordType type, Random random)
    {
        var dns = service.Dns!;
        var record = dns.Of(type switch { DnsRecordType.A => ServiceDnsRules.A, DnsRecordType.Aaaa => ServiceDnsRules.Aaaa, _ => ServiceDnsRules.Srv });
        if (record is null)
            return [];
        var ttl = (int)record.Ttl;
        var answers = Healthy(registry, service)
            .Select(i => type == DnsRecordType.Srv ? Srv(i, zone, service, name, ttl) : Address(i, type, name, ttl))
            .OfType<DnsRecord>().ToList();
        return Choose(answers, dns.RoutingPolicy == ServiceDns.Weighted ? 1 : MaxMultivalueAnswers, random);
    }

    /// <summary>Instances the resolver may answer: all of them, unless the service has custom health (then the HEALTHY ones).</summary>
    static IEnumerable<ServiceInstance> Healthy(RegistrySnapshot registry, DiscoveryService service) =>
        registry.Instances(service.Id).Where(i => !service.CustomHealth || i.CustomHealth == ServiceInstance.Healthy);

    static DnsRecord? Address(ServiceInstance i, DnsRecordType type, string name, int ttl)
    {
        var attribute = type switch { DnsRecordType.A => InstanceRules.Ipv4, DnsRecordType.Aaaa => InstanceRules.Ipv6, _ => null };
        return attribute is not null && i.Attributes.TryGetValue(attribute, out var address) ? new DnsRecord(type, name, ttl, Address: address) : null;
    }

    static DnsRecord? Srv(ServiceInstance i, Namespace zone, DiscoveryService service, string name, int ttl) =>
        InstanceRules.PortOf(i.Attributes.GetValueOrDefault(InstanceRules.Port)) is { } port
            ? new DnsRecord(DnsRecordType.Srv, name, ttl, Target: $"{i.Id}.{service.Name}.{zone.Name}", Port: port)
            : null;

    /// <summary>Up to <paramref name="count"/> records in random order (a partial Fisher–Yates shuffle).</summary>
    static List<DnsRecord> Choose(List<DnsRecord> records, int count, Random random)
    {
        lock (random)
        {
            for (var i = 0; i < Math.Min(count, records.Count); i++)
            {
                var j = random.Next(i, records.Count);
                (records[i], records[j]) = (records[j], records[i]);
            }
        }
        return records.Count > count ? records[..count] : records;
    }
}
