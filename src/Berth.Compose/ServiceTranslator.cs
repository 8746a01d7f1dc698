using System.Text.Json.Nodes;
using Berth.Compose.Values;
using Berth.Compose.Yaml;

namespace Berth.Compose;

/// <summary>One compose service → one ECS container definition (as ecs-cli translated it).</summary>
sealed partial class ServiceTranslator(string name, MapNode service, ISet<string> serviceNames, ComposeContext context)
{
    readonly JsonObject _c = new() { ["name"] = name, ["essential"] = true };
    long? _memory, _reservation;
    int? _cpu;

    public ServiceBuild? Build { get; private set; }

    public JsonObject Translate()
    {
        var environment = new List<(string Key, string? Value)>();
        foreach (var (key, value) in service.Entries)
        {
            if (key.StartsWith("x-", StringComparison.Ordinal))
                continue;
            switch (key)
            {
                case "image": _c["image"] = value.Str(key); break;
                case "build": Build = ReadBuild(value); break;
                case "command": _c["command"] = Command(value, key); break;
                case "entrypoint": _c["entryPoint"] = Command(value, key); break;
                case "env_file": environment.InsertRange(0, ReadEnvFiles(value)); break;
                case "environment": environment.AddRange(value.Pairs(key).Select(p => (p.Key, p.Value))); break;
                case "ports": _c["portMappings"] = Ports(value); break;
                case "healthcheck": ReadHealthCheck(value.Map(key)); break;
                case "depends_on": _c["dependsOn"] = DependsOn(value); break;
                case "logging": ReadLogging(value.Map(key)); break;
                case "log_driver": Logging()["logDriver"] = value.Str(key); break;
                case "log_opt": Logging()["options"] = Options(value, key); break;
                case "deploy": ReadDeploy(value.Map(key)); break;
                case "mem_limit": _memory = Memory(value, key); break;
                case "mem_reservation": _reservation = Memory(value, key); break;
                case "cpu_shares": _cpu = value.Int(key, 0); break;
                case "cpus": _cpu = Cpus(value, key); break;
                case "labels": _c["dockerLabels"] = Labels(value, key); break;
                case "working_dir": _c["workingDirectory"] = value.Str(key); break;
                case "user": _c["user"] = value.Str(key); break;
                case "ulimits": _c["ulimits"] = Ulimits(value.Map(key)); break;
                case "read_only": _c["readonlyRootFilesystem"] = value.Bool(key); break;
                case "tty": _c["pseudoTerminal"] = value.Bool(key); break;
                case "stdin_open": _c["interactive"] = value.Bool(key); break;
                case "stop_grace_period": _c["stopTimeout"] = Seconds(value, key); break;
                case "extra_hosts": _c["extraHosts"] = ExtraHosts(value); break;
                case "dns": _c["dnsServers"] = EcsParams.Array(value.Strings(key, single: true)); break;
                case "dns_search": _c["dnsSearchDomains"] = EcsParams.Array(value.Strings(key, single: true)); break;
                case "security_opt": _c["dockerSecurityOptions"] = EcsParams.Array(value.Strings(key)); break;
                case "cap_add": Capabilities()["add"] = EcsParams.Array(value.Strings(key)); break;
                case "cap_drop": Capabilities()["drop"] = EcsParams.Array(value.Strings(key)); break;
                case "init": LinuxParameters()["initProcessEnabled"] = value.Bool(key); break;
                case "privileged":
                    if (value.Bool(key))
                        context.Warn(new("Fargate does not run privileged containers: the option is left out", [new("option name", key), new("service name", name)]));
                    break;
                default: context.Warn(ComposeWarning.Unsupported(key, name)); break;
            }
        }
        if (_c["image"] is null)
        {
            if (Build is null)
                throw service.Error($"service {name} has neither image nor build; name the image to run in image:.");
            _c["image"] = Build.Image;
        }
        if (environment.Count > 0)
            _c["environment"] = Environment(environment);
        ApplyEcsParams();
        if (_c["logConfiguration"] is JsonObject lc && lc["logDriver"]?.GetValue<string>() is { } driver && driver != "awslogs")
        {
            context.Warn(new($"Log driver {driver} is not available: Berth keeps container output with awslogs; logging is left out",
                [new("option name", "logging"), new("service name", name)]));
            _c.Remove("logConfiguration");
        }
        if (_cpu is { } cpu)
            _c["cpu"] = cpu;
        if (_memory is { } m)
            _c["memory"] = m;
        if (_reservation is { } r)
            _c["memoryReservation"] = r;
        return _c;
    }

