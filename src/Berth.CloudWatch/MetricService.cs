using System.Globalization;

namespace Berth.CloudWatch;

/// <summary>PutMetricData, GetMetricStatistics and ListMetrics with CloudWatch's validation and semantics.</summary>
public sealed class MetricService(IMetricStore store, TimeProvider clock)
{
    public const int MaxMetricData = 1000;
    public const int MaxValues = 150;
    public const int ListPageSize = 500;
    static readonly TimeSpan MaxPast = TimeSpan.FromDays(14);
    static readonly TimeSpan MaxFuture = TimeSpan.FromHours(2);
    static readonly TimeSpan RecentlyActive = TimeSpan.FromHours(3);

    public async Task PutMetricDataAsync(PutMetricDataRequest r, CancellationToken ct)
    {
        var ns = MetricValidation.Namespace(r.Namespace);
        if (ns.StartsWith("AWS/", StringComparison.Ordinal))
            throw CloudWatchErrors.InvalidParameterValue($"The value {ns} for parameter Namespace is invalid: namespaces starting with AWS/ are reserved for AWS services.");
        if (r.HasEntityMetricData)
            throw CloudWatchErrors.InvalidParameterValue("EntityMetricData is not supported by Berth: send the metrics in MetricData.");
        if (r.MetricData is null || r.MetricData.Count == 0)
            throw CloudWatchErrors.MissingParameter("MetricData");
        if (r.MetricData.Count > MaxMetricData)
            throw CloudWatchErrors.InvalidParameterValue($"The collection MetricData must not have a size greater than {MaxMetricData}.");
        var now = clock.GetUtcNow();
        var writes = new List<MetricWrite>();
        for (var i = 0; i < r.MetricData.Count; i++)
            writes.AddRange(Datum(ns, r.MetricData[i], $"MetricData.member.{i + 1}", now));
        await store.PutAsync(writes, ct);
    }

