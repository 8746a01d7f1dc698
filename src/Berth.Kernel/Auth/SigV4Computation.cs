namespace Berth.Kernel.Auth;

/// <summary>Credential scope: <c>date/region/service/aws4_request</c>.</summary>
internal readonly record struct SigV4Scope(string Date, string Region, string Service)
{
    public override string ToString() => $"{Date}/{Region}/{Service}/{SigV4Constants.Terminator}";
}

internal readonly record struct SigV4Computed(string CanonicalRequest, string StringToSign, string Signature);

/// <summary>Canonical request → string to sign → signature; the one code path used to sign and to verify.</summary>
internal static class SigV4Computation
{
    public static SigV4Computed Compute(
        SigV4Request request,
        IReadOnlyList<string> signedHeaderNames,
        string signedHeadersLine,
        DateTimeOffset requestTime,
        SigV4Scope scope,
        string secret,
        bool presigned)
    {
        var payloadHash = SigV4Canonicalizer.PayloadHash(request);
        var canonicalRequest = SigV4Canonicalizer.CanonicalRequest(request, signedHeaderNames, signedHeadersLine, payloadHash, presigned);
        var stringToSign = SigV4Crypto.StringToSign(SigV4Time.Format(requestTime), scope.ToString(), canonicalRequest);
        var key = SigV4Crypto.SigningKey(secret, scope.Date, scope.Region, scope.Service);
        return new SigV4Computed(canonicalRequest, stringToSign, SigV4Crypto.Signature(key, stringToSign));
    }
}
