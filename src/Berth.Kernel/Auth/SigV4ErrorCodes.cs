namespace Berth.Kernel.Auth;

/// <summary>AWS error codes (<c>__type</c>) returned for authentication failures.</summary>
public static class SigV4ErrorCodes
{
    public const string MissingAuthenticationToken = "MissingAuthenticationTokenException";
    public const string IncompleteSignature = "IncompleteSignatureException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string ExpiredToken = "ExpiredTokenException";
}
