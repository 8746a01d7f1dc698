using System.Text.Json.Serialization;
using Berth.Kernel.Json;

namespace Berth.AutoScaling;

/// <summary>Stored documents of Application Auto Scaling: member names as the model spells them, timestamps in epoch seconds.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ScalableTargetRecord))]
[JsonSerializable(typeof(ScalingPolicy))]
[JsonSerializable(typeof(ScheduledActionRecord))]
[JsonSerializable(typeof(ScalingActivity))]
public sealed partial class AutoScalingJson : JsonSerializerContext;
