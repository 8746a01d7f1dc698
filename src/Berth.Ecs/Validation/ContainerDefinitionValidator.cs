using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Logs;

namespace Berth.Ecs.Validation;

/// <summary>
/// One container definition, checked against what Fargate allows (or, for an EC2 definition, what ECS allows on EC2:
/// privileged containers, any log driver, Linux devices, links in bridge mode), returned with defaults filled in.
/// </summary>
public static class ContainerDefinitionValidator
{
    static readonly HashSet<string> UlimitNames =
    [
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack",
    ];

    static readonly HashSet<string> LogDrivers =
    [
        "awslogs", "awsfirelens", "fluentd", "gelf", "journald", "json-file", "logentries", "splunk", "syslog",
    ];

    public static ContainerDefinition Normalize(ContainerDefinition input, string networkMode, bool fargate = true)
    {
        // Copies deep enough that filling in defaults never changes the caller's objects.
        var c = input with { PortMappings = input.PortMappings?.Select(p => p with { }).ToList() };
        Names.RequireName(c.Name, "Container name");
        var who = $"Container '{c.Name}'";
        if (string.IsNullOrWhiteSpace(c.Image))
            throw AwsException.Client($"{who}: image cannot be blank. Name an image such as \"nginx:latest\" or a repositoryUri with a tag.");
        if (c.Image.Length > 255 || c.Image.Any(char.IsWhiteSpace))
            throw AwsException.Client($"{who}: image '{c.Image}' is not a valid image reference.");
        if (c.Cpu < 0)
            throw AwsException.Client($"{who}: cpu must not be negative.");
        if (c.Memory is < 6)
            throw AwsException.Client($"{who}: the 'memory' parameter must be at least 6 MiB.");
        if (c.MemoryReservation is < 6)
            throw AwsException.Client($"{who}: the 'memoryReservation' parameter must be at least 6 MiB.");
        if (c.Memory is { } mem && c.MemoryReservation is { } res && res > mem)
            throw AwsException.Client($"{who}: memoryReservation ({res}) must be less than or equal to memory ({mem}).");
        if (fargate && c.Privileged == true)
            throw AwsException.Client($"{who}: privileged containers are not supported on Fargate. Remove \"privileged\".");
        if (c.StopTimeout is < 2 or > 120)
            throw AwsException.Client($"{who}: stopTimeout must be between 2 and 120 seconds on Fargate.");
        if (c.StartTimeout is < 2)
            throw AwsException.Client($"{who}: startTimeout must be at least 2 seconds.");
        if (c.Environment?.Any(e => string.IsNullOrEmpty(e.Name)) == true)
            throw AwsException.Client($"{who}: every environment variable needs a name.");

        if (networkMode == "awsvpc" && c.Hostname is not null)
            throw AwsException.Client($"{who}: the hostname parameter is not supported with the awsvpc network mode. Remove \"hostname\".");
        if (c.Links is { Count: > 0 } && networkMode != "bridge")
            throw AwsException.Client($"{who}: links are not supported with the {networkMode} network mode; containers of a task reach each other on localhost.");
        CheckPorts(c, who, networkMode);
        c.HealthCheck = NormalizeHealthCheck(c.HealthCheck, who);
        if (fargate)
        {
            CheckLogConfiguration(c.LogConfiguration, who);
            CheckLinuxParameters(c.LinuxParameters, who);
        }
        else if (c.LogConfiguration is { } lc && (lc.LogDriver is null || !LogDrivers.Contains(lc.LogDriver)))
            throw AwsException.Client($"{who}: log driver '{lc.LogDriver}' is not valid. Valid values: {string.Join(", ", LogDrivers)}.");
        SecretsValidator.CheckContainer(c, who);
        CheckUlimits(c.Ulimits, who);
        CheckDns(c, who);
        return c;
    }

    /// <summary>
    /// dnsServers and dnsSearchDomains become the container's resolv.conf, where a C library reads at most three
    /// nameservers and six search domains (MAXNS, MAXDNSRCH); more would be silently ignored, so they are refused.
    /// </summary>
    static void CheckDns(ContainerDefinition c, string who)
    {
        const int MaxServers = 3, MaxSearchDomains = 6;
        if (c.DnsServers is { } servers)
        {
            if (servers.Count > MaxServers)
                throw AwsException.Client($"{who}: dnsServers lists {servers.Count} servers; a container's resolv.conf uses at most {MaxServers}.");
            foreach (var server in servers)
            {
                if (string.IsNullOrEmpty(server) || !System.Net.IPAddress.TryParse(server, out var ip) || ip.ToString() != server && !IsFullFormIpv6(server, ip))
                    throw AwsException.Client($"{who}: dnsServers entry '{server}' is not an IPv4 or IPv6 address.");
            }
        }
        if (c.DnsSearchDomains is { } domains)
        {
            if (domains.Count > MaxSearchDomains)
                throw AwsException.Client($"{who}: dnsSearchDomains lists {domains.Count} domains; a container's resolv.conf uses at most {MaxSearchDomains}.");
            foreach (var domain in domains)
            {
                // The ECS API reference's pattern: ^[a-zA-Z0-9-.]{0,253}[a-zA-Z0-9]$
                if (string.IsNullOrEmpty(domain) || domain.Length > 254 || !domain.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.') || !char.IsAsciiLetterOrDigit(domain[^1]))
                    throw AwsException.Client($"{who}: dnsSearchDomains entry '{domain}' is not a domain name (letters, digits, '-' and '.', ending in a letter or digit, at most 254 characters).");
            }
        }
    }

    /// <summary>An IPv6 address written in another valid form than the shortest (e.g. with leading zeros); IPv4 must be dotted-quad as written.</summary>
    static bool IsFullFormIpv6(string text, System.Net.IPAddress ip) =>
        ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal);

