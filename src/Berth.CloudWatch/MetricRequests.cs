namespace Berth.CloudWatch;

// CloudWatch metric requests as clients send them: every member nullable, so validation can name what is missing.
// Property names are the botocore model's, so the JSON protocol binds to them directly.

public sealed record DimensionInput
{
    public string? Name { get; set; }
    public string? Value { get; set; }
}

public sealed record MetricInput
{
    public string? Namespace { get; set; }
    public string? MetricName { get; set; }
    public List<DimensionInput>? Dimensions { get; set; }
}

public sealed record StatisticSetInput
{
    public double? SampleCount { get; set; }
    public double? Sum { get; set; }
    public double? Minimum { get; set; }
    public double? Maximum { get; set; }
}

public sealed record MetricDatumInput
{
    public string? MetricName { get; set; }
    public List<DimensionInput>? Dimensions { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public double? Value { get; set; }
    public StatisticSetInput? StatisticValues { get; set; }
    public List<double>? Values { get; set; }
    public List<double>? Counts { get; set; }
    public string? Unit { get; set; }
    public int? StorageResolution { get; set; }
}

public sealed record PutMetricDataRequest
{
    public string? Namespace { get; set; }
    public List<MetricDatumInput>? MetricData { get; set; }

    /// <summary>Set when the request carried EntityMetricData, which Berth does not keep (refused, not ignored).</summary>
    public bool HasEntityMetricData { get; set; }
}

public sealed record GetMetricStatisticsRequest
{
    public string? Namespace { get; set; }
    public string? MetricName { get; set; }
    public List<DimensionInput>? Dimensions { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public int? Period { get; set; }
    public List<string>? Statistics { get; set; }
    public List<string>? ExtendedStatistics { get; set; }
    public string? Unit { get; set; }
}

public sealed record MetricStatInput
{
    public MetricInput? Metric { get; set; }
    public int? Period { get; set; }
    public string? Stat { get; set; }
    public string? Unit { get; set; }
}

public sealed record MetricDataQueryInput
{
    public string? Id { get; set; }
    public MetricStatInput? MetricStat { get; set; }
    public string? Expression { get; set; }
    public string? Label { get; set; }
    public bool? ReturnData { get; set; }
    public int? Period { get; set; }
    public string? AccountId { get; set; }
}

public sealed record GetMetricDataRequest
{
    public List<MetricDataQueryInput>? MetricDataQueries { get; set; }
    public DateTimeOffset? StartTime { get; set; }
    public DateTimeOffset? EndTime { get; set; }
    public string? NextToken { get; set; }
    public string? ScanBy { get; set; }
    public int? MaxDatapoints { get; set; }
}

public sealed record ListMetricsRequest
{
    public string? Namespace { get; set; }
    public string? MetricName { get; set; }
    public List<DimensionInput>? Dimensions { get; set; }
    public string? NextToken { get; set; }
    public string? RecentlyActive { get; set; }
    public bool? IncludeLinkedAccounts { get; set; }
    public string? OwningAccount { get; set; }
}
