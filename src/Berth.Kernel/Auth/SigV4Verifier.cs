using System.Security.Cryptography;
using System.Text;

namespace Berth.Kernel.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 (<c>AWS4-HMAC-SHA256</c>) requests, in the Authorization header form
/// or the presigned query-string form, answering with the error codes and messages AWS uses.
/// </summary>
public sealed class SigV4Verifier(ICredentialLookup credentials, TimeProvider clock)
{
    /// <summary>How far the request time may be from the server clock, either way (the boundary itself is accepted).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private readonly ICredentialLookup _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
    private readonly TimeProvider _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <summary>Whom an access key belongs to, for a caller the server authenticated another way (the console's session).</summary>
    public Principal? PrincipalOf(string accessKeyId) => _credentials.Find(accessKeyId)?.Principal;

    public SigV4Result Verify(SigV4Request request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var authorization = SigV4Headers.Values(request.Headers, SigV4Constants.AuthorizationHeader);
        var query = PresignedQueryParser.Parameters(request.QueryString);
        var presigned = query.ContainsKey(SigV4Constants.AlgorithmParam);

        if (authorization.Count == 0 && !presigned)
        {
            return SigV4Errors.MissingToken();
        }

        if (authorization.Count > 0 && presigned)
        {
            return SigV4Errors.Incomplete(
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the Authorization header should be specified");
        }

        if (authorization.Count > 1)
        {
            return SigV4Errors.Incomplete("Only one Authorization header is allowed.");
        }

        if (presigned)
        {
            return PresignedQueryParser.TryParse(query, out var presignedClaims, out var presignedError)
                ? VerifyClaims(request, presignedClaims)
                : presignedError;
        }

        return AuthorizationHeaderParser.TryParse(request, authorization[0], out var claims, out var error)
            ? VerifyClaims(request, claims)
            : error;
    }

    private SigV4Result VerifyClaims(SigV4Request request, SigV4Claims claims)
    {
        var parts = claims.Credential.Split('/');
        if (parts.Length != 5 || parts.Any(p => p.Length == 0))
        {
            return SigV4Errors.Incomplete(
                $"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{claims.Credential}'");
        }

        var (accessKeyId, scope, terminator) = (parts[0], new SigV4Scope(parts[1], parts[2], parts[3]), parts[4]);
        if (terminator != SigV4Constants.Terminator)
        {
            return SigV4Errors.Invalid(
                $"Credential should be scoped with a valid terminator: '{SigV4Constants.Terminator}', not '{terminator}'.");
        }

        var requestDate = SigV4Time.FormatDate(claims.RequestTime);
        if (scope.Date != requestDate)
        {
            return SigV4Errors.Invalid(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + $"'{scope.Date}' != '{requestDate}', from '{claims.RawDate}'.");
        }

        var signedHeaderNames = claims.SignedHeaders.Split(';');
        if (!signedHeaderNames.Contains(SigV4Constants.HostHeader, StringComparer.OrdinalIgnoreCase))
        {
            return SigV4Errors.Incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (CheckTime(claims) is { } timeError)
        {
            return timeError;
        }

        if (_credentials.Find(accessKeyId) is not { } credential)
        {
            return SigV4Errors.UnrecognizedClient();
        }
        var secret = credential.SecretAccessKey;

        var computed = SigV4Computation.Compute(
            request, signedHeaderNames, claims.SignedHeaders, claims.RequestTime, scope, secret, claims.IsPresigned);
        if (!CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(computed.Signature), Encoding.UTF8.GetBytes(claims.Signature)))
        {
            return SigV4Errors.SignatureMismatch();
        }

        if (!PayloadHashMatchesBody(request))
        {
            return SigV4Errors.Invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        // Temporary credentials are good only with their session token, and only until they expire; keys of users and
        // of root must not come with one.
        var token = SigV4Headers.First(request.Headers, SigV4Constants.SecurityTokenHeader)
            ?? (claims.IsPresigned ? PresignedQueryParser.Parameters(request.QueryString).GetValueOrDefault(SigV4Constants.SecurityTokenParam) : null);
        if (credential.SessionToken is { } expected
                ? token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected))
                : token is not null)
        {
            return SigV4Errors.UnrecognizedClient();
        }
        if (credential.Expiration is { } expiry && _clock.GetUtcNow() >= expiry)
        {
            return SigV4Errors.ExpiredToken();
        }

        return SigV4Result.Success(accessKeyId, scope.Region, scope.Service, credential.Principal);
    }

    private SigV4Result? CheckTime(SigV4Claims claims)
    {
        var now = SigV4Time.TruncateToSeconds(_clock.GetUtcNow());

        if (claims.RequestTime > now + MaxClockSkew)
        {
            return SigV4Errors.NotYetCurrent(claims.RequestTime, now, MaxClockSkew);
        }

        var lifetime = claims.Expires ?? MaxClockSkew;
        return claims.RequestTime < now - lifetime ? SigV4Errors.Expired(claims.RequestTime, now, lifetime) : null;
    }

    /// <summary>
    /// A signed <c>x-amz-content-sha256</c> header only protects the body if it is the body's hash, so check it
    /// (<c>UNSIGNED-PAYLOAD</c> deliberately leaves the body unprotected).
    /// </summary>
    private static bool PayloadHashMatchesBody(SigV4Request request)
    {
        var declared = SigV4Headers.First(request.Headers, SigV4Constants.ContentSha256Header)?.Trim();
        return declared is null
            || declared == SigV4Constants.UnsignedPayload
            || string.Equals(declared, SigV4Crypto.Sha256Hex(request.Body), StringComparison.OrdinalIgnoreCase);
    }
}
