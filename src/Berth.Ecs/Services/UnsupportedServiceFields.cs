using System.Text.Json;
using Berth.Kernel;

namespace Berth.Ecs.Services;

/// <summary>
/// CreateService/UpdateService members the model has and Berth does not act on yet. They arrive in the request's
/// extension data; each is refused by name unless it asks for nothing (disabled, empty), so none is silently dropped.
/// </summary>
static class UnsupportedServiceFields
{
    public static void Refuse(IReadOnlyDictionary<string, JsonElement>? extra)
    {
        if (extra is null)
            return;
        foreach (var (name, value) in extra)
        {
            if (AsksNothing(value))
                continue;
            throw AwsException.InvalidParameter(name switch
            {
                "serviceConnectConfiguration" => "serviceConnectConfiguration (ECS Service Connect) is not supported by Berth yet: use serviceRegistries (Cloud Map DNS) for services to find each other.",
                "volumeConfigurations" => "volumeConfigurations (EBS volumes) are not supported by Berth.",
                "vpcLatticeConfigurations" => "vpcLatticeConfigurations (VPC Lattice) are not supported by Berth.",
                _ => $"Unexpected parameter '{name}': Berth does not know it.",
            });
        }
    }

    /// <summary>null, an empty list, or a configuration with <c>enabled: false</c>.</summary>
    static bool AsksNothing(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => value.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False,
        _ => false,
    };
}
