using System.Net;

namespace Berth.Server;

/// <summary>berthd's configuration, from BERTH_* environment variables (see the README), checked at start.</summary>
public sealed record BerthOptions
{
    public required string DataDirectory { get; init; }
    public int Port { get; init; } = 4566;
    public string Listen { get; init; } = "0.0.0.0";
    public string AccountId { get; init; } = "000000000000";
    public string Region { get; init; } = "us-east-1";
    public string Subnet { get; init; } = "10.89.0.0/16";
    public string DockerSocket { get; init; } = "/var/run/docker.sock";
    /// <summary>The HAProxy binary that carries load-balancer traffic (BERTH_HAPROXY).</summary>
    public string Haproxy { get; init; } = "haproxy";
    /// <summary>host[:port] in repositoryUri; docker treats localhost registries as insecure, so plain HTTP works there.</summary>
    public string? RegistryHost { get; init; }
    /// <summary>The address load balancer listeners bind (BERTH_LB_LISTEN).</summary>
    public string LbListen { get; init; } = "0.0.0.0";
    /// <summary>The domain load balancer DNS names end with (BERTH_LB_DOMAIN).</summary>
    public string LbDomain { get; init; } = "elb.localhost";
    /// <summary>How often tasks and load balancers are measured (BERTH_METRICS_INTERVAL, seconds).</summary>
    public TimeSpan MetricsInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long metric points are kept (BERTH_METRICS_RETENTION, hours).</summary>
    public TimeSpan MetricsRetention { get; init; } = TimeSpan.FromDays(3);
    /// <summary>How often CloudWatch alarms are evaluated (BERTH_ALARM_EVALUATION_SECONDS).</summary>
    public TimeSpan AlarmEvaluationInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>The period in seconds of the alarms target tracking policies create (BERTH_TARGET_TRACKING_PERIOD; AWS uses 60).</summary>
    public int TargetTrackingPeriod { get; init; } = 60;
    /// <summary>Where the task metadata endpoint listens (BERTH_METADATA_LISTEN: auto, off or address[:port]).</summary>
    public TaskMetadata.MetadataListen MetadataListen { get; init; } = TaskMetadata.MetadataListen.Auto;
    /// <summary>The task DNS resolver's port (BERTH_DNS_PORT: a port, or off); null when it is off.</summary>
    public int? DnsPort { get; init; } = 53;
    public string? RootAccessKeyId { get; init; }
    public string? RootSecretAccessKey { get; init; }

