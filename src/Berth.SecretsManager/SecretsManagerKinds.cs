using Berth.Kernel.Storage;

namespace Berth.SecretsManager;

/// <summary>What Secrets Manager stores: secrets by name, and their versions by <c>ARN|version id</c> (scope = the secret's ARN).</summary>
static class SecretsManagerKinds
{
    public const string Active = "Active";
    public const string PendingDeletion = "PendingDeletion";

    public static readonly ResourceKind<Secret> Secrets = new(
        "secrets", s => s.Name, _ => null, s => s.Name, s => s.IsDeleted ? PendingDeletion : Active,
        s => s.CreatedDate.ToUnixTimeMilliseconds(), SecretsManagerJson.Default.Secret);

    public static readonly ResourceKind<SecretVersion> Versions = new(
        "secret_versions", VersionId, v => v.SecretArn, _ => null, _ => null, v => v.CreatedDate.ToUnixTimeMilliseconds(),
        SecretsManagerJson.Default.SecretVersion);

    public static string VersionId(SecretVersion v) => VersionId(v.SecretArn, v.VersionId);

    // Secret names and ARNs have no '|', so the pair is unambiguous.
    public static string VersionId(string secretArn, string versionId) => $"{secretArn}|{versionId}";
}
