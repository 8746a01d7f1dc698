namespace Berth.Iam.Policy;

internal enum ConditionFamily
{
    String,
    StringIgnoreCase,
    StringLike,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

/// <summary>How the request's value compares to the policy's: request OP policy.</summary>
internal enum Comparison
{
    Equal,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal enum SetOperator
{
    None,
    ForAllValues,
    ForAnyValue,
}

/// <summary>A condition operator's name taken apart: set qualifier, family, comparison, negation, <c>IfExists</c>.</summary>
internal sealed record ConditionOperator(string Name, ConditionFamily Family, Comparison Comparison, bool Negated, bool IfExists, SetOperator Set)
{
    /// <summary>Null when IAM does not know the operator.</summary>
    public static ConditionOperator? Parse(string name)
    {
        var rest = name;
        var set = SetOperator.None;
        if (rest.StartsWith("ForAllValues:", StringComparison.Ordinal))
        {
            set = SetOperator.ForAllValues;
            rest = rest["ForAllValues:".Length..];
        }
        else if (rest.StartsWith("ForAnyValue:", StringComparison.Ordinal))
        {
            set = SetOperator.ForAnyValue;
            rest = rest["ForAnyValue:".Length..];
        }
        var ifExists = rest.EndsWith("IfExists", StringComparison.Ordinal) && rest != "IfExists";
        if (ifExists)
            rest = rest[..^"IfExists".Length];
        if (!Known.TryGetValue(rest, out var op) || (ifExists && op.Family == ConditionFamily.Null))
            return null;
        return new ConditionOperator(name, op.Family, op.Comparison, op.Negated, ifExists, set);
    }

    static readonly Dictionary<string, (ConditionFamily Family, Comparison Comparison, bool Negated)> Known = new(StringComparer.Ordinal)
    {
        ["StringEquals"] = (ConditionFamily.String, Comparison.Equal, false),
        ["StringNotEquals"] = (ConditionFamily.String, Comparison.Equal, true),
        ["StringEqualsIgnoreCase"] = (ConditionFamily.StringIgnoreCase, Comparison.Equal, false),
        ["StringNotEqualsIgnoreCase"] = (ConditionFamily.StringIgnoreCase, Comparison.Equal, true),
        ["StringLike"] = (ConditionFamily.StringLike, Comparison.Equal, false),
        ["StringNotLike"] = (ConditionFamily.StringLike, Comparison.Equal, true),
        ["NumericEquals"] = (ConditionFamily.Numeric, Comparison.Equal, false),
        ["NumericNotEquals"] = (ConditionFamily.Numeric, Comparison.Equal, true),
        ["NumericLessThan"] = (ConditionFamily.Numeric, Comparison.Less, false),
        ["NumericLessThanEquals"] = (ConditionFamily.Numeric, Comparison.LessOrEqual, false),
        ["NumericGreaterThan"] = (ConditionFamily.Numeric, Comparison.Greater, false),
        ["NumericGreaterThanEquals"] = (ConditionFamily.Numeric, Comparison.GreaterOrEqual, false),
        ["DateEquals"] = (ConditionFamily.Date, Comparison.Equal, false),
        ["DateNotEquals"] = (ConditionFamily.Date, Comparison.Equal, true),
        ["DateLessThan"] = (ConditionFamily.Date, Comparison.Less, false),
        ["DateLessThanEquals"] = (ConditionFamily.Date, Comparison.LessOrEqual, false),
        ["DateGreaterThan"] = (ConditionFamily.Date, Comparison.Greater, false),
        ["DateGreaterThanEquals"] = (ConditionFamily.Date, Comparison.GreaterOrEqual, false),
        ["Bool"] = (ConditionFamily.Bool, Comparison.Equal, false),
        ["BinaryEquals"] = (ConditionFamily.Binary, Comparison.Equal, false),
        ["IpAddress"] = (ConditionFamily.IpAddress, Comparison.Equal, false),
        ["NotIpAddress"] = (ConditionFamily.IpAddress, Comparison.Equal, true),
        ["ArnEquals"] = (ConditionFamily.Arn, Comparison.Equal, false),
        ["ArnLike"] = (ConditionFamily.Arn, Comparison.Equal, false),
        ["ArnNotEquals"] = (ConditionFamily.Arn, Comparison.Equal, true),
        ["ArnNotLike"] = (ConditionFamily.Arn, Comparison.Equal, true),
        ["Null"] = (ConditionFamily.Null, Comparison.Equal, false),
    };
}