    static void CheckPorts(ContainerDefinition c, string who, string networkMode)
    {
        foreach (var p in c.PortMappings ?? [])
        {
            if (p.ContainerPortRange is null && p.ContainerPort is null)
                throw AwsException.Client($"{who}: a port mapping needs containerPort.");
            if (p.ContainerPort is < 1 or > 65535)
                throw AwsException.Client($"{who}: containerPort {p.ContainerPort} is outside 1-65535.");
            if (networkMode == "none")
                throw AwsException.Client($"{who}: port mappings are not supported with the none network mode: its containers have no external connectivity. Remove portMappings or use another network mode.");
            if (networkMode is "awsvpc" or "host" && p.HostPort is { } hp && hp != p.ContainerPort)
                throw AwsException.Client($"{who}: when networkMode={networkMode}, the host ports and container ports in port mappings must match. Remove hostPort or set it to {p.ContainerPort}.");
            if (p.HostPort is < 0 or > 65535)
                throw AwsException.Client($"{who}: hostPort {p.HostPort} is outside 0-65535.");
            p.Protocol ??= "tcp";
            if (p.Protocol is not ("tcp" or "udp"))
                throw AwsException.InvalidParameter($"{who}: protocol '{p.Protocol}' is not valid: use tcp or udp.");
            if (networkMode is "awsvpc" or "host" && p.ContainerPort is { } cp)
                p.HostPort = cp;
        }
    }

    /// <summary>Fills the documented defaults and enforces the documented ranges.</summary>
    public static HealthCheck? NormalizeHealthCheck(HealthCheck? hc, string who)
    {
        if (hc is null)
            return null;
        if (hc.Command is not { Count: > 0 })
            throw AwsException.Client($"{who}: healthCheck.command is required, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"].");
        if (hc.Command[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
            throw AwsException.Client($"{who}: healthCheck.command must start with \"CMD\" or \"CMD-SHELL\".");
        if (hc.Command[0] != "NONE" && hc.Command.Count < 2)
            throw AwsException.Client($"{who}: healthCheck.command needs the command to run after \"{hc.Command[0]}\".");
        var n = hc with
        {
            Interval = hc.Interval ?? 30,
            Timeout = hc.Timeout ?? 5,
            Retries = hc.Retries ?? 3,
            StartPeriod = hc.StartPeriod ?? 0,
        };
        Range(n.Interval!.Value, 5, 300, who, "healthCheck.interval");
        Range(n.Timeout!.Value, 2, 60, who, "healthCheck.timeout");
        Range(n.Retries!.Value, 1, 10, who, "healthCheck.retries", "");
        Range(n.StartPeriod!.Value, 0, 300, who, "healthCheck.startPeriod");
        return n;
    }

    static void Range(int value, int min, int max, string who, string what, string unit = " seconds")
    {
        if (value < min || value > max)
            throw AwsException.Client($"{who}: {what} is {value}; it must be between {min} and {max}{unit}.");
    }

    static void CheckLogConfiguration(LogConfiguration? lc, string who)
    {
        if (lc is null)
            return;
        if (lc.LogDriver != "awslogs")
            throw AwsException.Client($"{who}: log driver '{lc.LogDriver}' is not supported; Berth collects logs with the awslogs driver.");
        var opts = lc.Options ?? [];
        if (!opts.TryGetValue("awslogs-group", out var group) || string.IsNullOrWhiteSpace(group))
            throw AwsException.Client($"{who}: the awslogs log driver needs the option 'awslogs-group' (e.g. \"/ecs/my-app\").");
        if (!opts.TryGetValue("awslogs-stream-prefix", out var prefix) || string.IsNullOrWhiteSpace(prefix))
            throw AwsException.Client($"{who}: Fargate requires the awslogs option 'awslogs-stream-prefix' (e.g. \"ecs\"); streams are named prefix/container-name/task-id.");
        if (opts.TryGetValue("awslogs-create-group", out var create) && create is not ("true" or "false"))
            throw AwsException.Client($"{who}: awslogs-create-group must be \"true\" or \"false\".");
        if (!LogNames.IsValidGroupName(group))
            throw AwsException.Client($"{who}: awslogs-group '{group}' is not a valid log group name.");
    }

    static void CheckLinuxParameters(LinuxParameters? lp, string who)
    {
        if (lp is null)
            return;
        var added = lp.Capabilities?.Add ?? [];
        var bad = added.Where(a => a != "SYS_PTRACE").ToList();
        if (bad.Count > 0)
            throw AwsException.Client($"{who}: Fargate only supports adding the SYS_PTRACE kernel capability; remove {string.Join(", ", bad)} from linuxParameters.capabilities.add.");
        if (lp.Devices is not null)
            throw AwsException.Client($"{who}: linuxParameters.devices is not supported on Fargate.");
        if (lp.MaxSwap is not null || lp.Swappiness is not null)
            throw AwsException.Client($"{who}: linuxParameters.maxSwap and swappiness are not supported on Fargate.");
        if (lp.SharedMemorySize is not null)
            throw AwsException.Client($"{who}: linuxParameters.sharedMemorySize is not supported on Fargate.");
    }

    static void CheckUlimits(List<Ulimit>? ulimits, string who)
    {
        foreach (var u in ulimits ?? [])
        {
            if (u.Name is null || !UlimitNames.Contains(u.Name))
                throw AwsException.Client($"{who}: ulimit name '{u.Name}' is not valid. Valid names: {string.Join(", ", UlimitNames)}.");
            if (u.SoftLimit > u.HardLimit)
                throw AwsException.Client($"{who}: ulimit '{u.Name}' softLimit ({u.SoftLimit}) must not exceed hardLimit ({u.HardLimit}).");
        }
    }
}
