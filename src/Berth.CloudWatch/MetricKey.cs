namespace Berth.CloudWatch;

public sealed record MetricDimension(string Name, string Value);

/// <summary>
/// One metric: namespace, name and dimensions. Dimensions are kept sorted by name, so two keys naming the same
/// dimensions in a different order are equal and <see cref="Canonical"/> can be a store index.
/// </summary>
public sealed record MetricKey
{
    public MetricKey(string @namespace, string metricName, IEnumerable<MetricDimension>? dimensions = null)
    {
        Namespace = @namespace;
        MetricName = metricName;
        Dimensions = (dimensions ?? []).OrderBy(d => d.Name, StringComparer.Ordinal).ToArray();
    }

    public string Namespace { get; }
    public string MetricName { get; }
    public IReadOnlyList<MetricDimension> Dimensions { get; }

    /// <summary><c>Namespace|MetricName|Dim1=Value1|Dim2=Value2</c>, dimensions in name order.</summary>
    public string Canonical => string.Join('|', new[] { Namespace, MetricName }.Concat(Dimensions.Select(d => $"{d.Name}={d.Value}")));

    public bool Equals(MetricKey? other) => other is not null && Canonical == other.Canonical;

    public override int GetHashCode() => Canonical.GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// A measurement at one time: a single value is SampleCount 1 with Sum = Minimum = Maximum = value; a statistic
/// set (several tasks measured at once, or PutMetricData's StatisticValues) keeps all four.
/// </summary>
public sealed record MetricPoint(DateTimeOffset Timestamp, double SampleCount, double Sum, double Minimum, double Maximum, string Unit = "None")
{
    public static MetricPoint Single(DateTimeOffset timestamp, double value, string unit = "None") =>
        new(timestamp, 1, value, value, value, unit);

    public double Average => SampleCount == 0 ? 0 : Sum / SampleCount;
}

public sealed record MetricWrite(MetricKey Key, MetricPoint Point);
