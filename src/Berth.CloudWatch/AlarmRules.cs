using System.Globalization;
using System.Text.Json;

namespace Berth.CloudWatch;

/// <summary>The state an evaluation gives an alarm, with CloudWatch's wording of the reason and its JSON data.</summary>
public sealed record AlarmOutcome(string State, string Reason, string ReasonData);

/// <summary>
/// How one alarm is judged, as a pure function of its definition, its metric's points and the time. The window is the
/// last EvaluationPeriods complete periods (aligned to the period, like CloudWatch); DatapointsToAlarm of them
/// breaching is ALARM. Missing periods follow TreatMissingData: breaching / notBreaching count as such; ignore and
/// missing (the default) judge the periods that have data, and when none has, ignore keeps the state (null) and
/// missing is INSUFFICIENT_DATA.
/// </summary>
public static class AlarmRules
{
    public const string Ok = "OK", Alarm = "ALARM", InsufficientData = "INSUFFICIENT_DATA";

    public static readonly IReadOnlyList<string> States = [Ok, Alarm, InsufficientData];
    public static readonly IReadOnlyList<string> Operators =
        ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
    public static readonly IReadOnlyList<string> MissingDataTreatments = ["breaching", "notBreaching", "ignore", "missing"];

    /// <summary>The window <c>[start, end)</c> an evaluation at <paramref name="now"/> reads.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) Window(MetricAlarm a, DateTimeOffset now)
    {
        var end = Aggregation.AlignDown(now, a.Period);
        return (end - TimeSpan.FromSeconds((double)a.Period * a.EvaluationPeriods), end);
    }

    public static AlarmOutcome? Evaluate(MetricAlarm a, IReadOnlyList<MetricPoint> points, DateTimeOffset now)
    {
        if (a.Period <= 0 || a.EvaluationPeriods <= 0)
            return null;
        var n = a.EvaluationPeriods;
        var m = Math.Clamp(a.DatapointsToAlarm ?? n, 1, n);
        var (start, end) = Window(a, now);
        var stat = a.ExtendedStatistic ?? a.Statistic ?? "Average";
        var buckets = Aggregation.ByPeriod(points.Where(p => p.Timestamp >= start && p.Timestamp < end && (a.Unit is null || p.Unit == a.Unit)), a.Period);
        var present = new List<(DateTimeOffset At, double Value, double Count)>();
        foreach (var (at, bucket) in buckets.Reverse())
        {
            if (Aggregation.Statistic(bucket, stat) is { } v)
                present.Add((at, v, bucket.Sum(p => p.SampleCount)));
        }
        var missing = n - present.Count;
        var treat = a.TreatMissingData ?? "missing";
        var breaching = present.Where(p => Breaches(a.ComparisonOperator, p.Value, a.Threshold)).ToList();
        var breachCount = breaching.Count + (treat == "breaching" ? missing : 0);
        var data = ReasonData(a, stat, start, now, present);

        if (present.Count == 0)
        {
            return treat switch
            {
                "breaching" when n >= m => new(Alarm, Treated(n, "Breaching"), data),
                "notBreaching" or "breaching" => new(Ok, Treated(n, "NonBreaching"), data),
                "ignore" => null,
                _ => new(InsufficientData, $"Insufficient Data: {n} {Plural(n, "datapoint")} {(n == 1 ? "was" : "were")} unknown.", data),
            };
        }
        var relation = Relation(a.ComparisonOperator);
        var threshold = Format(a.Threshold);
        var treated = missing > 0 && treat is "breaching" or "notBreaching"
            ? $" and {missing} missing {Plural(missing, "datapoint")} {(missing == 1 ? "was" : "were")} treated as [{(treat == "breaching" ? "Breaching" : "NonBreaching")}]"
            : "";
        if (breachCount >= m)
        {
            var count = m == n ? $"{breaching.Count} {Plural(breaching.Count, "datapoint")}" : $"{breachCount} out of the last {n} datapoints";
            var verb = breaching.Count + (treat == "breaching" ? missing : 0) == 1 ? "was" : "were";
            var minimum = m == n ? "" : $" (minimum {m} {Plural(m, "datapoint")} for OK -> ALARM transition)";
            return new(Alarm, $"Threshold Crossed: {count} {List(breaching)}{treated} {verb} {relation} the threshold ({threshold}){minimum}.", data);
        }
        var total = present.Count;
        return new(Ok, $"Threshold Crossed: {total} {Plural(total, "datapoint")} {List(present)}{treated} {(total == 1 ? "was" : "were")} not {relation} the threshold ({threshold}).", data);
    }

    public static bool Breaches(string op, double value, double threshold) => op switch
    {
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "GreaterThanThreshold" => value > threshold,
        "LessThanThreshold" => value < threshold,
        "LessThanOrEqualToThreshold" => value <= threshold,
        _ => false,
    };

    static string Relation(string op) => op switch
    {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    };

    static string Treated(int n, string how) =>
        $"Threshold Crossed: no datapoints were received for {n} {Plural(n, "period")} and {n} missing {Plural(n, "datapoint")} {(n == 1 ? "was" : "were")} treated as [{how}].";

    static string List(IEnumerable<(DateTimeOffset At, double Value, double Count)> points) =>
        "[" + string.Join(", ", points.Select(p => $"{Format(p.Value)} ({p.At.UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture)})")) + "]";

    static string Plural(int n, string word) => n == 1 ? word : word + "s";

    /// <summary>Numbers as CloudWatch prints them (Java's double form): 50.0, 72.5.</summary>
    public static string Format(double v) =>
        v == Math.Floor(v) && Math.Abs(v) < 1e7 ? v.ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("R", CultureInfo.InvariantCulture);

    static string ReasonData(MetricAlarm a, string stat, DateTimeOffset start, DateTimeOffset now, List<(DateTimeOffset At, double Value, double Count)> present)
    {
        static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteString("queryDate", Date(now));
            w.WriteString("startDate", Date(start));
            w.WriteString(a.ExtendedStatistic is null ? "statistic" : "extendedStatistic", stat);
            w.WriteNumber("period", a.Period);
            w.WriteStartArray("recentDatapoints");
            foreach (var p in Enumerable.Reverse(present))
                w.WriteNumberValue(p.Value);
            w.WriteEndArray();
            w.WriteNumber("threshold", a.Threshold);
            w.WriteStartArray("evaluatedDatapoints");
            foreach (var p in present)
            {
                w.WriteStartObject();
                w.WriteString("timestamp", Date(p.At));
                w.WriteNumber("sampleCount", p.Count);
                w.WriteNumber("value", p.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
