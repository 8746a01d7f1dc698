using System.Text;

namespace Berth.Ecs.Validation;

/// <summary>
/// Checks the syntax of a cluster query language expression (a <c>memberOf</c> placement constraint):
/// <c>subject operator [argument]</c> comparisons joined by <c>and</c>/<c>&amp;&amp;</c>, <c>or</c>/<c>||</c>, negated by
/// <c>not</c>/<c>!</c> and grouped by parentheses, as the ECS developer guide's "Cluster query language" defines them.
/// Returns what is wrong, or null for a well-formed expression.
/// </summary>
public static class PlacementExpression
{
    public const int MaxLength = 2000;

    static readonly HashSet<string> Subjects = new(StringComparer.Ordinal)
    {
        "agentConnected", "agentVersion", "ec2InstanceId", "registeredAt", "runningTasksCount", "task:group",
    };

    static readonly HashSet<string> ValueOperators = new(StringComparer.Ordinal)
    {
        "==", "equals", "!=", "not_equals", ">", "greater_than", ">=", "greater_than_equal", "<", "less_than", "<=", "less_than_equal",
        "=~", "matches", "!~", "not_matches",
    };

    static readonly HashSet<string> ListOperators = new(StringComparer.Ordinal) { "in", "not_in" };

    static readonly HashSet<string> NoValueOperators = new(StringComparer.Ordinal) { "exists", "not_exists" };

    public static string? Check(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
            return "the expression is empty";
        if (expression.Length > MaxLength)
            return $"the expression is longer than {MaxLength} characters";
        List<string> tokens;
        try
        {
            tokens = Tokenize(expression);
        }
        catch (FormatException e)
        {
            return e.Message;
        }
        var p = new Parser(tokens);
        return p.Expression() ?? (p.AtEnd ? null : $"unexpected '{p.Peek}'");
    }

    static List<string> Tokenize(string s)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c is '(' or ')' or '[' or ']' or ',')
            {
                tokens.Add(c.ToString());
                i++;
                continue;
            }
            if (i + 1 < s.Length && s.Substring(i, 2) is "==" or "!=" or ">=" or "<=" or "=~" or "!~" or "&&" or "||")
            {
                tokens.Add(s.Substring(i, 2));
                i += 2;
                continue;
            }
            if (c is '>' or '<' or '!')
            {
                tokens.Add(c.ToString());
                i++;
                continue;
            }
            if (c is '\'' or '"')
            {
                var end = s.IndexOf(c, i + 1);
                if (end < 0)
                    throw new FormatException($"the quoted value starting at position {i} is not closed");
                tokens.Add(s[i..(end + 1)]);
                i = end + 1;
                continue;
            }
            var word = new StringBuilder();
            while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not ('(' or ')' or '[' or ']' or ',' or '=' or '!' or '<' or '>' or '&' or '|' or '\'' or '"'))
                word.Append(s[i++]);
            if (word.Length == 0)
                throw new FormatException($"unexpected '{s[i]}' at position {i}");
            tokens.Add(word.ToString());
        }
        return tokens;
    }

    sealed class Parser(List<string> tokens)
    {
        int _at;

        public bool AtEnd => _at >= tokens.Count;

        public string? Peek => AtEnd ? null : tokens[_at];

        string? Next() => AtEnd ? null : tokens[_at++];

        /// <summary>or-joined terms; returns an error or null.</summary>
        public string? Expression()
        {
            var error = AndTerm();
            while (error is null && Peek is "||" or "or")
            {
                _at++;
                error = AndTerm();
            }
            return error;
        }

        string? AndTerm()
        {
            var error = Unary();
            while (error is null && Peek is "&&" or "and")
            {
                _at++;
                error = Unary();
            }
            return error;
        }

        string? Unary()
        {
            if (Peek is "not" or "!")
            {
                _at++;
                return Unary();
            }
            if (Peek == "(")
            {
                _at++;
                var error = Expression();
                if (error is not null)
                    return error;
                return Next() == ")" ? null : "a '(' is not closed";
            }
            return Comparison();
        }

        string? Comparison()
        {
            var subject = Next();
            if (subject is null)
                return "the expression ends where a comparison was expected";
            if (!IsSubject(subject))
                return $"'{subject}' is not a subject: use attribute:NAME, task:group, ec2InstanceId, agentConnected, agentVersion, registeredAt or runningTasksCount";
            var op = Next();
            if (op == "!" && Peek is "exists" or "in")
                op = "not_" + Next();
            if (op is null)
                return $"'{subject}' has no operator";
            if (NoValueOperators.Contains(op))
                return null;
            if (ListOperators.Contains(op))
                return List(subject, op);
            if (!ValueOperators.Contains(op))
                return $"'{op}' is not an operator (==, !=, >, >=, <, <=, =~, !~, in, not_in, exists, not_exists)";
            return IsValue(Next()) ? null : $"'{subject} {op}' has no value";
        }

        string? List(string subject, string op)
        {
            if (Next() != "[")
                return $"'{subject} {op}' needs a list such as [a, b]";
            if (!IsValue(Next()))
                return $"the list after '{subject} {op}' is empty or malformed";
            while (Peek == ",")
            {
                _at++;
                if (!IsValue(Next()))
                    return $"the list after '{subject} {op}' is malformed";
            }
            return Next() == "]" ? null : $"the list after '{subject} {op}' is not closed with ']'";
        }

        static bool IsSubject(string s) =>
            Subjects.Contains(s) || (s.StartsWith("attribute:", StringComparison.Ordinal) && s.Length > "attribute:".Length);

        static bool IsValue(string? s) => s is not null && s is not ("(" or ")" or "[" or "]" or ",") && !ValueOperators.Contains(s) && s is not ("&&" or "||" or "!");
    }
}
