namespace Berth.Logs.Insights;

/// <summary>
/// Runs a parsed query over rows pushed in one at a time (newest event first), so a group is never loaded whole:
/// row commands stream, <c>limit</c> stops the reading once it has its rows, <c>sort</c> followed by a limit keeps only
/// the top rows, and <c>stats</c> keeps one accumulator per group. What sort and stats hold is bounded by
/// <paramref name="maxHeldBytes"/>; a query that needs more fails rather than exhaust the server.
/// </summary>
public sealed class QueryPipeline
{
    readonly InsightsQuery _query;
    readonly Stage _head;
    readonly Collector _tail;
    readonly Budget _budget;
    readonly Counter _matched;

    public QueryPipeline(InsightsQuery query, int resultLimit, long maxHeldBytes = 256L << 20)
    {
        _query = query;
        _budget = new Budget(maxHeldBytes);
        _tail = new Collector(resultLimit);
        _matched = new Counter();
        Stage next = _tail;
        var counted = false;
        for (var i = query.Commands.Count - 1; i >= 0; i--)
        {
            var c = query.Commands[i];
            var rowWise = c is FieldsCommand or DisplayCommand or FilterCommand or ParseCommand;
            // The matched count sits after the last row command that comes before any stats, sort, limit or dedup.
            if (!counted && rowWise && query.Commands.Take(i).All(p => p is FieldsCommand or DisplayCommand or FilterCommand or ParseCommand))
            {
                _matched.Next = next;
                next = _matched;
                counted = true;
            }
            next = Build(c, i, next, resultLimit);
        }
        if (!counted)
        {
            _matched.Next = next;
            next = _matched;
        }
        _head = next;
    }

    /// <summary>Rows that passed the query's filters (before stats, sort and limit).</summary>
    public long Matched => _matched.Count;

    /// <summary>Takes one row; false once the query needs no more (its limit is met and nothing after reorders).</summary>
    public bool Push(QueryRow row) => _head.Push(row);

    /// <summary>Ends the input and returns the result rows as GetQueryResults shows them, each with its @ptr if it is an event.</summary>
    public List<List<KeyValuePair<string, string>>> Finish()
    {
        _head.Finish();
        var results = new List<List<KeyValuePair<string, string>>>(_tail.Rows.Count);
        foreach (var row in _tail.Rows)
        {
            var fields = new List<KeyValuePair<string, string>>(_query.Columns.Count + 1);
            foreach (var column in _query.Columns)
                if (row.Get(column).Display() is { } value)
                    fields.Add(new(column, value));
            if (row.Pointer is { } ptr)
                fields.Add(new("@ptr", ptr));
            results.Add(fields);
        }
        return results;
    }

    Stage Build(QueryCommand c, int index, Stage next, int resultLimit) => c switch
    {
        FieldsCommand f => new Assign(f.Items) { Next = next },
        DisplayCommand d => new Assign(d.Items) { Next = next },
        FilterCommand f => new Filter(f.Condition) { Next = next },
        ParseCommand p => new Parse(p) { Next = next },
        StatsCommand s => new Stats(s, _budget) { Next = next },
        SortCommand s => new Sort(s.Keys, SortCap(index, resultLimit), _budget) { Next = next },
        LimitCommand l => new Limit(l.Count) { Next = next },
        DedupCommand d => new Dedup(d.Fields) { Next = next },
        _ => throw new MalformedQuery($"Berth does not implement the '{c.Name}' command", c.Start, c.End),
    };

    /// <summary>A sort need only keep the rows a following limit (or the result limit) will show, if nothing between drops rows.</summary>
    int? SortCap(int index, int resultLimit)
    {
        foreach (var c in _query.Commands.Skip(index + 1))
        {
            switch (c)
            {
                case FieldsCommand or DisplayCommand:
                    continue;
                case LimitCommand l:
                    return Math.Min(l.Count, resultLimit);
                default:
                    return null;
            }
        }
        return resultLimit;
    }

    abstract class Stage
    {
        public Stage? Next { get; set; }

        public abstract bool Push(QueryRow row);

        public virtual void Finish() => Next?.Finish();
    }

    sealed class Budget(long max)
    {
        long _held;

        public void Take(long bytes)
        {
            _held += bytes;
            if (_held > max)
                throw new QueryTooLargeException($"The query needs more than {max >> 20} MiB to sort or aggregate; narrow the time range, filter first, or add a limit.");
        }

        public void Give(long bytes) => _held -= bytes;
    }

    sealed class Counter : Stage
    {
        public long Count { get; private set; }

        public override bool Push(QueryRow row)
        {
            Count++;
            return Next!.Push(row);
        }
    }

    sealed class Assign(IReadOnlyList<NamedExpr> items) : Stage
    {
        public override bool Push(QueryRow row)
        {
            foreach (var item in items)
                if (item.Expr is not FieldExpr f || f.Name != item.Name)
                    row.Set(item.Name, QueryEvaluator.Evaluate(item.Expr, row));
            return Next!.Push(row);
        }
    }

