using System.Text.Json.Serialization;
using Berth.Kernel.Json;
using Berth.Kernel.Storage;

namespace Berth.CloudWatch;

/// <summary>The CloudWatch resources kept in the state store (metric points have a store of their own).</summary>
public static class CloudWatchKinds
{
    /// <summary>CloudWatch metric alarms by name; scope = the owning scaling policy ARN (null for a user's alarm), status = state.</summary>
    public static readonly ResourceKind<MetricAlarm> Alarms = new(
        "alarms", a => a.AlarmName, a => a.OwnedBy, a => a.AlarmName, a => a.StateValue, _ => 0, CloudWatchStoreJson.Default.MetricAlarm);
}

/// <summary>The stored documents, camelCase with epoch-second times (the wire shapes are PascalCase: <see cref="Api.CloudWatchJson"/>).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(MetricAlarm))]
[JsonSerializable(typeof(AlarmHistoryItem))]
internal sealed partial class CloudWatchStoreJson : JsonSerializerContext;
