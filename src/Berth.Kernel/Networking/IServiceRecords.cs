namespace Berth.Kernel.Networking;

public enum DnsRecordType
{
    A,
    Aaaa,
    Srv,
}

/// <summary>One answer record: an address (A/AAAA) or a service location (SRV: target host name, port, priority, weight).</summary>
public sealed record DnsRecord(DnsRecordType Type, string Name, int TtlSeconds, string? Address = null, string? Target = null, int Port = 0, int Priority = 1, int Weight = 1);

/// <summary>
/// What a private DNS namespace answers for a name: the records (possibly none, for a name that exists without records
/// of the type asked), or that the name does not exist in the namespace (NXDOMAIN, with the namespace's SOA TTL).
/// </summary>
public sealed record DnsAnswer(bool NameExists, IReadOnlyList<DnsRecord> Records, string Zone, int NegativeTtlSeconds);

/// <summary>
/// Cloud Map's DNS records as the task resolver serves them. Implemented by the service discovery module, served by
/// the resolver adapter on the task networks.
/// </summary>
public interface IServiceRecords
{
    /// <summary>
    /// The answer for <paramref name="name"/> (fully qualified, without the trailing dot, any case) from the private DNS
    /// namespaces visible to <paramref name="vpcId"/> (every namespace when null: the host itself asks); null when no
    /// namespace holds the name, so the resolver forwards the question. Only healthy instances are answered, at most
    /// eight for MULTIVALUE routing, one for WEIGHTED.
    /// </summary>
    Task<DnsAnswer?> LookupAsync(string name, DnsRecordType type, string? vpcId, CancellationToken ct);
}
