using System.Text;

namespace Berth.Compose;

/// <summary>
/// Compose's variable substitution: <c>$VAR</c>, <c>${VAR}</c>, <c>${VAR:-default}</c> (unset or empty),
/// <c>${VAR-default}</c> (unset), <c>${VAR:?error}</c>, <c>${VAR?error}</c>, <c>${VAR:+other}</c>, <c>${VAR+other}</c>,
/// and <c>$$</c> for a literal dollar. Defaults may hold variables themselves.
/// </summary>
public sealed class Interpolation(Func<string, string?> lookup, Action<string> warn)
{
    /// <summary>The text with variables substituted; <paramref name="error"/> makes the errors ("file:line: ...").</summary>
    public string Apply(string text, Func<string, ComposeException> error)
    {
        if (!text.Contains('$'))
            return text;
        var output = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$')
            {
                output.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.Length)
                throw error($"invalid interpolation format in \"{text}\": a lone '$' at the end. Write $$ for a literal dollar sign.");
            var next = text[i + 1];
            if (next == '$')
            {
                output.Append('$');
                i += 2;
            }
            else if (next == '{')
            {
                var close = MatchingBrace(text, i + 1);
                if (close < 0)
                    throw error($"invalid interpolation format in \"{text}\": '${{' without its '}}'.");
                output.Append(Expression(text[(i + 2)..close], text, error));
                i = close + 1;
            }
            else if (IsNameStart(next))
            {
                var end = i + 1;
                while (end < text.Length && IsNamePart(text[end]))
                    end++;
                output.Append(Value(text[(i + 1)..end]));
                i = end;
            }
            else
            {
                throw error($"invalid interpolation format in \"{text}\": '${next}'. Write $$ for a literal dollar sign.");
            }
        }
        return output.ToString();
    }

    string Expression(string body, string text, Func<string, ComposeException> error)
    {
        var n = 0;
        while (n < body.Length && IsNamePart(body[n]))
            n++;
        var name = body[..n];
        if (name.Length == 0 || !IsNameStart(name[0]))
            throw error($"invalid interpolation format in \"{text}\": '${{{body}}}' does not start with a variable name.");
        var rest = body[n..];
        var value = lookup(name);
        if (rest.Length == 0)
            return Value(name);
        var colon = rest.StartsWith(':');
        var op = colon ? rest.Length > 1 ? rest[1] : '\0' : rest[0];
        var arg = rest[(colon ? 2 : 1)..];
        var set = colon ? !string.IsNullOrEmpty(value) : value is not null;
        return op switch
        {
            '-' => set ? value! : Apply(arg, error),
            '+' => set ? Apply(arg, error) : "",
            '?' => set ? value! : throw error($"required variable {name} is missing a value: {Apply(arg, error)}"),
            _ => throw error($"invalid interpolation format in \"{text}\": '${{{body}}}'."),
        };
    }

    string Value(string name)
    {
        var value = lookup(name);
        if (value is null)
            warn($"The \"{name}\" variable is not set. Defaulting to a blank string.");
        return value ?? "";
    }

    static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var j = open; j < text.Length; j++)
        {
            if (text[j] == '{')
                depth++;
            else if (text[j] == '}' && --depth == 0)
                return j;
        }
        return -1;
    }

    static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    static bool IsNamePart(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);
}
