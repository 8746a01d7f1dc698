namespace Berth.Kernel.Auth;

/// <summary>What a request claims about its signature, from the Authorization header or the presigned query.</summary>
/// <param name="Credential">Raw credential, <c>AKID/date/region/service/aws4_request</c>.</param>
/// <param name="SignedHeaders">Raw signed header list, <c>;</c>-separated.</param>
/// <param name="Signature">Hex signature as sent.</param>
/// <param name="RawDate">The date as sent (header or query value).</param>
/// <param name="RequestTime">The parsed request time.</param>
/// <param name="Expires">Lifetime of a presigned request; <c>null</c> for the header form.</param>
internal sealed record SigV4Claims(
    string Credential,
    string SignedHeaders,
    string Signature,
    string RawDate,
    DateTimeOffset RequestTime,
    TimeSpan? Expires)
{
    public bool IsPresigned => Expires is not null;
}
