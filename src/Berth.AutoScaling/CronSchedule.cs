using System.Globalization;

namespace Berth.AutoScaling;

/// <summary>
/// AWS's six-field cron: <c>minutes hours day-of-month month day-of-week year</c>. One of day-of-month and
/// day-of-week is <c>?</c>. Supported: <c>* , - /</c>, month and weekday names, <c>L</c> and <c>W</c>/<c>LW</c>
/// in day-of-month, <c>L</c>, <c>nL</c> (last weekday n) and <c>n#k</c> (k-th weekday n) in day-of-week
/// (1 = SUN … 7 = SAT, as AWS counts). Evaluated in local time of a time zone.
/// </summary>
internal sealed class CronSchedule
{
    static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    readonly bool[] _minutes, _hours, _months, _years;
    readonly DayRule _dom, _dow;

    CronSchedule(bool[] minutes, bool[] hours, DayRule dom, bool[] months, DayRule dow, bool[] years)
    {
        (_minutes, _hours, _dom, _months, _dow, _years) = (minutes, hours, dom, months, dow, years);
    }

    const int FirstYear = 1970, LastYear = 2199;

    /// <summary>Parses the text inside <c>cron(...)</c>; throws <see cref="FormatException"/> with a message for the user.</summary>
    public static CronSchedule Parse(string text)
    {
        var f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length != 6)
            throw new FormatException("a cron expression has six fields: minutes hours day-of-month month day-of-week year");
        if ((f[2] == "?") == (f[4] == "?"))
            throw new FormatException("exactly one of day-of-month and day-of-week must be '?'");
        return new CronSchedule(
            Field(f[0], 0, 59, null, "minutes"),
            Field(f[1], 0, 23, null, "hours"),
            DayOfMonth(f[2]),
            Field(f[3], 1, 12, MonthNames, "month"),
            DayOfWeek(f[4]),
            Field(f[5], FirstYear, LastYear, null, "year"));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none before 2200.</summary>
    public DateTimeOffset? Next(DateTimeOffset after, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        var day = local.Date;
        var fromMinute = local.Hour * 60 + local.Minute + 1;
        for (var guard = 0; day.Year <= LastYear && guard < 366 * 230; guard++, day = day.AddDays(1), fromMinute = 0)
        {
            if (!_years[day.Year - FirstYear])
            {
                day = new DateTime(day.Year, 12, 31);
                continue;
            }
            if (!_months[day.Month - 1] || !_dom.Matches(day) || !_dow.Matches(day))
                continue;
            for (var m = fromMinute; m < 24 * 60; m++)
            {
                if (!_hours[m / 60] || !_minutes[m % 60])
                    continue;
                var candidate = day.AddMinutes(m);
                if (zone.IsInvalidTime(candidate))
                    continue; // skipped by a daylight-saving change
                var utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(candidate, DateTimeKind.Unspecified), zone);
                var result = new DateTimeOffset(utc, TimeSpan.Zero);
                if (result > after)
                    return result;
            }
        }
        return null;
    }

    static bool[] Field(string text, int min, int max, string[]? names, string what)
    {
        var set = new bool[max - min + 1];
        foreach (var part in text.Split(','))
        {
            var (range, step) = SplitStep(part, what);
            int lo, hi;
            if (range == "*")
                (lo, hi) = (min, max);
            else if (range.Split('-') is [var a, var b])
                (lo, hi) = (Value(a, min, max, names, what), Value(b, min, max, names, what));
            else
                (lo, hi) = (Value(range, min, max, names, what), step > 1 ? max : Value(range, min, max, names, what));
            if (lo > hi)
                throw new FormatException($"the range {range} in {what} runs backwards");
            for (var v = lo; v <= hi; v += step)
                set[v - min] = true;
        }
        return set;
    }

    static (string Range, int Step) SplitStep(string part, string what)
    {
        var slash = part.IndexOf('/');
        if (slash < 0)
            return (part, 1);
        if (!int.TryParse(part[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1)
            throw new FormatException($"'{part}' in {what} has an invalid step");
        return (part[..slash], step);
    }

    static int Value(string text, int min, int max, string[]? names, string what)
    {
        if (names is not null && Array.IndexOf(names, text.ToUpperInvariant()) is var i and >= 0)
            return i + 1;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new FormatException($"'{text}' is not a valid {what} value ({min}-{max})");
        return v;
    }

    static DayRule DayOfMonth(string text)
    {
        if (text == "?")
            return DayRule.Any;
        if (text == "L")
            return new DayRule(d => d.Day == DateTime.DaysInMonth(d.Year, d.Month));
        if (text == "LW")
            return new DayRule(d => d == NearestWeekday(d.Year, d.Month, DateTime.DaysInMonth(d.Year, d.Month)));
        if (text.EndsWith('W'))
        {
            var n = Value(text[..^1], 1, 31, null, "day-of-month");
            return new DayRule(d => n <= DateTime.DaysInMonth(d.Year, d.Month) && d == NearestWeekday(d.Year, d.Month, n));
        }
        if (text.Contains('L') || text.Contains('W') || text.Contains('#'))
            throw new FormatException($"'{text}' is not a supported day-of-month: use numbers, ranges, L, LW or nW");
        var set = Field(text, 1, 31, null, "day-of-month");
        return new DayRule(d => set[d.Day - 1]);
    }

    static DayRule DayOfWeek(string text)
    {
        if (text == "?")
            return DayRule.Any;
        if (text == "L")
            return new DayRule(d => d.DayOfWeek == System.DayOfWeek.Saturday);
        if (text.Length > 1 && text.EndsWith('L'))
        {
            var wd = Value(text[..^1], 1, 7, DayNames, "day-of-week") - 1;
            return new DayRule(d => (int)d.DayOfWeek == wd && d.AddDays(7).Month != d.Month);
        }
        if (text.Split('#') is [var day, var nth])
        {
            var wd = Value(day, 1, 7, DayNames, "day-of-week") - 1;
            var k = Value(nth, 1, 5, null, "day-of-week occurrence (#)");
            return new DayRule(d => (int)d.DayOfWeek == wd && (d.Day - 1) / 7 + 1 == k);
        }
        var set = Field(text, 1, 7, DayNames, "day-of-week");
        return new DayRule(d => set[(int)d.DayOfWeek]);
    }

    /// <summary>The weekday nearest to day <paramref name="n"/>, not leaving the month (Quartz's W).</summary>
    static DateTime NearestWeekday(int year, int month, int n)
    {
        var d = new DateTime(year, month, n);
        return d.DayOfWeek switch
        {
            System.DayOfWeek.Saturday => n == 1 ? d.AddDays(2) : d.AddDays(-1),
            System.DayOfWeek.Sunday => n == DateTime.DaysInMonth(year, month) ? d.AddDays(-2) : d.AddDays(1),
            _ => d,
        };
    }

    sealed record DayRule(Func<DateTime, bool> Matches)
    {
        public static readonly DayRule Any = new(_ => true);
    }
}
