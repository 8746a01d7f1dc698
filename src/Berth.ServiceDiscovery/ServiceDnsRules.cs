using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;

namespace Berth.ServiceDiscovery;

/// <summary>
/// A service's DNS configuration as Cloud Map allows it: MULTIVALUE (default) or WEIGHTED routing, one record of each type
/// at most among A, AAAA and SRV, each with a TTL of 0 to 2^31−1 seconds. CNAME is refused: Berth's resolver does not
/// serve CNAME records yet. Route 53 health checks (HealthCheckConfig) are refused: there is no checker to run them.
/// </summary>
static class ServiceDnsRules
{
    public const string A = "A";
    public const string Aaaa = "AAAA";
    public const string Srv = "SRV";
    public const string Cname = "CNAME";

    public static ServiceDns Create(DnsConfigInput config) =>
        new()
        {
            RoutingPolicy = OneOf(config.RoutingPolicy, "DnsConfig.RoutingPolicy", ServiceDns.Multivalue, ServiceDns.Weighted) ?? ServiceDns.Multivalue,
            Records = Records(config.DnsRecords, "DnsConfig.DnsRecords"),
        };

    /// <summary>UpdateService may change the records' TTLs, not which records the service has (as in Cloud Map).</summary>
    public static ServiceDns Change(ServiceDns current, DnsConfigChange change, string serviceId)
    {
        var records = Records(change.DnsRecords, "Service.DnsConfig.DnsRecords");
        var have = current.Records.Select(r => r.Type).Order(StringComparer.Ordinal);
        if (!have.SequenceEqual(records.Select(r => r.Type).Order(StringComparer.Ordinal)))
        {
            throw Invalid($"Service {serviceId} has DNS records of type {string.Join(", ", current.Records.Select(r => r.Type))}: " +
                "UpdateService changes their TTLs, not their types. Create a new service for other record types.");
        }
        return current with { Records = records };
    }

    public static void RefuseHealthCheck(HealthCheckConfigInput? config)
    {
        if (config is not null)
        {
            throw Invalid("HealthCheckConfig (Route 53 health checks) is not supported: Berth runs no Route 53 health checkers. " +
                "Use HealthCheckCustomConfig and report health with UpdateInstanceCustomHealthStatus (ECS does so for its tasks).");
        }
    }

    public static bool CustomHealth(HealthCheckCustomConfigShape? config)
    {
        if (config?.FailureThreshold is { } t && (t < 1 || t > 10))
            throw Invalid("HealthCheckCustomConfig.FailureThreshold must be between 1 and 10 (Cloud Map always uses 1).");
        return config is not null;
    }

    static List<ServiceDnsRecord> Records(List<DnsRecordShape?>? records, string member)
    {
        if (records is not { Count: > 0 })
            throw Invalid($"{member} is required: one record of type A, AAAA or SRV at least.");
        var list = new List<ServiceDnsRecord>();
        foreach (var r in records)
        {
            var type = OneOf(Required(r?.Type, $"{member}.Type", 5), $"{member}.Type", Srv, A, Aaaa, Cname)!;
            if (type == Cname)
                throw Invalid("CNAME records are not supported: Berth's task resolver answers A, AAAA and SRV records. Register instances with AWS_INSTANCE_IPV4/IPV6 instead.");
            var ttl = r!.TTL ?? throw Invalid($"{member}.TTL is required.");
            if (ttl is < 0 or > int.MaxValue)
                throw Invalid($"{member}.TTL must be between 0 and {int.MaxValue} seconds.");
            if (list.Any(x => x.Type == type))
                throw Invalid($"{member} has two records of type {type}: give each type once.");
            list.Add(new ServiceDnsRecord(type, ttl));
        }
        return list;
    }
}
