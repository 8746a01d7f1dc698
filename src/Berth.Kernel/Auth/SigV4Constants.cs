namespace Berth.Kernel.Auth;

internal static class SigV4Constants
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Terminator = "aws4_request";
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    public const string AuthorizationHeader = "authorization";
    public const string AmzDateHeader = "x-amz-date";
    public const string DateHeader = "date";
    public const string HostHeader = "host";
    public const string ContentSha256Header = "x-amz-content-sha256";
    public const string SecurityTokenHeader = "x-amz-security-token";

    public const string AlgorithmParam = "X-Amz-Algorithm";
    public const string CredentialParam = "X-Amz-Credential";
    public const string DateParam = "X-Amz-Date";
    public const string ExpiresParam = "X-Amz-Expires";
    public const string SignedHeadersParam = "X-Amz-SignedHeaders";
    public const string SignatureParam = "X-Amz-Signature";
    public const string SecurityTokenParam = "X-Amz-Security-Token";

    /// <summary>Longest lifetime of a presigned request (seven days), as AWS allows.</summary>
    public const long MaxExpiresSeconds = 604800;
}
