using System.Text.RegularExpressions;

namespace Berth.Logs.Insights;

// The parsed form of a Logs Insights query. Every node keeps its place in the query string (Start..End, inclusive) so
// errors can point at it and unnamed results take their column name from the text, as Insights does (`count(*)`).

public abstract record Expr(int Start, int End);

public sealed record FieldExpr(string Name, int Start, int End) : Expr(Start, End);

public sealed record LiteralExpr(QueryValue Value, int Start, int End) : Expr(Start, End);

/// <summary>A time period such as <c>5m</c>, in milliseconds.</summary>
public sealed record DurationExpr(long Milliseconds, int Start, int End) : Expr(Start, End);

public sealed record RegexExpr(Regex Regex, int Start, int End) : Expr(Start, End);

public sealed record ListExpr(IReadOnlyList<Expr> Items, int Start, int End) : Expr(Start, End);

/// <summary>The <c>*</c> of <c>count(*)</c>.</summary>
public sealed record StarExpr(int Start, int End) : Expr(Start, End);

/// <summary>A function call; <paramref name="Text"/> is how the query wrote it, the name of the column a stats item of it makes.</summary>
public sealed record CallExpr(string Function, IReadOnlyList<Expr> Args, string Text, int Start, int End) : Expr(Start, End);

public sealed record UnaryExpr(string Op, Expr Operand, int Start, int End) : Expr(Start, End);

public sealed record BinaryExpr(string Op, Expr Left, Expr Right, int Start, int End) : Expr(Start, End);

/// <summary><c>x like "text"</c> (substring), <c>x like /re/</c> and <c>x =~ /re/</c>, optionally negated.</summary>
public sealed record LikeExpr(Expr Subject, Expr Pattern, bool Negated, int Start, int End) : Expr(Start, End);

public sealed record InExpr(Expr Subject, ListExpr List, bool Negated, int Start, int End) : Expr(Start, End);

/// <summary>An aggregate of a <c>stats</c> command, replaced by its accumulator's result when the group is emitted.</summary>
public sealed record AggregateRef(int Index, int Start, int End) : Expr(Start, End);

/// <summary>An expression and the column it writes (its alias, its field name, or its text).</summary>
public sealed record NamedExpr(Expr Expr, string Name);

public sealed record SortKey(Expr Expr, bool Descending);

public abstract record QueryCommand(string Name, int Start, int End);

public sealed record FieldsCommand(IReadOnlyList<NamedExpr> Items, int Start, int End) : QueryCommand("fields", Start, End);

public sealed record DisplayCommand(IReadOnlyList<NamedExpr> Items, int Start, int End) : QueryCommand("display", Start, End);

public sealed record FilterCommand(Expr Condition, int Start, int End) : QueryCommand("filter", Start, End);

/// <summary><c>stats</c>: <paramref name="Aggregates"/> are the aggregate calls the items use, in order; items refer to them by index.</summary>
public sealed record StatsCommand(IReadOnlyList<NamedExpr> Items, IReadOnlyList<CallExpr> Aggregates, IReadOnlyList<NamedExpr> By, int Start, int End)
    : QueryCommand("stats", Start, End);

public sealed record SortCommand(IReadOnlyList<SortKey> Keys, int Start, int End) : QueryCommand("sort", Start, End);

public sealed record LimitCommand(int Count, int Start, int End) : QueryCommand("limit", Start, End);

/// <summary><c>parse</c> with a glob (<c>*</c> per name) or a regex with named groups, both compiled to <paramref name="Pattern"/>.</summary>
public sealed record ParseCommand(Expr Source, Regex Pattern, IReadOnlyList<string> Names, int Start, int End) : QueryCommand("parse", Start, End);

public sealed record DedupCommand(IReadOnlyList<FieldExpr> Fields, int Start, int End) : QueryCommand("dedup", Start, End);

/// <summary>A whole query: its commands in pipe order and the columns its results show.</summary>
public sealed record InsightsQuery(IReadOnlyList<QueryCommand> Commands, IReadOnlyList<string> Columns, bool Aggregated);
