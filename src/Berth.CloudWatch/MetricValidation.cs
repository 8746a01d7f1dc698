using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.CloudWatch;

/// <summary>The checks every CloudWatch metric operation shares, with the model's limits.</summary>
public static partial class MetricValidation
{
    public const int MaxDimensions = 30;
    public const int MaxDatapointsPerStatistics = 1440;

    public static readonly IReadOnlyList<string> Units =
    [
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Kilobits",
        "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second", "Megabytes/Second",
        "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second", "Gigabits/Second",
        "Terabits/Second", "Count/Second", "None",
    ];

    public static readonly IReadOnlyList<string> Statistics = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];

    public static string Required(string? value, string name) =>
        string.IsNullOrEmpty(value) ? throw CloudWatchErrors.MissingParameter(name) : value;

    public static T Required<T>(T? value, string name)
        where T : struct => value ?? throw CloudWatchErrors.MissingParameter(name);

    public static void Length(string? value, string name, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter {name} must be between {min} and {max} characters long.");
    }

    /// <summary>A required timestamp between 1970 and 9000, so period arithmetic stays in range.</summary>
    public static DateTimeOffset Time(DateTimeOffset? value, string name)
    {
        var t = Required(value, name);
        if (t < DateTimeOffset.UnixEpoch || t.Year > 9000)
            throw CloudWatchErrors.InvalidParameterValue($"The parameter {name} must be a time between 1970 and 9000.");
        return t;
    }

    public static string Namespace(string? value, string name = "Namespace")
    {
        Required(value, name);
        Length(value, name, 1, 255);
        if (value!.Contains(':', StringComparison.Ordinal) || value.Any(char.IsControl))
            throw CloudWatchErrors.InvalidParameterValue($"The value {value} for parameter {name} is invalid: it must not contain ':' or control characters.");
        return value;
    }

    public static string MetricName(string? value, string name = "MetricName")
    {
        Required(value, name);
        Length(value, name, 1, 255);
        return value!;
    }

    public static string? Unit(string? value, string name = "Unit") =>
        value is null || Units.Contains(value)
            ? value
            : throw CloudWatchErrors.InvalidParameterValue($"The parameter {name} must be a value in the set [ {string.Join(", ", Units)} ].");

    public static List<MetricDimension> Dimensions(List<DimensionInput>? dims, string name = "Dimensions")
    {
        if (dims is null)
            return [];
        if (dims.Count > MaxDimensions)
            throw CloudWatchErrors.InvalidParameterValue($"The collection {name} must not have a size greater than {MaxDimensions}.");
        var result = new List<MetricDimension>(dims.Count);
        for (var i = 0; i < dims.Count; i++)
        {
            var at = $"{name}.member.{i + 1}";
            var d = dims[i] ?? throw CloudWatchErrors.MissingParameter(at);
            Required(d.Name, at + ".Name");
            Required(d.Value, at + ".Value");
            Length(d.Name, at + ".Name", 1, 255);
            Length(d.Value, at + ".Value", 1, 1024);
            if (result.Any(r => r.Name == d.Name))
                throw CloudWatchErrors.InvalidParameterValue($"No metric may have more than one dimension named {d.Name} ({at}).");
            result.Add(new MetricDimension(d.Name!, d.Value!));
        }
        return result;
    }

    /// <summary>1, 5, 10, 20, 30 (high resolution) or a multiple of 60 seconds.</summary>
    public static int Period(int? value, string name = "Period")
    {
        var p = Required(value, name);
        if (p < 1 || (p > 30 && p % 60 != 0) || (p <= 30 && p is not (1 or 5 or 10 or 20 or 30)))
            throw CloudWatchErrors.InvalidParameterValue($"The parameter {name} must be 1, 5, 10, 20, 30, or a multiple of 60.");
        return p;
    }

    /// <summary>A statistic name: one of the five, or a percentile pNN / pNN.NN (0 ≤ NN ≤ 100).</summary>
    public static bool IsStatistic(string? stat) => stat is not null && (Statistics.Contains(stat) || Percentile(stat) is not null);

    /// <summary>The percentile of <c>p90</c> / <c>p99.99</c>, or null when <paramref name="stat"/> is not one.</summary>
    public static double? Percentile(string? stat)
    {
        if (stat is null || !PercentilePattern().IsMatch(stat))
            return null;
        var p = double.Parse(stat.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return p <= 100 ? p : null;
    }

    [GeneratedRegex(@"^p\d{1,3}(\.\d{1,2})?$")]
    private static partial Regex PercentilePattern();
}
