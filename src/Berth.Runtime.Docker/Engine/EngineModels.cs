using System.Text.Json.Serialization;

namespace Berth.Runtime.Docker.Engine;

/// <summary>The body of an engine error answer: <c>{"message": "..."}</c>.</summary>
internal sealed record EngineError
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary><c>{"Id": "...", "Warnings": [...]}</c> from container and network creation.</summary>
internal sealed record IdResponse
{
    public string Id { get; init; } = "";

    public string[]? Warnings { get; init; }
}

/// <summary>One line of a pull/import/build progress stream.</summary>
internal sealed record ProgressMessage
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("progress")]
    public string? Progress { get; init; }

    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("errorDetail")]
    public ProgressErrorDetail? ErrorDetail { get; init; }

    [JsonPropertyName("aux")]
    public ProgressAux? Aux { get; init; }
}

internal sealed record ProgressErrorDetail
{
    [JsonPropertyName("code")]
    public int? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

internal sealed record ProgressAux
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }
}
