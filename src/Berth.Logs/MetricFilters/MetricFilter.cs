namespace Berth.Logs.MetricFilters;

/// <summary>A metric filter as DescribeMetricFilters shows it (creationTime in epoch milliseconds).</summary>
public sealed record MetricFilter
{
    public string? FilterName { get; set; }
    public string? FilterPattern { get; set; }
    public List<MetricTransformation>? MetricTransformations { get; set; }
    public long CreationTime { get; set; }
    public string? LogGroupName { get; set; }
    public bool? ApplyOnTransformedLogs { get; set; }
}

/// <summary>What a matching event publishes: a value (a number, <c>$.path</c> or <c>$field</c>) to one CloudWatch metric.</summary>
public sealed record MetricTransformation
{
    public string? MetricName { get; set; }
    public string? MetricNamespace { get; set; }
    public string? MetricValue { get; set; }
    public double? DefaultValue { get; set; }
    public Dictionary<string, string>? Dimensions { get; set; }
    public string? Unit { get; set; }
}

/// <summary>
/// A metric filter as stored: the definition and how far it has published — the id of the last event it has judged
/// (events are numbered in ingestion order), so a restart neither skips nor repeats events it has finished.
/// </summary>
public sealed record StoredMetricFilter
{
    public required MetricFilter Filter { get; set; }
    public long PublishedThrough { get; set; }

    public static string Key(string group, string name) => group + ":" + name; // neither may contain ':'

    [System.Text.Json.Serialization.JsonIgnore]
    public string Id => Key(Filter.LogGroupName!, Filter.FilterName!);
}
