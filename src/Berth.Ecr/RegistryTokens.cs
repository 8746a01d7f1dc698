using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Berth.Kernel.Auth;

namespace Berth.Ecr;

/// <summary>
/// The registry password ECR's GetAuthorizationToken hands out: valid for 12 hours, for the principal that asked (the
/// registry authorizes each pull and push as that principal, as ECR does), signed with a key only this Berth holds
/// (HMAC-SHA256), checked in constant time. Format: base64url(expiry, principal[, scope]) "." base64url(mac).
/// A token with a scope (a presigned layer download: <c>repository@digest</c>) is good for that scope only, and a
/// token without one is never good for a scope.
/// </summary>
public sealed class RegistryTokens(byte[] key, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);
    public const string UserName = "AWS";

    /// <summary>How long a presigned layer download URL (GetDownloadUrlForLayer) is good for.</summary>
    public static readonly TimeSpan DownloadLifetime = TimeSpan.FromHours(1);

    /// <summary>The query parameter that carries a presigned layer download's token.</summary>
    public const string DownloadTokenParameter = "X-Berth-Download-Token";

    /// <summary>What a presigned download token is good for: one blob of one repository.</summary>
    public static string DownloadScope(string repository, string digest) => $"{repository}@{digest}";

    public (string Token, DateTimeOffset ExpiresAt) Issue(Principal principal) => Issue(principal, null, Lifetime);

    /// <summary>A token good only for <paramref name="scope"/>, for <paramref name="lifetime"/>.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Issue(Principal principal, string? scope, TimeSpan lifetime)
    {
        var expires = clock.GetUtcNow() + lifetime;
        string[] fields = [principal.Kind.ToString(), principal.AccountId, principal.UserId, principal.Arn, principal.Name ?? "", principal.RoleArn ?? ""];
        var who = Encoding.UTF8.GetBytes(string.Join('\n', scope is null ? fields : [.. fields, scope]));
        var payload = new byte[8 + who.Length];
        BinaryPrimitives.WriteInt64BigEndian(payload, expires.ToUnixTimeSeconds());
        who.CopyTo(payload, 8);
        return ($"{Base64Url(payload)}.{Base64Url(Mac(payload))}", DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>The principal a valid, unexpired token was issued to; null for anything else.</summary>
    public Principal? Validate(string? user, string? token) => user == UserName ? ValidateScoped(token, scope: null) : null;

    /// <summary>The principal a valid, unexpired token for exactly <paramref name="scope"/> (or for none) was issued to.</summary>
    public Principal? ValidateScoped(string? token, string? scope)
    {
        if (token is null)
            return null;
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
            return null;
        try
        {
            var payload = FromBase64Url(token[..dot]);
            var mac = FromBase64Url(token[(dot + 1)..]);
            if (payload.Length < 8 || !CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
                return null;
            if (DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload)) <= clock.GetUtcNow())
                return null;
            var parts = Encoding.UTF8.GetString(payload, 8, payload.Length - 8).Split('\n');
            if (parts.Length != (scope is null ? 6 : 7) || (scope is not null && parts[6] != scope) || !Enum.TryParse<PrincipalKind>(parts[0], out var kind))
                return null;
            return new Principal
            {
                Kind = kind,
                AccountId = parts[1],
                UserId = parts[2],
                Arn = parts[3],
                Name = parts[4].Length > 0 ? parts[4] : null,
                RoleArn = parts[5].Length > 0 ? parts[5] : null,
            };
        }
        catch (FormatException)
        {
            return null;
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
