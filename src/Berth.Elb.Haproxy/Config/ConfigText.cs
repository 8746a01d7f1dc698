using System.Text;

namespace Berth.Elb.Haproxy.Config;

/// <summary>
/// Escaping for haproxy.cfg. Values from the API (patterns, bodies, headers) go inside double quotes, where HAProxy
/// 2.6 still interprets <c>\</c>, <c>"</c> and <c>$</c> (environment variables); everything else is literal.
/// </summary>
internal static class ConfigText
{
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\' or '"' or '$':
                    sb.Append('\\').Append(c);
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>An ALB wildcard pattern (<c>*</c> any run, <c>?</c> one character) as an anchored regex.</summary>
    public static string WildcardRegex(string pattern, string anyRun = ".*", string anyOne = ".") =>
        "^" + WildcardBody(pattern, anyRun, anyOne) + "$";

    public static string WildcardBody(string pattern, string anyRun = ".*", string anyOne = ".")
    {
        var sb = new StringBuilder(pattern.Length * 2);
        foreach (var c in pattern)
        {
            if (c == '*')
                sb.Append(anyRun);
            else if (c == '?')
                sb.Append(anyOne);
            else if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '/' or '~' or '@' or ':' or '=' or ',' or '%' or '&' or '\'' or '"')
                sb.Append(c);
            else if (c < 0x20 || c == 0x7f)
                continue;
            else
                sb.Append('\\').Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Literal text inside a log-format string (redirect locations): <c>%</c> doubles.</summary>
    public static string LogFormatLiteral(string s) => s.Replace("%", "%%", StringComparison.Ordinal);

    /// <summary>A header name or similar token: only the characters HTTP allows in a token.</summary>
    public static string Token(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c))
                sb.Append(c);
        }
        return sb.Length == 0 ? "x" : sb.ToString();
    }
}
