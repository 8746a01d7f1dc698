using System.Text;
using System.Text.RegularExpressions;

namespace Berth.Logs.Insights;

/// <summary>
/// Parses the Logs Insights query language (commands joined by <c>|</c>) into an <see cref="InsightsQuery"/>, or throws
/// <see cref="MalformedQuery"/> pointing at the fault. What Berth does not implement is refused here by name.
/// </summary>
public sealed class QueryParser
{
    /// <summary>The most rows <c>limit</c> may ask for (the Insights quota).</summary>
    public const int MaxLimit = 100_000;

    static readonly HashSet<string> Unimplemented = new(StringComparer.OrdinalIgnoreCase)
    {
        "pattern", "diff", "anomaly", "unmask", "filterIndex", "source", "unnest", "lookup", "eventstats",
    };

    static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "like", "in", "as", "by", "asc", "desc" };

    readonly string _text;
    readonly List<QueryToken> _tokens;
    int _pos;
    int _depth;
    bool _afterStats;

    /// <summary>Nesting deeper than this is refused, so no query can exhaust the stack.</summary>
    const int MaxDepth = 64;

    QueryParser(string text)
    {
        _text = text;
        _tokens = QueryLexer.Tokenize(text);
    }

    public static InsightsQuery Parse(string text)
    {
        var p = new QueryParser(text);
        var commands = new List<QueryCommand>();
        if (p.Peek.Kind != TokenKind.End)
        {
            commands.Add(p.Command());
            while (p.Peek.Kind == TokenKind.Pipe)
            {
                p._pos++;
                p._afterStats |= commands[^1] is StatsCommand;
                commands.Add(p.Command());
            }
            if (p.Peek.Kind != TokenKind.End)
                throw p.Unexpected(p.Peek);
        }
        return new InsightsQuery(commands, Columns(commands), commands.Any(c => c is StatsCommand));
    }

    /// <summary>
    /// The columns results show: those of every <c>fields</c> and <c>parse</c>, replaced by the last <c>display</c> or
    /// by a <c>stats</c>' groups and aggregates; <c>@timestamp</c> and <c>@message</c> when nothing names any.
    /// </summary>
    static List<string> Columns(List<QueryCommand> commands)
    {
        var columns = new List<string>();
        var named = false;
        foreach (var c in commands)
        {
            switch (c)
            {
                case FieldsCommand f:
                    columns.AddRange(f.Items.Select(i => i.Name));
                    named = true;
                    break;
                case ParseCommand p:
                    columns.AddRange(p.Names);
                    break;
                case DisplayCommand d:
                    columns = d.Items.Select(i => i.Name).ToList();
                    named = true;
                    break;
                case StatsCommand s:
                    columns = s.By.Select(b => b.Name).Concat(s.Items.Select(i => i.Name)).ToList();
                    named = true;
                    break;
            }
        }
        if (!named)
            columns.InsertRange(0, ["@timestamp", "@message"]);
        return columns.Distinct(StringComparer.Ordinal).ToList();
    }

    QueryToken Peek => _tokens[_pos];

    QueryToken Next() => _tokens[_pos++];

    QueryCommand Command()
    {
        var word = Next();
        if (word.Kind != TokenKind.Identifier)
            throw Unexpected(word);
        var name = word.Text.ToLowerInvariant();
        QueryCommand command = name switch
        {
            "fields" => new FieldsCommand(NamedList(), word.Start, Last.End),
            "display" => new DisplayCommand(NamedList(), word.Start, Last.End),
            "filter" => new FilterCommand(NoAggregates(Expression()), word.Start, Last.End),
            "stats" => Stats(word),
            "sort" => Sort(word),
            "limit" => Limit(word),
            "parse" => ParseCommandRest(word),
            "dedup" => Dedup(word),
            _ when Unimplemented.Contains(name) => throw new MalformedQuery($"Berth does not implement the '{word.Text}' command", word.Start, word.End),
            _ => throw new MalformedQuery($"unexpected symbol found {word.Text}: not a query command", word.Start, word.End),
        };
        if (Peek.Kind is not (TokenKind.Pipe or TokenKind.End))
            throw Unexpected(Peek);
        return command;
    }

    QueryToken Last => _tokens[Math.Max(0, _pos - 1)];

    List<NamedExpr> NamedList()
    {
        var items = new List<NamedExpr>();
        do
        {
            var e = NoAggregates(Expression());
            items.Add(new NamedExpr(e, Alias() ?? NameOf(e)));
        }
        while (Accept(","));
        return items;
    }

    string? Alias()
    {
        if (!Peek.Is("as"))
            return null;
        _pos++;
        var name = Next();
        if (name.Kind != TokenKind.Identifier || Keywords.Contains(name.Text))
            throw new MalformedQuery("a field name must follow 'as'", name.Start, name.End);
        return name.Text;
    }

    string NameOf(Expr e) => e is FieldExpr f ? f.Name : Source(e);

    string Source(Expr e) => _text[e.Start..(e.End + 1)].Trim();

    StatsCommand Stats(QueryToken word)
    {
        var aggregates = new List<CallExpr>();
        var items = new List<NamedExpr>();
        do
        {
            var e = Expression();
            var bound = BindAggregates(e, aggregates);
            if (ReferenceEquals(bound, e) && bound is not AggregateRef)
                throw new MalformedQuery("each stats expression needs an aggregate function such as count() or avg()", e.Start, e.End);
            if (FieldOutsideAggregates(bound) is { } loose)
                throw new MalformedQuery($"{loose.Name} is neither in an aggregate function nor in 'by'", loose.Start, loose.End);
            items.Add(new NamedExpr(bound, Alias() ?? Source(e)));
        }
        while (Accept(","));
        var by = new List<NamedExpr>();
        if (Peek.Is("by"))
        {
            _pos++;
            by = NamedList();
        }
        return new StatsCommand(items, aggregates, by, word.Start, Last.End);
    }

    static FieldExpr? FieldOutsideAggregates(Expr e) => e switch
    {
        FieldExpr f => f,
        CallExpr c => c.Args.Select(FieldOutsideAggregates).FirstOrDefault(f => f is not null),
        BinaryExpr b => FieldOutsideAggregates(b.Left) ?? FieldOutsideAggregates(b.Right),
        UnaryExpr u => FieldOutsideAggregates(u.Operand),
        LikeExpr or InExpr => new FieldExpr("a condition", e.Start, e.End),
        _ => null,
    };

    /// <summary>Replaces aggregate calls with references to accumulators; an aggregate inside another is refused.</summary>
    Expr BindAggregates(Expr e, List<CallExpr> aggregates, bool inside = false)
    {
        switch (e)
        {
            case CallExpr c when QueryFunctions.IsAggregate(c.Function):
                if (inside)
                    throw new MalformedQuery($"aggregate function {c.Function} cannot be nested in another", c.Start, c.End);
                foreach (var arg in c.Args)
                    BindAggregates(arg, aggregates, inside: true);
                aggregates.Add(c);
                return new AggregateRef(aggregates.Count - 1, c.Start, c.End);
            case CallExpr c:
                var args = c.Args.Select(a => BindAggregates(a, aggregates, inside)).ToList();
                return args.SequenceEqual(c.Args) ? c : c with { Args = args };
            case BinaryExpr b:
                var (l, r) = (BindAggregates(b.Left, aggregates, inside), BindAggregates(b.Right, aggregates, inside));
                return ReferenceEquals(l, b.Left) && ReferenceEquals(r, b.Right) ? b : b with { Left = l, Right = r };
            case UnaryExpr u:
                var o = BindAggregates(u.Operand, aggregates, inside);
                return ReferenceEquals(o, u.Operand) ? u : u with { Operand = o };
            default:
                return e;
        }
    }

    /// <summary>
    /// Aggregates belong to stats; after one, an aggregate call names the column it made (as in <c>sort count(*) desc</c>).
    /// </summary>
    Expr NoAggregates(Expr e)
    {
        switch (e)
        {
            case CallExpr c when QueryFunctions.IsAggregate(c.Function) && _afterStats:
                break;
            case CallExpr c when QueryFunctions.IsAggregate(c.Function):
                throw new MalformedQuery($"aggregate function {c.Function} can only be used in stats", c.Start, c.End);
            case CallExpr c:
                foreach (var a in c.Args)
                    NoAggregates(a);
                break;
            case BinaryExpr b:
                NoAggregates(b.Left);
                NoAggregates(b.Right);
                break;
            case UnaryExpr u:
                NoAggregates(u.Operand);
                break;
            case LikeExpr l:
                NoAggregates(l.Subject);
                break;
            case InExpr i:
                NoAggregates(i.Subject);
                break;
        }
        return e;
    }

    SortCommand Sort(QueryToken word)
    {
        var keys = new List<SortKey>();
        do
        {
            var e = NoAggregates(Expression());
            var desc = false;
            if (Peek.Is("desc") || Peek.Is("asc"))
                desc = Next().Is("desc");
            keys.Add(new SortKey(e, desc));
        }
        while (Accept(","));
        return new SortCommand(keys, word.Start, Last.End);
    }

    LimitCommand Limit(QueryToken word)
    {
        // "limit any N" only promises some N rows; Berth's limit already stops reading once it has them.
        if (Peek.Is("any"))
            _pos++;
        var n = Next();
        if (n.Kind != TokenKind.Number || n.Number != Math.Floor(n.Number) || n.Number < 1 || n.Number > MaxLimit)
            throw new MalformedQuery($"limit takes a whole number from 1 to {MaxLimit}", n.Start, n.End);
        return new LimitCommand((int)n.Number, word.Start, n.End);
    }

    DedupCommand Dedup(QueryToken word)
    {
        var fields = new List<FieldExpr>();
        do
        {
            var t = Next();
            if (t.Kind != TokenKind.Identifier || Keywords.Contains(t.Text))
                throw new MalformedQuery("dedup takes field names", t.Start, t.End);
            fields.Add(new FieldExpr(t.Text, t.Start, t.End));
        }
        while (Accept(","));
        return new DedupCommand(fields, word.Start, Last.End);
    }

    ParseCommand ParseCommandRest(QueryToken word)
    {
        var source = Next();
        if (source.Kind != TokenKind.Identifier || Keywords.Contains(source.Text))
            throw new MalformedQuery("parse needs the field to read, such as @message", source.Start, source.End);
        var field = new FieldExpr(source.Text, source.Start, source.End);
        var pattern = Next();
        if (pattern.Kind == TokenKind.Regex)
        {
            var regex = CompileRegex(pattern);
            var names = regex.GetGroupNames().Where(n => !int.TryParse(n, out _)).ToList();
            if (names.Count == 0)
                throw new MalformedQuery("a parse regular expression needs named groups, such as (?<name>...)", pattern.Start, pattern.End);
            if (Peek.Is("as"))
                throw new MalformedQuery("a parse regular expression names its fields with (?<name>...), not 'as'", Peek.Start, Peek.End);
            return new ParseCommand(field, regex, names, word.Start, pattern.End);
        }
        if (pattern.Kind != TokenKind.String)
            throw new MalformedQuery("parse takes a \"glob * pattern\" with 'as' names, or a /regular expression/", pattern.Start, pattern.End);
        var stars = pattern.Text.Count(ch => ch == '*');
        if (stars == 0)
            throw new MalformedQuery("a parse pattern needs at least one '*'", pattern.Start, pattern.End);
        if (!Peek.Is("as"))
            throw new MalformedQuery("a parse pattern needs 'as' and a name for each '*'", Peek.Start, Peek.End);
        _pos++;
        var fieldNames = new List<string>();
        do
        {
            var t = Next();
            if (t.Kind != TokenKind.Identifier || Keywords.Contains(t.Text))
                throw new MalformedQuery("parse takes field names after 'as'", t.Start, t.End);
            fieldNames.Add(t.Text);
        }
        while (Accept(","));
        if (fieldNames.Count != stars)
            throw new MalformedQuery($"the parse pattern has {stars} '*' but {fieldNames.Count} names follow 'as'", pattern.Start, Last.End);
        return new ParseCommand(field, GlobRegex(pattern.Text, fieldNames), fieldNames, word.Start, Last.End);
    }

    /// <summary>
    /// A glob as a regex: literal text between captures, found anywhere in the value; each <c>*</c> takes as little as it
    /// can, except a trailing one, which takes the rest.
    /// </summary>
    static Regex GlobRegex(string glob, List<string> names)
    {
        var parts = glob.Split('*');
        var sb = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            sb.Append(Regex.Escape(parts[i]));
            if (i < names.Count)
                sb.Append(i == names.Count - 1 && parts[^1].Length == 0 ? "(.*)" : "(.*?)");
        }
        return new Regex(sb.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>Regexes run without backtracking (as RE2 does), so no query can stall on a pathological one.</summary>
    static Regex CompileRegex(QueryToken t)
    {
        try
        {
            return new Regex(t.Text, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new MalformedQuery($"invalid regular expression: {e.Message}", t.Start, t.End);
        }
    }

    bool Accept(string symbol)
    {
        if (!Peek.IsSymbol(symbol))
            return false;
        _pos++;
        return true;
    }

    void Expect(string symbol)
    {
        if (!Accept(symbol))
            throw new MalformedQuery($"expected '{symbol}'", Peek.Start, Peek.End);
    }

    MalformedQuery Unexpected(QueryToken t) =>
        t.Kind == TokenKind.End
            ? new MalformedQuery("unexpected end of query", t.Start, t.End)
            : new MalformedQuery($"unexpected symbol found {t.Text}", t.Start, t.End);

    // Expressions, loosest first: or, and, not, comparison, + -, * / %, unary -, ^, primary.

    Expr Expression()
    {
        if (++_depth > MaxDepth)
            throw new MalformedQuery($"the query nests expressions more than {MaxDepth} deep", Peek.Start, Peek.End);
        try
        {
            return Or();
        }
        finally
        {
            _depth--;
        }
    }

    Expr Or()
    {
        var left = And();
        while (Peek.Is("or"))
        {
            _pos++;
            var right = And();
            left = new BinaryExpr("or", left, right, left.Start, right.End);
        }
        return left;
    }

    Expr And()
    {
        var left = Not();
        while (Peek.Is("and"))
        {
            _pos++;
            var right = Not();
            left = new BinaryExpr("and", left, right, left.Start, right.End);
        }
        return left;
    }

    Expr Not()
    {
        if (!Peek.Is("not"))
            return Comparison();
        var t = Next();
        var operand = Nested(Not);
        return new UnaryExpr("not", operand, t.Start, operand.End);
    }

    Expr Comparison()
    {
        var left = Additive();
        var negated = false;
        if (Peek.Is("not") && (_tokens[_pos + 1].Is("like") || _tokens[_pos + 1].Is("in")))
        {
            _pos++;
            negated = true;
        }
        if (Peek.Is("like") || Peek.IsSymbol("=~"))
        {
            var op = Next();
            var pattern = Next();
            Expr p = pattern.Kind switch
            {
                TokenKind.Regex => new RegexExpr(CompileRegex(pattern), pattern.Start, pattern.End),
                TokenKind.String when op.Is("like") => new LiteralExpr(QueryValue.Of(pattern.Text), pattern.Start, pattern.End),
                _ => throw new MalformedQuery($"'{op.Text}' takes a {(op.Is("like") ? "\"string\" or " : "")}/regular expression/", pattern.Start, pattern.End),
            };
            return new LikeExpr(left, p, negated, left.Start, pattern.End);
        }
        if (Peek.Is("in"))
        {
            _pos++;
            if (!Peek.IsSymbol("["))
                throw new MalformedQuery("'in' takes a list such as [\"a\", \"b\"]", Peek.Start, Peek.End);
            var list = (ListExpr)Primary();
            return new InExpr(left, list, negated, left.Start, list.End);
        }
        if (negated)
            throw Unexpected(Peek);
        if (Peek.Kind == TokenKind.Symbol && Peek.Text is "=" or "!=" or "<" or "<=" or ">" or ">=")
        {
            var op = Next().Text;
            var right = Additive();
            return new BinaryExpr(op, left, right, left.Start, right.End);
        }
        return left;
    }

    Expr Additive()
    {
        var left = Multiplicative();
        while (Peek.IsSymbol("+") || Peek.IsSymbol("-"))
        {
            var op = Next().Text;
            var right = Multiplicative();
            left = new BinaryExpr(op, left, right, left.Start, right.End);
        }
        return left;
    }

    Expr Multiplicative()
    {
        var left = Unary();
        while (Peek.IsSymbol("*") || Peek.IsSymbol("/") || Peek.IsSymbol("%"))
        {
            var op = Next().Text;
            var right = Unary();
            left = new BinaryExpr(op, left, right, left.Start, right.End);
        }
        return left;
    }

    Expr Unary()
    {
        if (Peek.IsSymbol("-"))
        {
            var t = Next();
            var operand = Nested(Unary);
            return new UnaryExpr("-", operand, t.Start, operand.End);
        }
        var b = Primary();
        if (Peek.IsSymbol("^"))
        {
            _pos++;
            var exponent = Nested(Unary);
            return new BinaryExpr("^", b, exponent, b.Start, exponent.End);
        }
        return b;
    }

    Expr Nested(Func<Expr> parse)
    {
        if (++_depth > MaxDepth)
            throw new MalformedQuery($"the query nests expressions more than {MaxDepth} deep", Peek.Start, Peek.End);
        try
        {
            return parse();
        }
        finally
        {
            _depth--;
        }
    }

    Expr Primary()
    {
        var t = Next();
        switch (t.Kind)
        {
            case TokenKind.Number:
                return new LiteralExpr(QueryValue.Of(t.Number), t.Start, t.End);
            case TokenKind.Duration:
                return new DurationExpr(t.DurationMs, t.Start, t.End);
            case TokenKind.String:
                return new LiteralExpr(QueryValue.Of(t.Text), t.Start, t.End);
            case TokenKind.Regex:
                return new RegexExpr(CompileRegex(t), t.Start, t.End);
            case TokenKind.Symbol when t.Text == "(":
                var inner = Expression();
                Expect(")");
                return inner;
            case TokenKind.Symbol when t.Text == "[":
                var items = new List<Expr>();
                if (!Peek.IsSymbol("]"))
                {
                    do
                        items.Add(Expression());
                    while (Accept(","));
                }
                var close = Peek;
                Expect("]");
                return new ListExpr(items, t.Start, close.End);
            case TokenKind.Identifier when Peek.IsSymbol("("):
                return Call(t);
            case TokenKind.Identifier when !Keywords.Contains(t.Text):
                return new FieldExpr(t.Text, t.Start, t.End);
            default:
                throw Unexpected(t);
        }
    }

    CallExpr Call(QueryToken name)
    {
        _pos++; // (
        var args = new List<Expr>();
        if (!Peek.IsSymbol(")"))
        {
            do
            {
                if (Peek.IsSymbol("*") && name.Is("count"))
                {
                    var star = Next();
                    args.Add(new StarExpr(star.Start, star.End));
                }
                else
                {
                    args.Add(Expression());
                }
            }
            while (Accept(","));
        }
        var close = Peek;
        Expect(")");
        var call = new CallExpr(name.Text, args, _text[name.Start..(close.End + 1)], name.Start, close.End);
        var arity = QueryFunctions.ScalarArity(name.Text) ?? QueryFunctions.AggregateArity(name.Text)
            ?? throw new MalformedQuery($"Berth does not implement the function '{name.Text}'", name.Start, close.End);
        if (args.Count < arity.Min || args.Count > arity.Max)
            throw new MalformedQuery(
                arity.Min == arity.Max ? $"{name.Text} takes {arity.Min} argument{(arity.Min == 1 ? "" : "s")}" : $"{name.Text} takes {arity.Min} to {arity.Max} arguments",
                name.Start, close.End);
        CheckPeriods(call);
        return call;
    }

    /// <summary>bin() takes a period; datefloor/dateceil a time and a period; pct a field and a percentile 0..100.</summary>
    static void CheckPeriods(CallExpr c)
    {
        switch (c.Function.ToLowerInvariant())
        {
            case "bin" when c.Args[0] is not DurationExpr:
                throw new MalformedQuery("bin takes a time period such as 5m", c.Args[0].Start, c.Args[0].End);
            case "datefloor" or "dateceil" when c.Args[1] is not DurationExpr:
                throw new MalformedQuery($"{c.Function} takes a time period such as 1h as its second argument", c.Args[1].Start, c.Args[1].End);
            case "pct" when c.Args[1] is not LiteralExpr { Value.Kind: ValueKind.Number, Value.Number: >= 0 and <= 100 }:
                throw new MalformedQuery("pct takes a percentile from 0 to 100 as its second argument", c.Args[1].Start, c.Args[1].End);
        }
    }
}
