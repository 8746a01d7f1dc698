using System.Text.Json;
using Berth.Kernel;

namespace Berth.Ecr;

/// <summary>
/// Repository policies (SetRepositoryPolicy) checked as IAM resource policies for ECR: a JSON object with a Version
/// of 2012-10-17 or 2008-10-17, and statements that each name an Effect, a Principal (or NotPrincipal) and ECR actions
/// (<c>ecr:…</c> or <c>*</c>). Berth keeps the text as given, so tools read back what they wrote; access is decided by
/// the caller's identity policies (as within one account, where an identity policy's Allow suffices).
/// </summary>
public static class RepositoryPolicies
{
    public const int MaxLength = 10240;

    static readonly string[] TopLevel = ["Version", "Id", "Statement"];
    static readonly string[] StatementMembers = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

    /// <summary>Refuses, with the model's InvalidParameterException, a policy text that is not a valid repository policy.</summary>
    public static void Validate(string? text)
    {
        if (text is null)
            throw AwsException.InvalidParameter("policyText is required.");
        if (text.Length > MaxLength)
            throw AwsException.InvalidParameter($"Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Member must have length less than or equal to {MaxLength}' (got {text.Length}).");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw Invalid("the policy is not valid JSON");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Invalid("the policy must be a JSON object");
            Known(root, TopLevel, "the policy");
            if (root.TryGetProperty("Version", out var version) && !(version.ValueKind == JsonValueKind.String && version.GetString() is "2012-10-17" or "2008-10-17"))
                throw Invalid("Version must be \"2012-10-17\" (or \"2008-10-17\")");
            if (!root.TryGetProperty("Statement", out var statement))
                throw Invalid("the policy has no Statement");
            var statements = statement.ValueKind switch
            {
                JsonValueKind.Object => [statement],
                JsonValueKind.Array => statement.EnumerateArray().ToList(),
                _ => throw Invalid("Statement must be an object or a list of objects"),
            };
            if (statements.Count == 0)
                throw Invalid("Statement must not be empty");
            var i = 0;
            foreach (var s in statements)
                ValidateStatement(s, $"Statement[{i++}]");
        }
    }

    static void ValidateStatement(JsonElement s, string at)
    {
        if (s.ValueKind != JsonValueKind.Object)
            throw Invalid($"{at} must be an object");
        Known(s, StatementMembers, at);
        if (!s.TryGetProperty("Effect", out var effect) || effect.ValueKind != JsonValueKind.String || effect.GetString() is not ("Allow" or "Deny"))
            throw Invalid($"{at} needs an Effect of \"Allow\" or \"Deny\"");
        var principal = s.TryGetProperty("Principal", out var p) ? p : s.TryGetProperty("NotPrincipal", out var np) ? np : (JsonElement?)null;
        if (principal is not { } who)
            throw Invalid($"{at} needs a Principal: a repository policy says who it lets in or keeps out");
        if (!(who.ValueKind == JsonValueKind.String && who.GetString() == "*") && who.ValueKind != JsonValueKind.Object)
            throw Invalid($"{at}.Principal must be \"*\" or an object such as {{\"AWS\": \"arn:aws:iam::123456789012:root\"}}");
        var actions = s.TryGetProperty("Action", out var a) ? a : s.TryGetProperty("NotAction", out var na) ? na : (JsonElement?)null;
        if (actions is not { } list)
            throw Invalid($"{at} needs an Action (or NotAction)");
        var names = list.ValueKind switch
        {
            JsonValueKind.String => [list.GetString()!],
            JsonValueKind.Array when list.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) => list.EnumerateArray().Select(e => e.GetString()!).ToList(),
            _ => throw Invalid($"{at}.Action must be a string or a list of strings"),
        };
        if (names.Count == 0)
            throw Invalid($"{at}.Action must not be empty");
        foreach (var name in names)
        {
            if (name != "*" && !name.StartsWith("ecr:", StringComparison.OrdinalIgnoreCase))
                throw Invalid($"{at}.Action '{name}' is not an ECR action: a repository policy grants ecr:… actions only");
        }
        if (s.TryGetProperty("Condition", out var condition) && condition.ValueKind != JsonValueKind.Object)
            throw Invalid($"{at}.Condition must be an object");
    }

    static void Known(JsonElement element, string[] known, string at)
    {
        var unknown = element.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !known.Contains(n, StringComparer.Ordinal));
        if (unknown is not null)
            throw Invalid($"{at} has an unknown member '{unknown}'");
    }

    static AwsException Invalid(string problem) =>
        AwsException.InvalidParameter($"Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided': {problem}.");
}
