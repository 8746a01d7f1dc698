namespace Berth.Iam.Policy;

/// <summary>
/// Checks a read document in the order IAM reports its errors (version, principal, legacy parsing, Sids, actions,
/// resources, resource formats, action vendors, trust actions) and compiles its statements.
/// </summary>
internal static class PolicyCompiler
{
    static readonly string[] Partitions = ["aws", "aws-cn", "aws-us-gov"];

    static readonly string[] IamResourcePrefixes =
    [
        "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/", "server-certificate/", "policy/",
        "sms-mfa/", "saml-provider/", "oidc-provider/", "report/", "access-report/",
    ];

    static readonly string[] AssumeRoleActions =
    [
        "sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
    ];

    public static PolicyStatement[] Compile(List<RawStatement> raw, PolicyKind kind, string version)
    {
        var names = kind is PolicyKind.Trust or PolicyKind.Resource;
        if (kind == PolicyKind.Managed && version != PolicyDocument.Version2012)
            throw PolicyErrors.Malformed(PolicyErrors.VersionTooOld);
        if (!names && raw.Any(s => s.Principal is not null || s.NotPrincipal is not null))
            throw PolicyErrors.Malformed(PolicyErrors.PrincipalNotAllowed);

        string? resourceError = null;
        foreach (var s in raw)
        {
            if (s.Effect is not ("Allow" or "Deny") || !DatesParse(s))
                throw PolicyErrors.Malformed(PolicyErrors.LegacyParsing);
            var resources = s.Resource ?? s.NotResource;
            if (kind == PolicyKind.Trust || resources is null)
                continue;
            foreach (var r in resources)
                resourceError ??= ResourceFormatError(r);
            if (resourceError is null && resources.Any(FailsLegacyParsing))
                throw PolicyErrors.Malformed(PolicyErrors.LegacyParsing);
        }

        var sids = new HashSet<string>(StringComparer.Ordinal);
        if (raw.Any(s => !string.IsNullOrEmpty(s.Sid) && !sids.Add(s.Sid)))
            throw PolicyErrors.Malformed(PolicyErrors.DuplicateSid);

        var principals = new PrincipalSpec?[raw.Count];
        if (names)
        {
            for (var i = 0; i < raw.Count; i++)
                principals[i] = CompilePrincipal(raw[i]);
        }

        foreach (var s in raw)
        {
            if ((s.Action ?? s.NotAction) is not { Count: > 0 })
                throw PolicyErrors.Malformed(names ? PolicyErrors.MissingAction : PolicyErrors.NoActions);
        }
        foreach (var s in raw)
        {
            var resources = s.Resource ?? s.NotResource;
            if (kind == PolicyKind.Trust && resources is not null)
                throw PolicyErrors.Malformed(PolicyErrors.ProhibitedResource);
            if (!names && resources is not { Count: > 0 })
                throw PolicyErrors.Malformed(PolicyErrors.NoResources);
        }
        if (resourceError is not null)
            throw PolicyErrors.Malformed(resourceError);
        foreach (var a in raw.SelectMany(s => s.Action ?? s.NotAction!))
        {
            if (ActionError(a) is { } error)
                throw PolicyErrors.Malformed(error);
        }
        if (kind == PolicyKind.Trust && raw.SelectMany(s => s.Action ?? s.NotAction!).Any(a => !IsAssumeRoleAction(a)))
            throw PolicyErrors.Malformed(PolicyErrors.TrustActions);

        var substitute = version == PolicyDocument.Version2012;
        return [.. raw.Select((s, i) => Statement(s, i, principals[i], substitute))];
    }

    static PolicyStatement Statement(RawStatement s, int index, PrincipalSpec? principal, bool substitute)
    {
        var actions = s.Action ?? s.NotAction!;
        var resources = s.Resource ?? s.NotResource;
        Condition[] conditions = [.. s.Conditions.Select(c =>
            Condition.Compile(ConditionOperator.Parse(c.Operator)!, c.Key, c.Values, substitute)
            ?? throw PolicyErrors.Malformed(PolicyErrors.LegacyParsing))];
        ResourceEntry[] entries = [.. (resources ?? []).Select(r => new ResourceEntry(ValueTemplate.Compile(r, substitute)))];
        return new PolicyStatement(index, s.Sid, s.Effect == "Allow" ? PolicyEffect.Allow : PolicyEffect.Deny)
        {
            Actions = actions,
            IsNotAction = s.NotAction is not null,
            ActionPatterns = [.. actions.Select(a => new Glob(a.ToLowerInvariant()))],
            Resources = resources ?? [],
            IsNotResource = s.NotResource is not null,
            HasResourceElement = resources is not null,
            ResourceEntries = entries,
            Principal = principal,
            IsNotPrincipal = s.NotPrincipal is not null,
            Conditions = conditions,
            ReadsResourceTags = conditions.Any(c => c.Reads(KeyKind.ResourceTag)) || entries.Any(e => e.Reads(KeyKind.ResourceTag)),
        };
    }

