using System.Security.Cryptography;
using Berth.Kernel.Auth;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Kernel.Tests.Auth;

public sealed class SigV4VerifierTests
{
    private const string AccessKeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string MismatchMessage =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private static readonly DateTimeOffset T0 = SigV4Vectors.Time; // 20150830T123600Z

    private FakeTimeProvider _clock = new(T0);

    [Fact]
    public void Verify_SignedRequest_ReturnsSuccessWithScope()
    {
        var result = Verify(Sign(EcsRequest()).Request);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(AccessKeyId, result.AccessKeyId);
        Assert.Equal("us-east-1", result.Region);
        Assert.Equal("ecs", result.Service);
        Assert.Null(result.ErrorCode);
    }

    [Fact]
    public void Verify_NoAuthorization_ReturnsMissingAuthenticationToken()
    {
        var result = Verify(EcsRequest());

        AssertFailure(result, SigV4ErrorCodes.MissingAuthenticationToken, "Missing Authentication Token");
    }

    [Fact]
    public void Verify_AuthorizationWithoutSignature_ReturnsIncompleteSignature()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date";

        var result = Verify(WithAuthorization(EcsRequest(), header));

        AssertFailure(result, SigV4ErrorCodes.IncompleteSignature, $"Authorization header requires 'Signature' parameter. Authorization={header}");
    }

    [Fact]
    public void Verify_AuthorizationWithOnlySignature_ReturnsIncompleteSignatureNamingCredentialAndSignedHeaders()
    {
        const string header = "AWS4-HMAC-SHA256 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

        var result = Verify(WithAuthorization(EcsRequest(), header));

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. "
            + $"Authorization={header}");
    }

    [Fact]
    public void Verify_BearerToken_ReturnsIncompleteSignature()
    {
        var result = Verify(WithAuthorization(EcsRequest(), "Bearer abc.def"));

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
            + "Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc.def");
    }

    [Fact]
    public void Verify_BearerTokenWithoutDate_ReturnsIncompleteSignatureNamingDateToo()
    {
        var request = WithAuthorization(EcsRequest(), "Bearer abc.def");
        request = request with { Headers = request.Headers.Where(h => h.Key != "X-Amz-Date").ToList() };

        var result = Verify(request);

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. "
            + "Authorization header requires 'SignedHeaders' parameter. "
            + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc.def");
    }

    [Fact]
    public void Verify_KeyWithTrailingSpace_ReturnsIncompleteSignatureForMissingEqualSign()
    {
        const string header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE /20150830/us-east-1/ecs/aws4_request, "
            + "SignedHeaders=host;x-amz-date, Signature=abc";

        var result = Verify(WithAuthorization(EcsRequest(), header));

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            $"'/20150830/us-east-1/ecs/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '{header}'.");
    }

    [Fact]
    public void Verify_UnsupportedAlgorithm_ReturnsIncompleteSignature()
    {
        var signed = Sign(EcsRequest());
        var header = signed.Authorization!.Replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512", StringComparison.Ordinal);

        var result = Verify(WithAuthorization(signed.Request, header));

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
        Assert.Contains("'AWS4-HMAC-SHA512'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NoDateHeader_ReturnsIncompleteSignature()
    {
        var signed = Sign(EcsRequest());
        var request = signed.Request with { Headers = signed.Request.Headers.Where(h => h.Key != "X-Amz-Date").ToList() };

        var result = Verify(request);

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            $"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={signed.Authorization}");
    }

    [Fact]
    public void Verify_MalformedAmzDate_ReturnsIncompleteSignature()
    {
        var signed = Sign(EcsRequest());
        var request = ReplaceHeader(signed.Request, "X-Amz-Date", "2015-08-30T12:36:00Z");

        var result = Verify(request);

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    [Fact]
    public void Verify_DateHeaderInsteadOfAmzDate_ReturnsSuccess()
    {
        var request = EcsRequest() with { Headers = [.. EcsRequest().Headers, new("Date", "Sun, 30 Aug 2015 12:36:00 GMT")] };

        var signed = Sign(request);
        var result = Verify(signed.Request);

        Assert.DoesNotContain(signed.Request.Headers, h => h.Key == "X-Amz-Date");
        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Verify_CredentialWithoutFiveParts_ReturnsIncompleteSignature()
    {
        var signed = Sign(EcsRequest());
        var header = signed.Authorization!.Replace("/us-east-1/ecs/", "/ecs/", StringComparison.Ordinal);

        var result = Verify(WithAuthorization(signed.Request, header));

        AssertFailure(
            result,
            SigV4ErrorCodes.IncompleteSignature,
            "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
            + "got 'AKIDEXAMPLE/20150830/ecs/aws4_request'");
    }

    [Fact]
    public void Verify_CredentialScopeDateDiffersFromAmzDate_ReturnsInvalidSignature()
    {
        var signed = Sign(EcsRequest());
        var header = signed.Authorization!.Replace("/20150830/", "/20150829/", StringComparison.Ordinal);

        var result = Verify(WithAuthorization(signed.Request, header));

        AssertFailure(
            result,
            SigV4ErrorCodes.InvalidSignature,
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            + "'20150829' != '20150830', from '20150830T123600Z'.");
    }

    [Fact]
    public void Verify_CredentialScopeWithWrongTerminator_ReturnsInvalidSignature()
    {
        var signed = Sign(EcsRequest());
        var header = signed.Authorization!.Replace("/aws4_request", "/aws5_request", StringComparison.Ordinal);

        var result = Verify(WithAuthorization(signed.Request, header));

        AssertFailure(
            result,
            SigV4ErrorCodes.InvalidSignature,
            "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.");
    }

    [Fact]
    public void Verify_HostNotSigned_ReturnsIncompleteSignature()
    {
        var signed = Sign(EcsRequest());
        var header = signed.Authorization!.Replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;", StringComparison.Ordinal);
        Assert.NotEqual(signed.Authorization, header);

        var result = Verify(WithAuthorization(signed.Request, header));

        AssertFailure(
            result, SigV4ErrorCodes.IncompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    [Fact]
    public void Verify_UnknownAccessKey_ReturnsUnrecognizedClient()
    {
        var signed = new SigV4Signer("AKIDUNKNOWN", Secret, "us-east-1", "ecs", _clock).Sign(EcsRequest());

        var result = Verify(signed.Request);

        AssertFailure(result, SigV4ErrorCodes.UnrecognizedClient, "The security token included in the request is invalid.");
    }

    [Fact]
    public void Verify_MismatchedSignature_ReturnsInvalidSignature()
    {
        var signed = new SigV4Signer(AccessKeyId, "not-the-secret", "us-east-1", "ecs", _clock).Sign(EcsRequest());

        var result = Verify(signed.Request);

        AssertFailure(result, SigV4ErrorCodes.InvalidSignature, MismatchMessage);
    }

    [Fact]
    public void Verify_TamperedBody_ReturnsInvalidSignature()
    {
        var signed = Sign(EcsRequest());

        var result = Verify(signed.Request with { Body = "{\"maxResults\":2}"u8.ToArray() });

        AssertFailure(result, SigV4ErrorCodes.InvalidSignature, MismatchMessage);
    }

    [Fact]
    public void Verify_TamperedSignedHeader_ReturnsInvalidSignature()
    {
        var signed = Sign(EcsRequest());

        var result = Verify(ReplaceHeader(signed.Request, "X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DeleteCluster"));

        AssertFailure(result, SigV4ErrorCodes.InvalidSignature, MismatchMessage);
    }

    [Fact]
    public void Verify_TruncatedSignature_ReturnsInvalidSignature()
    {
        var signed = Sign(EcsRequest());

        var result = Verify(WithAuthorization(signed.Request, signed.Authorization![..^1]));

        AssertFailure(result, SigV4ErrorCodes.InvalidSignature, MismatchMessage);
    }

    [Fact]
    public void Verify_UnsignedHeaderAddedAfterSigning_ReturnsSuccess()
    {
        var signed = Sign(EcsRequest());
        var request = signed.Request with { Headers = [.. signed.Request.Headers, new("User-Agent", "berth-cli/1.0")] };

        var result = Verify(request);

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Verify_TwoAuthorizationHeaders_ReturnsIncompleteSignature()
    {
        var signed = Sign(EcsRequest());
        var request = signed.Request with { Headers = [.. signed.Request.Headers, new("Authorization", signed.Authorization!)] };

        var result = Verify(request);

        Assert.Equal(SigV4ErrorCodes.IncompleteSignature, result.ErrorCode);
    }

    [Fact]
    public void Verify_PathAndQueryNeedingEncoding_RoundTrips()
    {
        var request = EcsRequest() with { Path = "/clusters/my%20cluster/./tasks//a~b/../c/", QueryString = "b=2&a=%E1%88%B4&a=1&empty=&flag&sp=a+b" };

        var signed = Sign(request);
        var reordered = signed.Request with { QueryString = "flag&sp=a%20b&a=1&empty&a=%e1%88%b4&b=2" };

        Assert.Equal("/clusters/my%2520cluster/tasks/c/", signed.CanonicalRequest.Split('\n')[1]);
        Assert.Equal("a=%E1%88%B4&a=1&b=2&empty=&flag=&sp=a%20b", signed.CanonicalRequest.Split('\n')[2]);
        Assert.True(Verify(signed.Request).IsSuccess);
        Assert.True(Verify(reordered).IsSuccess);
    }

    [Fact]
    public void Verify_ContentSha256HeaderMatchingBody_ReturnsSuccess()
    {
        var request = WithHeader(EcsRequest(), "X-Amz-Content-Sha256", Sha256Hex(EcsRequest().Body));

        var signed = Sign(request);

        Assert.EndsWith(Sha256Hex(EcsRequest().Body), signed.CanonicalRequest, StringComparison.Ordinal);
        Assert.True(Verify(signed.Request).IsSuccess);
    }

    [Fact]
    public void Verify_ContentSha256HeaderNotMatchingBody_ReturnsInvalidSignature()
    {
        var request = WithHeader(EcsRequest(), "X-Amz-Content-Sha256", Sha256Hex(EcsRequest().Body));
        var signed = Sign(request);

        var result = Verify(signed.Request with { Body = "{\"maxResults\":2}"u8.ToArray() });

        AssertFailure(
            result, SigV4ErrorCodes.InvalidSignature, "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    [Fact]
    public void Verify_UnsignedPayload_ReturnsSuccessWhateverTheBody()
    {
        var signed = Sign(WithHeader(EcsRequest(), "X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD"));

        var result = Verify(signed.Request with { Body = "anything"u8.ToArray() });

        Assert.EndsWith("\nUNSIGNED-PAYLOAD", signed.CanonicalRequest, StringComparison.Ordinal);
        Assert.True(result.IsSuccess, result.ToString());
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(-60)]
    [InlineData(0)]
    [InlineData(60)]
    [InlineData(300)]
    public void Verify_ClockSkewWithinFiveMinutes_ReturnsSuccess(int serverAheadBySeconds)
    {
        var signed = Sign(EcsRequest());
        ServerClockMoves(TimeSpan.FromSeconds(serverAheadBySeconds));

        var result = Verify(signed.Request);

        Assert.True(result.IsSuccess, result.ToString());
    }

    [Fact]
    public void Verify_ClockJustPastBoundaryButSameSecond_ReturnsSuccess()
    {
        var signed = Sign(EcsRequest());
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(999));

        Assert.True(Verify(signed.Request).IsSuccess);
    }

    [Fact]
    public void Verify_RequestTenMinutesOld_ReturnsSignatureExpired()
    {
        var signed = Sign(EcsRequest());
        _clock.Advance(TimeSpan.FromMinutes(10));

        var result = Verify(signed.Request);

        AssertFailure(
            result,
            SigV4ErrorCodes.InvalidSignature,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T124600Z - 5 min.)");
    }

    [Fact]
    public void Verify_RequestOneSecondPastFiveMinutes_ReturnsSignatureExpired()
    {
        var signed = Sign(EcsRequest());
        _clock.Advance(TimeSpan.FromSeconds(301));

        var result = Verify(signed.Request);

        AssertFailure(
            result,
            SigV4ErrorCodes.InvalidSignature,
            "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)");
    }

    [Fact]
    public void Verify_RequestTenMinutesInFuture_ReturnsSignatureNotYetCurrent()
    {
        var signed = Sign(EcsRequest());
        ServerClockMoves(TimeSpan.FromMinutes(-10));

        var result = Verify(signed.Request);

        AssertFailure(
            result,
            SigV4ErrorCodes.InvalidSignature,
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123100Z (20150830T122600Z + 5 min.)");
    }

    [Fact]
    public void Verify_RequestOneSecondPastFiveMinutesInFuture_ReturnsSignatureNotYetCurrent()
    {
        var signed = Sign(EcsRequest());
        ServerClockMoves(TimeSpan.FromSeconds(-301));

        var result = Verify(signed.Request);

        AssertFailure(
            result,
            SigV4ErrorCodes.InvalidSignature,
            "Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T123059Z + 5 min.)");
    }

    [Fact]
    public void Sign_WithoutDate_AddsAmzDateFromClock()
    {
        var signed = Sign(EcsRequest());

        Assert.Contains(signed.Request.Headers, h => h is { Key: "X-Amz-Date", Value: "20150830T123600Z" });
        Assert.Contains(signed.Request.Headers, h => h.Key == "Authorization" && h.Value == signed.Authorization);
        Assert.Equal("content-type;host;x-amz-date;x-amz-target", signed.SignedHeaders);
    }

    [Fact]
    public void Sign_WithoutHost_Throws()
    {
        var request = EcsRequest() with { Headers = [new("X-Amz-Date", "20150830T123600Z")] };

        Assert.Throws<ArgumentException>(() => Sign(request));
    }

    internal static SigV4Request EcsRequest() => new(
        "POST",
        "/",
        "",
        [
            new("Host", "ecs.us-east-1.amazonaws.com"),
            new("Content-Type", "application/x-amz-json-1.1"),
            new("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters"),
        ],
        "{}"u8.ToArray());

    private SigV4SignedRequest Sign(SigV4Request request) =>
        new SigV4Signer(AccessKeyId, Secret, "us-east-1", "ecs", _clock).Sign(request);

    private SigV4Result Verify(SigV4Request request) =>
        new SigV4Verifier(new StaticCredentials((AccessKeyId, Secret)), _clock).Verify(request);

    private static SigV4Request WithHeader(SigV4Request request, string name, string value) =>
        request with { Headers = [.. request.Headers, new(name, value)] };

    private static SigV4Request ReplaceHeader(SigV4Request request, string name, string value) =>
        request with { Headers = request.Headers.Select(h => h.Key == name ? new(name, value) : h).ToList() };

    private static SigV4Request WithAuthorization(SigV4Request request, string authorization) =>
        request.Headers.Any(h => h.Key == "Authorization")
            ? ReplaceHeader(request, "Authorization", authorization)
            : WithHeader(WithHeader(request, "X-Amz-Date", "20150830T123600Z"), "Authorization", authorization);

    private static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static void AssertFailure(SigV4Result result, string code, string message)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(code, result.ErrorCode);
        Assert.Equal(message, result.ErrorMessage);
        Assert.Null(result.AccessKeyId);
    }

    /// <summary>The verifier's clock, after signing, moved by <paramref name="by"/> (backwards too: a server behind the signer).</summary>
    private void ServerClockMoves(TimeSpan by) => _clock = new FakeTimeProvider(_clock.GetUtcNow() + by);
}
