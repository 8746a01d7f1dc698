using Berth.Kernel.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Kernel.Tests.Auth;

/// <summary>
/// Every case of AWS's published SigV4 test suite. The post-sts-token cases are included: the session token is
/// another header (signed in post-sts-header-before, added after signing in post-sts-header-after), and the key is a
/// session key that is good only with it.
/// </summary>
public sealed class SigV4TestSuiteTests
{
    public static TheoryData<string> Cases => SigV4Vectors.All();

    public static TheoryData<string> CasesWithBody =>
        new(SigV4Vectors.Names().Where(n => SigV4Vectors.Request(n).Body.Length > 0));

    public static TheoryData<string> CasesWithQuery =>
        new(SigV4Vectors.Names().Where(n => SigV4Vectors.Request(n).QueryString.Length > 0));

    [Fact]
    public void Suite_IsCopiedToOutput()
    {
        Assert.Equal(31, SigV4Vectors.Names().Count);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_SuiteRequest_ProducesExpectedCanonicalRequest(string name)
    {
        var signed = SigV4Vectors.Signer().Sign(SigV4Vectors.Request(name));

        Assert.Equal(SigV4Vectors.Read(name, ".creq"), signed.CanonicalRequest);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_SuiteRequest_ProducesExpectedStringToSign(string name)
    {
        var signed = SigV4Vectors.Signer().Sign(SigV4Vectors.Request(name));

        Assert.Equal(SigV4Vectors.Read(name, ".sts"), signed.StringToSign);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_SuiteRequest_ProducesExpectedAuthorization(string name)
    {
        var signed = SigV4Vectors.Signer().Sign(SigV4Vectors.Request(name));

        Assert.Equal(SigV4Vectors.Read(name, ".authz"), signed.Authorization);
        Assert.EndsWith(signed.Signature, signed.Authorization, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_SuiteSignedRequest_Succeeds(string name)
    {
        var request = SigV4Vectors.SignedRequest(name);
        var token = request.Headers.FirstOrDefault(h => h.Key.Equals("X-Amz-Security-Token", StringComparison.OrdinalIgnoreCase)).Value;

        var result = Verifier(token).Verify(request);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(SigV4Vectors.AccessKeyId, result.AccessKeyId);
        Assert.Equal(SigV4Vectors.Region, result.Region);
        Assert.Equal(SigV4Vectors.Service, result.Service);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_SuiteRequestWithTamperedHost_ReturnsInvalidSignature(string name)
    {
        var request = SigV4Vectors.SignedRequest(name);
        var headers = request.Headers
            .Select(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase) ? new(h.Key, "f" + h.Value[1..]) : h)
            .ToList();

        AssertSignatureMismatch(Verifier().Verify(request with { Headers = headers }));
    }

    [Theory]
    [MemberData(nameof(CasesWithBody))]
    public void Verify_SuiteRequestWithTamperedBody_ReturnsInvalidSignature(string name)
    {
        var request = SigV4Vectors.SignedRequest(name);
        var body = (byte[])request.Body.Clone();
        body[^1] ^= 1;

        AssertSignatureMismatch(Verifier().Verify(request with { Body = body }));
    }

    [Theory]
    [MemberData(nameof(CasesWithQuery))]
    public void Verify_SuiteRequestWithTamperedQuery_ReturnsInvalidSignature(string name)
    {
        var request = SigV4Vectors.SignedRequest(name);
        var query = request.QueryString[..^1] + (char)(request.QueryString[^1] ^ 1);

        AssertSignatureMismatch(Verifier().Verify(request with { QueryString = query }));
    }

    /// <summary>The suite's key; in the post-sts-token cases it is a session key, good only with the vector's token.</summary>
    private static SigV4Verifier Verifier(string? sessionToken = null) =>
        new(new SessionKey(sessionToken), new FakeTimeProvider(SigV4Vectors.Time));

    private sealed class SessionKey(string? token) : ICredentialLookup
    {
        public Credential? Find(string accessKeyId) => accessKeyId == SigV4Vectors.AccessKeyId
            ? new Credential(accessKeyId, SigV4Vectors.Secret, Principal.Root("123456789012")) { SessionToken = token }
            : null;
    }

    private static void AssertSignatureMismatch(SigV4Result result)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal(SigV4ErrorCodes.InvalidSignature, result.ErrorCode);
        Assert.StartsWith("The request signature we calculated does not match", result.ErrorMessage, StringComparison.Ordinal);
    }
}
