using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Berth.Kernel;

namespace Berth.SecretsManager;

/// <summary>The grammar of secret names, ARNs, version ids and KMS key choices.</summary>
static partial class SecretNames
{
    const string SuffixAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const string DefaultKeyAlias = "alias/aws/secretsmanager";

    /// <summary>Checks a new secret's name: 1–512 of <c>A-Za-z0-9/_+=.@-</c>.</summary>
    public static string Validate(string? name)
    {
        SecretsManagerErrors.Required(name, "name", 1, 512);
        if (!NamePattern().IsMatch(name!))
            throw SecretsManagerErrors.InvalidParameter($"Invalid name '{name}'. Must be a valid name containing alphanumeric characters, or any of the following: /_+=.@-");
        return name!;
    }

    /// <summary>
    /// A new secret's ARN: its name and the hyphen and six random characters AWS adds, so a secret made again under
    /// the same name is another resource.
    /// </summary>
    public static string NewArn(Arns arns, string name) =>
        $"arn:aws:secretsmanager:{arns.Region}:{arns.AccountId}:secret:{name}-{RandomNumberGenerator.GetString(SuffixAlphabet, 6)}";

    /// <summary>
    /// The names a SecretId may mean, in the order AWS tries them: a full ARN (name + random suffix) first, then the
    /// rest of a partial ARN as a name; a plain name means itself. Empty when it is an ARN of another service, region
    /// or account. <c>FullArn</c> is set when the first candidate only counts if the secret's ARN is exactly the id.
    /// </summary>
    public static IEnumerable<(string Name, string? FullArn)> Candidates(Arns arns, string secretId)
    {
        if (!secretId.StartsWith("arn:", StringComparison.Ordinal))
        {
            yield return (secretId, null);
            yield break;
        }
        var arn = Arns.Parse(secretId);
        if (arn is null || arn.Partition != "aws" || arn.Service != "secretsmanager" || arn.Region != arns.Region
            || arn.Account != arns.AccountId || !arn.Resource.StartsWith("secret:", StringComparison.Ordinal))
            yield break;
        var rest = arn.Resource["secret:".Length..];
        if (rest.Length > 7 && rest[^7] == '-')
            yield return (rest[..^7], secretId);
        if (rest.Length > 0)
            yield return (rest, null);
    }

    /// <summary>A ClientRequestToken (the new version's id) as given, or a fresh UUID.</summary>
    public static string VersionId(string? clientRequestToken)
    {
        if (clientRequestToken is null)
            return Guid.NewGuid().ToString();
        if (clientRequestToken.Length is < 32 or > 64)
            throw SecretsManagerErrors.InvalidParameter("ClientRequestToken must be 32-64 characters long.");
        return clientRequestToken;
    }

    /// <summary>
    /// Berth has no KMS: values are encrypted with the server's own key, which stands in for the AWS managed key
    /// <c>aws/secretsmanager</c>. Naming that key is fine; naming any other is refused rather than ignored.
    /// </summary>
    public static void RequireDefaultKey(Arns arns, string? kmsKeyId)
    {
        if (string.IsNullOrEmpty(kmsKeyId) || kmsKeyId == DefaultKeyAlias || kmsKeyId == $"arn:aws:kms:{arns.Region}:{arns.AccountId}:{DefaultKeyAlias}")
            return;
        throw SecretsManagerErrors.InvalidParameter(
            $"KmsKeyId '{kmsKeyId}' is not supported: Berth has no KMS and encrypts every secret with its own key, standing in for {DefaultKeyAlias}. Leave KmsKeyId out or use {DefaultKeyAlias}.");
    }

    [GeneratedRegex("^[A-Za-z0-9/_+=.@-]+$")]
    private static partial Regex NamePattern();
}
