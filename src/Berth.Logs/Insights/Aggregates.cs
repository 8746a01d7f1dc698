namespace Berth.Logs.Insights;

/// <summary>The running state of one stats aggregate for one group.</summary>
public abstract class Accumulator
{
    public abstract void Add(QueryRow row);
    public abstract QueryValue Result();

    /// <summary>Values held (for pct and count_distinct), toward the query's memory bound.</summary>
    public virtual long Held => 0;

    public static Accumulator For(CallExpr call)
    {
        var arg = call.Args.Count > 0 && call.Args[0] is not StarExpr ? call.Args[0] : null;
        return call.Function.ToLowerInvariant() switch
        {
            "count" => new Count(arg),
            "count_distinct" => new CountDistinct(arg!),
            "sum" => new Sum(arg!, average: false),
            "avg" => new Sum(arg!, average: true),
            "min" => new Extreme(arg!, max: false),
            "max" => new Extreme(arg!, max: true),
            "pct" => new Percentile(arg!, ((LiteralExpr)call.Args[1]).Value.Number),
            "earliest" => new ByTime(arg!, latest: false),
            "latest" => new ByTime(arg!, latest: true),
            _ => throw new MalformedQuery($"Berth does not implement the aggregate '{call.Function}'", call.Start, call.End),
        };
    }

    /// <summary>count() and count(*) count rows; count(field) rows where the field has a value.</summary>
    sealed class Count(Expr? arg) : Accumulator
    {
        long _n;

        public override void Add(QueryRow row)
        {
            if (arg is null || !QueryEvaluator.Evaluate(arg, row).IsNull)
                _n++;
        }

        public override QueryValue Result() => QueryValue.Of(_n);
    }

    /// <summary>Exact, where Insights estimates: the same answer for the small sets it is exact on.</summary>
    sealed class CountDistinct(Expr arg) : Accumulator
    {
        readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public override void Add(QueryRow row)
        {
            if (QueryEvaluator.Evaluate(arg, row).AsText() is { } s)
                _seen.Add(s);
        }

        public override QueryValue Result() => QueryValue.Of(_seen.Count);

        public override long Held => _seen.Count;
    }

    /// <summary>sum and avg over the values that are numbers; none gives no value.</summary>
    sealed class Sum(Expr arg, bool average) : Accumulator
    {
        double _sum;
        long _n;

        public override void Add(QueryRow row)
        {
            if (QueryEvaluator.Evaluate(arg, row).TryNumber(out var x))
            {
                _sum += x;
                _n++;
            }
        }

        public override QueryValue Result() => _n == 0 ? QueryValue.Null : QueryValue.Of(average ? _sum / _n : _sum);
    }

    /// <summary>min and max: numerically (timestamps stay timestamps).</summary>
    sealed class Extreme(Expr arg, bool max) : Accumulator
    {
        QueryValue _best;

        public override void Add(QueryRow row)
        {
            var v = QueryEvaluator.Evaluate(arg, row);
            if (!v.TryNumber(out var x))
                return;
            var candidate = v.Kind == ValueKind.Time ? v : QueryValue.Of(x);
            if (_best.IsNull || (max ? x > _best.Number : x < _best.Number))
                _best = candidate;
        }

        public override QueryValue Result() => _best;
    }

    /// <summary>pct(field, p): the nearest-rank percentile of the numeric values.</summary>
    sealed class Percentile(Expr arg, double p) : Accumulator
    {
        readonly List<double> _values = [];

        public override void Add(QueryRow row)
        {
            if (QueryEvaluator.Evaluate(arg, row).TryNumber(out var x))
                _values.Add(x);
        }

        public override QueryValue Result() => _values.Count == 0 ? QueryValue.Null : QueryValue.Of(Rank(_values, p));

        public override long Held => _values.Count;

        public static double Rank(List<double> values, double p)
        {
            values.Sort();
            var rank = (int)Math.Ceiling(p / 100 * values.Count);
            return values[Math.Clamp(rank - 1, 0, values.Count - 1)];
        }
    }

    /// <summary>earliest/latest(field): the field's value in the group's earliest or latest event that has it.</summary>
    sealed class ByTime(Expr arg, bool latest) : Accumulator
    {
        long _at;
        QueryValue _value;

        public override void Add(QueryRow row)
        {
            var v = QueryEvaluator.Evaluate(arg, row);
            if (v.IsNull || row.Timestamp is not { } ts)
                return;
            if (_value.IsNull || (latest ? ts > _at : ts < _at))
                (_at, _value) = (ts, v);
        }

        public override QueryValue Result() => _value;
    }
}
