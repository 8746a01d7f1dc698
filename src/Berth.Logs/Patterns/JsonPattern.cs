using System.Text.Json;

namespace Berth.Logs.Patterns;

/// <summary>
/// <c>{ $.level = "ERROR" &amp;&amp; ($.latency &gt; 500 || $.retry IS TRUE) }</c>: tests of JSON fields joined by
/// <c>&amp;&amp;</c> and <c>||</c> (with parentheses); a field is <c>IS NULL</c>, <c>IS TRUE</c>, <c>IS FALSE</c> or
/// <c>NOT EXISTS</c>, or is compared with a value. An event that is not a JSON object never matches.
/// </summary>
public sealed class JsonPattern
{
    readonly Node _root;

    JsonPattern(Node root) => _root = root;

    abstract record Node
    {
        public abstract bool Eval(JsonElement root);
    }

    sealed record And(Node Left, Node Right) : Node
    {
        public override bool Eval(JsonElement root) => Left.Eval(root) && Right.Eval(root);
    }

    sealed record Or(Node Left, Node Right) : Node
    {
        public override bool Eval(JsonElement root) => Left.Eval(root) || Right.Eval(root);
    }

    sealed record Compare(JsonSelector Selector, Comparison Test) : Node
    {
        public override bool Eval(JsonElement root) =>
            Selector.Select(root) is { } e && e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array) && Test.Test(JsonSelector.Text(e));
    }

    sealed record Is(JsonSelector Selector, string What) : Node
    {
        public override bool Eval(JsonElement root) => (What, Selector.Select(root)) switch
        {
            ("NOT EXISTS", null) => true,
            ("NULL", { ValueKind: JsonValueKind.Null }) => true,
            ("TRUE", { ValueKind: JsonValueKind.True }) => true,
            ("FALSE", { ValueKind: JsonValueKind.False }) => true,
            _ => false,
        };
    }

    public static JsonPattern Parse(string text)
    {
        var tokens = PatternLexer.Tokenize(text);
        var p = new Parser(tokens);
        p.Expect("{");
        var root = p.Expression();
        p.Expect("}");
        if (!p.AtEnd)
            throw Comparison.Invalid($"unexpected '{p.Peek.Text}' after the closing '}}'");
        return new JsonPattern(root);
    }

    public PatternMatch? Match(string message)
    {
        var trimmed = message.AsSpan().Trim();
        if (trimmed.Length == 0 || trimmed[0] != '{')
            return null;
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(message);
            root = doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        return _root.Eval(root) ? new PatternMatch(new Dictionary<string, string>(), root) : null;
    }

    sealed class Parser(List<PatternToken> tokens)
    {
        int _i;

        public bool AtEnd => _i >= tokens.Count;

        public PatternToken Peek => AtEnd ? throw Comparison.Invalid("the pattern ends too soon") : tokens[_i];

        bool IsPunct(string s) => !AtEnd && tokens[_i].Kind == PatternTokenKind.Punct && tokens[_i].Text == s;

        public void Expect(string s)
        {
            if (!IsPunct(s))
                throw Comparison.Invalid(AtEnd ? $"expected '{s}' at the end" : $"expected '{s}', found '{tokens[_i].Text}'");
            _i++;
        }

        public Node Expression()
        {
            var left = Conjunction();
            while (IsPunct("||"))
            {
                _i++;
                left = new Or(left, Conjunction());
            }
            return left;
        }

        Node Conjunction()
        {
            var left = Primary();
            while (IsPunct("&&"))
            {
                _i++;
                left = new And(left, Primary());
            }
            return left;
        }

        Node Primary()
        {
            if (IsPunct("("))
            {
                _i++;
                var inner = Expression();
                Expect(")");
                return inner;
            }
            var sel = Peek;
            if (sel.Kind != PatternTokenKind.Word || !JsonSelector.TryParse(sel.Text, out var selector))
                throw Comparison.Invalid($"expected a property selector such as $.field, found '{sel.Text}'");
            _i++;
            var next = Peek;
            if (next.Kind == PatternTokenKind.Word && next.Text is "IS" or "NOT")
            {
                _i++;
                var what = Peek;
                _i++;
                return (next.Text, what.Text) switch
                {
                    ("IS", "NULL" or "TRUE" or "FALSE") => new Is(selector, what.Text),
                    ("NOT", "EXISTS") => new Is(selector, "NOT EXISTS"),
                    _ => throw Comparison.Invalid($"'{next.Text} {what.Text}' is not a test: use IS NULL, IS TRUE, IS FALSE or NOT EXISTS"),
                };
            }
            if (next.Kind != PatternTokenKind.Operator)
                throw Comparison.Invalid($"expected an operator after {selector}, found '{next.Text}'");
            _i++;
            var value = Peek;
            if (value.Kind is not (PatternTokenKind.Word or PatternTokenKind.Quoted or PatternTokenKind.Regex))
                throw Comparison.Invalid($"expected a value after {selector} {next.Text}, found '{value.Text}'");
            _i++;
            return new Compare(selector, Comparison.Create(next.Text, value.Text, value.Kind == PatternTokenKind.Quoted, value.Kind == PatternTokenKind.Regex));
        }
    }
}
