using System.Text.Json.Serialization;
using Berth.Core.Logs;
using Berth.Core.Model;
using Berth.Core.Storage;

namespace Berth.Core.Json;

/// <summary>
/// Source-generated contracts for the domain documents. Names are the botocore model's (camelCase),
/// absent members are left out, timestamps are epoch seconds — the same form on the wire and in the store.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Cluster))]
[JsonSerializable(typeof(TaskDefinition))]
[JsonSerializable(typeof(TaskRecord))]
[JsonSerializable(typeof(EcsTask))]
[JsonSerializable(typeof(IdempotencyRecord))]
[JsonSerializable(typeof(LogGroup))]
[JsonSerializable(typeof(ResourceTags))]
[JsonSerializable(typeof(RunTaskRequest))]
[JsonSerializable(typeof(Registry.Repository))]
[JsonSerializable(typeof(Registry.ImageRecord))]
[JsonSerializable(typeof(ServiceRecord))]
[JsonSerializable(typeof(CreateServiceRequest))]
[JsonSerializable(typeof(LoadBalancing.LoadBalancer))]
[JsonSerializable(typeof(LoadBalancing.TargetGroup))]
[JsonSerializable(typeof(LoadBalancing.Listener))]
[JsonSerializable(typeof(LoadBalancing.ListenerRule))]
[JsonSerializable(typeof(Metrics.MetricAlarm))]
public sealed partial class CoreJson : JsonSerializerContext;
