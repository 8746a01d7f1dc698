using System.Security.Cryptography;
using Berth.Kernel.Crypto;

namespace Berth.Ssm;

/// <summary>Seals SecureString values for the store, each bound to its parameter's ARN and version, and opens them again.</summary>
sealed class ParameterCipher(ValueCipher cipher)
{
    public byte[] Seal(string arn, long version, string value) => cipher.Seal(value, Bound(arn, version));

    public string Open(string arn, ParameterVersion version)
    {
        try
        {
            return cipher.OpenString(version.Ciphertext, Bound(arn, version.Version));
        }
        catch (CryptographicException)
        {
            throw SsmErrors.InvalidKeyId($"Berth can't decrypt the SecureString parameter {version.Name}: it was encrypted with another secrets key than this server's (secrets.key in its data directory).");
        }
    }

    static string Bound(string arn, long version) => $"{arn}|{version}";
}
