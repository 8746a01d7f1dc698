using System.Diagnostics.CodeAnalysis;

namespace Berth.Kernel.Auth;

/// <summary>Outcome of <see cref="SigV4Verifier.Verify"/>.</summary>
public sealed class SigV4Result
{
    private SigV4Result(string? accessKeyId, string? region, string? service, string? errorCode, string? errorMessage, Principal? principal = null)
    {
        Principal = principal;
        AccessKeyId = accessKeyId;
        Region = region;
        Service = service;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
    }

    [MemberNotNullWhen(true, nameof(AccessKeyId), nameof(Region), nameof(Service), nameof(Principal))]
    [MemberNotNullWhen(false, nameof(ErrorCode), nameof(ErrorMessage))]
    public bool IsSuccess => ErrorCode is null;

    public string? AccessKeyId { get; }

    public string? Region { get; }

    public string? Service { get; }

    /// <summary>Whom the credential that signed the request belongs to.</summary>
    public Principal? Principal { get; }

    /// <summary>AWS error code, one of <see cref="SigV4ErrorCodes"/>.</summary>
    public string? ErrorCode { get; }

    public string? ErrorMessage { get; }

    public static SigV4Result Success(string accessKeyId, string region, string service, Principal principal) =>
        new(accessKeyId, region, service, null, null, principal);

    public static SigV4Result Failure(string errorCode, string errorMessage) =>
        new(null, null, null, errorCode, errorMessage);

    public override string ToString() =>
        IsSuccess ? $"OK {AccessKeyId} {Region}/{Service}" : $"{ErrorCode}: {ErrorMessage}";
}
