using System.Security.Cryptography;
using System.Text;
using Berth.Kernel.Auth;

namespace Berth.Server.Console;

/// <summary>
/// Issues and checks the console's session tokens: <c>base64url(keyId|expiry|secretTag).base64url(HMAC-SHA256)</c>, signed with a
/// server key. Nothing is stored server-side; the secret tag (a hash of the secret) ends every session when the secret changes,
/// and a key that is no longer known ends them too. The CSRF token is derived from the session token, so it needs no storage either.
/// </summary>
public sealed class ConsoleSessions(byte[] key, ICredentialLookup credentials, TimeProvider clock)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(12);

    readonly byte[] _key = key.Length >= 32 ? key : throw new ArgumentException("The session key must be at least 32 bytes.", nameof(key));

    public TimeSpan Lifetime { get; init; } = DefaultLifetime;

    /// <summary>
    /// Checks the key pair (in constant time for the secret) and returns a session token, or null when either is wrong.
    /// Any long-term key signs in — root's or an IAM user's; temporary keys (an STS session's) do not, as they are only
    /// good with their session token.
    /// </summary>
    public string? SignIn(string accessKeyId, string secretAccessKey)
    {
        if (accessKeyId.Length == 0 || accessKeyId.Contains('|', StringComparison.Ordinal) || credentials.Find(accessKeyId) is not { SessionToken: null, SecretAccessKey: var secret })
            return null;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(secretAccessKey)))
            return null;
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes($"{accessKeyId}|{expires}|{SecretTag(secret)}");
        return $"{Base64Url(payload)}.{Base64Url(Sign("session", payload))}";
    }

    /// <summary>The session of a token, or null when it is missing, forged, expired, or its key was removed or changed.</summary>
    public ConsoleSession? Validate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
            return null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !TryBase64Url(token[..dot], out var payload) || !TryBase64Url(token[(dot + 1)..], out var signature))
            return null;
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign("session", payload)))
            return null;
        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[1], out var expiresUnix))
            return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(expiresUnix);
        if (expires <= clock.GetUtcNow())
            return null;
        if (credentials.Find(parts[0]) is not { SessionToken: null } credential || SecretTag(credential.SecretAccessKey) != parts[2])
            return null;
        return new ConsoleSession(parts[0], expires, Base64Url(Sign("csrf", Encoding.UTF8.GetBytes(token)))) { Arn = credential.Principal.Arn };
    }

    /// <summary>Whether a request's CSRF header is the one bound to its session.</summary>
    public static bool CsrfMatches(ConsoleSession session, string? header) =>
        !string.IsNullOrEmpty(header)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(session.CsrfToken), Encoding.UTF8.GetBytes(header));

    byte[] Sign(string purpose, byte[] data)
    {
        using var hmac = new HMACSHA256(_key);
        hmac.TransformBlock(Encoding.UTF8.GetBytes(purpose + "\n"), 0, purpose.Length + 1, null, 0);
        hmac.TransformFinalBlock(data, 0, data.Length);
        return hmac.Hash!;
    }

    /// <summary>Eight bytes of SHA-256 of the secret: enough to notice a changed secret, useless for finding it.</summary>
    static string SecretTag(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)).AsSpan(0, 8));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static bool TryBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        var buffer = new byte[s.Length];
        if (!Convert.TryFromBase64String(s, buffer, out var n))
            return false;
        bytes = buffer[..n];
        return true;
    }
}
