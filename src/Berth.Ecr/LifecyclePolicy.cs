using System.Text.Json;
using Berth.Kernel;

namespace Berth.Ecr;

/// <summary>Which images a lifecycle rule selects by their tags.</summary>
public enum LifecycleTagStatus
{
    Tagged,
    Untagged,
    Any,
}

/// <summary>How a lifecycle rule decides which of its selected images expire.</summary>
public enum LifecycleCountType
{
    /// <summary>Keep the newest <c>countNumber</c> images; the older ones expire.</summary>
    ImageCountMoreThan,

    /// <summary>Images pushed more than <c>countNumber</c> days ago expire.</summary>
    SinceImagePushed,
}

/// <summary>One rule of an ECR lifecycle policy (the only action is <c>expire</c>).</summary>
public sealed record LifecycleRule(
    int RulePriority,
    string? Description,
    LifecycleTagStatus TagStatus,
    IReadOnlyList<string> TagPrefixList,
    IReadOnlyList<string> TagPatternList,
    LifecycleCountType CountType,
    int CountNumber);

/// <summary>
/// An ECR lifecycle policy, parsed from and validated like the text PutLifecyclePolicy takes:
/// <c>{"rules":[{"rulePriority":1,"description":"…","selection":{"tagStatus":"tagged|untagged|any",
/// "tagPrefixList":[…],"tagPatternList":[…],"countType":"imageCountMoreThan|sinceImagePushed","countUnit":"days",
/// "countNumber":1},"action":{"type":"expire"}}]}</c>. Rules are kept in rulePriority order.
/// </summary>
public sealed class LifecyclePolicy
{
    public const int MinLength = 100;
    public const int MaxLength = 30720;
    public const int MaxRules = 50;
    public const int MaxWildcards = 4;

    const string Constraint = "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: ";

    static readonly string[] TopLevel = ["rules"];
    static readonly string[] RuleMembers = ["rulePriority", "description", "selection", "action"];
    static readonly string[] SelectionMembers = ["tagStatus", "tagPrefixList", "tagPatternList", "storageClass", "countType", "countUnit", "countNumber"];
    static readonly string[] ActionMembers = ["type", "targetStorageClass"];

    LifecyclePolicy(IReadOnlyList<LifecycleRule> rules) => Rules = rules;

    /// <summary>The rules, lowest rulePriority (evaluated first) first.</summary>
    public IReadOnlyList<LifecycleRule> Rules { get; }

