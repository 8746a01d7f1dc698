using System.Security.Cryptography;

namespace Berth.Sts;

/// <summary>
/// Temporary credentials as STS makes them: an access key id of 20 characters beginning <c>ASIA</c>, a 40-character
/// secret, and an opaque session token (random here: Berth looks sessions up, it does not decode them).
/// </summary>
internal static class StsIds
{
    public const string AccessKeyPrefix = "ASIA";
    const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static string NewAccessKeyId() => AccessKeyPrefix + RandomNumberGenerator.GetString(Base32, 16);

    public static string NewSecretAccessKey() => RandomNumberGenerator.GetString(Base64, 40);

    public static string NewSessionToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(192));
}
