using System.Text;

namespace Berth.Compose;

/// <summary>
/// <c>.env</c> and <c>env_file</c> files: <c>KEY=VALUE</c> lines, <c>export</c> allowed, <c>#</c> comments,
/// single quotes literal, double quotes with <c>\n</c>, <c>\t</c>, <c>\"</c> and <c>\\</c> escapes.
/// </summary>
public static class EnvFile
{
    public static List<KeyValuePair<string, string?>> Parse(string file, string text)
    {
        var result = new List<KeyValuePair<string, string?>>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            if (line.StartsWith("export ", StringComparison.Ordinal))
                line = line[7..].TrimStart();
            var eq = line.IndexOf('=');
            var key = (eq < 0 ? line : line[..eq]).Trim();
            if (key.Length == 0 || key.Any(char.IsWhiteSpace))
                throw new ComposeException(file, n + 1, $"\"{lines[n].Trim()}\" is not a KEY=VALUE line.");
            if (eq < 0)
            {
                result.Add(new(key, null)); // A bare name: taken from the environment, if set there.
                continue;
            }
            result.Add(new(key, Value(line[(eq + 1)..].Trim(), file, n + 1)));
        }
        return result;
    }

    static string Value(string raw, string file, int line)
    {
        if (raw.Length >= 1 && raw[0] is '\'' or '"')
        {
            var quote = raw[0];
            var end = raw.IndexOf(quote, 1);
            while (quote == '"' && end > 0 && raw[end - 1] == '\\' && !EscapedBackslash(raw, end - 1))
                end = raw.IndexOf(quote, end + 1);
            if (end < 0)
                throw new ComposeException(file, line, $"the value {raw} has no closing {quote}.");
            var inner = raw[1..end];
            return quote == '\'' ? inner : Unescape(inner);
        }
        var comment = raw.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? raw[..comment] : raw).TrimEnd();
    }

    static bool EscapedBackslash(string s, int i)
    {
        var count = 0;
        while (i >= 0 && s[i] == '\\')
        {
            count++;
            i--;
        }
        return count % 2 == 0;
    }

    static string Unescape(string s)
    {
        var b = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                i++;
                b.Append(s[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', _ => s[i] });
            }
            else
            {
                b.Append(s[i]);
            }
        }
        return b.ToString();
    }
}
