using System.Globalization;
using System.Text.Json;

namespace Berth.Logs.Patterns;

/// <summary>A JSON property selector of a filter pattern: <c>$.a.b</c>, <c>$.list[0].id</c>.</summary>
public sealed class JsonSelector
{
    readonly string _text;
    readonly List<object> _steps; // string: property, int: array index

    JsonSelector(string text, List<object> steps)
    {
        _text = text;
        _steps = steps;
    }

    public override string ToString() => _text;

    public static bool TryParse(string text, out JsonSelector selector)
    {
        selector = null!;
        if (!text.StartsWith('$'))
            return false;
        var steps = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && IsNameChar(text[i]))
                    i++;
                if (i == start)
                    return false;
                steps.Add(text[start..i]);
            }
            else if (text[i] == '[')
            {
                var end = text.IndexOf(']', i);
                if (end < 0 || !int.TryParse(text.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    return false;
                steps.Add(index);
                i = end + 1;
            }
            else
            {
                return false;
            }
        }
        if (steps.Count == 0)
            return false;
        selector = new JsonSelector(text, steps);
        return true;
    }

    public static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '@' or ':';

    /// <summary>The element the selector names, or null when the event has no such path.</summary>
    public JsonElement? Select(JsonElement root)
    {
        var e = root;
        foreach (var step in _steps)
        {
            if (step is string name)
            {
                if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var next))
                    return null;
                e = next;
            }
            else
            {
                var index = (int)step;
                if (e.ValueKind != JsonValueKind.Array || index >= e.GetArrayLength())
                    return null;
                e = e[index];
            }
        }
        return e;
    }

    /// <summary>A value as a pattern compares it: strings unquoted, everything else as its JSON text.</summary>
    public static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
}
