using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Cli.Manifest;

/// <summary>
/// Reads berth.yml into a <see cref="ServiceManifest"/>: fills Copilot's defaults and refuses anything it cannot
/// deploy with one line naming the file and the field (<c>berth.yml: port: "eighty" is not a port number</c>).
/// Walks the YAML tree by hand rather than deserializing so every error can say which field is wrong.
/// </summary>
static partial class ManifestReader
{
    static readonly int[] FargateCpu = [256, 512, 1024, 2048, 4096, 8192, 16384];

    public static ServiceManifest ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"No {Path.GetFileName(path)} in {Path.GetDirectoryName(Path.GetFullPath(path))}: run `berth init` first to write one.");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static ServiceManifest Parse(string yaml, string file = ServiceManifest.FileName)
    {
        var f = new Fields(file);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? new YamlMappingNode()
                : stream.Documents[0].RootNode as YamlMappingNode ?? throw f.Error("", "the manifest must be a mapping of fields (name: ..., port: ...)");
        }
        catch (YamlException e)
        {
            throw new CliException($"{file}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}");
        }

        f.Known(root, "", "name", "type", "image", "port", "cpu", "memory", "count", "http", "variables", "secrets", "exec", "logging", "cluster", "exec_role", "task_role");
        var name = f.Required(root, "name");
        if (!ServiceName().IsMatch(name))
            throw f.Error("name", $"\"{name}\" is not a service name (lowercase letters, digits and hyphens, starting with a letter, at most 28 characters)");
        var type = f.String(root, "type") ?? ServiceManifest.LoadBalancedWebService;
        if (type != ServiceManifest.LoadBalancedWebService)
            throw f.Error("type", $"\"{type}\" is not supported: berth deploys a \"{ServiceManifest.LoadBalancedWebService}\"");

        var cpu = f.Int(root, "cpu") ?? 256;
        if (!FargateCpu.Contains(cpu))
            throw f.Error("cpu", $"{cpu} is not a Fargate CPU size (one of {string.Join(", ", FargateCpu)} CPU units)");
        var memory = f.Int(root, "memory") ?? cpu * 2;
        if (memory < 512)
            throw f.Error("memory", $"{memory} is too little: at least 512 MiB");

        var cluster = f.String(root, "cluster") ?? "default";
        if (!ClusterName().IsMatch(cluster))
            throw f.Error("cluster", $"\"{cluster}\" is not a cluster name (letters, digits and hyphens, at most 26 characters)");

        var port = f.Port(root, "port") ?? throw f.Error("port", "is missing: the port your container listens on (e.g. port: 8080)");
        var manifest = new ServiceManifest
        {
            Name = name,
            Type = type,
            Image = ReadImage(f, root),
            Port = port,
            Cpu = cpu,
            Memory = memory,
            Count = ReadCount(f, root),
            Http = ReadHttp(f, root),
            Variables = f.Map(root, "variables"),
            Secrets = ReadSecrets(f, root),
            Exec = f.Bool(root, "exec") ?? false,
            Logging = ReadLogging(f, root),
            Cluster = cluster,
            ExecutionRole = Role(f, root, "exec_role"),
            TaskRole = Role(f, root, "task_role"),
        };
        return manifest;
    }

    /// <summary>
    /// NAME: an SSM parameter's name or ARN, or a Secrets Manager secret's ARN (with ECS's <c>:json-key:stage:id</c>
    /// suffix); or, as Copilot writes it, NAME: {secretsmanager: SECRET-NAME[:json-key:stage:id]}.
    /// </summary>
    static IReadOnlyDictionary<string, string> ReadSecrets(Fields f, YamlMappingNode root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (f.Mapping(root, "secrets") is not { } map)
            return result;
        foreach (var (k, v) in map.Children)
        {
            var name = (k as YamlScalarNode)?.Value ?? "";
            var field = $"secrets.{name}";
            if (!EnvName().IsMatch(name))
                throw f.Error(field, "is not an environment variable name (letters, digits and underscores, not starting with a digit)");
            string from;
            if (v is YamlMappingNode m)
            {
                f.Known(m, field, "secretsmanager");
                var secret = f.Required(m, "secretsmanager", field);
                if (secret.StartsWith("arn:", StringComparison.Ordinal))
                    throw f.Error($"{field}.secretsmanager", "is the secret's name (an ARN goes straight under the variable: NAME: arn:aws:secretsmanager:...)");
                from = ServiceManifest.SecretsManagerPrefix + secret;
            }
            else if (v is YamlScalarNode s)
                from = f.NonEmpty(s, field);
            else
                throw f.Error(field, "must be an SSM parameter (name or ARN), a Secrets Manager ARN, or {secretsmanager: NAME}");
            if (from.Any(char.IsWhiteSpace))
                throw f.Error(field, $"\"{from}\" contains white space");
            result[name] = from;
        }
        return result;
    }

    /// <summary>An IAM role by name (<c>my-role</c>, <c>path/my-role</c>) or ARN (<c>arn:aws:iam::ACCOUNT:role/my-role</c>).</summary>
    static string? Role(Fields f, YamlMappingNode root, string key)
    {
        var role = f.String(root, key);
        if (role is null)
            return null;
        if (role.StartsWith("arn:", StringComparison.Ordinal) ? !RoleArn().IsMatch(role) : !RoleName().IsMatch(role))
            throw f.Error(key, $"\"{role}\" is not an IAM role name or ARN (arn:aws:iam::ACCOUNT:role/NAME)");
        return role;
    }

    static ImageSpec ReadImage(Fields f, YamlMappingNode root)
    {
        var image = f.Mapping(root, "image") ?? throw f.Error("image", "is missing: give image.build (a Dockerfile) or image.location (an existing image)");
        f.Known(image, "image", "build", "location");
        var location = f.String(image, "location", "image");
        BuildSpec? build = null;
        if (f.Node(image, "build") is YamlScalarNode s)
            build = new BuildSpec(f.NonEmpty(s, "image.build"), Path.GetDirectoryName(f.NonEmpty(s, "image.build")) is { Length: > 0 } d ? d : ".");
        else if (f.Mapping(image, "build", "image") is { } b)
        {
            f.Known(b, "image.build", "dockerfile", "context", "args");
            var dockerfile = f.String(b, "dockerfile", "image.build") ?? "Dockerfile";
            build = new BuildSpec(dockerfile, f.String(b, "context", "image.build") ?? (Path.GetDirectoryName(dockerfile) is { Length: > 0 } d ? d : "."))
            {
                Args = f.Map(b, "args", "image.build"),
            };
        }
        if ((build is null) == (location is null))
            throw f.Error("image", "needs exactly one of build (a Dockerfile to build) or location (an existing image)");
        return new ImageSpec { Build = build, Location = location };
    }

    static CountSpec ReadCount(Fields f, YamlMappingNode root)
    {
        var node = f.Node(root, "count");
        if (node is null)
            return new CountSpec();
        if (node is YamlScalarNode)
        {
            var n = f.Int(root, "count")!.Value;
            if (n < 0)
                throw f.Error("count", $"{n} is not a task count (0 or more)");
            return new CountSpec { Desired = n };
        }
        var m = f.Mapping(root, "count")!;
        f.Known(m, "count", "range", "cpu_percentage", "memory_percentage");
        var rangeText = f.String(m, "range", "count") ?? throw f.Error("count.range", "is missing (e.g. range: 1-4)");
        var match = RangePattern().Match(rangeText);
        var min = 0;
        var max = 0;
        if (!match.Success || !int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out min)
            || !int.TryParse(match.Groups[2].Value, CultureInfo.InvariantCulture, out max) || min > max || max == 0)
            throw f.Error("count.range", $"\"{rangeText}\" is not a range like 1-4 (min-max, min at most max)");
        var cpu = Percentage(f, m, "cpu_percentage");
        var memory = Percentage(f, m, "memory_percentage");
        if (cpu is null && memory is null)
            cpu = 70;
        return new CountSpec { Desired = min, Range = new ScalingRange(min, max), CpuPercentage = cpu, MemoryPercentage = memory };
    }

    static int? Percentage(Fields f, YamlMappingNode m, string key)
    {
        var v = f.Int(m, key, "count");
        if (v is < 1 or > 100)
            throw f.Error($"count.{key}", $"{v} is not a percentage (1-100)");
        return v;
    }

    static HttpSpec ReadHttp(Fields f, YamlMappingNode root)
    {
        var http = f.Mapping(root, "http");
        if (http is null)
            return new HttpSpec();
        f.Known(http, "http", "path", "listener_port", "deregistration_delay", "healthcheck");
        var path = f.String(http, "path", "http") ?? "/";
        if (!path.StartsWith('/') || path.Contains('*') || path.Contains(' '))
            throw f.Error("http.path", $"\"{path}\" is not a path (it starts with / and has no spaces or wildcards)");
        var health = new HealthCheckSpec();
        if (f.Node(http, "healthcheck") is YamlScalarNode)
            health = health with { Path = f.String(http, "healthcheck", "http")! };
        else if (f.Mapping(http, "healthcheck", "http") is { } h)
        {
            f.Known(h, "http.healthcheck", "path", "healthy_threshold", "unhealthy_threshold", "interval", "timeout");
            health = new HealthCheckSpec
            {
                Path = f.String(h, "path", "http.healthcheck") ?? "/",
                HealthyThreshold = Bounded(f, h, "healthy_threshold", 2, 2, 10),
                UnhealthyThreshold = Bounded(f, h, "unhealthy_threshold", 2, 2, 10),
                IntervalSeconds = f.Seconds(h, "interval", "http.healthcheck") ?? 10,
                TimeoutSeconds = f.Seconds(h, "timeout", "http.healthcheck") ?? 5,
            };
        }
        if (!health.Path.StartsWith('/'))
            throw f.Error("http.healthcheck.path", $"\"{health.Path}\" is not a path (it starts with /)");
        if (health.IntervalSeconds is < 5 or > 300)
            throw f.Error("http.healthcheck.interval", $"{health.IntervalSeconds}s is out of range (5s to 300s)");
        if (health.TimeoutSeconds < 2 || health.TimeoutSeconds >= health.IntervalSeconds)
            throw f.Error("http.healthcheck.timeout", $"{health.TimeoutSeconds}s must be at least 2s and shorter than the interval ({health.IntervalSeconds}s)");
        var delay = f.Seconds(http, "deregistration_delay", "http") ?? 15;
        if (delay > 3600)
            throw f.Error("http.deregistration_delay", $"{delay}s is out of range (0s to 3600s)");
        return new HttpSpec { Path = path, ListenerPort = f.Port(http, "listener_port", "http") ?? 80, DeregistrationDelaySeconds = delay, HealthCheck = health };
    }

    static int Bounded(Fields f, YamlMappingNode m, string key, int fallback, int min, int max)
    {
        var v = f.Int(m, key, "http.healthcheck") ?? fallback;
        if (v < min || v > max)
            throw f.Error($"http.healthcheck.{key}", $"{v} is out of range ({min} to {max})");
        return v;
    }

    static LoggingSpec ReadLogging(Fields f, YamlMappingNode root)
    {
        var logging = f.Mapping(root, "logging");
        if (logging is null)
            return new LoggingSpec();
        f.Known(logging, "logging", "group", "stream_prefix");
        return new LoggingSpec { Group = f.String(logging, "group", "logging"), StreamPrefix = f.String(logging, "stream_prefix", "logging") ?? "berth" };
    }

    // Short enough that "<cluster>-<name>" fits a 32-character target group name.
    [GeneratedRegex("^[a-z][a-z0-9-]{0,27}$")]
    private static partial Regex ServiceName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,25}$")]
    private static partial Regex ClusterName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleArn();

    [GeneratedRegex(@"^([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")]
    private static partial Regex RoleName();

    [GeneratedRegex(@"^\s*(\d+)\s*-\s*(\d+)\s*$")]
    private static partial Regex RangePattern();
}
