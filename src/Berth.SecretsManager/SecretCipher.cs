using System.Security.Cryptography;
using Berth.Kernel.Crypto;

namespace Berth.SecretsManager;

/// <summary>Seals secret values for the store and opens them again, each bound to its secret's ARN and its version id.</summary>
sealed class SecretCipher(ValueCipher cipher)
{
    public SecretVersion Seal(string secretArn, string versionId, SecretValue value, DateTimeOffset created) => new()
    {
        SecretArn = secretArn,
        VersionId = versionId,
        CreatedDate = created,
        Binary = value.Binary,
        Ciphertext = value.Binary ? cipher.Seal(value.Bytes, Bound(secretArn, versionId)) : cipher.Seal(value.Text!, Bound(secretArn, versionId)),
    };

    public SecretValue Open(SecretVersion version)
    {
        try
        {
            var bound = Bound(version.SecretArn, version.VersionId);
            return version.Binary
                ? new SecretValue(null, cipher.Open(version.Ciphertext, bound))
                : new SecretValue(cipher.OpenString(version.Ciphertext, bound), null);
        }
        catch (CryptographicException)
        {
            throw SecretsManagerErrors.DecryptionFailure();
        }
    }

    static string Bound(string secretArn, string versionId) => $"{secretArn}|{versionId}";
}