    static IEnumerable<MetricWrite> Datum(string ns, MetricDatumInput? d, string at, DateTimeOffset now)
    {
        if (d is null)
            throw CloudWatchErrors.MissingParameter(at);
        var key = new MetricKey(ns, MetricValidation.MetricName(d.MetricName, at + ".MetricName"), MetricValidation.Dimensions(d.Dimensions, at + ".Dimensions"));
        var unit = MetricValidation.Unit(d.Unit, at + ".Unit") ?? "None";
        if (d.StorageResolution is not (null or 1 or 60))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.StorageResolution must be 1 or 60.");
        var ts = d.Timestamp ?? now;
        if (ts < now - MaxPast || ts > now + MaxFuture)
            throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.Timestamp must specify a time no more than two weeks in the past and no more than two hours in the future.");
        var given = new[] { (d.Value is not null, "Value"), (d.StatisticValues is not null, "StatisticValues"), (d.Values is not null, "Values") }
            .Where(g => g.Item1).Select(g => $"{at}.{g.Item2}").ToList();
        if (given.Count > 1)
            throw CloudWatchErrors.InvalidParameterCombination($"The parameters {string.Join(" and ", given)} are mutually exclusive and you have specified both.");
        if (given.Count == 0)
            throw CloudWatchErrors.InvalidParameterCombination($"One of the parameters {at}.Value, {at}.StatisticValues or {at}.Values must be specified.");

        if (d.Value is { } value)
            return [new MetricWrite(key, MetricPoint.Single(ts, Checked(value, at + ".Value"), unit))];
        if (d.StatisticValues is { } s)
        {
            var count = Checked(MetricValidation.Required(s.SampleCount, at + ".StatisticValues.SampleCount"), at + ".StatisticValues.SampleCount");
            var sum = Checked(MetricValidation.Required(s.Sum, at + ".StatisticValues.Sum"), at + ".StatisticValues.Sum");
            var min = Checked(MetricValidation.Required(s.Minimum, at + ".StatisticValues.Minimum"), at + ".StatisticValues.Minimum");
            var max = Checked(MetricValidation.Required(s.Maximum, at + ".StatisticValues.Maximum"), at + ".StatisticValues.Maximum");
            if (count <= 0)
                throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.StatisticValues.SampleCount must be greater than 0.");
            if (min > max)
                throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.StatisticValues.Minimum must not be greater than {at}.StatisticValues.Maximum.");
            return [new MetricWrite(key, new MetricPoint(ts, count, sum, min, max, unit))];
        }
        var values = d.Values!;
        if (values.Count == 0 || values.Count > MaxValues)
            throw CloudWatchErrors.InvalidParameterValue($"The collection {at}.Values must have between 1 and {MaxValues} members.");
        if (d.Counts is { } counts && counts.Count != values.Count)
            throw CloudWatchErrors.InvalidParameterCombination($"The parameters {at}.Values and {at}.Counts must be of the same size.");
        var writes = new List<MetricWrite>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var v = Checked(values[i], $"{at}.Values.member.{i + 1}");
            var c = d.Counts?[i] ?? 1;
            if (!double.IsFinite(c) || c <= 0)
                throw CloudWatchErrors.InvalidParameterValue($"The parameter {at}.Counts.member.{i + 1} must be a number greater than 0.");
            writes.Add(new MetricWrite(key, new MetricPoint(ts, c, v * c, v, v, unit)));
        }
        return writes;
    }

    /// <summary>CloudWatch refuses NaN, infinities and magnitudes outside 8.515920e-109 .. 1.174271e+108 (other than 0).</summary>
    static double Checked(double v, string name)
    {
        var magnitude = Math.Abs(v);
        if (!double.IsFinite(v) || (magnitude != 0 && (magnitude < 8.515920e-109 || magnitude > 1.174271e+108)))
            throw CloudWatchErrors.InvalidParameterValue($"The value {v.ToString(CultureInfo.InvariantCulture)} for parameter {name} is invalid.");
        return v;
    }

    public async Task<GetMetricStatisticsResult> GetMetricStatisticsAsync(GetMetricStatisticsRequest r, CancellationToken ct)
    {
        var key = new MetricKey(MetricValidation.Namespace(r.Namespace), MetricValidation.MetricName(r.MetricName), MetricValidation.Dimensions(r.Dimensions));
        var start = MetricValidation.Time(r.StartTime, "StartTime");
        var end = MetricValidation.Time(r.EndTime, "EndTime");
        var period = MetricValidation.Period(r.Period);
        var unit = MetricValidation.Unit(r.Unit);
        var stats = StatisticNames(r.Statistics, r.ExtendedStatistics);
        var from = CheckRange(start, end, period);
        var points = (await store.ReadAsync(key, from, end, ct)).Where(p => unit is null || p.Unit == unit).ToList();
        var datapoints = Aggregation.ByPeriod(points, period).Select(b => ToDatapoint(b.Key, b.Value, stats)).ToList();
        return new GetMetricStatisticsResult(key.MetricName, datapoints);
    }

    /// <summary>The aligned start; refuses an empty range and one of more than 1,440 datapoints.</summary>
    internal static DateTimeOffset CheckRange(DateTimeOffset start, DateTimeOffset end, int period, int max = MetricValidation.MaxDatapointsPerStatistics)
    {
        if (start >= end)
            throw CloudWatchErrors.InvalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        var from = Aggregation.AlignDown(start, period);
        var count = Math.Ceiling((end - from).TotalSeconds / period);
        if (count > max)
            throw CloudWatchErrors.InvalidParameterCombination(
                $"You have requested up to {count.ToString("N0", CultureInfo.InvariantCulture)} datapoints, which exceeds the limit of {max.ToString("N0", CultureInfo.InvariantCulture)}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        return from;
    }

    static (List<string> Plain, List<string> Extended) StatisticNames(List<string>? statistics, List<string>? extended)
    {
        var plain = statistics ?? [];
        var ext = extended ?? [];
        if (plain.Count == 0 && ext.Count == 0)
            throw CloudWatchErrors.InvalidParameterCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
        if (plain.Count > 0 && ext.Count > 0)
            throw CloudWatchErrors.InvalidParameterCombination("Must specify either Statistics or ExtendedStatistics, but not both.");
        if (plain.Count > 5)
            throw CloudWatchErrors.InvalidParameterValue("The collection Statistics must not have a size greater than 5.");
        if (ext.Count > 10)
            throw CloudWatchErrors.InvalidParameterValue("The collection ExtendedStatistics must not have a size greater than 10.");
        for (var i = 0; i < plain.Count; i++)
        {
            if (!MetricValidation.Statistics.Contains(plain[i]))
                throw CloudWatchErrors.InvalidParameterValue($"The parameter Statistics.member.{i + 1} must be a value in the set [ {string.Join(", ", MetricValidation.Statistics)} ].");
        }
        for (var i = 0; i < ext.Count; i++)
        {
            if (MetricValidation.Percentile(ext[i]) is null)
                throw CloudWatchErrors.InvalidParameterValue($"The parameter ExtendedStatistics.member.{i + 1} must be a percentile such as p99 or p99.9 (p0.0 to p100).");
        }
        return (plain.Distinct().ToList(), ext.Distinct().ToList());
    }

    static Datapoint ToDatapoint(DateTimeOffset at, List<MetricPoint> points, (List<string> Plain, List<string> Extended) stats)
    {
        double? Get(string s) => stats.Plain.Contains(s) ? Aggregation.Statistic(points, s) : null;
        Dictionary<string, double>? extended = null;
        if (stats.Extended.Count > 0)
        {
            extended = [];
            foreach (var e in stats.Extended)
            {
                if (Aggregation.Statistic(points, e) is { } v)
                    extended[e] = v;
            }
        }
        return new Datapoint
        {
            Timestamp = at,
            SampleCount = Get("SampleCount"),
            Average = Get("Average"),
            Sum = Get("Sum"),
            Minimum = Get("Minimum"),
            Maximum = Get("Maximum"),
            Unit = points[0].Unit,
            ExtendedStatistics = extended,
        };
    }

    public async Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest r, CancellationToken ct)
    {
        MetricValidation.Length(r.Namespace, "Namespace", 1, 255);
        MetricValidation.Length(r.MetricName, "MetricName", 1, 255);
        var filters = r.Dimensions ?? [];
        if (filters.Count > 10)
            throw CloudWatchErrors.InvalidParameterValue("The collection Dimensions must not have a size greater than 10.");
        for (var i = 0; i < filters.Count; i++)
        {
            MetricValidation.Required(filters[i]?.Name, $"Dimensions.member.{i + 1}.Name");
            MetricValidation.Length(filters[i].Name, $"Dimensions.member.{i + 1}.Name", 1, 255);
            MetricValidation.Length(filters[i].Value, $"Dimensions.member.{i + 1}.Value", 1, 1024);
        }
        if (r.RecentlyActive is not (null or "PT3H"))
            throw CloudWatchErrors.InvalidParameterValue("The parameter RecentlyActive must be a value in the set [ PT3H ].");
        var listing = string.Join('\n', r.Namespace, r.MetricName, r.RecentlyActive, string.Join('\n', filters.Select(f => $"{f.Name}={f.Value}")));
        var offset = PageTokens.Decode(r.NextToken, listing, () => CloudWatchErrors.InvalidParameterValue("The parameter NextToken is invalid: it was not issued for this request."));
        DateTimeOffset? since = r.RecentlyActive is null ? null : clock.GetUtcNow() - RecentlyActive;
        var keys = await store.ListAsync(r.Namespace, r.MetricName, since, ct);
        var matching = keys.Where(k => filters.All(f => k.Dimensions.Any(d => d.Name == f.Name && (f.Value is null || d.Value == f.Value)))).ToList();
        var page = matching.Skip(offset).Take(ListPageSize).Select(k => new MetricInfo(k.Namespace, k.MetricName, [.. k.Dimensions])).ToList();
        var next = offset + page.Count < matching.Count ? PageTokens.Encode(listing, offset + page.Count) : null;
        return new ListMetricsResult(page, next);
    }
}
