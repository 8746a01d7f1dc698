using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>One object of the GET /events stream.</summary>
public sealed record EngineEvent
{
    /// <summary><c>container</c>, <c>image</c>, <c>network</c>, <c>volume</c>, ...</summary>
    public string Type { get; init; } = "";

    /// <summary><c>create</c>, <c>start</c>, <c>die</c>, <c>oom</c>, <c>health_status: healthy</c>, ...</summary>
    public string Action { get; init; } = "";

    public EventActor? Actor { get; init; }

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("time")]
    public long Time { get; init; }

    /// <summary>Unix nanoseconds.</summary>
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; init; }

    [JsonIgnore]
    public DateTimeOffset Timestamp => TimeNano != 0
        ? DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100)
        : DateTimeOffset.FromUnixTimeSeconds(Time);
}

public sealed record EventActor
{
    /// <summary>The container/image/network ID.</summary>
    [JsonPropertyName("ID")]
    public string Id { get; init; } = "";

    /// <summary>For containers: name, image, labels, and <c>exitCode</c> on die.</summary>
    public Dictionary<string, string>? Attributes { get; init; }
}
