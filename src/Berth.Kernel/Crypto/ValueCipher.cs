using System.Security.Cryptography;
using System.Text;

namespace Berth.Kernel.Crypto;

/// <summary>
/// Encrypts secret values at rest (Secrets Manager versions, SecureString parameters) with AES-256-GCM under the host's
/// 32-byte key. Each value gets a fresh 12-byte nonce; the record it belongs to (its ARN and version) is the associated
/// data, so a ciphertext copied into another record does not open. A sealed value is
/// <c>format (1 byte) | nonce (12) | ciphertext | tag (16)</c>; the format byte leaves room for another key or cipher later.
/// </summary>
public sealed class ValueCipher
{
    const byte Format = 1;
    const int NonceSize = 12;
    const int TagSize = 16;
    const int Overhead = 1 + NonceSize + TagSize;

    readonly byte[] _key;

    public ValueCipher(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != 32)
            throw new ArgumentException("The value encryption key must be 32 bytes (AES-256).", nameof(key));
        _key = [.. key];
    }

    /// <summary>Encrypts <paramref name="plaintext"/> bound to <paramref name="associatedData"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var sealedValue = new byte[Overhead + plaintext.Length];
        sealedValue[0] = Format;
        var nonce = sealedValue.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedValue.AsSpan(1 + NonceSize, plaintext.Length), sealedValue.AsSpan(sealedValue.Length - TagSize), Encoding.UTF8.GetBytes(associatedData));
        return sealedValue;
    }

    /// <summary>Encrypts a string (as UTF-8).</summary>
    public byte[] Seal(string plaintext, string associatedData) => Seal(Encoding.UTF8.GetBytes(plaintext), associatedData);

    /// <summary>
    /// Decrypts a value sealed with this key for <paramref name="associatedData"/>; throws <see cref="CryptographicException"/>
    /// when the key, the associated data or a byte of the value differs.
    /// </summary>
    public byte[] Open(ReadOnlySpan<byte> sealedValue, string associatedData)
    {
        if (sealedValue.Length < Overhead || sealedValue[0] != Format)
            throw new CryptographicException("The sealed value is not in a format this cipher reads.");
        var plaintext = new byte[sealedValue.Length - Overhead];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedValue.Slice(1, NonceSize), sealedValue.Slice(1 + NonceSize, plaintext.Length), sealedValue[^TagSize..], plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }

    /// <summary>Decrypts a value sealed from a string.</summary>
    public string OpenString(ReadOnlySpan<byte> sealedValue, string associatedData) => Encoding.UTF8.GetString(Open(sealedValue, associatedData));
}
