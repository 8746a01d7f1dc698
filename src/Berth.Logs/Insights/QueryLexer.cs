using System.Globalization;
using System.Text;

namespace Berth.Logs.Insights;

/// <summary>
/// Splits a query into tokens. A <c>/</c> starts a regular expression where a value is expected (after an operator,
/// keyword, comma, bracket or pipe, and after <c>parse FIELD</c>) and divides after a value. <c>#</c> starts a comment.
/// </summary>
public static class QueryLexer
{
    static readonly string[] Symbols = ["!=", "<=", ">=", "=~", "=", "<", ">", "+", "-", "*", "/", "%", "^", "(", ")", "[", "]", ",", "|"];
    static readonly HashSet<string> ValueEndingKeywords = new(StringComparer.OrdinalIgnoreCase) { "like", "and", "or", "not", "in" };

    const double MaxPeriodMs = 1000 * 604_800_000d;

    public static List<QueryToken> Tokenize(string query)
    {
        var tokens = new List<QueryToken>();
        var i = 0;
        while (true)
        {
            while (i < query.Length && (char.IsWhiteSpace(query[i]) || query[i] == '#'))
            {
                if (query[i] == '#')
                    while (i < query.Length && query[i] != '\n')
                        i++;
                else
                    i++;
            }
            if (i >= query.Length)
            {
                tokens.Add(new QueryToken(TokenKind.End, "", query.Length, query.Length));
                return tokens;
            }
            var c = query[i];
            var start = i;
            if (c is '"' or '\'')
            {
                tokens.Add(ReadString(query, ref i));
            }
            else if (c == '`')
            {
                var close = query.IndexOf('`', i + 1);
                if (close < 0)
                    throw new MalformedQuery("unterminated quoted field name", start, query.Length - 1);
                tokens.Add(new QueryToken(TokenKind.Identifier, query[(i + 1)..close], start, close));
                i = close + 1;
            }
            else if (c == '/' && RegexAllowed(tokens))
            {
                tokens.Add(ReadRegex(query, ref i));
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < query.Length && char.IsAsciiDigit(query[i + 1])))
            {
                tokens.Add(ReadNumber(query, ref i));
            }
            else if (IsIdentifierStart(c))
            {
                while (i < query.Length && IsIdentifierPart(query[i]))
                    i++;
                tokens.Add(new QueryToken(TokenKind.Identifier, query[start..i], start, i - 1));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(query, i, s, 0, s.Length) == 0)
                    ?? throw new MalformedQuery($"unexpected character '{c}'", start, start);
                i += symbol.Length;
                tokens.Add(new QueryToken(symbol == "|" ? TokenKind.Pipe : TokenKind.Symbol, symbol, start, i - 1));
            }
        }
    }

    static bool IsIdentifierStart(char c) => char.IsLetter(c) || c is '_' or '@' or '$';

    static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c is '_' or '@' or '$' or '.';

    static bool RegexAllowed(List<QueryToken> tokens)
    {
        if (tokens.Count == 0)
            return true;
        var last = tokens[^1];
        if (tokens.Count >= 2 && tokens[^2].Is("parse") && last.Kind == TokenKind.Identifier)
            return true;
        // `filter /error/` matches the message.
        if (last.Is("filter") && (tokens.Count == 1 || tokens[^2].Kind == TokenKind.Pipe))
            return true;
        return last.Kind switch
        {
            TokenKind.Pipe => true,
            TokenKind.Symbol => last.Text is not (")" or "]"),
            TokenKind.Identifier => ValueEndingKeywords.Contains(last.Text),
            _ => false,
        };
    }

    static QueryToken ReadString(string q, ref int i)
    {
        var quote = q[i];
        var start = i++;
        var sb = new StringBuilder();
        while (i < q.Length && q[i] != quote)
        {
            if (q[i] == '\\' && i + 1 < q.Length)
            {
                i++;
                sb.Append(q[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
            }
            else
            {
                sb.Append(q[i]);
            }
            i++;
        }
        if (i >= q.Length)
            throw new MalformedQuery("unterminated string", start, q.Length - 1);
        i++;
        return new QueryToken(TokenKind.String, sb.ToString(), start, i - 1);
    }

    static QueryToken ReadRegex(string q, ref int i)
    {
        var start = i++;
        var sb = new StringBuilder();
        while (i < q.Length && q[i] != '/')
        {
            // \/ is a slash inside the expression; every other escape is the regex's own.
            if (q[i] == '\\' && i + 1 < q.Length)
            {
                if (q[i + 1] != '/')
                    sb.Append('\\');
                sb.Append(q[i + 1]);
                i += 2;
                continue;
            }
            sb.Append(q[i++]);
        }
        if (i >= q.Length)
            throw new MalformedQuery("unterminated regular expression", start, q.Length - 1);
        i++;
        return new QueryToken(TokenKind.Regex, sb.ToString(), start, i - 1);
    }

    static QueryToken ReadNumber(string q, ref int i)
    {
        var start = i;
        while (i < q.Length && (char.IsAsciiDigit(q[i]) || q[i] == '.'))
            i++;
        var digits = q[start..i];
        if (!double.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            throw new MalformedQuery($"'{digits}' is not a number", start, i - 1);
        if (i < q.Length && char.IsLetter(q[i]))
        {
            var unitStart = i;
            while (i < q.Length && char.IsLetter(q[i]))
                i++;
            var unit = q[unitStart..i];
            var ms = Durations.UnitMs(unit, start, i - 1) ?? throw new MalformedQuery($"'{unit}' is not a time unit", unitStart, i - 1);
            var total = number * ms;
            if (total is < 1 or > MaxPeriodMs)
                throw new MalformedQuery($"the time period {q[start..i]} must be from 1 ms to 1000 weeks", start, i - 1);
            return new QueryToken(TokenKind.Duration, q[start..i], start, i - 1, number, (long)total);
        }
        return new QueryToken(TokenKind.Number, digits, start, i - 1, number);
    }
}
