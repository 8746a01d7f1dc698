using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Ecr;

/// <summary>
/// The registry password ECR's GetAuthorizationToken hands out: valid for 12 hours, signed with a key only
/// this Berth holds (HMAC-SHA256), checked in constant time. Format: base64url(expiry) "." base64url(mac).
/// </summary>
public sealed class RegistryTokens(byte[] key, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    public const string UserName = "AWS";

    public (string Token, DateTimeOffset ExpiresAt) Issue()
    {
        var expires = clock.GetUtcNow() + Lifetime;
        var payload = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires.ToUnixTimeSeconds());
        return ($"{Base64Url(payload)}.{Base64Url(Mac(payload))}", DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    public bool Validate(string? user, string? token)
    {
        if (user != UserName || token is null)
            return false;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
            return false;
        try
        {
            var payload = FromBase64Url(token[..dot]);
            var mac = FromBase64Url(token[(dot + 1)..]);
            if (payload.Length != 8 || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
                return false;
            return DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload)) > clock.GetUtcNow();
        }
        catch (FormatException)
        {
            return false;
        }
    }

    byte[] Mac(byte[] payload) => HMACSHA256.HashData(key, payload);

    static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static byte[] FromBase64Url(string s)
    {
        var t = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(t.PadRight(t.Length + ((4 - (t.Length % 4)) % 4), '='));
    }

    /// <summary>The value <c>docker login</c> takes apart: base64 of <c>AWS:&lt;token&gt;</c>.</summary>
    public static string AuthorizationToken(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{token}"));
}
