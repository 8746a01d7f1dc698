namespace Berth.Iam.Policy;

/// <summary>
/// IAM's wildcard matching: <c>*</c> matches any run of characters (none included), <c>?</c> exactly one. A pattern
/// may mark some of its characters literal (<c>${*}</c>, <c>${?}</c> and substituted variable values), so they match
/// only themselves. Iterative with one backtrack point: linear for the patterns policies use, no Regex, no allocation.
/// </summary>
internal static class Wildcard
{
    public static bool HasWildcards(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (IsWild(pattern, literal, i, '*') || IsWild(pattern, literal, i, '?'))
                return true;
        }
        return false;
    }

    /// <summary>Matches <paramref name="input"/> against <paramref name="pattern"/>, case-sensitively.</summary>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal, ReadOnlySpan<char> input)
    {
        int p = 0, s = 0, star = -1, mark = 0;
        while (s < input.Length)
        {
            if (p < pattern.Length && IsWild(pattern, literal, p, '*'))
            {
                star = p++;
                mark = s;
            }
            else if (p < pattern.Length && (IsWild(pattern, literal, p, '?') || pattern[p] == input[s]))
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && IsWild(pattern, literal, p, '*'))
            p++;
        return p == pattern.Length;
    }

    static bool IsWild(ReadOnlySpan<char> pattern, ReadOnlySpan<bool> literal, int i, char c) =>
        pattern[i] == c && (literal.IsEmpty || !literal[i]);
}

/// <summary>
/// A wildcard pattern compiled once: the common shapes (<c>*</c>, exact, <c>prefix*</c>) skip the general matcher.
/// Case-sensitive; callers that match case-insensitively (actions) lower-case both sides first. An ARN pattern
/// (<see cref="ForArn"/>) matches part by part in its general shape; a lone trailing star is a prefix test either way.
/// </summary>
internal sealed class Glob
{
    enum Shape { Any, Exact, Prefix, General }

    readonly Shape _shape;
    readonly string _pattern;
    readonly bool[]? _literal;
    readonly bool _arn;

    public Glob(string pattern, bool[]? literal = null, bool arn = false)
    {
        _pattern = pattern;
        _literal = literal;
        _arn = arn;
        var lit = literal.AsSpan();
        if (pattern == "*" && (literal is null || !literal[0]))
            _shape = Shape.Any;
        else if (!Wildcard.HasWildcards(pattern, lit))
            _shape = Shape.Exact;
        else if (pattern.EndsWith('*') && !Wildcard.HasWildcards(pattern.AsSpan(0, pattern.Length - 1), lit.IsEmpty ? lit : lit[..^1]))
            _shape = Shape.Prefix;
        else
            _shape = Shape.General;
    }

    public string Pattern => _pattern;

    public bool IsAny => _shape == Shape.Any;

    public bool IsMatch(ReadOnlySpan<char> input) => _shape switch
    {
        Shape.Any => true,
        Shape.Exact => input.SequenceEqual(_pattern),
        Shape.Prefix => input.StartsWith(_pattern.AsSpan(0, _pattern.Length - 1), StringComparison.Ordinal),
        _ => _arn ? ArnMatch.Match(_pattern, _literal, input) : Wildcard.Match(_pattern, _literal, input),
    };

    /// <summary>A Resource entry (or Arn* condition value) without variables.</summary>
    public static Glob ForArn(string pattern, bool[]? literal = null) => new(pattern, literal, arn: true);
}
