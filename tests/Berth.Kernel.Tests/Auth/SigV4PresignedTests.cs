using Berth.Kernel.Auth;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Kernel.Tests.Auth;

public sealed class SigV4PresignedTests
{
    private const string AccessKeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private FakeTimeProvider _clock = new(SigV4Vectors.Time);

    [Fact]
    public void Presign_AppendsAwsQueryParameters()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));

        Assert.Null(signed.Authorization);
        Assert.Equal(
            "Action=ListClusters&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fecs%2Faws4_request"
            + "&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host"
            + $"&X-Amz-Signature={signed.Signature}",
            signed.Request.QueryString);
        Assert.DoesNotContain("X-Amz-Signature", signed.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_Presigned_ReturnsSuccess()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));

        var result = Verify(signed.Request);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(AccessKeyId, result.AccessKeyId);
        Assert.Equal("ecs", result.Service);
    }

    [Fact]
    public void Verify_PresignedAtExactExpiry_ReturnsSuccess()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.True(Verify(signed.Request).IsSuccess);
    }

    [Fact]
    public void Verify_PresignedPastExpiry_ReturnsSignatureExpired()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        _clock.Advance(TimeSpan.FromSeconds(61));

        var result = Verify(signed.Request);

        Assert.Equal(SigV4ErrorCodes.InvalidSignature, result.ErrorCode);
        Assert.Equal(
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123701Z - 1 min.)",
            result.ErrorMessage);
    }

    [Fact]
    public void Verify_PresignedLongLivedWithinExpiry_ReturnsSuccess()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromHours(1));
        _clock.Advance(TimeSpan.FromMinutes(59));

        Assert.True(Verify(signed.Request).IsSuccess);
    }

    [Fact]
    public void Verify_PresignedFromTheFuture_ReturnsSignatureNotYetCurrent()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromHours(1));
        ServerClockMoves(TimeSpan.FromMinutes(-6));

        var result = Verify(signed.Request);

        Assert.Equal(SigV4ErrorCodes.InvalidSignature, result.ErrorCode);
        Assert.StartsWith("Signature not yet current: 20150830T123600Z", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PresignedWithTamperedQuery_ReturnsInvalidSignature()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        var query = signed.Request.QueryString.Replace("Action=ListClusters", "Action=DeleteCluster", StringComparison.Ordinal);

        var result = Verify(signed.Request with { QueryString = query });

        Assert.Equal(SigV4ErrorCodes.InvalidSignature, result.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_PresignedWithLongerExpiresThanSigned_ReturnsInvalidSignature()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        var query = signed.Request.QueryString.Replace("X-Amz-Expires=60", "X-Amz-Expires=3600", StringComparison.Ordinal);

        var result = Verify(signed.Request with { QueryString = query });

        Assert.Equal(SigV4ErrorCodes.InvalidSignature, result.ErrorCode);
    }

    [Fact]
    public void Verify_PresignedWithoutSignature_ReturnsIncompleteSignature()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        var query = signed.Request.QueryString[..signed.Request.QueryString.IndexOf("&X-Amz-Signature=", StringComparison.Ordinal)];

        var result = Verify(signed.Request with { QueryString = query });

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
        Assert.Equal(
            "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
            result.ErrorMessage);
    }

    [Fact]
    public void Verify_PresignedWithOnlyAlgorithm_ReturnsIncompleteSignatureListingAllMissing()
    {
        var result = Verify(GetRequest() with { QueryString = "X-Amz-Algorithm=AWS4-HMAC-SHA256" });

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
        Assert.Equal(
            "AWS query-string parameters must include 'X-Amz-Credential'. "
            + "AWS query-string parameters must include 'X-Amz-Signature'. "
            + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
            + "AWS query-string parameters must include 'X-Amz-Date'. "
            + "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.",
            result.ErrorMessage);
    }

    [Fact]
    public void Verify_PresignedWithOtherAlgorithm_ReturnsIncompleteSignature()
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        var query = signed.Request.QueryString.Replace("AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", StringComparison.Ordinal);

        var result = Verify(signed.Request with { QueryString = query });

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
    }

    [Theory]
    [InlineData("604801", "X-Amz-Expires must be less than a week (in seconds) that is 604800")]
    [InlineData("-1", "X-Amz-Expires must be non-negative")]
    [InlineData("soon", "X-Amz-Expires should be a number")]
    public void Verify_PresignedWithBadExpires_ReturnsIncompleteSignature(string expires, string message)
    {
        var signed = Presign(GetRequest(), TimeSpan.FromMinutes(1));
        var query = signed.Request.QueryString.Replace("X-Amz-Expires=60", $"X-Amz-Expires={expires}", StringComparison.Ordinal);

        var result = Verify(signed.Request with { QueryString = query });

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
        Assert.Equal(message, result.ErrorMessage);
    }

    [Fact]
    public void Verify_PresignedWithUnknownKey_ReturnsUnrecognizedClient()
    {
        var signed = new SigV4Signer("AKIDUNKNOWN", Secret, "us-east-1", "ecs", _clock).Presign(GetRequest(), TimeSpan.FromMinutes(1));

        var result = Verify(signed.Request);

        Assert.Equal(SigV4ErrorCodes.UnrecognizedClient, result.ErrorCode);
    }

    [Fact]
    public void Verify_PresignedPlusAuthorizationHeader_ReturnsIncompleteSignature()
    {
        var presigned = Presign(GetRequest(), TimeSpan.FromMinutes(1)).Request;
        var request = presigned with { Headers = [.. presigned.Headers, new("Authorization", "AWS4-HMAC-SHA256 Credential=x")] };

        var result = Verify(request);

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
    }

    private static SigV4Request GetRequest() =>
        new("GET", "/", "Action=ListClusters", [new("Host", "ecs.us-east-1.amazonaws.com")], []);

    private SigV4SignedRequest Presign(SigV4Request request, TimeSpan expiresIn) =>
        new SigV4Signer(AccessKeyId, Secret, "us-east-1", "ecs", _clock).Presign(request, expiresIn);

    private SigV4Result Verify(SigV4Request request) =>
        new SigV4Verifier(new StaticCredentials((AccessKeyId, Secret)), _clock).Verify(request);

    /// <summary>The verifier's clock, after signing, moved by <paramref name="by"/> (backwards too: a server behind the signer).</summary>
    private void ServerClockMoves(TimeSpan by) => _clock = new FakeTimeProvider(_clock.GetUtcNow() + by);
}
