using System.Security.Cryptography;
using System.Text;

namespace Berth.Iam.Credentials;

/// <summary>
/// Keeps secret access keys encrypted at rest. They cannot be hashed — verifying a SigV4 signature needs the secret
/// itself — so each is sealed with AES-256-GCM under the key the host keeps in its data directory, bound to its access
/// key id (associated data), so a stored secret cannot be moved to another key. Format: base64(nonce ‖ ciphertext ‖ tag).
/// </summary>
public sealed class AccessKeyCipher
{
    const int NonceSize = 12;
    const int TagSize = 16;
    readonly byte[] _key;

    public AccessKeyCipher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
            throw new ArgumentException("The IAM key must be 32 bytes (AES-256).", nameof(key));
        _key = key;
    }

    public string Encrypt(string accessKeyId, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(accessKeyId));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret, or null when the sealed value is not one this key sealed for this access key id.</summary>
    public string? Decrypt(string accessKeyId, string sealedText)
    {
        try
        {
            var sealedBytes = Convert.FromBase64String(sealedText);
            if (sealedBytes.Length < NonceSize + TagSize)
                return null;
            var length = sealedBytes.Length - NonceSize - TagSize;
            var plain = new byte[length];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plain, Encoding.UTF8.GetBytes(accessKeyId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return null;
        }
    }
}
