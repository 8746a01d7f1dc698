namespace Berth.Logs.Patterns;

/// <summary>A token of a JSON or space-delimited pattern.</summary>
public readonly record struct PatternToken(PatternTokenKind Kind, string Text);

public enum PatternTokenKind
{
    Punct,    // { } ( ) [ ] , && || ...
    Operator, // = != < > <= >=
    Quoted,   // "text" (unescaped)
    Regex,    // %expression%
    Word,     // anything else: a selector, a field name, a bare value, a keyword
}

/// <summary>Splits a structured pattern into tokens; an unclosed quote or regular expression is refused.</summary>
public static class PatternLexer
{
    public static List<PatternToken> Tokenize(string text)
    {
        var tokens = new List<PatternToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (text.AsSpan(i).StartsWith("..."))
            {
                tokens.Add(new(PatternTokenKind.Punct, "..."));
                i += 3;
            }
            else if (c is '{' or '}' or '(' or ')' or '[' or ']' or ',')
            {
                tokens.Add(new(PatternTokenKind.Punct, c.ToString()));
                i++;
            }
            else if (text.AsSpan(i).StartsWith("&&") || text.AsSpan(i).StartsWith("||"))
            {
                tokens.Add(new(PatternTokenKind.Punct, text.Substring(i, 2)));
                i += 2;
            }
            else if (Comparison.Operators.FirstOrDefault(o => text.AsSpan(i).StartsWith(o)) is { } op)
            {
                tokens.Add(new(PatternTokenKind.Operator, op));
                i += op.Length;
            }
            else if (c == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i++;
                    sb.Append(text[i++]);
                }
                if (i >= text.Length)
                    throw Comparison.Invalid("a quoted string is not closed");
                i++;
                tokens.Add(new(PatternTokenKind.Quoted, sb.ToString()));
            }
            else if (c == '%')
            {
                var end = text.IndexOf('%', i + 1);
                if (end < 0)
                    throw Comparison.Invalid("a regular expression (%...%) is not closed");
                tokens.Add(new(PatternTokenKind.Regex, text[(i + 1)..end]));
                i = end + 1;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or '(' or ')' or '[' or ']' or ',' or '"' or '=' or '!' or '<' or '>')
                       && !text.AsSpan(i).StartsWith("&&") && !text.AsSpan(i).StartsWith("||"))
                {
                    // A selector's array index ($.a[0]) belongs to the selector.
                    if (text[i] == '$' || (i > start && text[start] == '$'))
                    {
                        i++;
                        while (i < text.Length && text[i] == '[' && text.IndexOf(']', i) is var close and > 0)
                            i = close + 1;
                        continue;
                    }
                    i++;
                }
                if (i == start)
                    throw Comparison.Invalid($"unexpected '{text[i]}' at position {i + 1}");
                tokens.Add(new(PatternTokenKind.Word, text[start..i]));
            }
        }
        return tokens;
    }
}
