using System.Text.Json.Serialization;

namespace Berth.Api.Protocol;

/// <summary>The AWS JSON error body: <c>{"__type": "...", "message": "..."}</c>.</summary>
public sealed record AwsError(
    [property: JsonPropertyName("__type")] string Type,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(AwsError))]
internal sealed partial class ProtocolJson : JsonSerializerContext;
