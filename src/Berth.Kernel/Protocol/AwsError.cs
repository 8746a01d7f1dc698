using System.Text.Json;
using System.Text.Json.Serialization;

namespace Berth.Kernel.Protocol;

/// <summary>The AWS JSON error body: <c>{"__type": "...", "message": "..."}</c>.</summary>
public sealed record AwsError(
    [property: JsonPropertyName("__type")] string Type,
    [property: JsonPropertyName("message")] string Message)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJson.Default.AwsError);
}

[JsonSerializable(typeof(AwsError))]
internal sealed partial class ProtocolJson : JsonSerializerContext;
