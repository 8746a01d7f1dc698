namespace Berth.Logs.Insights;

/// <summary>Evaluates an expression against a row (and, for a stats item, the group's aggregate results).</summary>
public static class QueryEvaluator
{
    public static QueryValue Evaluate(Expr e, QueryRow row, QueryValue[]? aggregates = null)
    {
        switch (e)
        {
            case FieldExpr f:
                return row.Get(f.Name);
            case LiteralExpr l:
                return l.Value;
            case DurationExpr d:
                return QueryValue.Of(d.Milliseconds);
            case AggregateRef a:
                return aggregates![a.Index];
            case CallExpr c when row.Event is null && row.Has(c.Text):
                // After stats, `count(*)` or `bin(5m)` names the column that stats item made.
                return row.Get(c.Text);
            case CallExpr c when QueryFunctions.IsAggregate(c.Function):
                return QueryValue.Null;
            case CallExpr c:
                var args = new QueryValue[c.Args.Count];
                for (var i = 0; i < args.Length; i++)
                    args[i] = Evaluate(c.Args[i], row, aggregates);
                return QueryFunctions.Call(c.Function, args, row.Timestamp);
            case UnaryExpr { Op: "not" } u:
                return QueryValue.Of(!Evaluate(u.Operand, row, aggregates).IsTruthy);
            case UnaryExpr u:
                return Evaluate(u.Operand, row, aggregates).TryNumber(out var n) ? QueryValue.Of(-n) : QueryValue.Null;
            case BinaryExpr b:
                return Binary(b, row, aggregates);
            case LikeExpr l:
                return QueryValue.Of(Like(l, row, aggregates) != l.Negated);
            case InExpr i:
                var subject = Evaluate(i.Subject, row, aggregates);
                var found = !subject.IsNull && i.List.Items.Any(item => QueryValue.Equal(subject, Evaluate(item, row, aggregates)));
                return QueryValue.Of(!subject.IsNull && found != i.Negated);
            case RegexExpr r:
                // A bare /regex/ as a condition matches the message, as in `filter /error/`.
                return QueryValue.Of(row.Get("@message").AsText() is { } m && r.Regex.IsMatch(m));
            default:
                throw new MalformedQuery("this expression cannot be evaluated here", e.Start, e.End);
        }
    }

    static bool Like(LikeExpr l, QueryRow row, QueryValue[]? aggregates)
    {
        if (Evaluate(l.Subject, row, aggregates).AsText() is not { } text)
            return false;
        return l.Pattern switch
        {
            RegexExpr r => r.Regex.IsMatch(text),
            LiteralExpr { Value.Text: { } s } => text.Contains(s, StringComparison.Ordinal),
            _ => false,
        };
    }

    static QueryValue Binary(BinaryExpr b, QueryRow row, QueryValue[]? aggregates)
    {
        if (b.Op == "and")
            return QueryValue.Of(Evaluate(b.Left, row, aggregates).IsTruthy && Evaluate(b.Right, row, aggregates).IsTruthy);
        if (b.Op == "or")
            return QueryValue.Of(Evaluate(b.Left, row, aggregates).IsTruthy || Evaluate(b.Right, row, aggregates).IsTruthy);
        var l = Evaluate(b.Left, row, aggregates);
        var r = Evaluate(b.Right, row, aggregates);
        switch (b.Op)
        {
            case "=":
                return QueryValue.Of(QueryValue.Equal(l, r));
            case "!=":
                // A missing field is not unequal to anything: comparisons with it are false, as in Insights.
                return QueryValue.Of(!l.IsNull && !r.IsNull && !QueryValue.Equal(l, r));
            case "<":
                return QueryValue.Of(QueryValue.Compare(l, r) < 0);
            case "<=":
                return QueryValue.Of(QueryValue.Compare(l, r) <= 0);
            case ">":
                return QueryValue.Of(QueryValue.Compare(l, r) > 0);
            case ">=":
                return QueryValue.Of(QueryValue.Compare(l, r) >= 0);
        }
        if (!l.TryNumber(out var x) || !r.TryNumber(out var y))
            return QueryValue.Null;
        return b.Op switch
        {
            "+" => QueryValue.Of(x + y),
            "-" => QueryValue.Of(x - y),
            "*" => QueryValue.Of(x * y),
            "/" => y == 0 ? QueryValue.Null : QueryValue.Of(x / y),
            "%" => y == 0 ? QueryValue.Null : QueryValue.Of(x % y),
            "^" => QueryValue.Of(Math.Pow(x, y)),
            _ => throw new MalformedQuery($"unknown operator {b.Op}", b.Start, b.End),
        };
    }
}
