using System.Text.Json.Nodes;
using Berth.Compose.Yaml;

namespace Berth.Compose;

/// <summary>The settings ecs-params.yml adds to a service's container (task_definition.services.NAME).</summary>
sealed partial class ServiceTranslator
{
    void ApplyEcsParams()
    {
        if (context.EcsParams?.Services.GetValueOrDefault(name) is not { } settings)
            return;
        foreach (var (key, value) in settings.Entries)
        {
            switch (key)
            {
                case "essential": _c["essential"] = value.Bool(key); break;
                case "cpu_shares": _cpu = value.Int(key, 0); break;
                case "mem_limit": _memory = Memory(value, key); break;
                case "mem_reservation": _reservation = Memory(value, key); break;
                case "healthcheck": ReadHealthCheck(value.Map(key)); break;
                case "init_process_enabled": LinuxParameters()["initProcessEnabled"] = value.Bool(key); break;
                case "depends_on": _c["dependsOn"] = EcsDependsOn(value.Seq(key)); break;
                case "secrets":
                    _c["secrets"] = new JsonArray(value.Seq(key).Items.Select(i =>
                    {
                        var m = i.Map("secrets");
                        return (JsonNode?)new JsonObject
                        {
                            ["name"] = Required(m, "name", "secrets").Str("secrets.name"),
                            ["valueFrom"] = Required(m, "value_from", "secrets").Str("secrets.value_from"),
                        };
                    }).ToArray());
                    break;
                case "repository_credentials":
                    _c["repositoryCredentials"] = new JsonObject
                    {
                        ["credentialsParameter"] = Required(value.Map(key), "credentials_parameter", key).Str("repository_credentials.credentials_parameter"),
                    };
                    break;
                default: context.Warn(ComposeWarning.Unsupported(key, name)); break;
            }
        }
    }

    JsonArray EcsDependsOn(SeqNode list)
    {
        var deps = new JsonArray();
        foreach (var item in list.Items)
        {
            var m = item.Map("depends_on");
            var container = Required(m, "container_name", "depends_on").Str("depends_on.container_name");
            if (!serviceNames.Contains(container))
                throw m.Error($"depends_on: container {container} is not a service of the compose file.");
            var condition = Required(m, "condition", "depends_on").Str("depends_on.condition");
            if (condition is not ("START" or "COMPLETE" or "SUCCESS" or "HEALTHY"))
                throw m["condition"]!.Error($"depends_on.condition: \"{condition}\" is not START, COMPLETE, SUCCESS or HEALTHY.");
            deps.Add(new JsonObject { ["containerName"] = container, ["condition"] = condition });
        }
        return deps;
    }

    static Node Required(MapNode m, string key, string what) => m[key] ?? throw m.Error($"{what}: {key} is missing.");
}
