namespace Berth.Kernel.Auth;

/// <summary>Result of <see cref="SigV4Signer"/>: the signed request plus the intermediate values (useful for debugging).</summary>
/// <param name="Request">The request with <c>X-Amz-Date</c> and <c>Authorization</c> headers added (header form) or the signing parameters appended to the query string (presigned form).</param>
/// <param name="CanonicalRequest">The canonical request that was hashed.</param>
/// <param name="StringToSign">The string to sign.</param>
/// <param name="Signature">Lower-case hex signature.</param>
/// <param name="SignedHeaders">Signed header names, <c>;</c>-separated.</param>
/// <param name="Authorization">The <c>Authorization</c> header value; <c>null</c> for presigned requests.</param>
public sealed record SigV4SignedRequest(
    SigV4Request Request,
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string SignedHeaders,
    string? Authorization);
