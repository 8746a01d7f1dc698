namespace Berth.Logs.Insights;

public enum TokenKind { Identifier, Number, Duration, String, Regex, Symbol, Pipe, End }

/// <summary>One lexeme of a query and where it sits in the query string (offsets of its first and last character).</summary>
public sealed record QueryToken(TokenKind Kind, string Text, int Start, int End, double Number = 0, long DurationMs = 0)
{
    public bool Is(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
    public bool IsSymbol(string symbol) => Kind == TokenKind.Symbol && Text == symbol;
}
