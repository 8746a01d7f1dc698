using System.Globalization;
using Berth.Kernel;

namespace Berth.CloudWatch;

/// <summary>
/// The metric math Berth evaluates: numbers and query ids combined with + - * / and parentheses, and SUM, AVG, MIN,
/// MAX of a bracketed list (<c>SUM([m1, m2])</c>, value by value). Anything else — other functions, SEARCH, Metrics
/// Insights — is refused with a ValidationError rather than answered wrongly. Series with different timestamps
/// combine where both have a value; a result that is not a finite number (division by zero) is left out.
/// </summary>
public sealed class MetricMath
{
    readonly string _text;
    readonly Func<string, SortedDictionary<DateTimeOffset, double>> _resolve;
    int _pos;

    MetricMath(string text, Func<string, SortedDictionary<DateTimeOffset, double>> resolve)
    {
        _text = text;
        _resolve = resolve;
    }

    /// <summary>Evaluates <paramref name="expression"/>; <paramref name="resolve"/> gives the series of another query id.</summary>
    public static SortedDictionary<DateTimeOffset, double> Evaluate(string expression, Func<string, SortedDictionary<DateTimeOffset, double>> resolve)
    {
        var parser = new MetricMath(expression, resolve);
        var value = parser.Sum();
        parser.Skip();
        if (parser._pos < expression.Length)
            throw parser.Error($"unexpected '{expression[parser._pos]}' at position {parser._pos + 1}");
        return value.Series ?? throw parser.Error("the expression must refer to at least one metric, not only numbers");
    }

    readonly record struct Value(double Scalar, SortedDictionary<DateTimeOffset, double>? Series);

    Value Sum()
    {
        var left = Product();
        while (Peek() is '+' or '-')
        {
            var op = _text[_pos++];
            left = Combine(left, Product(), op);
        }
        return left;
    }

    Value Product()
    {
        var left = Unary();
        while (Peek() is '*' or '/')
        {
            var op = _text[_pos++];
            left = Combine(left, Unary(), op);
        }
        return left;
    }

    Value Unary()
    {
        if (Peek() == '-')
        {
            _pos++;
            return Combine(new Value(0, null), Unary(), '-');
        }
        return Primary();
    }

    Value Primary()
    {
        var c = Peek() ?? throw Error("the expression ends too early");
        if (c == '(')
        {
            _pos++;
            var inner = Sum();
            Expect(')');
            return inner;
        }
        if (char.IsDigit(c) || c == '.')
            return new Value(Number(), null);
        if (char.IsLetter(c))
        {
            var word = Word();
            if (Peek() == '(')
                return Function(word);
            if (word.Length > 0 && char.IsLower(word[0]))
                return new Value(0, _resolve(word));
            throw Error($"'{word}' is not a query id (ids start with a lower-case letter)");
        }
        throw Error($"unexpected '{c}' at position {_pos + 1}");
    }

    Value Function(string name)
    {
        Func<IReadOnlyList<double>, double> aggregate = name switch
        {
            "SUM" => v => v.Sum(),
            "AVG" => v => v.Average(),
            "MIN" => v => v.Min(),
            "MAX" => v => v.Max(),
            _ => throw Error($"the function {name} is not supported"),
        };
        Expect('(');
        Expect('[');
        var items = new List<Value> { Sum() };
        while (Peek() == ',')
        {
            _pos++;
            items.Add(Sum());
        }
        Expect(']');
        Expect(')');
        var scalars = items.Where(i => i.Series is null).Select(i => i.Scalar).ToList();
        var series = items.Where(i => i.Series is not null).Select(i => i.Series!).ToList();
        if (series.Count == 0)
            return new Value(aggregate(scalars), null);
        var result = new SortedDictionary<DateTimeOffset, double>();
        foreach (var t in series.SelectMany(s => s.Keys).Distinct())
        {
            var values = series.Where(s => s.ContainsKey(t)).Select(s => s[t]).Concat(scalars).ToList();
            Put(result, t, aggregate(values));
        }
        return new Value(0, result);
    }

    static Value Combine(Value a, Value b, char op)
    {
        double Apply(double x, double y) => op switch { '+' => x + y, '-' => x - y, '*' => x * y, _ => x / y };
        if (a.Series is null && b.Series is null)
            return new Value(Apply(a.Scalar, b.Scalar), null);
        var result = new SortedDictionary<DateTimeOffset, double>();
        if (a.Series is not null && b.Series is not null)
        {
            foreach (var (t, x) in a.Series)
            {
                if (b.Series.TryGetValue(t, out var y))
                    Put(result, t, Apply(x, y));
            }
        }
        else if (a.Series is not null)
        {
            foreach (var (t, x) in a.Series)
                Put(result, t, Apply(x, b.Scalar));
        }
        else
        {
            foreach (var (t, y) in b.Series!)
                Put(result, t, Apply(a.Scalar, y));
        }
        return new Value(0, result);
    }

    static void Put(SortedDictionary<DateTimeOffset, double> series, DateTimeOffset t, double v)
    {
        if (double.IsFinite(v))
            series[t] = v;
    }

    double Number()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.'))
            _pos++;
        return double.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw Error($"'{_text[start.._pos]}' is not a number");
    }

    string Word()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            _pos++;
        return _text[start.._pos];
    }

    void Expect(char c)
    {
        if (Peek() != c)
            throw Error(Peek() is { } got ? $"expected '{c}' at position {_pos + 1}, found '{got}'" : $"expected '{c}' at the end");
        _pos++;
    }

    char? Peek()
    {
        Skip();
        return _pos < _text.Length ? _text[_pos] : null;
    }

    void Skip()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
            _pos++;
    }

    AwsException Error(string problem) => CloudWatchErrors.Validation(
        $"Error in expression '{_text}': {problem}. Berth supports + - * / with numbers and query ids, and SUM, AVG, MIN, MAX of a list such as SUM([m1, m2]).");
}
