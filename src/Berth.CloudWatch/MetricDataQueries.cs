using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Berth.CloudWatch;

/// <summary>
/// GetMetricData: each MetricStat query is aggregated like GetMetricStatistics, each expression evaluated over the
/// others; the returned series are paged together, at most MaxDatapoints values a page.
/// </summary>
public sealed partial class MetricDataQueries(IMetricStore store)
{
    public const int MaxQueries = 500;
    public const int DefaultMaxDatapoints = 100_800;

    public async Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest r, CancellationToken ct)
    {
        var queries = r.MetricDataQueries is { Count: > 0 } q ? q : throw CloudWatchErrors.MissingParameter("MetricDataQueries");
        if (queries.Count > MaxQueries)
            throw CloudWatchErrors.InvalidParameterValue($"The collection MetricDataQueries must not have a size greater than {MaxQueries}.");
        var start = MetricValidation.Time(r.StartTime, "StartTime");
        var end = MetricValidation.Time(r.EndTime, "EndTime");
        if (start >= end)
            throw CloudWatchErrors.InvalidParameterValue("The parameter StartTime must be less than the parameter EndTime.");
        var descending = r.ScanBy switch
        {
            null or "TimestampDescending" => true,
            "TimestampAscending" => false,
            _ => throw CloudWatchErrors.InvalidParameterValue("The parameter ScanBy must be a value in the set [ TimestampDescending, TimestampAscending ]."),
        };
        var max = r.MaxDatapoints ?? DefaultMaxDatapoints;
        if (max < 1)
            throw CloudWatchErrors.InvalidParameterValue("The parameter MaxDatapoints must be greater than 0.");
        var byId = Validate(queries);
        var offset = PageTokens.Decode(r.NextToken, Listing(r), CloudWatchErrors.InvalidNextToken);

        // MetricStat series first (store reads), then expressions resolved over them, depth first with a cycle check.
        var series = new Dictionary<string, SortedDictionary<DateTimeOffset, double>>(StringComparer.Ordinal);
        foreach (var query in queries.Where(x => x.MetricStat is not null))
            series[query.Id!] = await ReadAsync(query.MetricStat!, start, end, ct);
        var resolving = new HashSet<string>(StringComparer.Ordinal);
        SortedDictionary<DateTimeOffset, double> Resolve(string id)
        {
            if (series.TryGetValue(id, out var known))
                return known;
            if (!byId.TryGetValue(id, out var query))
                throw CloudWatchErrors.Validation($"The expression refers to {id}, which is not the Id of a query in this request.");
            if (!resolving.Add(id))
                throw CloudWatchErrors.Validation($"The expression of {id} refers to itself, directly or through other expressions.");
            var value = MetricMath.Evaluate(query.Expression!, Resolve);
            resolving.Remove(id);
            return series[id] = value;
        }
        foreach (var query in queries.Where(x => x.Expression is not null))
            Resolve(query.Id!);

        return Page(queries.Where(x => x.ReturnData ?? true).ToList(), series, descending, offset, max, Listing(r));
    }

    static GetMetricDataResult Page(List<MetricDataQueryInput> returned, Dictionary<string, SortedDictionary<DateTimeOffset, double>> series,
        bool descending, int offset, int max, string listing)
    {
        var results = new List<MetricDataResult>();
        var index = 0;
        foreach (var query in returned)
        {
            var points = descending ? series[query.Id!].Reverse().ToList() : series[query.Id!].ToList();
            var from = Math.Clamp(offset - index, 0, points.Count);
            var to = Math.Clamp(offset + max - index, 0, points.Count);
            var slice = points.Skip(from).Take(to - from).ToList();
            results.Add(new MetricDataResult
            {
                Id = query.Id!,
                Label = query.Label ?? query.MetricStat?.Metric?.MetricName ?? query.Id!,
                Timestamps = slice.Select(p => p.Key).ToList(),
                Values = slice.Select(p => p.Value).ToList(),
                StatusCode = to < points.Count ? "PartialData" : "Complete",
            });
            index += points.Count;
        }
        var next = offset + max < index ? PageTokens.Encode(listing, offset + max) : null;
        return new GetMetricDataResult(results, next, []);
    }

    async Task<SortedDictionary<DateTimeOffset, double>> ReadAsync(MetricStatInput stat, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var m = stat.Metric!;
        var key = new MetricKey(m.Namespace!, m.MetricName!, MetricValidation.Dimensions(m.Dimensions));
        var period = stat.Period!.Value;
        var points = await store.ReadAsync(key, Aggregation.AlignDown(start, period), end, ct);
        var result = new SortedDictionary<DateTimeOffset, double>();
        foreach (var (at, bucket) in Aggregation.ByPeriod(points.Where(p => stat.Unit is null || p.Unit == stat.Unit), period))
        {
            if (Aggregation.Statistic(bucket, stat.Stat!) is { } v)
                result[at] = v;
        }
        return result;
    }

    static Dictionary<string, MetricDataQueryInput> Validate(List<MetricDataQueryInput> queries)
    {
        var byId = new Dictionary<string, MetricDataQueryInput>(StringComparer.Ordinal);
        for (var i = 0; i < queries.Count; i++)
        {
            var at = $"MetricDataQueries.member.{i + 1}";
            var q = queries[i] ?? throw CloudWatchErrors.MissingParameter(at);
            var id = MetricValidation.Required(q.Id, at + ".Id");
            if (id.Length > 255 || !IdPattern().IsMatch(id))
                throw CloudWatchErrors.InvalidParameterValue($"The value {id} for parameter {at}.Id is invalid: it must start with a lower-case letter and hold only letters, digits and underscores.");
            if (!byId.TryAdd(id, q))
                throw CloudWatchErrors.InvalidParameterValue($"The Id {id} is used by more than one query ({at}.Id).");
            if ((q.MetricStat is null) == (q.Expression is null))
                throw CloudWatchErrors.InvalidParameterCombination($"Exactly one of {at}.MetricStat and {at}.Expression must be specified.");
            MetricValidation.Length(q.Label, at + ".Label", 0, 2048);
            if (q.Expression is not null)
            {
                MetricValidation.Length(q.Expression, at + ".Expression", 1, 2048);
                if (q.Period is { } p)
                    MetricValidation.Period(p, at + ".Period");
                continue;
            }
            var stat = q.MetricStat!;
            var metric = stat.Metric ?? throw CloudWatchErrors.MissingParameter(at + ".MetricStat.Metric");
            MetricValidation.Namespace(metric.Namespace, at + ".MetricStat.Metric.Namespace");
            MetricValidation.MetricName(metric.MetricName, at + ".MetricStat.Metric.MetricName");
            MetricValidation.Dimensions(metric.Dimensions, at + ".MetricStat.Metric.Dimensions");
            MetricValidation.Period(stat.Period, at + ".MetricStat.Period");
            MetricValidation.Required(stat.Stat, at + ".MetricStat.Stat");
            if (!MetricValidation.IsStatistic(stat.Stat))
                throw CloudWatchErrors.InvalidParameterValue($"The value {stat.Stat} for parameter {at}.MetricStat.Stat is not supported: use SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99.");
            MetricValidation.Unit(stat.Unit, at + ".MetricStat.Unit");
        }
        if (!queries.Any(x => x.ReturnData ?? true))
            throw CloudWatchErrors.Validation("At least one of the MetricDataQueries must have ReturnData set to true.");
        return byId;
    }

    /// <summary>Everything that shapes the answer except NextToken, so a token only continues the request that issued it.</summary>
    static string Listing(GetMetricDataRequest r)
    {
        var b = new StringBuilder();
        b.Append(CultureInfo.InvariantCulture, $"{r.StartTime:O}|{r.EndTime:O}|{r.ScanBy}|{r.MaxDatapoints}");
        foreach (var q in r.MetricDataQueries!)
        {
            var m = q.MetricStat;
            b.Append(CultureInfo.InvariantCulture, $"\n{q.Id}|{q.Expression}|{q.ReturnData}|{m?.Metric?.Namespace}|{m?.Metric?.MetricName}|{m?.Period}|{m?.Stat}|{m?.Unit}");
            foreach (var d in m?.Metric?.Dimensions ?? [])
                b.Append(CultureInfo.InvariantCulture, $"|{d.Name}={d.Value}");
        }
        return b.ToString();
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex IdPattern();
}
