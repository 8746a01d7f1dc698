namespace Berth.Logs.Patterns;

/// <summary>
/// <c>[ip, user, ..., status = 4* || status = 5*, bytes &gt; 1000]</c>: an event's space-separated fields (a
/// <c>"quoted"</c> or <c>[bracketed]</c> run is one field, without its delimiters) named in order, each optionally
/// tested; <c>...</c> stands for any number of fields. Without <c>...</c> the event must have exactly as many fields.
/// </summary>
public sealed class DelimitedPattern
{
    readonly List<Field> _fields;

    DelimitedPattern(List<Field> fields) => _fields = fields;

    /// <summary>A position: <c>...</c> (Name null) or a named field whose tests, joined by &amp;&amp;/||, must pass.</summary>
    sealed record Field(string? Name, List<List<Comparison>> AnyOf);

    public IEnumerable<string> Names => _fields.Where(f => f.Name is not null).Select(f => f.Name!);

    public static DelimitedPattern Parse(string text)
    {
        var tokens = PatternLexer.Tokenize(text);
        var i = 0;
        PatternToken Next(string what) => i < tokens.Count ? tokens[i++] : throw Comparison.Invalid($"the pattern ends where {what} was expected");
        bool At(string punct) => i < tokens.Count && tokens[i].Kind == PatternTokenKind.Punct && tokens[i].Text == punct;

        if (!At("["))
            throw Comparison.Invalid("a space-delimited pattern starts with '['");
        i++;
        var fields = new List<Field>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            if (At("..."))
            {
                i++;
                fields.Add(new Field(null, []));
            }
            else
            {
                var name = Next("a field name");
                if (name.Kind != PatternTokenKind.Word || !name.Text.All(c => char.IsLetterOrDigit(c) || c == '_'))
                    throw Comparison.Invalid($"'{name.Text}' is not a field name (letters, digits and '_')");
                if (!names.Add(name.Text))
                    throw Comparison.Invalid($"the field name '{name.Text}' is used twice");
                var anyOf = new List<List<Comparison>>();
                if (i < tokens.Count && tokens[i].Kind == PatternTokenKind.Operator)
                {
                    var all = new List<Comparison>();
                    anyOf.Add(all);
                    while (true)
                    {
                        var op = Next("an operator");
                        if (op.Kind != PatternTokenKind.Operator)
                            throw Comparison.Invalid($"expected an operator after '{name.Text}', found '{op.Text}'");
                        var value = Next("a value");
                        if (value.Kind is not (PatternTokenKind.Word or PatternTokenKind.Quoted or PatternTokenKind.Regex))
                            throw Comparison.Invalid($"expected a value after '{name.Text} {op.Text}', found '{value.Text}'");
                        all.Add(Comparison.Create(op.Text, value.Text, value.Kind == PatternTokenKind.Quoted, value.Kind == PatternTokenKind.Regex));
                        if (!At("&&") && !At("||"))
                            break;
                        if (tokens[i++].Text == "||")
                            anyOf.Add(all = []);
                        var again = Next("a field name");
                        if (again.Text != name.Text)
                            throw Comparison.Invalid($"the tests in the position of '{name.Text}' must all name '{name.Text}', not '{again.Text}'");
                    }
                }
                fields.Add(new Field(name.Text, anyOf));
            }
            if (At(","))
            {
                i++;
                continue;
            }
            if (At("]"))
            {
                i++;
                break;
            }
            throw Comparison.Invalid(i < tokens.Count ? $"expected ',' or ']', found '{tokens[i].Text}'" : "the pattern has no closing ']'");
        }
        if (i < tokens.Count)
            throw Comparison.Invalid($"unexpected '{tokens[i].Text}' after the closing ']'");
        return new DelimitedPattern(fields);
    }

    public PatternMatch? Match(string message)
    {
        var values = Split(message);
        var extracted = new Dictionary<string, string>(StringComparer.Ordinal);
        return Fit(0, 0, values, extracted, []) ? new PatternMatch(extracted, null) : null;
    }

    /// <summary>
    /// Fields from position <paramref name="f"/> against values from <paramref name="v"/>; an ellipsis tries every length.
    /// Whether (f, v) fits does not depend on what was extracted before it, so a failure is remembered: at most fields × values steps.
    /// </summary>
    bool Fit(int f, int v, List<string> values, Dictionary<string, string> extracted, HashSet<(int, int)> failed)
    {
        if (failed.Contains((f, v)))
            return false;
        if (FitOnce(f, v, values, extracted, failed))
            return true;
        failed.Add((f, v));
        return false;
    }

    bool FitOnce(int f, int v, List<string> values, Dictionary<string, string> extracted, HashSet<(int, int)> failed)
    {
        if (f == _fields.Count)
            return v == values.Count;
        var field = _fields[f];
        if (field.Name is null)
        {
            for (var take = 0; v + take <= values.Count; take++)
            {
                if (Fit(f + 1, v + take, values, extracted, failed))
                    return true;
            }
            return false;
        }
        if (v >= values.Count)
            return false;
        var value = values[v];
        if (field.AnyOf.Count > 0 && !field.AnyOf.Any(all => all.All(c => c.Test(value))))
            return false;
        extracted["$" + field.Name] = value;
        if (Fit(f + 1, v + 1, values, extracted, failed))
            return true;
        extracted.Remove("$" + field.Name);
        return false;
    }

    /// <summary>The event's fields: whitespace separates them; "..." and [...] are one field each.</summary>
    public static List<string> Split(string message)
    {
        var fields = new List<string>();
        var i = 0;
        while (i < message.Length)
        {
            if (char.IsWhiteSpace(message[i]))
            {
                i++;
                continue;
            }
            var close = message[i] switch { '"' => '"', '[' => ']', _ => '\0' };
            if (close != '\0' && message.IndexOf(close, i + 1) is var end and > 0)
            {
                fields.Add(message[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < message.Length && !char.IsWhiteSpace(message[i]))
                i++;
            fields.Add(message[start..i]);
        }
        return fields;
    }
}
