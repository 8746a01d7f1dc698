using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.AutoScaling;

/// <summary>A scheduled action's <c>Schedule</c>: <c>at(yyyy-mm-ddThh:mm:ss)</c>, <c>rate(N minutes|hours|days)</c> or <c>cron(...)</c>.</summary>
internal abstract partial record ScheduleExpression
{
    /// <summary>The first occurrence strictly after <paramref name="after"/>; <paramref name="anchor"/> is where a rate counts from.</summary>
    public abstract DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset anchor);

    /// <summary>Parses a schedule; throws a ValidationException worded for the user.</summary>
    public static ScheduleExpression Parse(string? schedule, string? timezone)
    {
        if (string.IsNullOrEmpty(schedule))
            throw AutoScalingErrors.Validation("Schedule is required.");
        var zone = Zone(timezone);
        if (AtPattern().Match(schedule) is { Success: true } at)
        {
            if (!DateTime.TryParseExact(at.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                throw AutoScalingErrors.Validation($"Invalid at expression '{schedule}': use at(yyyy-mm-ddThh:mm:ss).");
            return new At(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero));
        }
        if (RatePattern().Match(schedule) is { Success: true } rate)
        {
            if (!int.TryParse(rate.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw AutoScalingErrors.Validation($"Invalid rate expression '{schedule}': the value must be a positive whole number.");
            var unit = rate.Groups[2].Value;
            if ((n == 1) != !unit.EndsWith('s'))
                throw AutoScalingErrors.Validation($"Invalid rate expression '{schedule}': use 'rate(1 {unit.TrimEnd('s')})' for one and the plural for more.");
            var interval = unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(n),
                "hour" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            return new Rate(interval);
        }
        if (CronPattern().Match(schedule) is { Success: true } cron)
        {
            try
            {
                return new Cron(CronSchedule.Parse(cron.Groups[1].Value), zone);
            }
            catch (FormatException e)
            {
                throw AutoScalingErrors.Validation($"Invalid cron expression '{schedule}': {e.Message}.");
            }
        }
        throw AutoScalingErrors.Validation($"Invalid schedule '{schedule}': use at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields).");
    }

    public static TimeZoneInfo Zone(string? timezone)
    {
        if (timezone is null or "UTC" or "Etc/UTC")
            return TimeZoneInfo.Utc;
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(timezone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw AutoScalingErrors.Validation($"Invalid Timezone '{timezone}': use an IANA time zone name such as Europe/Paris.");
        }
    }

    public sealed record At(DateTimeOffset When) : ScheduleExpression
    {
        public override DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset anchor) => When > after ? When : null;
    }

    public sealed record Rate(TimeSpan Interval) : ScheduleExpression
    {
        public override DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset anchor)
        {
            if (after < anchor)
                return anchor + Interval;
            var k = (after - anchor).Ticks / Interval.Ticks + 1;
            return anchor + Interval * k;
        }
    }

    public sealed record Cron(CronSchedule Schedule, TimeZoneInfo ZoneInfo) : ScheduleExpression
    {
        public override DateTimeOffset? Next(DateTimeOffset after, DateTimeOffset anchor) => Schedule.Next(after, ZoneInfo);
    }

    [GeneratedRegex(@"^at\(([^)]*)\)$")]
    private static partial Regex AtPattern();

    [GeneratedRegex(@"^rate\((\d+) (minutes?|hours?|days?)\)$")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"^cron\((.*)\)$")]
    private static partial Regex CronPattern();
}
