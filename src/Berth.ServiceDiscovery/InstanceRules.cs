using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using static Berth.ServiceDiscovery.DiscoveryErrors;

namespace Berth.ServiceDiscovery;

/// <summary>
/// An instance's id and attributes as RegisterInstance checks them: the model's patterns and sizes, the reserved
/// <c>AWS_</c> attributes' values, and the ones the service's DNS records need (A: AWS_INSTANCE_IPV4, AAAA:
/// AWS_INSTANCE_IPV6, SRV: AWS_INSTANCE_PORT and an address for the SRV target's own record).
/// </summary>
static partial class InstanceRules
{
    public const string Ipv4 = "AWS_INSTANCE_IPV4";
    public const string Ipv6 = "AWS_INSTANCE_IPV6";
    public const string Port = "AWS_INSTANCE_PORT";
    public const string InitHealth = "AWS_INIT_HEALTH_STATUS";
    public const int MaxAttributes = 30;

    /// <summary>AWS_ attributes Berth cannot honour (alias records, CNAMEs, EC2 instances), with why.</summary>
    static readonly Dictionary<string, string> Unsupported = new(StringComparer.Ordinal)
    {
        ["AWS_ALIAS_DNS_NAME"] = "alias records to load balancers are Route 53 records Berth's resolver does not serve",
        ["AWS_INSTANCE_CNAME"] = "CNAME records are not supported (services have A, AAAA and SRV records)",
        ["AWS_EC2_INSTANCE_ID"] = "Berth has no EC2 instances",
    };

    public static string InstanceId(string? id)
    {
        Required(id, "InstanceId", 64);
        return IdPattern().IsMatch(id!)
            ? id!
            : throw Invalid($"InstanceId '{id}' is not valid: use 1 to 64 letters, digits and the characters _/:.@-.");
    }

    /// <summary>The attributes to keep and the instance's first health (HEALTHY unless AWS_INIT_HEALTH_STATUS says otherwise; null without custom health).</summary>
    public static (Dictionary<string, string> Attributes, string? Health) Check(Dictionary<string, string?>? attributes, DiscoveryService service)
    {
        if (attributes is null)
            throw Invalid("Attributes is required.");
        if (attributes.Count > MaxAttributes)
            throw Invalid($"An instance can have at most {MaxAttributes} attributes; {attributes.Count} given.");
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            if (key.Length is 0 or > 255 || !KeyPattern().IsMatch(key))
                throw Invalid($"Attribute key '{key}' is not valid: use 1 to 255 printable ASCII characters without spaces.");
            if (value is null || value.Length > 1024 || !ValuePattern().IsMatch(value))
                throw Invalid($"The value of attribute {key} is not valid: use up to 1024 printable ASCII characters (inner spaces allowed).");
            if (Unsupported.TryGetValue(key, out var why))
                throw Invalid($"Attribute {key} is not supported: {why}.");
            kept[key] = value;
        }
        string? health = null;
        if (kept.TryGetValue(InitHealth, out var init))
        {
            if (!service.CustomHealth)
                throw Invalid($"{InitHealth} applies only to services with HealthCheckCustomConfig; service {service.Id} has none.");
            health = init is ServiceInstance.Healthy or ServiceInstance.Unhealthy
                ? init
                : throw Invalid($"{InitHealth} must be HEALTHY or UNHEALTHY, not '{init}'.");
        }
        CheckReserved(kept, service);
        return (kept, service.CustomHealth ? health ?? ServiceInstance.Healthy : null);
    }

    static void CheckReserved(Dictionary<string, string> a, DiscoveryService service)
    {
        if (a.TryGetValue(Ipv4, out var v4) && !IsAddress(v4, AddressFamily.InterNetwork))
            throw Invalid($"{Ipv4} '{v4}' is not an IPv4 address (such as 192.0.2.44).");
        if (a.TryGetValue(Ipv6, out var v6) && !IsAddress(v6, AddressFamily.InterNetworkV6))
            throw Invalid($"{Ipv6} '{v6}' is not an IPv6 address (such as 2001:0db8:85a3::8a2e:0370:7334).");
        if (a.TryGetValue(Port, out var port) && PortOf(port) is null)
            throw Invalid($"{Port} '{port}' is not a port (1 to 65535).");
        if (service.Dns is not { } dns)
            return;
        if (dns.Of(ServiceDnsRules.A) is not null && v4 is null)
            throw Invalid($"Service {service.Id} has an A record: register the instance with {Ipv4}.");
        if (dns.Of(ServiceDnsRules.Aaaa) is not null && v6 is null)
            throw Invalid($"Service {service.Id} has an AAAA record: register the instance with {Ipv6}.");
        if (dns.Of(ServiceDnsRules.Srv) is not null)
        {
            if (port is null)
                throw Invalid($"Service {service.Id} has an SRV record: register the instance with {Port}.");
            if (v4 is null && v6 is null)
                throw Invalid($"Service {service.Id} has an SRV record: register the instance with {Ipv4} or {Ipv6}, the address its SRV target name resolves to.");
        }
    }

    public static int? PortOf(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535 ? p : null;

    static bool IsAddress(string value, AddressFamily family) =>
        IPAddress.TryParse(value, out var ip) && ip.AddressFamily == family
        && (family != AddressFamily.InterNetwork || value.Split('.').Length == 4) && !value.Contains('%');

    [GeneratedRegex("^[0-9a-zA-Z_/:.@-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[!-~]+$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^([!-~][ \t!-~]*)?[!-~]?$")]
    private static partial Regex ValuePattern();
}
