using System.Globalization;

namespace Berth.Logs.Insights;

/// <summary>
/// The functions Berth's Insights implements: scalar ones for every command and aggregates for <c>stats</c>. Names are
/// case-insensitive; anything else is refused by name at parse time rather than answered wrongly.
/// </summary>
public static class QueryFunctions
{
    public sealed record Arity(int Min, int Max);

    static readonly Dictionary<string, Arity> Scalars = new(StringComparer.OrdinalIgnoreCase)
    {
        ["strlen"] = new(1, 1),
        ["tolower"] = new(1, 1),
        ["toupper"] = new(1, 1),
        ["trim"] = new(1, 1),
        ["ltrim"] = new(1, 1),
        ["rtrim"] = new(1, 1),
        ["concat"] = new(1, 100),
        ["substr"] = new(2, 3),
        ["replace"] = new(3, 3),
        ["strcontains"] = new(2, 2),
        ["isempty"] = new(1, 1),
        ["isblank"] = new(1, 1),
        ["ispresent"] = new(1, 1),
        ["coalesce"] = new(1, 100),
        ["abs"] = new(1, 1),
        ["ceil"] = new(1, 1),
        ["floor"] = new(1, 1),
        ["sqrt"] = new(1, 1),
        ["log"] = new(1, 1),
        ["greatest"] = new(1, 100),
        ["least"] = new(1, 100),
        ["bin"] = new(1, 1),
        ["datefloor"] = new(2, 2),
        ["dateceil"] = new(2, 2),
        ["frommillis"] = new(1, 1),
        ["tomillis"] = new(1, 1),
    };

    static readonly Dictionary<string, Arity> Aggregates = new(StringComparer.OrdinalIgnoreCase)
    {
        ["count"] = new(0, 1),
        ["count_distinct"] = new(1, 1),
        ["sum"] = new(1, 1),
        ["avg"] = new(1, 1),
        ["min"] = new(1, 1),
        ["max"] = new(1, 1),
        ["pct"] = new(2, 2),
        ["earliest"] = new(1, 1),
        ["latest"] = new(1, 1),
    };

    public static bool IsAggregate(string name) => Aggregates.ContainsKey(name);

    public static Arity? ScalarArity(string name) => Scalars.GetValueOrDefault(name);

    public static Arity? AggregateArity(string name) => Aggregates.GetValueOrDefault(name);

    /// <summary>A scalar function's value from its evaluated arguments (<paramref name="timestamp"/> is the row's, for bin()).</summary>
    public static QueryValue Call(string name, QueryValue[] a, long? timestamp)
    {
        switch (name.ToLowerInvariant())
        {
            case "strlen":
                return a[0].AsText() is { } s ? QueryValue.Of(s.Length) : QueryValue.Null;
            case "tolower":
                return QueryValue.Of(a[0].AsText()?.ToLowerInvariant());
            case "toupper":
                return QueryValue.Of(a[0].AsText()?.ToUpperInvariant());
            case "trim":
                return QueryValue.Of(a[0].AsText()?.Trim());
            case "ltrim":
                return QueryValue.Of(a[0].AsText()?.TrimStart());
            case "rtrim":
                return QueryValue.Of(a[0].AsText()?.TrimEnd());
            case "concat":
                return QueryValue.Of(string.Concat(a.Select(v => v.AsText())));
            case "substr":
                return Substring(a);
            case "replace":
                return a[0].AsText() is { } text && a[1].AsText() is { Length: > 0 } find
                    ? QueryValue.Of(text.Replace(find, a[2].AsText() ?? "", StringComparison.Ordinal))
                    : a[0];
            case "strcontains":
                return a[0].AsText() is { } hay && a[1].AsText() is { } needle ? QueryValue.Of(hay.Contains(needle, StringComparison.Ordinal)) : QueryValue.Null;
            case "isempty":
                return QueryValue.Of(a[0].IsNull || a[0].AsText()!.Length == 0);
            case "isblank":
                return QueryValue.Of(a[0].IsNull || string.IsNullOrWhiteSpace(a[0].AsText()));
            case "ispresent":
                return QueryValue.Of(!a[0].IsNull);
            case "coalesce":
                return a.FirstOrDefault(v => !v.IsNull);
            case "abs":
                return Numeric(a[0], Math.Abs);
            case "ceil":
                return Numeric(a[0], Math.Ceiling);
            case "floor":
                return Numeric(a[0], Math.Floor);
            case "sqrt":
                return Numeric(a[0], x => x < 0 ? double.NaN : Math.Sqrt(x));
            case "log":
                return Numeric(a[0], x => x <= 0 ? double.NaN : Math.Log(x));
            case "greatest":
                return Extreme(a, 1);
            case "least":
                return Extreme(a, -1);
            case "bin":
                return timestamp is { } ts && a[0].TryNumber(out var period) && period > 0 ? QueryValue.Time(Durations.Floor(ts, (long)period)) : QueryValue.Null;
            case "datefloor":
                return a[0].TryNumber(out var t) && a[1].TryNumber(out var p) && p > 0 ? QueryValue.Time(Durations.Floor((long)t, (long)p)) : QueryValue.Null;
            case "dateceil":
                return a[0].TryNumber(out var t2) && a[1].TryNumber(out var p2) && p2 > 0 ? QueryValue.Time(Durations.Ceil((long)t2, (long)p2)) : QueryValue.Null;
            case "frommillis":
                return a[0].TryNumber(out var ms) && Math.Abs(ms) < 8.64e15 ? QueryValue.Time((long)ms) : QueryValue.Null;
            case "tomillis":
                return a[0].TryNumber(out var tm) ? QueryValue.Of(tm) : QueryValue.Null;
            default:
                throw new InvalidOperationException($"No scalar function {name}.");
        }
    }

    static QueryValue Substring(QueryValue[] a)
    {
        if (a[0].AsText() is not { } s || !a[1].TryNumber(out var from))
            return QueryValue.Null;
        var start = Math.Clamp((int)from, 0, s.Length);
        var length = s.Length - start;
        if (a.Length == 3)
        {
            if (!a[2].TryNumber(out var len))
                return QueryValue.Null;
            length = Math.Clamp((int)len, 0, length);
        }
        return QueryValue.Of(s.Substring(start, length));
    }

    static QueryValue Numeric(QueryValue v, Func<double, double> f) => v.TryNumber(out var x) ? QueryValue.Of(f(x)) : QueryValue.Null;

    static QueryValue Extreme(QueryValue[] a, int sign)
    {
        double? best = null;
        foreach (var v in a)
            if (v.TryNumber(out var x) && (best is null || Math.Sign(x.CompareTo(best.Value)) == sign))
                best = x;
        return best is { } b ? QueryValue.Of(b) : QueryValue.Null;
    }

    /// <summary>A number as text for an error message.</summary>
    public static string Show(double n) => n.ToString(CultureInfo.InvariantCulture);
}
