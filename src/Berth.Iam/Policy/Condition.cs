using System.Globalization;

namespace Berth.Iam.Policy;

/// <summary>
/// One operator applied to one key (<c>"StringEquals": {"aws:PrincipalTag/team": ["a", "b"]}</c> is one condition),
/// compiled: the key classified, each value parsed for its family. A statement's conditions are ANDed.
/// </summary>
internal sealed class Condition
{
    readonly ConditionValue[] _values;

    Condition(ConditionOperator op, ContextKey key, ConditionValue[] values)
    {
        Operator = op;
        Key = key;
        _values = values;
    }

    public ConditionOperator Operator { get; }

    public ContextKey Key { get; }

    /// <summary>Whether testing it reads a key of this kind: its own key, or a variable in one of its values.</summary>
    public bool Reads(KeyKind kind) => Key.Kind == kind || _values.Any(v => v.Template.Reads(kind));

    /// <summary>Compiles the values; null when a value cannot be what its operator compares (IAM's "legacy parsing").</summary>
    public static Condition? Compile(ConditionOperator op, string key, IReadOnlyList<string> values, bool substitute)
    {
        var compiled = new ConditionValue[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var v = ConditionValue.Compile(op.Family, values[i], substitute);
            if (v is null)
                return null;
            compiled[i] = v;
        }
        return new Condition(op, ContextKey.Parse(key), compiled);
    }

    /// <summary>
    /// AWS's rules: values of one key are ORed (NOR for a negated operator); a missing key fails the condition except
    /// for <c>...IfExists</c> (passes), <c>Null</c> (the test itself), negated operators (pass) and <c>ForAllValues</c>
    /// (passes: nothing in the request falls outside the set). A key with no values counts as missing.
    /// </summary>
    public bool IsSatisfied(RequestContext context)
    {
        var present = context.Resolve(Key);
        if (Operator.Family == ConditionFamily.Null)
            return NullHolds(present.Count > 0);
        if (present.Count == 0)
        {
            return Operator.IfExists || Operator.Set switch
            {
                SetOperator.ForAllValues => true,
                SetOperator.ForAnyValue => false,
                _ => Operator.Negated,
            };
        }
        switch (Operator.Set)
        {
            case SetOperator.ForAllValues:
                for (var i = 0; i < present.Count; i++)
                {
                    if (AnyPolicyValueMatches(present[i], context) == Operator.Negated)
                        return false;
                }
                return true;
            case SetOperator.ForAnyValue:
                for (var i = 0; i < present.Count; i++)
                {
                    if (AnyPolicyValueMatches(present[i], context) != Operator.Negated)
                        return true;
                }
                return false;
            default:
                for (var i = 0; i < present.Count; i++)
                {
                    if (AnyPolicyValueMatches(present[i], context))
                        return !Operator.Negated;
                }
                return Operator.Negated;
        }
    }

    bool NullHolds(bool present)
    {
        foreach (var v in _values)
        {
            if (string.Equals(v.Template.Text, "true", StringComparison.OrdinalIgnoreCase) && !present)
                return true;
            if (string.Equals(v.Template.Text, "false", StringComparison.OrdinalIgnoreCase) && present)
                return true;
        }
        return false;
    }

    bool AnyPolicyValueMatches(string requestValue, RequestContext context)
    {
        foreach (var v in _values)
        {
            if (v.Matches(Operator, requestValue, context))
                return true;
        }
        return false;
    }
}

/// <summary>One value of a condition, pre-parsed for its operator's family when it has no variables.</summary>
internal sealed class ConditionValue
{
    Glob? _like;
    Glob? _arn;
    decimal? _number;
    DateTimeOffset? _date;
    IpNetwork? _network;

    ConditionValue(ValueTemplate template) => Template = template;

    public ValueTemplate Template { get; }

    public static ConditionValue? Compile(ConditionFamily family, string raw, bool substitute)
    {
        var v = new ConditionValue(ValueTemplate.Compile(raw, substitute));
        if (!v.Template.IsStatic)
            return v;
        var text = v.Template.Text;
        switch (family)
        {
            case ConditionFamily.StringLike:
                v._like = new Glob(text, v.Template.Literal);
                break;
            case ConditionFamily.Arn:
                v._arn = Glob.ForArn(text, v.Template.Literal);
                break;
            case ConditionFamily.Numeric:
                if (TryNumber(text, out var n))
                    v._number = n;
                break;
            case ConditionFamily.Date:
                if (!TryDate(text, out var d))
                    return null;
                v._date = d;
                break;
            case ConditionFamily.IpAddress:
                if (IpNetwork.TryParse(text, out var net))
                    v._network = net;
                break;
        }
        return v;
    }

    /// <summary>Whether the request's value satisfies this value under the operator, before negation.</summary>
    public bool Matches(ConditionOperator op, string requestValue, RequestContext context)
    {
        if (!Template.TryRender(context, out var text, out var literal))
            return false;
        switch (op.Family)
        {
            case ConditionFamily.String:
                return text.SequenceEqual(requestValue);
            case ConditionFamily.StringIgnoreCase:
                return text.Equals(requestValue, StringComparison.OrdinalIgnoreCase);
            case ConditionFamily.StringLike:
                return _like?.IsMatch(requestValue) ?? Wildcard.Match(text, literal, requestValue);
            case ConditionFamily.Arn:
                return _arn?.IsMatch(requestValue) ?? ArnMatch.Match(text, literal, requestValue);
            case ConditionFamily.Bool:
                return text.Equals(requestValue, StringComparison.OrdinalIgnoreCase);
            case ConditionFamily.Numeric:
                {
                    decimal policy = 0;
                    if (_number is null && !TryNumber(text, out policy))
                        return false;
                    return TryNumber(requestValue, out var actual) && Holds(actual.CompareTo(_number ?? policy), op.Comparison);
                }
            case ConditionFamily.Date:
                {
                    var policy = default(DateTimeOffset);
                    if (_date is null && !TryDate(text, out policy))
                        return false;
                    return TryDate(requestValue, out var actual) && Holds(actual.CompareTo(_date ?? policy), op.Comparison);
                }
            case ConditionFamily.IpAddress:
                {
                    var network = default(IpNetwork);
                    if (_network is null && !IpNetwork.TryParse(text, out network))
                        return false;
                    return (_network ?? network).Contains(requestValue);
                }
            case ConditionFamily.Binary:
                return SameBytes(text, requestValue);
            default:
                return false;
        }
    }

    static bool Holds(int order, Comparison comparison) => comparison switch
    {
        Comparison.Equal => order == 0,
        Comparison.Less => order < 0,
        Comparison.LessOrEqual => order <= 0,
        Comparison.Greater => order > 0,
        _ => order >= 0,
    };

    static bool TryNumber(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>ISO 8601 (date, date-time, with or without zone; UTC when none) or epoch seconds.</summary>
    internal static bool TryDate(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var epoch))
        {
            if (epoch < -62135596800 || epoch > 253402300799)
                return false;
            value = DateTimeOffset.FromUnixTimeSeconds(epoch);
            return true;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>BinaryEquals compares the bytes two base64 strings encode.</summary>
    static bool SameBytes(ReadOnlySpan<char> policy, string request)
    {
        Span<byte> a = stackalloc byte[Math.Min(policy.Length, 1024)];
        Span<byte> b = stackalloc byte[Math.Min(request.Length, 1024)];
        return Convert.TryFromBase64Chars(policy, a, out var na) && Convert.TryFromBase64Chars(request, b, out var nb)
            && a[..na].SequenceEqual(b[..nb]);
    }
}
