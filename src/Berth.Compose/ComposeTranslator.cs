using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Berth.Compose.Values;
using Berth.Compose.Yaml;

namespace Berth.Compose;

/// <summary>
/// Compose files (version 2, 3 or the unversioned Compose Spec) + ecs-params.yml + the environment →
/// one ECS task definition whose family is the project name, as ecs-cli made it.
/// </summary>
public static partial class ComposeTranslator
{
    public static ComposeProject Load(ComposeOptions options)
    {
        if (options.Files.Count == 0)
            throw new ComposeException("no compose file given.");
        if (!ProjectName().IsMatch(options.ProjectName))
            throw new ComposeException($"project name \"{options.ProjectName}\" is not valid: use up to 255 letters, digits, hyphens and underscores (--project-name).");
        var directory = Path.GetDirectoryName(Path.GetFullPath(options.Files[0]))!;
        var dotEnv = ReadDotEnv(Path.Combine(directory, ".env"), options.Environment);
        string? Lookup(string name) => options.Environment(name) ?? dotEnv.GetValueOrDefault(name);

        var interpolationWarnings = new List<ComposeWarning>();
        var interpolation = new Interpolation(Lookup, w => interpolationWarnings.Add(new(w, [])));
        Node? root = null;
        foreach (var file in options.Files)
        {
            if (!File.Exists(file))
                throw new ComposeException(file, 0, "file not found.");
            var node = YamlLoader.Load(file, File.ReadAllText(file), s => s.Value is null ? s
                : s with { Value = interpolation.Apply(s.Value, detail => s.Error(detail)) });
            root = root is null ? node : Merge.Files(root, node);
        }

        var warnings = new List<ComposeWarning>();
        EcsParams? ecsParams = null;
        if (options.EcsParamsFile is { } paramsFile)
        {
            if (!File.Exists(paramsFile))
                throw new ComposeException(paramsFile, 0, "file not found.");
            ecsParams = EcsParams.Parse(YamlLoader.Load(paramsFile, File.ReadAllText(paramsFile)), warnings);
        }
        var context = new ComposeContext(options.ProjectName, Lookup, options.CanBuild, ecsParams);
        foreach (var w in warnings.Concat(interpolationWarnings))
            context.Warn(w);
        return Translate(root!.Map("compose file"), options.ProjectName, context);
    }

    static ComposeProject Translate(MapNode root, string project, ComposeContext context)
    {
        if (root["version"] is { } version && !Regex.IsMatch(version.Str("version"), @"^[23](\.\d+)?$"))
            throw version.Error($"version: compose file version {Reads.Show(version)} is not supported; use version 2 or 3 (or leave version out).");
        // networks, volumes, secrets, configs...: every task has its own network namespace and no shared volumes.
        foreach (var key in root.Keys.Where(k => k != "version" && k != "services" && !k.StartsWith("x-", StringComparison.Ordinal)))
            context.Warn(ComposeWarning.Unsupported(key));
        var servicesNode = root["services"] ?? throw root.Error("services: the file has no services; list them under services:.");
        var services = servicesNode.Map("services");
        if (services.Entries.Count == 0)
            throw services.Error("services: the file has no services.");
        var names = new HashSet<string>(services.Keys, StringComparer.Ordinal);
        foreach (var (name, _) in services.Entries)
        {
            if (!ContainerName().IsMatch(name))
                throw services.Error($"services: \"{name}\" cannot name a container; use up to 255 letters, digits, hyphens and underscores.");
        }
        foreach (var unknown in context.EcsParams?.Services.Keys.Where(k => !names.Contains(k)) ?? [])
            throw context.EcsParams!.Services[unknown].Error($"ecs-params: service {unknown} is not a service of the compose file.");

        var containers = new JsonArray();
        var builds = new List<ServiceBuild>();
        foreach (var (name, spec) in services.Entries)
        {
            var translator = new ServiceTranslator(name, spec.Map($"services.{name}"), names, context);
            containers.Add(translator.Translate());
            if (translator.Build is { } b)
                builds.Add(b);
        }

        var td = new JsonObject
        {
            ["family"] = project,
            ["networkMode"] = "awsvpc",
            ["requiresCompatibilities"] = EcsParams.Array(["FARGATE"]),
        };
        var (cpu, memory) = TaskSize(containers, context.EcsParams, services);
        td["cpu"] = cpu.ToString(CultureInfo.InvariantCulture);
        td["memory"] = memory.ToString(CultureInfo.InvariantCulture);
        if (context.EcsParams is { } p)
        {
            if (p.ExecutionRoleArn is { } exec)
                td["executionRoleArn"] = exec;
            if (p.TaskRoleArn is { } role)
                td["taskRoleArn"] = role;
            if (p.PidMode is { } pid)
                td["pidMode"] = pid;
            if (p.IpcMode is { } ipc)
                td["ipcMode"] = ipc;
        }
        td["containerDefinitions"] = containers;
        return new ComposeProject(project, td, context.EcsParams?.NetworkConfiguration?.DeepClone().AsObject(), builds, context.Warnings);
    }

    /// <summary>ecs-params' task_size, or the smallest Fargate size that holds every container's cpu and memory.</summary>
    static (int Cpu, int Memory) TaskSize(JsonArray containers, EcsParams? p, Node at)
    {
        long cpuSum = containers.Sum(c => (long?)c!["cpu"]?.GetValue<int>() ?? 0);
        long memSum = containers.Sum(c => c!["memory"]?.GetValue<long>() ?? c["memoryReservation"]?.GetValue<long>() ?? 0);
        if (p?.Cpu is { } cpu && p.MemoryMiB is { } mem)
            return (cpu, mem);
        var smallest = FargateSize.Smallest(p?.Cpu ?? cpuSum, p?.MemoryMiB ?? memSum)
            ?? throw at.Error($"the containers need {cpuSum} CPU units and {memSum} MiB together, more than the largest Fargate task; lower them.");
        return (p?.Cpu ?? smallest.Cpu, p?.MemoryMiB ?? smallest.Memory);
    }

    static Dictionary<string, string> ReadDotEnv(string path, Func<string, string?> environment)
    {
        if (!File.Exists(path))
            return [];
        var values = new Dictionary<string, string>();
        foreach (var (key, value) in EnvFile.Parse(".env", File.ReadAllText(path)))
        {
            if ((value ?? environment(key)) is { } v)
                values[key] = v;
        }
        return values;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex ContainerName();
}
