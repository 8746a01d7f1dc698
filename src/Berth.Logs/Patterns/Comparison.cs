using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Kernel;

namespace Berth.Logs.Patterns;

/// <summary>
/// One test of a field's value in a JSON or space-delimited pattern: <c>= != &lt; &gt; &lt;= &gt;=</c> against a number,
/// a string (quoted or not, <c>*</c> matching any run of characters) or a <c>%regular expression%</c>.
/// </summary>
public sealed class Comparison
{
    readonly string _op;
    readonly double? _number;
    readonly Regex _regex;

    Comparison(string op, double? number, Regex regex)
    {
        _op = op;
        _number = number;
        _regex = regex;
    }

    public static readonly string[] Operators = ["!=", "<=", ">=", "=", "<", ">"];

    /// <summary>Builds the test; <paramref name="quoted"/> values are always strings, <c>%...%</c> values regular expressions.</summary>
    public static Comparison Create(string op, string value, bool quoted, bool regex)
    {
        double? number = !quoted && !regex && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
        if (op is "<" or ">" or "<=" or ">=" && number is null)
            throw Invalid($"the operator {op} needs a number, not '{value}'");
        Regex re;
        if (regex)
        {
            try
            {
                // Linear-time matching: a pattern cannot make matching events slow.
                re = new Regex(value, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException)
            {
                throw Invalid($"'%{value}%' is not a regular expression Berth can use ({e.Message})");
            }
        }
        else
        {
            re = Wildcard(value);
        }
        return new Comparison(op, number, re);
    }

    /// <summary>True when <paramref name="text"/> (a field's value; null when the field is missing) passes.</summary>
    public bool Test(string? text)
    {
        if (text is null)
            return false;
        if (_number is { } n && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return _op switch
            {
                "=" => v == n,
                "!=" => v != n,
                "<" => v < n,
                ">" => v > n,
                "<=" => v <= n,
                _ => v >= n,
            };
        }
        return _op switch
        {
            "=" => _regex.IsMatch(text),
            "!=" => !_regex.IsMatch(text),
            _ => false, // an ordering test of a value that is not a number
        };
    }

    static Regex Wildcard(string value) =>
        new("^" + string.Join(".*", value.Split('*').Select(Regex.Escape)) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);

    internal static AwsException Invalid(string why) => AwsException.InvalidParameter($"Invalid filter pattern: {why}.");
}