    ServiceBuild ReadBuild(Node value)
    {
        string? dockerfile = null;
        var args = new Dictionary<string, string>();
        string contextDir;
        if (value is ScalarNode)
        {
            contextDir = value.Str("build");
        }
        else
        {
            var build = value.Map("build");
            contextDir = build["context"]?.Str("build.context") ?? ".";
            dockerfile = build["dockerfile"]?.Str("build.dockerfile");
            if (build["args"] is { } a)
            {
                foreach (var (k, v, _) in a.Pairs("build.args"))
                {
                    if ((v ?? context.Lookup(k)) is { } set)
                        args[k] = set;
                }
            }
            foreach (var other in build.Keys.Except(["context", "dockerfile", "args"]))
                context.Warn(ComposeWarning.Unsupported($"build.{other}", name));
        }
        if (!context.CanBuild)
            throw value.Error("build: is not supported yet; build and push the image, then name it in image:.");
        var image = service["image"]?.Str("image") ?? $"{context.Project}-{name}:latest";
        return new ServiceBuild(name, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(value.File))!, contextDir)), dockerfile, args, image);
    }

    static JsonArray Command(Node value, string what)
    {
        if (value is ScalarNode)
        {
            var text = value.Str(what);
            var words = ShellWords.Split(text) ?? throw value.Error($"{what}: \"{text}\" has a quote that is not closed.");
            return EcsParams.Array(words);
        }
        return EcsParams.Array(value.Strings(what));
    }

    List<(string, string?)> ReadEnvFiles(Node value)
    {
        var result = new List<(string, string?)>();
        var items = value is ScalarNode ? [value] : value.Seq("env_file").Items;
        foreach (var item in items)
        {
            var required = true;
            string path;
            if (item is MapNode m)
            {
                path = (m["path"] ?? throw m.Error("env_file: each entry needs a path.")).Str("env_file.path");
                required = m["required"]?.Bool("env_file.required") ?? true;
            }
            else
            {
                path = item.Str("env_file");
            }
            var full = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(item.File))!, path);
            if (!File.Exists(full))
            {
                if (required)
                    throw item.Error($"env_file: {path} was not found (looked for {full}).");
                continue;
            }
            result.AddRange(EnvFile.Parse(path, File.ReadAllText(full)).Select(p => (p.Key, p.Value)));
        }
        return result;
    }

    JsonArray Environment(List<(string Key, string? Value)> pairs)
    {
        // Later entries win (environment over env_file); a bare name takes its value from the environment, if set.
        var values = new Dictionary<string, string>();
        var order = new List<string>();
        foreach (var (key, value) in pairs)
        {
            if ((value ?? context.Lookup(key)) is not { } v)
                continue;
            if (!values.ContainsKey(key))
                order.Add(key);
            values[key] = v;
        }
        return new JsonArray(order.Select(k => (JsonNode?)new JsonObject { ["name"] = k, ["value"] = values[k] }).ToArray());
    }

    JsonArray Ports(Node value)
    {
        var mappings = new JsonArray();
        foreach (var item in value.Seq("ports").Items)
        {
            var spec = item is MapNode m ? LongPort(m) : PortSpec.Parse(item.Str("ports")) ?? throw item.Error($"ports: \"{item.Str("ports")}\" is not a port; write \"80\", \"8080:80\" or \"53/udp\".");
            if (spec.HostPort is { } host && host != spec.ContainerPort)
            {
                context.Warn(new($"Host port {host} is not used: each task has its own address, where the container's port {spec.ContainerPort} answers",
                    [new("option name", "ports"), new("service name", name)]));
            }
            var mapping = new JsonObject();
            if (spec.ContainerPortEnd is { } end)
                mapping["containerPortRange"] = $"{spec.ContainerPort}-{end}";
            else
                mapping["containerPort"] = spec.ContainerPort;
            mapping["protocol"] = spec.Protocol;
            mappings.Add(mapping);
        }
        return mappings;
    }

    static PortSpec LongPort(MapNode m)
    {
        var targetNode = m["target"] ?? throw m.Error("ports: the long syntax needs target (the container's port).");
        var target = PortSpec.Range(targetNode.Str("ports.target")) ?? throw targetNode.Error($"ports.target: {Reads.Show(targetNode)} is not a port.");
        int? published = null;
        if (m["published"] is ScalarNode { Value: not null } p)
            published = (PortSpec.Range(p.Text) ?? throw p.Error($"ports.published: {Reads.Show(p)} is not a port.")).From;
        var protocol = m["protocol"]?.Str("ports.protocol").ToLowerInvariant() ?? "tcp";
        if (protocol is not ("tcp" or "udp"))
            throw m["protocol"]!.Error($"ports.protocol: \"{protocol}\" is not tcp or udp.");
        return new PortSpec(target.From, target.To == target.From ? null : target.To, published, protocol);
    }

    void ReadHealthCheck(MapNode hc)
    {
        var check = new JsonObject();
        foreach (var (key, value) in hc.Entries)
        {
            switch (key)
            {
                case "test" or "command": check["command"] = HealthCommand(value); break;
                case "interval": check["interval"] = Seconds(value, "healthcheck.interval"); break;
                case "timeout": check["timeout"] = Seconds(value, "healthcheck.timeout"); break;
                case "start_period": check["startPeriod"] = Seconds(value, "healthcheck.start_period"); break;
                case "retries": check["retries"] = value.Int("healthcheck.retries", 0); break;
                case "disable":
                    if (value.Bool("healthcheck.disable"))
                        check["command"] = EcsParams.Array(["NONE"]);
                    break;
                default: context.Warn(ComposeWarning.Unsupported($"healthcheck.{key}", name)); break;
            }
        }
        if (check["command"] is null)
            throw hc.Error("healthcheck: test is missing; write e.g. test: [\"CMD-SHELL\", \"wget -q -O- http://localhost/ || exit 1\"].");
        _c["healthCheck"] = check;
    }

    static JsonArray HealthCommand(Node value)
    {
        if (value is ScalarNode)
            return EcsParams.Array(["CMD-SHELL", value.Str("healthcheck.test")]);
        var words = value.Strings("healthcheck.test");
        if (words.Count == 0 || words[0] is not ("CMD" or "CMD-SHELL" or "NONE"))
            throw value.Error("healthcheck.test: a list must start with \"CMD\", \"CMD-SHELL\" or \"NONE\".");
        return EcsParams.Array(words);
    }

    JsonArray DependsOn(Node value)
    {
        var deps = new JsonArray();
        IEnumerable<(string Service, string Condition, Node At)> entries = value is MapNode m
            ? m.Entries.Select(e => (e.Key, Condition(e.Value), e.Value))
            : value.Seq("depends_on").Items.Select(i => (i.Str("depends_on"), "START", i));
        foreach (var (service, condition, at) in entries)
        {
            if (!serviceNames.Contains(service))
                throw at.Error($"depends_on: service {name} depends on {service}, which is not a service of this file.");
            deps.Add(new JsonObject { ["containerName"] = service, ["condition"] = condition });
        }
        return deps;
    }

    static string Condition(Node value)
    {
        if (value is ScalarNode { Value: null })
            return "START";
        var spec = value.Map("depends_on");
        var condition = spec["condition"];
        return condition?.Str("depends_on.condition") switch
        {
            null or "service_started" => "START",
            "service_healthy" => "HEALTHY",
            "service_completed_successfully" => "SUCCESS",
            var other => throw condition.Error($"depends_on.condition: \"{other}\" is not service_started, service_healthy or service_completed_successfully."),
        };
    }

    void ReadLogging(MapNode logging)
    {
        foreach (var (key, value) in logging.Entries)
        {
            switch (key)
            {
                case "driver": Logging()["logDriver"] = value.Str("logging.driver"); break;
                case "options": Logging()["options"] = Options(value, "logging.options"); break;
                default: context.Warn(ComposeWarning.Unsupported($"logging.{key}", name)); break;
            }
        }
    }

    static JsonObject Options(Node value, string what)
    {
        var options = new JsonObject();
        foreach (var (k, v, at) in value.Pairs(what))
            options[k] = v ?? throw at.Error($"{what}.{k}: needs a value.");
        return options;
    }

    void ReadDeploy(MapNode deploy)
    {
        foreach (var (key, value) in deploy.Entries)
        {
            if (key != "resources")
            {
                context.Warn(ComposeWarning.Unsupported($"deploy.{key}", name));
                continue;
            }
            foreach (var (kind, spec) in value.Map("deploy.resources").Entries)
            {
                if (kind is not ("limits" or "reservations"))
                {
                    context.Warn(ComposeWarning.Unsupported($"deploy.resources.{kind}", name));
                    continue;
                }
                foreach (var (rk, rv) in spec.Map($"deploy.resources.{kind}").Entries)
                {
                    var what = $"deploy.resources.{kind}.{rk}";
                    switch (rk)
                    {
                        case "memory" when kind == "limits": _memory = Memory(rv, what); break;
                        case "memory": _reservation = Memory(rv, what); break;
                        case "cpus" when kind == "limits" || _cpu is null: _cpu = Cpus(rv, what); break;
                        case "cpus": break;
                        default: context.Warn(ComposeWarning.Unsupported(what, name)); break;
                    }
                }
            }
        }
    }

    static long Memory(Node value, string what)
    {
        var text = value.Str(what);
        return Sizes.MiB(text) is > 0 and var mib ? mib
            : throw value.Error($"{what}: \"{text}\" is not a memory size; write e.g. 512m or 1g (at least 1 MiB).");
    }

    static int Cpus(Node value, string what)
    {
        var text = value.Str(what);
        return Sizes.CpusToUnits(text) ?? throw value.Error($"{what}: \"{text}\" is not a number of CPUs; write e.g. 0.5.");
    }

    static int Seconds(Node value, string what)
    {
        var text = value.Str(what);
        return Durations.Seconds(text) ?? throw value.Error($"{what}: \"{text}\" is not a duration; write e.g. 30s, 1m30s or 500ms.");
    }

    static JsonObject Labels(Node value, string what)
    {
        var labels = new JsonObject();
        foreach (var (k, v, _) in value.Pairs(what))
            labels[k] = v ?? "";
        return labels;
    }

    static JsonArray Ulimits(MapNode value)
    {
        var limits = new JsonArray();
        foreach (var (key, spec) in value.Entries)
        {
            int soft, hard;
            if (spec is MapNode m)
            {
                soft = (m["soft"] ?? throw m.Error($"ulimits.{key}: needs soft and hard.")).Int($"ulimits.{key}.soft");
                hard = (m["hard"] ?? throw m.Error($"ulimits.{key}: needs soft and hard.")).Int($"ulimits.{key}.hard");
            }
            else
            {
                soft = hard = spec.Int($"ulimits.{key}");
            }
            limits.Add(new JsonObject { ["name"] = key, ["softLimit"] = soft, ["hardLimit"] = hard });
        }
        return limits;
    }

    static JsonArray ExtraHosts(Node value)
    {
        var hosts = new JsonArray();
        IEnumerable<(string, string, Node)> entries = value is MapNode m
            ? m.Entries.Select(e => (e.Key, e.Value.Str("extra_hosts"), e.Value))
            : value.Seq("extra_hosts").Items.Select(i =>
            {
                var text = i.Str("extra_hosts");
                var cut = text.IndexOfAny(['=', ':']);
                return cut <= 0 ? throw i.Error($"extra_hosts: \"{text}\" is not host:address.") : (text[..cut], text[(cut + 1)..], i);
            });
        foreach (var (host, address, _) in entries)
            hosts.Add(new JsonObject { ["hostname"] = host, ["ipAddress"] = address.Trim('[', ']') });
        return hosts;
    }

    JsonObject Logging() => (JsonObject)(_c["logConfiguration"] ??= new JsonObject());

    JsonObject LinuxParameters() => (JsonObject)(_c["linuxParameters"] ??= new JsonObject());

    JsonObject Capabilities() => (JsonObject)(LinuxParameters()["capabilities"] ??= new JsonObject());
}
