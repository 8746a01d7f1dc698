using Berth.Logs.Patterns;

namespace Berth.Logs;

/// <summary>
/// A CloudWatch Logs filter pattern, as FilterLogEvents and metric filters use it: terms (<see cref="TermPattern"/>),
/// a JSON pattern <c>{ ... }</c> (<see cref="JsonPattern"/>) or a space-delimited pattern <c>[ ... ]</c>
/// (<see cref="DelimitedPattern"/>). An empty pattern matches every event. Malformed patterns are InvalidParameterException.
/// </summary>
public sealed class FilterPattern
{
    public const int MaxLength = 1024;

    readonly Func<string, PatternMatch?> _match;

    FilterPattern(PatternKind kind, Func<string, PatternMatch?> match, IReadOnlyCollection<string> fields)
    {
        Kind = kind;
        _match = match;
        Fields = fields;
    }

    public PatternKind Kind { get; }

    /// <summary>The <c>$name</c>s a space-delimited pattern extracts (empty for the other kinds).</summary>
    public IReadOnlyCollection<string> Fields { get; }

    public static FilterPattern Parse(string? pattern)
    {
        var text = pattern?.Trim() ?? "";
        if (text.Length > MaxLength)
            throw Comparison.Invalid($"it is longer than {MaxLength} characters");
        if (text.StartsWith('{'))
        {
            var json = JsonPattern.Parse(text);
            return new FilterPattern(PatternKind.Json, json.Match, []);
        }
        if (text.StartsWith('['))
        {
            var delimited = DelimitedPattern.Parse(text);
            return new FilterPattern(PatternKind.SpaceDelimited, delimited.Match, delimited.Names.Select(n => "$" + n).ToList());
        }
        var terms = TermPattern.Parse(text);
        if (terms.RegexCount > 2)
            throw Comparison.Invalid("a pattern can hold at most two regular expressions");
        return new FilterPattern(PatternKind.Terms, m => terms.Matches(m) ? PatternMatch.Plain : null, []);
    }

    public bool Matches(string message) => _match(message) is not null;

    /// <summary>The match (with the fields it extracted), or null when the event does not match.</summary>
    public PatternMatch? Match(string message) => _match(message);
}

public enum PatternKind
{
    Terms,
    Json,
    SpaceDelimited,
}
