namespace Berth.CloudWatch;

// CloudWatch metric answers, shaped as the botocore model names them.

/// <summary>One period's statistics; only the statistics asked for are set.</summary>
public sealed record Datapoint
{
    public DateTimeOffset Timestamp { get; init; }
    public double? SampleCount { get; init; }
    public double? Average { get; init; }
    public double? Sum { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public string Unit { get; init; } = "None";
    public Dictionary<string, double>? ExtendedStatistics { get; init; }
}

public sealed record GetMetricStatisticsResult(string Label, List<Datapoint> Datapoints);

public sealed record MessageData(string Code, string Value);

public sealed record MetricDataResult
{
    public required string Id { get; init; }
    public required string Label { get; init; }
    public List<DateTimeOffset> Timestamps { get; init; } = [];
    public List<double> Values { get; init; } = [];

    /// <summary>Complete, or PartialData when a later page holds more of this query's values.</summary>
    public string StatusCode { get; init; } = "Complete";
    public List<MessageData> Messages { get; init; } = [];
}

public sealed record GetMetricDataResult(List<MetricDataResult> MetricDataResults, string? NextToken, List<MessageData> Messages);

/// <summary>A metric as ListMetrics names it.</summary>
public sealed record MetricInfo(string Namespace, string MetricName, List<MetricDimension> Dimensions);

public sealed record ListMetricsResult(List<MetricInfo> Metrics, string? NextToken);
