using System.Text.Json;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerErrors;

namespace Berth.SecretsManager;

/// <summary>
/// Resource policies of secrets. Berth keeps a secret's policy as given, so Terraform and the SDKs read back what they
/// wrote, but it does not evaluate resource policies yet: access is decided by the caller's credentials alone. A
/// policy must be a JSON object with statements that name their effect; BlockPublicPolicy (AWS's guard rail against
/// policies that let anyone in) is honoured with a conservative check: an Allow statement for the principal "*" with
/// no condition is public and refused.
/// </summary>
static class ResourcePolicies
{
    public const int MaxLength = 20480;

    /// <summary>The problems that make a policy document unusable (empty when there are none); throws when it is not JSON.</summary>
    public static List<PolicyValidationError> Problems(string? text)
    {
        Required(text, "resourcePolicy", 1, MaxLength);
        using var doc = Parse(text!);
        var errors = new List<PolicyValidationError>();
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            return [new("STRUCTURE", "The policy document must be a JSON object.")];
        if (!root.TryGetProperty("Statement", out var statement) || statement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            return [new("STRUCTURE", "The policy document needs a Statement: an object or a list of objects.")];
        if (root.TryGetProperty("Version", out var version) && (version.ValueKind != JsonValueKind.String || version.GetString() is not ("2012-10-17" or "2008-10-17")))
            errors.Add(new("VERSION", "Version must be 2012-10-17 (or the older 2008-10-17)."));
        foreach (var s in Statements(statement))
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new("STRUCTURE", "Every statement must be a JSON object."));
                continue;
            }
            if (!s.TryGetProperty("Effect", out var effect) || effect.ValueKind != JsonValueKind.String || effect.GetString() is not ("Allow" or "Deny"))
                errors.Add(new("EFFECT", "Every statement needs an Effect of Allow or Deny."));
            if (!s.TryGetProperty("Action", out _) && !s.TryGetProperty("NotAction", out _))
                errors.Add(new("ACTION", "Every statement needs an Action (or NotAction)."));
        }
        return errors;
    }

    /// <summary>Checks a policy for PutResourcePolicy: refused when malformed, or public while BlockPublicPolicy asks to block that.</summary>
    public static void Require(string? text, bool blockPublic)
    {
        if (Problems(text) is [var first, ..])
            throw MalformedPolicy($"This resource policy contains an error: {first.ErrorMessage}");
        if (blockPublic && IsPublic(text!))
            throw PublicPolicy("You can't add this resource policy because it grants public access to the secret (an Allow statement for the principal \"*\" without a condition). Name the principals, add a condition, or set BlockPublicPolicy to false.");
    }

    /// <summary>Whether an Allow statement lets every principal in with no condition narrowing it.</summary>
    public static bool IsPublic(string text)
    {
        using var doc = Parse(text);
        if (!doc.RootElement.TryGetProperty("Statement", out var statement))
            return false;
        return Statements(statement).Any(s =>
            s.ValueKind == JsonValueKind.Object
            && s.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow"
            && !s.TryGetProperty("Condition", out _)
            && s.TryGetProperty("Principal", out var principal) && IsEveryone(principal));
    }

    static bool IsEveryone(JsonElement principal) => principal.ValueKind switch
    {
        JsonValueKind.String => principal.GetString() == "*",
        JsonValueKind.Object => principal.TryGetProperty("AWS", out var aws) && (aws.ValueKind == JsonValueKind.String
            ? aws.GetString() == "*"
            : aws.ValueKind == JsonValueKind.Array && aws.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == "*")),
        _ => false,
    };

    static IEnumerable<JsonElement> Statements(JsonElement statement) =>
        statement.ValueKind == JsonValueKind.Array ? statement.EnumerateArray().ToList() : [statement];

    static JsonDocument Parse(string text)
    {
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw MalformedPolicy("This resource policy contains a syntax error: it is not valid JSON.");
        }
    }
}
