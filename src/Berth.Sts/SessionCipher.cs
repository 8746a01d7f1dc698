using System.Security.Cryptography;
using Berth.Kernel.Crypto;

namespace Berth.Sts;

/// <summary>
/// Seals a session's secret access key and session token at rest. Neither can be hashed — SigV4 verification needs the
/// secret, and the token is compared as given — so each is encrypted with <see cref="ValueCipher"/>, bound to the
/// session's access key id and to which of the two it is, so a sealed value cannot be moved to another session or field.
/// </summary>
public sealed class SessionCipher(ValueCipher cipher)
{
    public string Seal(string accessKeyId, string field, string value) => Convert.ToBase64String(cipher.Seal(value, AssociatedData(accessKeyId, field)));

    /// <summary>The value, or null when it was not sealed with this key for this session and field.</summary>
    public string? Open(string accessKeyId, string field, string sealedText)
    {
        try
        {
            return cipher.OpenString(Convert.FromBase64String(sealedText), AssociatedData(accessKeyId, field));
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }

    static string AssociatedData(string accessKeyId, string field) => $"sts-session:{accessKeyId}:{field}";
}
