using Berth.Kernel;

namespace Berth.Logs;

/// <summary>
/// CloudWatch Logs term patterns: every plain term must occur, <c>?term</c>s need any one of them,
/// <c>-term</c>s must not occur; <c>"quoted phrases"</c> are one term. Matching is case-sensitive.
/// </summary>
public sealed class FilterPattern
{
    readonly List<string> _all = [];
    readonly List<string> _any = [];
    readonly List<string> _none = [];

    public static FilterPattern Parse(string? pattern)
    {
        var p = new FilterPattern();
        var text = pattern?.Trim() ?? "";
        if (text.StartsWith('{') || text.StartsWith('['))
            throw AwsException.InvalidParameter("JSON and space-delimited filter patterns are not supported; use terms such as ERROR, \"exact phrase\", ?A ?B or -DEBUG.");
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var kind = text[i] is '?' or '-' ? text[i++] : ' ';
            string term;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0)
                    throw AwsException.InvalidParameter("Invalid filter pattern: a quoted phrase is not closed.");
                term = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && !char.IsWhiteSpace(text[end]))
                    end++;
                term = text[i..end];
                i = end;
            }
            if (term.Length == 0)
                continue;
            (kind switch { '?' => p._any, '-' => p._none, _ => p._all }).Add(term);
        }
        return p;
    }

    public bool Matches(string message) =>
        _all.All(t => message.Contains(t, StringComparison.Ordinal))
        && (_any.Count == 0 || _any.Any(t => message.Contains(t, StringComparison.Ordinal)))
        && !_none.Any(t => message.Contains(t, StringComparison.Ordinal));
}
