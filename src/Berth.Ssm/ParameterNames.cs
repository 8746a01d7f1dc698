using System.Text.RegularExpressions;
using Berth.Kernel;
using static Berth.Ssm.SsmErrors;

namespace Berth.Ssm;

/// <summary>
/// Parameter names, ARNs and selectors. Names are <c>a-zA-Z0-9_.-</c> with <c>/</c> between hierarchy levels (at most 15),
/// a hierarchical name starts with <c>/</c>, and no name begins with <c>aws</c> or <c>ssm</c>. A single-level name is the
/// same parameter with or without its leading slash, as in AWS, so both have the ARN <c>…:parameter/NAME</c>.
/// </summary>
static partial class ParameterNames
{
    public const int MaxLevels = 15;
    const int MaxArnLength = 1011;

    /// <summary>The key a name is stored under: <c>/app</c> and <c>app</c> are one parameter; <c>/a/b</c> is itself.</summary>
    public static string Key(string name)
    {
        var stripped = name.StartsWith('/') ? name[1..] : name;
        return stripped.Contains('/') ? name : stripped;
    }

    public static string Arn(Arns arns, string key) => $"arn:aws:ssm:{arns.Region}:{arns.AccountId}:parameter/{key.TrimStart('/')}";

    /// <summary>Checks the name of a parameter being created.</summary>
    public static string Validate(Arns arns, string? name)
    {
        Required(name, "name", 1, 2048);
        if (!NamePattern().IsMatch(name!))
            throw Validation($"Parameter name '{name}' is not valid: use letters, numbers and the symbols . (period), - (hyphen) and _ (underscore), with / between the levels of a hierarchy.");
        var path = name!.TrimStart('/');
        if (name.Contains('/') && (!name.StartsWith('/') || name.Contains("//", StringComparison.Ordinal) || name.EndsWith('/') || path.Length == 0))
            throw Validation($"Parameter name '{name}' is not valid: a hierarchical name must be fully qualified, starting with / and with one / between levels (/app/prod/db-password).");
        if (path.StartsWith("aws", StringComparison.OrdinalIgnoreCase) || path.StartsWith("ssm", StringComparison.OrdinalIgnoreCase))
            throw Validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
        if (path.Split('/').Length > MaxLevels)
            throw new AwsException("HierarchyLevelLimitExceededException", $"A hierarchy can have a maximum of {MaxLevels} levels: '{name}' has {path.Split('/').Length}.");
        if (Arn(arns, Key(name)).Length > MaxArnLength)
            throw Validation($"Parameter name is too long: with its ARN a name may have at most {MaxArnLength} characters.");
        return name;
    }

    /// <summary>
    /// What a read names: a name or ARN, each optionally with a <c>:version</c> or <c>:label</c> selector. Null when it
    /// can name no parameter here (an ARN of another service, region or account, or more than one selector).
    /// </summary>
    public static ParameterReference? Parse(Arns arns, string raw)
    {
        var text = raw;
        if (raw.StartsWith("arn:", StringComparison.Ordinal))
        {
            var arn = Arns.Parse(raw);
            if (arn is null || arn.Partition != "aws" || arn.Service != "ssm" || arn.Region != arns.Region || arn.Account != arns.AccountId
                || !arn.Resource.StartsWith("parameter/", StringComparison.Ordinal))
                return null;
            var rest = arn.Resource["parameter/".Length..];
            text = rest.Split(':')[0].Contains('/') ? "/" + rest : rest;
        }
        var parts = text.Split(':');
        if (parts.Length > 2 || parts[0].Length == 0 || (parts.Length == 2 && parts[1].Length == 0))
            return null;
        var selector = parts.Length == 2 ? parts[1] : null;
        long? version = selector is not null && long.TryParse(selector, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
        return new ParameterReference(Key(parts[0]), parts[0], selector, version);
    }

    /// <summary>Checks a GetParametersByPath path and gives the prefix of the names under it (<c>/a/b/</c>, or <c>/</c>).</summary>
    public static string PathPrefix(string? path)
    {
        Required(path, "path", 1, 2048);
        if (!path!.StartsWith('/') || (path != "/" && path.Contains("//", StringComparison.Ordinal)) || !NamePattern().IsMatch(path))
        {
            throw Validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". "
                + "It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). All sub-paths, if specified, must use the forward slash symbol \"/\". "
                + "Valid example: /get/parameters2-/by1./path0_.");
        }
        var trimmed = path.Trim('/');
        if (trimmed.Length > 0 && trimmed.Split('/').Length > MaxLevels)
            throw new AwsException("HierarchyLevelLimitExceededException", $"A hierarchy can have a maximum of {MaxLevels} levels.");
        return trimmed.Length == 0 ? "/" : $"/{trimmed}/";
    }

    /// <summary>Whether a key lies under a path prefix: anywhere below it, or (not recursive) directly in it.</summary>
    public static bool Under(string key, string prefix, bool recursive)
    {
        if (prefix == "/")
            return recursive || !key.Contains('/');
        return key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length && (recursive || !key[prefix.Length..].Contains('/'));
    }

    [GeneratedRegex("^[a-zA-Z0-9_.\\-/]+$")]
    private static partial Regex NamePattern();
}

/// <summary>A parameter named by a read: its key, the name as given, and a version or label selector.</summary>
sealed record ParameterReference(string Key, string Name, string? Selector, long? Version)
{
    public string? Label => Version is null ? Selector : null;
}
