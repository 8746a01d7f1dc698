using System.Text.Json.Serialization;
using Berth.Kernel.Storage;

namespace Berth.Logs.MetricFilters;

/// <summary>Metric filters in the state store: id = group:name, scope = the group, name = the filter's name.</summary>
public static class MetricFilterKinds
{
    public static readonly ResourceKind<StoredMetricFilter> Filters = new(
        "log_metric_filters", f => f.Id, f => f.Filter.LogGroupName, f => f.Filter.FilterName, _ => null, _ => 0, MetricFilterStoreJson.Default.StoredMetricFilter);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredMetricFilter))]
internal sealed partial class MetricFilterStoreJson : JsonSerializerContext;
