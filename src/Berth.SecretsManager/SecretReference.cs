using Berth.Kernel;

namespace Berth.SecretsManager;

/// <summary>
/// What an ECS container's <c>secrets[].valueFrom</c> names in Secrets Manager: a secret (by name, full ARN or partial
/// ARN) and, in the ARN form only, the optional <c>:json-key:version-stage:version-id</c> suffix, e.g.
/// <c>arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::</c>. Empty fields are absent; secret
/// names cannot contain ':', so the fields are unambiguous.
/// </summary>
public sealed record SecretReference(string SecretId, string? JsonKey, string? VersionStage, string? VersionId)
{
    /// <summary>Parses a valueFrom; an ill-formed one is an InvalidParameterException that says why.</summary>
    public static SecretReference Parse(string? valueFrom)
    {
        if (string.IsNullOrEmpty(valueFrom))
            throw new AwsException("InvalidParameterException", "valueFrom must name a secret: its name or ARN.");
        if (!valueFrom.StartsWith("arn:", StringComparison.Ordinal))
        {
            return valueFrom.Contains(':', StringComparison.Ordinal)
                ? throw new AwsException("InvalidParameterException", $"valueFrom '{valueFrom}' is not a secret name (names have no ':'): to pick a JSON key, version stage or version id, name the secret by its ARN.")
                : new SecretReference(valueFrom, null, null, null);
        }
        var parts = valueFrom.Split(':');
        if (parts.Length is < 7 or > 10 || parts[2] != "secretsmanager" || parts[5] != "secret" || parts[6].Length == 0)
            throw new AwsException("InvalidParameterException", $"valueFrom '{valueFrom}' is not a Secrets Manager secret ARN: arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME[:json-key[:version-stage[:version-id]]].");
        string? Field(int i) => parts.Length > i && parts[i].Length > 0 ? parts[i] : null;
        return new SecretReference(string.Join(':', parts[..7]), Field(7), Field(8), Field(9));
    }
}