    static PrincipalSpec CompilePrincipal(RawStatement s)
    {
        var values = s.Principal ?? s.NotPrincipal ?? throw PolicyErrors.Malformed(PolicyErrors.MissingPrincipal);
        if (s.NotPrincipal is not null && s.Effect == "Allow")
            throw PolicyErrors.Malformed(PolicyErrors.AllowWithNotPrincipal);
        if (values.Count == 0)
            throw PolicyErrors.Malformed(PolicyErrors.MissingPrincipal);
        if (values is [("*", "*")])
            return PrincipalSpec.Anyone();
        var spec = new PrincipalSpec();
        foreach (var (type, value) in values)
        {
            if (spec.Add(type, value) is { } error)
                throw PolicyErrors.Malformed(error);
        }
        return spec;
    }

    static bool DatesParse(RawStatement s) =>
        s.Conditions.All(c => ConditionOperator.Parse(c.Operator)!.Family != ConditionFamily.Date
            || c.Values.All(v => v.Contains("${", StringComparison.Ordinal) || ConditionValue.TryDate(v, out _)));

    /// <summary>The message IAM gives for a Resource entry that is not <c>*</c> or an ARN it accepts; null when fine.</summary>
    internal static string? ResourceFormatError(string r)
    {
        if (r == "*")
            return null;
        var first = r.IndexOf(':');
        if (first < 0)
            return PolicyErrors.NotAnArn(r);
        var rest = r[(first + 1)..];
        var second = rest.IndexOf(':');
        var partition = second < 0 ? rest : rest[..second];
        if (!Partitions.Contains(partition))
        {
            var parts = (second < 0 ? "" : rest[(second + 1)..]).Split(':');
            var a1 = parts[0].Length > 0 || parts.Length > 1 ? parts[0] : "*";
            var a2 = parts.Length > 1 ? parts[1] : "*";
            var a3 = parts.Length > 2 ? parts[2] : "*";
            var a4 = parts.Length > 3 ? string.Join(':', parts[3..]) : "*";
            return $"Partition \"{partition}\" is not valid for resource \"arn:{partition}:{a1}:{a2}:{a3}:{a4}\".";
        }
        if (second < 0)
            return PolicyErrors.ResourceVendor;
        var segments = rest[(second + 1)..].Split(':', 4);
        var service = segments[0];
        var region = segments.Length > 1 ? segments[1] : "";
        if (service == "iam" && region.Length > 0)
            return $"IAM resource {r} cannot contain region information.";
        if (service == "s3" && region.Length > 0)
            return $"Resource {r} can not contain region information.";
        var path = segments.Length > 3 ? segments[3] : "";
        if (service == "iam" && !IamResourcePrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
            return PolicyErrors.IamResourcePath;
        return null;
    }

    /// <summary>An ARN with an empty service, or a short one with an empty part, is refused by IAM's older parser.</summary>
    static bool FailsLegacyParsing(string r)
    {
        if (r == "*")
            return false;
        var parts = r.Split(':');
        return (parts.Length < 6 && r.Contains("::", StringComparison.Ordinal)) || parts.Length < 3 || parts[2].Length == 0;
    }

    internal static string? ActionError(string action)
    {
        if (action == "*")
            return null;
        var parts = action.Split(':');
        if (parts.Length == 1)
            return PolicyErrors.NoVendor;
        if (parts.Length > 2)
            return PolicyErrors.OneColon;
        return parts[0].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') ? null : PolicyErrors.InvalidVendor(parts[0]);
    }

    /// <summary>A trust policy may name only the STS actions that assume a role (<c>*</c>, or a wildcard matching one of them).</summary>
    static bool IsAssumeRoleAction(string action)
    {
        var lower = action.ToLowerInvariant();
        var glob = new Glob(lower);
        return lower == "*" || (lower.StartsWith("sts:", StringComparison.Ordinal) && AssumeRoleActions.Any(a => glob.IsMatch(a)));
    }
}
