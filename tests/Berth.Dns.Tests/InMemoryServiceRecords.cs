using Berth.Kernel.Networking;

namespace Berth.Dns.Tests;

/// <summary>
/// Cloud Map's records as the resolver sees them, held in memory: namespaces (optionally visible to one VPC only) and
/// their records. Stands in for the service discovery module until it lands; it follows the contract's rules.
/// </summary>
internal sealed class InMemoryServiceRecords : IServiceRecords
{
    readonly List<(string Zone, string? VpcId, int NegativeTtl)> _zones = [];
    readonly List<DnsRecord> _records = [];

    public InMemoryServiceRecords Zone(string zone, string? vpcId = null, int negativeTtl = 15)
    {
        _zones.Add((zone, vpcId, negativeTtl));
        return this;
    }

    public InMemoryServiceRecords Add(DnsRecord record)
    {
        lock (_records)
            _records.Add(record);
        return this;
    }

    public Task<DnsAnswer?> LookupAsync(string name, DnsRecordType type, string? vpcId, CancellationToken ct)
    {
        var zone = _zones.Where(z => (vpcId is null || z.VpcId is null || z.VpcId == vpcId)
                && (name.Equals(z.Zone, StringComparison.OrdinalIgnoreCase) || name.EndsWith("." + z.Zone, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(z => z.Zone.Length).FirstOrDefault();
        if (zone.Zone is null)
            return Task.FromResult<DnsAnswer?>(null);
        List<DnsRecord> named;
        lock (_records)
            named = _records.Where(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
        var exists = named.Count > 0 || name.Equals(zone.Zone, StringComparison.OrdinalIgnoreCase);
        return Task.FromResult<DnsAnswer?>(new DnsAnswer(exists, named.Where(r => r.Type == type).ToList(), zone.Zone, zone.NegativeTtl));
    }
}