    sealed class Filter(Expr condition) : Stage
    {
        public override bool Push(QueryRow row) => !QueryEvaluator.Evaluate(condition, row).IsTruthy || Next!.Push(row);
    }

    /// <summary>A row the pattern does not match passes through without the extracted fields.</summary>
    sealed class Parse(ParseCommand p) : Stage
    {
        public override bool Push(QueryRow row)
        {
            if (QueryEvaluator.Evaluate(p.Source, row).AsText() is { } text && p.Pattern.Match(text) is { Success: true } m)
            {
                for (var i = 0; i < p.Names.Count; i++)
                {
                    // A regex names its groups; a glob's are numbered, one per '*'.
                    var number = p.Pattern.GroupNumberFromName(p.Names[i]);
                    var g = m.Groups[number >= 0 ? number : i + 1];
                    if (g.Success)
                        row.Set(p.Names[i], QueryValue.Of(g.Value));
                }
            }
            return Next!.Push(row);
        }
    }

    sealed class Limit(int n) : Stage
    {
        int _seen;

        public override bool Push(QueryRow row)
        {
            if (_seen >= n)
                return false;
            _seen++;
            return Next!.Push(row) && _seen < n;
        }
    }

    /// <summary>Keeps the first row of each combination of the fields; rows missing one of them are all kept.</summary>
    sealed class Dedup(IReadOnlyList<FieldExpr> fields) : Stage
    {
        readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public override bool Push(QueryRow row)
        {
            var values = fields.Select(f => row.Get(f.Name).Display()).ToList();
            if (values.Any(v => v is null) || _seen.Add(string.Join('\u0001', values)))
                return Next!.Push(row);
            return true;
        }
    }

    sealed class Sort(IReadOnlyList<SortKey> keys, int? cap, Budget budget) : Stage
    {
        readonly List<(QueryValue[] Keys, long Seq, QueryRow Row)> _rows = [];
        long _seq;

        public override bool Push(QueryRow row)
        {
            var values = keys.Select(k => QueryEvaluator.Evaluate(k.Expr, row)).ToArray();
            _rows.Add((values, _seq++, row));
            budget.Take(row.Bytes);
            if (cap is { } c && _rows.Count >= Math.Max(2 * c, 1024))
                Trim(c);
            return true;
        }

        void Trim(int c)
        {
            _rows.Sort(Compare);
            if (_rows.Count > c)
            {
                foreach (var r in _rows.Skip(c))
                    budget.Give(r.Row.Bytes);
                _rows.RemoveRange(c, _rows.Count - c);
            }
        }

        int Compare((QueryValue[] Keys, long Seq, QueryRow Row) a, (QueryValue[] Keys, long Seq, QueryRow Row) b)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                var c = QueryValue.SortCompare(a.Keys[i], b.Keys[i], keys[i].Descending);
                if (c != 0)
                    return c;
            }
            return a.Seq.CompareTo(b.Seq);
        }

        public override void Finish()
        {
            Trim(cap ?? int.MaxValue);
            foreach (var r in _rows)
                if (!Next!.Push(r.Row))
                    break;
            base.Finish();
        }
    }

    sealed class Stats(StatsCommand s, Budget budget) : Stage
    {
        readonly Dictionary<string, (QueryValue[] By, Accumulator[] Aggregates)> _groups = new(StringComparer.Ordinal);
        readonly List<string> _order = [];

        public override bool Push(QueryRow row)
        {
            var by = new QueryValue[s.By.Count];
            for (var i = 0; i < by.Length; i++)
                by[i] = QueryEvaluator.Evaluate(s.By[i].Expr, row);
            var key = string.Join('\u0001', by.Select(v => $"{(int)v.Kind}{v.Display()}"));
            if (!_groups.TryGetValue(key, out var group))
            {
                group = (by, s.Aggregates.Select(Accumulator.For).ToArray());
                _groups[key] = group;
                _order.Add(key);
                budget.Take(256 + key.Length * 2L);
            }
            foreach (var a in group.Aggregates)
            {
                var before = a.Held;
                a.Add(row);
                if (a.Held != before)
                    budget.Take((a.Held - before) * 16);
            }
            return true;
        }

        public override void Finish()
        {
            foreach (var key in _order)
            {
                var (by, aggregates) = _groups[key];
                var values = new Dictionary<string, QueryValue>(StringComparer.Ordinal);
                for (var i = 0; i < by.Length; i++)
                    values[s.By[i].Name] = by[i];
                var results = aggregates.Select(a => a.Result()).ToArray();
                var row = QueryRow.Aggregated(values);
                foreach (var item in s.Items)
                    row.Set(item.Name, QueryEvaluator.Evaluate(item.Expr, row, results));
                if (!Next!.Push(row))
                    break;
            }
            base.Finish();
        }
    }

    sealed class Collector(int cap) : Stage
    {
        public List<QueryRow> Rows { get; } = [];

        public override bool Push(QueryRow row)
        {
            if (Rows.Count < cap)
                Rows.Add(row);
            return Rows.Count < cap;
        }
    }
}

/// <summary>A query that would hold more than its memory bound; it ends as Failed.</summary>
public sealed class QueryTooLargeException(string message) : Exception(message);
