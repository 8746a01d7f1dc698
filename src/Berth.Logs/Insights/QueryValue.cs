using System.Globalization;

namespace Berth.Logs.Insights;

public enum ValueKind { Null, String, Number, Time }

/// <summary>
/// A value in a Logs Insights query: absent, text, a number or a timestamp (milliseconds). Field values arrive as text and
/// are compared as numbers when both sides read as numbers, as Insights does.
/// </summary>
public readonly record struct QueryValue(ValueKind Kind, string? Text, double Number)
{
    public static readonly QueryValue Null = default;
    public static readonly QueryValue True = Of(1);
    public static readonly QueryValue False = Of(0);

    public static QueryValue Of(string? s) => s is null ? Null : new(ValueKind.String, s, 0);
    public static QueryValue Of(double n) => double.IsNaN(n) ? Null : new(ValueKind.Number, null, n);
    public static QueryValue Of(bool b) => b ? True : False;
    public static QueryValue Time(long ms) => new(ValueKind.Time, null, ms);

    public bool IsNull => Kind == ValueKind.Null;

    /// <summary>The value as a number: numbers and times as they are, text when it parses as a number.</summary>
    public bool TryNumber(out double n)
    {
        switch (Kind)
        {
            case ValueKind.Number or ValueKind.Time:
                n = Number;
                return true;
            case ValueKind.String:
                return double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out n) && !double.IsNaN(n);
            default:
                n = 0;
                return false;
        }
    }

    public bool IsTruthy => Kind switch
    {
        ValueKind.Null => false,
        ValueKind.String => Text!.Length > 0 && Text != "false",
        _ => Number != 0,
    };

    /// <summary>The value as GetQueryResults shows it: timestamps as <c>yyyy-MM-dd HH:mm:ss.fff</c> (UTC), whole numbers without a point.</summary>
    public string? Display() => Kind switch
    {
        ValueKind.Null => null,
        ValueKind.String => Text,
        ValueKind.Time => FormatTime((long)Number),
        _ => FormatNumber(Number),
    };

    public static string FormatTime(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string FormatNumber(double n) =>
        n == Math.Floor(n) && Math.Abs(n) < 1e15 ? ((long)n).ToString(CultureInfo.InvariantCulture) : n.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Text for string functions: what the value would display as, or null when absent.</summary>
    public string? AsText() => Display();

    /// <summary>Equality as <c>=</c> sees it: numerically when both sides are numbers, else as text.</summary>
    public static bool Equal(QueryValue a, QueryValue b)
    {
        if (a.IsNull || b.IsNull)
            return false;
        if (a.TryNumber(out var x) && b.TryNumber(out var y))
            return x == y;
        return string.Equals(a.AsText(), b.AsText(), StringComparison.Ordinal);
    }

    /// <summary>Order for comparisons and sort: numerically when both are numbers, else ordinal text; null when either is absent.</summary>
    public static int? Compare(QueryValue a, QueryValue b)
    {
        if (a.IsNull || b.IsNull)
            return null;
        if (a.TryNumber(out var x) && b.TryNumber(out var y))
            return x.CompareTo(y);
        return string.CompareOrdinal(a.AsText(), b.AsText());
    }

    /// <summary>Sort order: absent values last whichever the direction, numbers before text.</summary>
    public static int SortCompare(QueryValue a, QueryValue b, bool descending)
    {
        if (a.IsNull || b.IsNull)
            return a.IsNull == b.IsNull ? 0 : a.IsNull ? 1 : -1;
        var an = a.TryNumber(out var x);
        var bn = b.TryNumber(out var y);
        int c;
        if (an && bn)
            c = x.CompareTo(y);
        else if (an != bn)
            return an ? -1 : 1;
        else
            c = string.CompareOrdinal(a.AsText(), b.AsText());
        return descending ? -c : c;
    }
}
