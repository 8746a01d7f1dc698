namespace Berth.Iam.Policy;

/// <summary>How a statement's Principal names the caller.</summary>
internal enum PrincipalMatch
{
    None,
    /// <summary>By its account (<c>"123456789012"</c>, <c>arn:aws:iam::123456789012:root</c>): the account delegates to its identity policies.</summary>
    Account,
    /// <summary>By name (its ARN, its role's ARN for a session, a service, a provider) or by <c>*</c>.</summary>
    Specific,
}

/// <summary>A Principal (or NotPrincipal) element, checked and compiled.</summary>
internal sealed class PrincipalSpec
{
    bool _anyone;
    bool _anyAws;
    readonly HashSet<string> _accounts = new(StringComparer.Ordinal);
    readonly HashSet<string> _arns = new(StringComparer.Ordinal);
    readonly HashSet<string> _services = new(StringComparer.OrdinalIgnoreCase);
    readonly HashSet<string> _federated = new(StringComparer.Ordinal);

    public static PrincipalSpec Anyone() => new() { _anyone = true };

    public PrincipalMatch Match(RequestPrincipal p)
    {
        if (_anyone)
            return PrincipalMatch.Specific;
        switch (p.Type)
        {
            case PrincipalType.Service:
                return _services.Contains(p.Arn) ? PrincipalMatch.Specific : PrincipalMatch.None;
            case PrincipalType.Federated:
                return _federated.Contains(p.Arn) ? PrincipalMatch.Specific : PrincipalMatch.None;
            case PrincipalType.Anonymous:
                return PrincipalMatch.None;
        }
        if (_anyAws || _arns.Contains(p.Arn) || (p.RoleArn is not null && _arns.Contains(p.RoleArn)))
            return PrincipalMatch.Specific;
        return p.AccountId is not null && _accounts.Contains(p.AccountId) ? PrincipalMatch.Account : PrincipalMatch.None;
    }

    /// <summary>Adds one value under its type; the message IAM gives when the value is not a principal, else null.</summary>
    public string? Add(string type, string value)
    {
        switch (type)
        {
            case "AWS":
                return AddAws(value) ? null : PolicyErrors.InvalidPrincipal(type, value);
            case "Service":
                if (value.Length == 0 || value.Contains('*') || value.Contains('?') || value.Contains(' '))
                    return PolicyErrors.InvalidPrincipal("SERVICE", value);
                _services.Add(value);
                return null;
            case "Federated":
                if (value.Length == 0 || value.Contains('*'))
                    return PolicyErrors.InvalidPrincipal(type, value);
                _federated.Add(value);
                return null;
            default:
                return PolicyErrors.Syntax;
        }
    }

    bool AddAws(string value)
    {
        if (value == "*")
        {
            _anyAws = true;
            return true;
        }
        if (IsAccountId(value))
        {
            _accounts.Add(value);
            return true;
        }
        // IAM allows no partial wildcards in a principal: "*" alone, an account, or a whole ARN.
        var arn = value.Contains('*') || value.Contains('?') ? null : Berth.Kernel.Arns.Parse(value);
        if (arn is null || !IsAccountId(arn.Account) || arn.Region.Length != 0)
            return false;
        if (arn.Service == "iam" && arn.Resource == "root")
        {
            _accounts.Add(arn.Account);
            return true;
        }
        var named = (arn.Service == "iam" && (arn.Resource.StartsWith("user/", StringComparison.Ordinal) || arn.Resource.StartsWith("role/", StringComparison.Ordinal)))
            || (arn.Service == "sts" && (arn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal) || arn.Resource.StartsWith("federated-user/", StringComparison.Ordinal)));
        if (named)
            _arns.Add(value);
        return named;
    }

    static bool IsAccountId(string s) => s.Length == 12 && s.All(char.IsAsciiDigit);
}
