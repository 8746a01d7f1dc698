using System.Text;

namespace Berth.Iam.Policy;

/// <summary>
/// A Resource entry or condition value with its policy variables (2012-10-17 only): <c>${aws:username}</c>,
/// <c>${aws:PrincipalTag/team}</c>, <c>${key, 'default'}</c>, and the escapes <c>${*}</c>, <c>${?}</c>, <c>${$}</c>
/// for a literal <c>*</c>, <c>?</c>, <c>$</c>. Parsed once; the characters an escape or a substituted value brings in
/// are marked literal, so a tag value of <c>*</c> cannot widen a pattern.
/// </summary>
internal sealed class ValueTemplate
{
    readonly Hole[] _holes;

    ValueTemplate(string text, bool[]? literal, Hole[] holes)
    {
        Text = text;
        Literal = literal;
        _holes = holes;
    }

    readonly record struct Hole(int At, ContextKey Key, string? Default);

    /// <summary>The text with the variables taken out (all of it when <see cref="IsStatic"/>).</summary>
    public string Text { get; }

    /// <summary>Which characters of <see cref="Text"/> match only themselves; null when none do.</summary>
    public bool[]? Literal { get; }

    public bool IsStatic => _holes.Length == 0;

    /// <summary>Whether a variable of this kind (<c>${aws:ResourceTag/team}</c>) is substituted into it.</summary>
    public bool Reads(KeyKind kind)
    {
        foreach (var hole in _holes)
        {
            if (hole.Key.Kind == kind)
                return true;
        }
        return false;
    }

    public static ValueTemplate Compile(string raw, bool substitute)
    {
        if (!substitute || !raw.Contains("${", StringComparison.Ordinal))
            return new ValueTemplate(raw, null, []);
        var text = new StringBuilder(raw.Length);
        var literal = new List<bool>(raw.Length);
        var holes = new List<Hole>();
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] == '$' && i + 1 < raw.Length && raw[i + 1] == '{' && TryVariable(raw, i + 2, out var inner, out var dflt, out var end))
            {
                if (inner is "*" or "?" or "$" && dflt is null)
                {
                    text.Append(inner[0]);
                    literal.Add(true);
                }
                else
                {
                    holes.Add(new Hole(text.Length, ContextKey.Parse(inner), dflt));
                }
                i = end;
                continue;
            }
            text.Append(raw[i++]);
            literal.Add(false);
        }
        return new ValueTemplate(text.ToString(), literal.Contains(true) ? [.. literal] : null, [.. holes]);
    }

    /// <summary>
    /// Substitutes the request's values into a per-thread buffer (valid until the next render on this thread). False
    /// when a variable has neither a single value nor a default: such a value matches nothing.
    /// </summary>
    public bool TryRender(RequestContext context, out ReadOnlySpan<char> text, out ReadOnlySpan<bool> literal)
    {
        if (_holes.Length == 0)
        {
            text = Text;
            literal = Literal;
            return true;
        }
        var buffer = Scratch.Chars;
        var mask = Scratch.Mask;
        var length = 0;
        var from = 0;
        foreach (var hole in _holes)
        {
            Append(ref buffer, ref mask, ref length, Text.AsSpan(from, hole.At - from), Slice(Literal, from, hole.At - from), false);
            var values = context.Resolve(hole.Key);
            var value = values.Count == 1 ? values[0] : hole.Default;
            if (value is null)
            {
                text = default;
                literal = default;
                return false;
            }
            Append(ref buffer, ref mask, ref length, value, default, true);
            from = hole.At;
        }
        Append(ref buffer, ref mask, ref length, Text.AsSpan(from), Slice(Literal, from, Text.Length - from), false);
        Scratch.Chars = buffer;
        Scratch.Mask = mask;
        text = buffer.AsSpan(0, length);
        literal = mask.AsSpan(0, length);
        return true;
    }

    static ReadOnlySpan<bool> Slice(bool[]? literal, int start, int length) =>
        literal is null ? default : literal.AsSpan(start, length);

    static void Append(ref char[] buffer, ref bool[] mask, ref int length, ReadOnlySpan<char> part, ReadOnlySpan<bool> partLiteral, bool allLiteral)
    {
        if (length + part.Length > buffer.Length)
        {
            var size = Math.Max(buffer.Length * 2, length + part.Length);
            Array.Resize(ref buffer, size);
            Array.Resize(ref mask, size);
        }
        part.CopyTo(buffer.AsSpan(length));
        for (var k = 0; k < part.Length; k++)
            mask[length + k] = allLiteral || (!partLiteral.IsEmpty && partLiteral[k]);
        length += part.Length;
    }

    /// <summary>Reads <c>name}</c> or <c>name, 'default'}</c> (quotes doubled inside the default) from <paramref name="start"/>.</summary>
    static bool TryVariable(string raw, int start, out string name, out string? dflt, out int end)
    {
        name = "";
        dflt = null;
        end = 0;
        var close = raw.IndexOf('}', start);
        var comma = raw.IndexOf(',', start);
        if (close < 0)
            return false;
        if (comma < 0 || comma > close)
        {
            name = raw[start..close].Trim();
            end = close + 1;
            return name.Length > 0 && !name.Contains(' ', StringComparison.Ordinal);
        }
        name = raw[start..comma].Trim();
        var i = comma + 1;
        while (i < raw.Length && raw[i] == ' ')
            i++;
        if (i >= raw.Length || raw[i] != '\'')
            return false;
        var value = new StringBuilder();
        for (i++; i < raw.Length; i++)
        {
            if (raw[i] != '\'')
            {
                value.Append(raw[i]);
                continue;
            }
            if (i + 1 < raw.Length && raw[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
                continue;
            }
            break;
        }
        for (i++; i < raw.Length && raw[i] == ' '; i++)
        {
        }
        if (i >= raw.Length || raw[i] != '}' || name.Length == 0)
            return false;
        dflt = value.ToString();
        end = i + 1;
        return true;
    }

    static class Scratch
    {
        [ThreadStatic] static char[]? t_chars;
        [ThreadStatic] static bool[]? t_mask;

        public static char[] Chars { get => t_chars ??= new char[256]; set => t_chars = value; }

        public static bool[] Mask { get => t_mask ??= new bool[256]; set => t_mask = value; }
    }
}
