using System.Text.RegularExpressions;

namespace Berth.Logs.Patterns;

/// <summary>
/// Terms: every plain term must occur, <c>?term</c>s need any one of them, <c>-term</c>s must not occur;
/// <c>"quoted phrases"</c> are one term and <c>%regular expression%</c> terms match by expression. Case-sensitive.
/// </summary>
public sealed class TermPattern
{
    readonly List<Func<string, bool>> _all = [];
    readonly List<Func<string, bool>> _any = [];
    readonly List<Func<string, bool>> _none = [];

    public int RegexCount { get; private set; }

    public static TermPattern Parse(string text)
    {
        var p = new TermPattern();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var kind = text[i] is '?' or '-' ? text[i++] : ' ';
            Func<string, bool>? test;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                    throw Comparison.Invalid("a quoted phrase is not closed");
                var term = text[(i + 1)..end];
                test = term.Length == 0 ? null : m => m.Contains(term, StringComparison.Ordinal);
                i = end + 1;
            }
            else if (i < text.Length && text[i] == '%')
            {
                var end = text.IndexOf('%', i + 1);
                if (end < 0)
                    throw Comparison.Invalid("a regular expression (%...%) is not closed");
                var regex = Regex(text[(i + 1)..end]);
                test = regex.IsMatch;
                p.RegexCount++;
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]))
                    end++;
                var term = text[i..end];
                test = term.Length == 0 ? null : m => m.Contains(term, StringComparison.Ordinal);
                i = end;
            }
            if (test is null)
                continue;
            (kind switch { '?' => p._any, '-' => p._none, _ => p._all }).Add(test);
        }
        return p;
    }

    static Regex Regex(string expression)
    {
        try
        {
            return new Regex(expression, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw Comparison.Invalid($"'%{expression}%' is not a regular expression Berth can use ({e.Message})");
        }
    }

    public bool Matches(string message) =>
        _all.All(t => t(message))
        && (_any.Count == 0 || _any.Any(t => t(message)))
        && !_none.Any(t => t(message));
}
