using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// Source-generated serialization for every engine body. Property names are the engine's own
/// (PascalCase by default, [JsonPropertyName] where the engine differs); nulls are not written.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EngineError))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(ProgressMessage))]
[JsonSerializable(typeof(SystemVersion))]
[JsonSerializable(typeof(SystemInfo))]
[JsonSerializable(typeof(ImageInspect))]
[JsonSerializable(typeof(NetworkInspect))]
[JsonSerializable(typeof(NetworkInspect[]))]
[JsonSerializable(typeof(NetworkCreateRequest))]
[JsonSerializable(typeof(ContainerCreateRequest))]
[JsonSerializable(typeof(ContainerInspect))]
[JsonSerializable(typeof(ContainerSummary[]))]
[JsonSerializable(typeof(ContainerStats))]
[JsonSerializable(typeof(WaitResponse))]
[JsonSerializable(typeof(EngineEvent))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;

/// <summary>POST /containers/{id}/wait answer.</summary>
internal sealed record WaitResponse
{
    public long StatusCode { get; init; }

    public WaitError? Error { get; init; }
}

internal sealed record WaitError
{
    public string? Message { get; init; }
}
