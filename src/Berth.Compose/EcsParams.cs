using System.Text.Json.Nodes;
using Berth.Compose.Values;
using Berth.Compose.Yaml;

namespace Berth.Compose;

/// <summary>
/// <c>ecs-params.yml</c> (version 1) as ecs-cli defined it: the task definition's ECS-only settings
/// (roles, network mode, task size, per-container settings) and the run parameters (awsvpc networking).
/// </summary>
public sealed class EcsParams
{
    public string? ExecutionRoleArn { get; private set; }
    public string? TaskRoleArn { get; private set; }
    public int? Cpu { get; private set; }
    public int? MemoryMiB { get; private set; }
    public string? PidMode { get; private set; }
    public string? IpcMode { get; private set; }
    public Dictionary<string, MapNode> Services { get; } = [];
    public JsonObject? NetworkConfiguration { get; private set; }

    public static EcsParams Parse(Node root, List<ComposeWarning> warnings)
    {
        var p = new EcsParams();
        var top = root.Map("ecs-params");
        foreach (var (key, value) in top.Entries)
        {
            switch (key)
            {
                case "version":
                    if (value.Str("version") is not ("1" or "1.0"))
                        throw value.Error($"version: ecs-params version {Reads.Show(value)} is not supported; write version: 1.");
                    break;
                case "task_definition":
                    p.ReadTaskDefinition(value.Map(key), warnings);
                    break;
                case "run_params":
                    p.ReadRunParams(value.Map(key), warnings);
                    break;
                default:
                    warnings.Add(ComposeWarning.Unsupported(key));
                    break;
            }
        }
        return p;
    }

    void ReadTaskDefinition(MapNode td, List<ComposeWarning> warnings)
    {
        foreach (var (key, value) in td.Entries)
        {
            switch (key)
            {
                case "task_execution_role":
                    ExecutionRoleArn = value.Str(key);
                    break;
                case "task_role_arn":
                    TaskRoleArn = value.Str(key);
                    break;
                case "ecs_network_mode":
                    var mode = value.Str(key);
                    if (mode != "awsvpc")
                        warnings.Add(new($"Network mode {mode} is not available: Berth gives every task its own address (awsvpc)", [new("option name", key)]));
                    break;
                case "task_size":
                    ReadTaskSize(value.Map(key));
                    break;
                case "pid_mode":
                    PidMode = value.Str(key);
                    break;
                case "ipc_mode":
                    IpcMode = value.Str(key);
                    break;
                case "services":
                    foreach (var (name, settings) in value.Map(key).Entries)
                        Services[name] = settings.Map($"services.{name}");
                    break;
                default:
                    warnings.Add(ComposeWarning.Unsupported($"task_definition.{key}"));
                    break;
            }
        }
    }

    void ReadTaskSize(MapNode size)
    {
        foreach (var (key, value) in size.Entries)
        {
            var text = value.Str($"task_size.{key}");
            switch (key)
            {
                case "mem_limit":
                    MemoryMiB = (int?)Sizes.MiB(text, bareIsMiB: true) is > 0 and var mib ? mib
                        : throw value.Error($"task_size.mem_limit: \"{text}\" is not a memory size; write MiB (512) or a unit (0.5GB, 1GiB).");
                    break;
                case "cpu_limit":
                    Cpu = Sizes.CpuUnits(text) is > 0 and var cpu ? cpu
                        : throw value.Error($"task_size.cpu_limit: \"{text}\" is not a CPU size; write CPU units (256) or vCPUs (0.25 vCPU).");
                    break;
                default:
                    throw value.Error($"task_size: unknown setting {key}; use mem_limit and cpu_limit.");
            }
        }
    }

    void ReadRunParams(MapNode run, List<ComposeWarning> warnings)
    {
        foreach (var (key, value) in run.Entries)
        {
            if (key != "network_configuration")
            {
                warnings.Add(ComposeWarning.Unsupported($"run_params.{key}"));
                continue;
            }
            foreach (var (nk, nv) in value.Map(key).Entries)
            {
                if (nk != "awsvpc_configuration")
                {
                    warnings.Add(ComposeWarning.Unsupported($"network_configuration.{nk}"));
                    continue;
                }
                NetworkConfiguration = new JsonObject { ["awsvpcConfiguration"] = Awsvpc(nv.Map(nk)) };
            }
        }
    }

    static JsonObject Awsvpc(MapNode a)
    {
        var vpc = new JsonObject();
        foreach (var (key, value) in a.Entries)
        {
            switch (key)
            {
                case "subnets":
                    vpc["subnets"] = Array(value.Strings(key));
                    break;
                case "security_groups":
                    vpc["securityGroups"] = Array(value.Strings(key));
                    break;
                case "assign_public_ip":
                    var v = value.Str(key);
                    vpc["assignPublicIp"] = v is "ENABLED" or "DISABLED" ? v : throw value.Error($"assign_public_ip: \"{v}\" is not valid; write ENABLED or DISABLED.");
                    break;
                default:
                    throw value.Error($"awsvpc_configuration: unknown setting {key}; use subnets, security_groups and assign_public_ip.");
            }
        }
        if (vpc["subnets"] is not JsonArray { Count: > 0 })
            throw a.Error("awsvpc_configuration: name at least one subnet under subnets.");
        return vpc;
    }

    internal static JsonArray Array(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)v).ToArray());
}
