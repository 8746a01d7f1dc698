using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.Kernel.Storage;

namespace Berth.Sts;

/// <summary>STS stores its sessions, keyed by access key id and scoped by the role (or user) they act as.</summary>
public static class StsKinds
{
    public static readonly ResourceKind<StsSession> Sessions = new(
        "sts_sessions", s => s.AccessKeyId, s => s.RoleArn ?? s.Arn, _ => null, _ => null, s => s.Expiration.ToUnixTimeMilliseconds(),
        StsJson.Default.StsSession);
}

/// <summary>STS's stored documents: camelCase, absent members left out, epoch-second times.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(StsSession))]
internal sealed partial class StsJson : JsonSerializerContext;
