using System.Globalization;
using System.Text.Json;

namespace Berth.Logs.Patterns;

/// <summary>
/// What a pattern found in one event: the space-delimited fields it named (<c>$name</c>) and, for a JSON pattern, the
/// event's JSON — so a metric filter can take its value and dimensions from <c>$name</c> or <c>$.path</c>.
/// </summary>
public sealed class PatternMatch
{
    public static readonly PatternMatch Plain = new(new Dictionary<string, string>(), null);

    public PatternMatch(IReadOnlyDictionary<string, string> extracted, JsonElement? json)
    {
        Extracted = extracted;
        Json = json;
    }

    /// <summary>The named fields of a space-delimited pattern, keyed <c>$name</c> as TestMetricFilter reports them.</summary>
    public IReadOnlyDictionary<string, string> Extracted { get; }

    public JsonElement? Json { get; }

    /// <summary>The text of <c>$name</c> or <c>$.path</c> in this event, or null when the event has no such field.</summary>
    public string? Resolve(string reference)
    {
        if (reference.StartsWith("$.", StringComparison.Ordinal) || reference.StartsWith("$[", StringComparison.Ordinal))
        {
            if (Json is not { } root || !JsonSelector.TryParse(reference, out var selector))
                return null;
            return selector.Select(root) is { } e ? JsonSelector.Text(e) : null;
        }
        return Extracted.GetValueOrDefault(reference);
    }

    /// <summary>The numeric value of a reference, or null when it is missing or not a number.</summary>
    public double? Number(string reference) =>
        Resolve(reference) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;
}