    /// <summary>Parses and validates policy text; refuses it with InvalidParameterException naming the problem.</summary>
    public static LifecyclePolicy Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw AwsException.InvalidParameter(Constraint + "'Member must not be null' (the lifecycle policy text is required).");
        if (text.Length is < MinLength or > MaxLength)
            throw AwsException.InvalidParameter(Constraint + $"'Member must have length less than or equal to {MaxLength} and greater than or equal to {MinLength}' (got {text.Length} characters).");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw Invalid($"the text is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            RequireObject(root, "the policy");
            RequireKnown(root, TopLevel, "the policy");
            if (!root.TryGetProperty("rules", out var rulesElement))
                throw Invalid("object has missing required properties ([\"rules\"])");
            if (rulesElement.ValueKind != JsonValueKind.Array)
                throw Invalid("'rules' must be an array of rules");
            var count = rulesElement.GetArrayLength();
            if (count is 0 or > MaxRules)
                throw Invalid($"'rules' must hold between 1 and {MaxRules} rules (got {count})");

            var rules = new List<LifecycleRule>(count);
            var index = 0;
            foreach (var element in rulesElement.EnumerateArray())
                rules.Add(ParseRule(element, $"rules[{index++}]"));

            var duplicate = rules.GroupBy(r => r.RulePriority).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw Invalid($"rulePriority {duplicate.Key} is used by more than one rule: each rule needs a unique rulePriority");
            var ordered = rules.OrderBy(r => r.RulePriority).ToList();
            var any = ordered.FindIndex(r => r.TagStatus == LifecycleTagStatus.Any);
            if (any >= 0 && any != ordered.Count - 1)
                throw Invalid($"the rule with tagStatus 'any' (rulePriority {ordered[any].RulePriority}) must have the highest rulePriority, but rulePriority {ordered[^1].RulePriority} is higher");
            return new LifecyclePolicy(ordered);
        }
    }

    static LifecycleRule ParseRule(JsonElement rule, string at)
    {
        RequireObject(rule, at);
        RequireKnown(rule, RuleMembers, at);
        var missing = new[] { "rulePriority", "selection", "action" }.Where(m => !rule.TryGetProperty(m, out _)).ToList();
        if (missing.Count > 0)
            throw Invalid($"{at}: object has missing required properties ([{string.Join(",", missing.Select(m => $"\"{m}\""))}])");

        var priority = RequirePositiveInt(rule.GetProperty("rulePriority"), $"{at}.rulePriority");
        string? description = null;
        if (rule.TryGetProperty("description", out var d) && d.ValueKind != JsonValueKind.Null)
        {
            if (d.ValueKind != JsonValueKind.String)
                throw Invalid($"{at}.description must be a string");
            description = d.GetString();
        }

        var action = rule.GetProperty("action");
        RequireObject(action, $"{at}.action");
        RequireKnown(action, ActionMembers, $"{at}.action");
        if (!action.TryGetProperty("type", out var type))
            throw Invalid($"{at}.action: object has missing required properties ([\"type\"])");
        var actionType = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        if (actionType == "transition")
            throw Invalid($"{at}.action.type 'transition' (archive storage) is not supported by Berth: use 'expire'");
        if (actionType != "expire")
            throw Invalid($"{at}.action.type {Show(type)} is not a valid enum value (one of [expire])");
        if (action.TryGetProperty("targetStorageClass", out _))
            throw Invalid($"{at}.action.targetStorageClass is only allowed with action type 'transition'");

        var selection = rule.GetProperty("selection");
        var sat = $"{at}.selection";
        RequireObject(selection, sat);
        RequireKnown(selection, SelectionMembers, sat);
        var missingSelection = new[] { "tagStatus", "countType", "countNumber" }.Where(m => !selection.TryGetProperty(m, out _)).ToList();
        if (missingSelection.Count > 0)
            throw Invalid($"{sat}: object has missing required properties ([{string.Join(",", missingSelection.Select(m => $"\"{m}\""))}])");

        var statusElement = selection.GetProperty("tagStatus");
        var tagStatus = (statusElement.ValueKind == JsonValueKind.String ? statusElement.GetString() : null) switch
        {
            "tagged" => LifecycleTagStatus.Tagged,
            "untagged" => LifecycleTagStatus.Untagged,
            "any" => LifecycleTagStatus.Any,
            _ => throw Invalid($"{sat}.tagStatus {Show(statusElement)} is not a valid enum value (one of [tagged, untagged, any])"),
        };
        var prefixes = StringList(selection, "tagPrefixList", sat);
        var patterns = StringList(selection, "tagPatternList", sat);
        if (tagStatus == LifecycleTagStatus.Tagged)
        {
            if (prefixes is null && patterns is null)
                throw Invalid($"{sat}: tagPrefixList or tagPatternList is required when tagStatus is 'tagged'");
        }
        else if (prefixes is not null || patterns is not null)
        {
            var which = prefixes is not null ? "tagPrefixList" : "tagPatternList";
            throw Invalid($"{sat}.{which} can only be specified when tagStatus is 'tagged' (got '{(tagStatus == LifecycleTagStatus.Any ? "any" : "untagged")}')");
        }
        foreach (var p in patterns ?? [])
        {
            if (p.Count(c => c == '*') > MaxWildcards)
                throw Invalid($"{sat}.tagPatternList entry '{p}' has more than {MaxWildcards} wildcards (*)");
        }

        if (selection.TryGetProperty("storageClass", out var storage)
            && !(storage.ValueKind == JsonValueKind.String && storage.GetString() == "standard"))
            throw Invalid($"{sat}.storageClass {Show(storage)} is not supported by Berth: only 'standard' images exist");

        var countTypeElement = selection.GetProperty("countType");
        var countTypeText = countTypeElement.ValueKind == JsonValueKind.String ? countTypeElement.GetString() : null;
        var countType = countTypeText switch
        {
            "imageCountMoreThan" => LifecycleCountType.ImageCountMoreThan,
            "sinceImagePushed" => LifecycleCountType.SinceImagePushed,
            "sinceImagePulled" or "sinceImageTransitioned" => throw Invalid($"{sat}.countType '{countTypeText}' is not supported by Berth: use imageCountMoreThan or sinceImagePushed"),
            _ => throw Invalid($"{sat}.countType {Show(countTypeElement)} is not a valid enum value (one of [imageCountMoreThan, sinceImagePushed])"),
        };
        var hasUnit = selection.TryGetProperty("countUnit", out var unit);
        if (countType == LifecycleCountType.SinceImagePushed)
        {
            if (!hasUnit)
                throw Invalid($"{sat}.countUnit is required when countType is 'sinceImagePushed' (use \"days\")");
            if (!(unit.ValueKind == JsonValueKind.String && unit.GetString() == "days"))
                throw Invalid($"{sat}.countUnit {Show(unit)} is not a valid enum value (one of [days])");
        }
        else if (hasUnit)
        {
            throw Invalid($"{sat}.countUnit can only be specified when countType is 'sinceImagePushed'");
        }
        var countNumber = RequirePositiveInt(selection.GetProperty("countNumber"), $"{sat}.countNumber");

        return new LifecycleRule(priority, description, tagStatus, prefixes ?? [], patterns ?? [], countType, countNumber);
    }

    /// <summary>A non-empty list of non-empty strings, or null when the member is absent.</summary>
    static List<string>? StringList(JsonElement selection, string name, string at)
    {
        if (!selection.TryGetProperty(name, out var list))
            return null;
        if (list.ValueKind != JsonValueKind.Array)
            throw Invalid($"{at}.{name} must be an array of strings");
        if (list.GetArrayLength() == 0)
            throw Invalid($"{at}.{name} must not be empty");
        var values = new List<string>();
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
                throw Invalid($"{at}.{name} entries must be non-empty strings (got {Show(item)})");
            values.Add(item.GetString()!);
        }
        return values;
    }

    static int RequirePositiveInt(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var n))
            throw Invalid($"{at} must be an integer (got {Show(value)})");
        if (n < 1)
            throw Invalid($"{at} must be at least 1 (got {n})");
        return n;
    }

    static void RequireObject(JsonElement element, string at)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid($"{at} must be a JSON object (got {element.ValueKind.ToString().ToLowerInvariant()})");
    }

    static void RequireKnown(JsonElement element, string[] known, string at)
    {
        var unknown = element.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            throw Invalid($"{at}: object instance has properties which are not allowed by the schema: [{string.Join(",", unknown.Select(u => $"\"{u}\""))}]");
    }

    static string Show(JsonElement value) => value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();

    static AwsException Invalid(string problem) =>
        AwsException.InvalidParameter($"{Constraint}'Lifecycle policy validation failure: {problem}'");
}