    public static BerthOptions FromEnvironment(Func<string, string?> env)
    {
        var o = new BerthOptions
        {
            DataDirectory = Path.GetFullPath(env("BERTH_DATA_DIR") ?? Path.Combine(Environment.CurrentDirectory, ".berth")),
            RootAccessKeyId = NullIfEmpty(env("BERTH_ROOT_ACCESS_KEY_ID")),
            RootSecretAccessKey = NullIfEmpty(env("BERTH_ROOT_SECRET_ACCESS_KEY")),
        };
        if (env("BERTH_PORT") is { Length: > 0 } port)
            o = o with { Port = int.TryParse(port, out var p) && p is > 0 and < 65536 ? p : throw Invalid("BERTH_PORT", port, "a TCP port number") };
        if (env("BERTH_LISTEN") is { Length: > 0 } listen)
            o = o with { Listen = IPAddress.TryParse(listen, out _) ? listen : throw Invalid("BERTH_LISTEN", listen, "an IP address such as 127.0.0.1") };
        if (env("BERTH_ACCOUNT_ID") is { Length: > 0 } account)
            o = o with { AccountId = account.Length == 12 && account.All(char.IsAsciiDigit) ? account : throw Invalid("BERTH_ACCOUNT_ID", account, "12 digits") };
        if (env("BERTH_REGION") is { Length: > 0 } region)
            o = o with { Region = region };
        if (env("BERTH_SUBNET") is { Length: > 0 } subnet)
            o = o with { Subnet = IPNetwork.TryParse(subnet, out _) ? subnet : throw Invalid("BERTH_SUBNET", subnet, "a CIDR block such as 10.89.0.0/16") };
        if (env("BERTH_REGISTRY_HOST") is { Length: > 0 } registry)
            o = o with { RegistryHost = registry };
        if (env("BERTH_DOCKER_SOCKET") is { Length: > 0 } socket)
            o = o with { DockerSocket = socket };
        if (env("BERTH_LB_LISTEN") is { Length: > 0 } lbListen)
            o = o with { LbListen = IPAddress.TryParse(lbListen, out _) ? lbListen : throw Invalid("BERTH_LB_LISTEN", lbListen, "an IP address such as 0.0.0.0") };
        if (env("BERTH_LB_DOMAIN") is { Length: > 0 } lbDomain)
            o = o with { LbDomain = Uri.CheckHostName(lbDomain) == UriHostNameType.Dns ? lbDomain.TrimEnd('.').ToLowerInvariant() : throw Invalid("BERTH_LB_DOMAIN", lbDomain, "a DNS domain such as elb.localhost") };
        if (env("BERTH_METRICS_INTERVAL") is { Length: > 0 } interval)
            o = o with { MetricsInterval = int.TryParse(interval, out var i) && i is >= 1 and <= 300 ? TimeSpan.FromSeconds(i) : throw Invalid("BERTH_METRICS_INTERVAL", interval, "seconds from 1 to 300") };
        if (env("BERTH_METRICS_RETENTION") is { Length: > 0 } retention)
            o = o with { MetricsRetention = int.TryParse(retention, out var h) && h is >= 1 and <= 24 * 455 ? TimeSpan.FromHours(h) : throw Invalid("BERTH_METRICS_RETENTION", retention, "hours from 1 to 10920") };
        if (env("BERTH_ALARM_EVALUATION_SECONDS") is { Length: > 0 } evaluation)
            o = o with { AlarmEvaluationInterval = int.TryParse(evaluation, out var ev) && ev is >= 1 and <= 3600 ? TimeSpan.FromSeconds(ev) : throw Invalid("BERTH_ALARM_EVALUATION_SECONDS", evaluation, "seconds from 1 to 3600") };
        if (env("BERTH_HAPROXY") is { Length: > 0 } haproxy)
            o = o with { Haproxy = haproxy };
        if (env("BERTH_TARGET_TRACKING_PERIOD") is { Length: > 0 } ttPeriod)
            o = o with { TargetTrackingPeriod = int.TryParse(ttPeriod, out var tp) && tp is >= 1 and <= 86400 ? tp : throw Invalid("BERTH_TARGET_TRACKING_PERIOD", ttPeriod, "a number of seconds from 1 to 86400") };
        if (env("BERTH_METADATA_LISTEN") is { Length: > 0 } metadata)
            o = o with { MetadataListen = TaskMetadata.MetadataListen.TryParse(metadata, out var m) ? m : throw Invalid("BERTH_METADATA_LISTEN", metadata, "auto, off, or an IPv4 address with an optional port such as 169.254.170.2:51679") };
        if (env("BERTH_DNS_PORT") is { Length: > 0 } dnsPort)
            o = o with { DnsPort = dnsPort.Equals("off", StringComparison.OrdinalIgnoreCase) ? null : int.TryParse(dnsPort, out var dp) && dp is > 0 and < 65536 ? dp : throw Invalid("BERTH_DNS_PORT", dnsPort, "a port number from 1 to 65535, or off") };
        if ((o.RootAccessKeyId is null) != (o.RootSecretAccessKey is null))
            throw new InvalidOperationException("Set both BERTH_ROOT_ACCESS_KEY_ID and BERTH_ROOT_SECRET_ACCESS_KEY, or neither (then credentials are generated).");
        return o;
    }

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    static InvalidOperationException Invalid(string name, string value, string expected) =>
        new($"{name}={value} is not valid: expected {expected}.");
}
