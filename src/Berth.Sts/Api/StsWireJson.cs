using System.Text.Json.Serialization;
using Berth.Kernel.Json;

namespace Berth.Sts.Api;

/// <summary>The contracts the Query codec reads STS requests into and writes answers from (times as epoch seconds, written as ISO 8601).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(GetCallerIdentityInput))]
[JsonSerializable(typeof(GetCallerIdentityResponse))]
[JsonSerializable(typeof(AssumeRoleInput))]
[JsonSerializable(typeof(AssumeRoleResponse))]
[JsonSerializable(typeof(GetSessionTokenInput))]
[JsonSerializable(typeof(GetSessionTokenResponse))]
internal sealed partial class StsWireJson : JsonSerializerContext;
