using Berth.Kernel.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Kernel.Tests.Auth;

/// <summary>Temporary credentials: good only with their session token, only until they expire; other keys take no token.</summary>
public sealed class SigV4SessionTokenTests
{
    const string SessionKey = "ASIASESSIONKEY000001";
    const string SessionSecret = "session-secret";
    const string Token = "FwoGZXIvYXdzEBoaDBerthSessionToken";
    const string UserKey = "AKIAUSERKEY000000001";
    const string UserSecret = "user-secret";
    static readonly DateTimeOffset T0 = new(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);
    static readonly Principal Session = new()
    {
        Arn = "arn:aws:sts::123456789012:assumed-role/app/s1",
        Kind = PrincipalKind.AssumedRole,
        AccountId = "123456789012",
        UserId = "AROAAPP:s1",
        Name = "app",
        RoleArn = "arn:aws:iam::123456789012:role/app",
    };

    readonly FakeTimeProvider _clock = new(T0);

    sealed class Keys(params Credential[] credentials) : ICredentialSource
    {
        public Credential? Find(string accessKeyId) => credentials.FirstOrDefault(c => c.AccessKeyId == accessKeyId);
    }

    SigV4Verifier Verifier() => new(new CredentialLookup([new Keys(
        new Credential(SessionKey, SessionSecret, Session) { SessionToken = Token, Expiration = T0.AddMinutes(2) },
        new Credential(UserKey, UserSecret, Principal.Root("123456789012")))]), _clock);

    static SigV4Request Request(string? token)
    {
        List<KeyValuePair<string, string>> headers = [new("Host", "localhost:4566"), new("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.ListClusters")];
        if (token is not null)
            headers.Add(new("X-Amz-Security-Token", token));
        return new SigV4Request("POST", "/", "", headers, "{}"u8.ToArray());
    }

    SigV4Request Signed(string key, string secret, string? token) => new SigV4Signer(key, secret, "us-east-1", "ecs", _clock).Sign(Request(token)).Request;

    [Fact]
    public void Verify_SessionKeyWithItsToken_SucceedsAsTheRoleSession()
    {
        var result = Verifier().Verify(Signed(SessionKey, SessionSecret, Token));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/app/s1", result.Principal!.Arn);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("FwoGZXIvYXdzEBoaDBerthSessionTokeX")]
    public void Verify_SessionKeyWithoutOrWithAnotherToken_Unrecognized(string? token)
    {
        var result = Verifier().Verify(Signed(SessionKey, SessionSecret, token));

        Assert.Equal(SigV4ErrorCodes.UnrecognizedClient, result.ErrorCode);
    }

    [Fact]
    public void Verify_SessionKeyAfterExpiry_ExpiredToken()
    {
        var request = Signed(SessionKey, SessionSecret, Token);
        _clock.Advance(TimeSpan.FromMinutes(3)); // past the session's expiry, within the signature's five minutes

        var result = Verifier().Verify(request);

        Assert.Equal((SigV4ErrorCodes.ExpiredToken, "The security token included in the request is expired"), (result.ErrorCode, result.ErrorMessage));
    }

    [Fact]
    public void Verify_LongTermKeyWithAToken_Unrecognized()
    {
        Assert.True(Verifier().Verify(Signed(UserKey, UserSecret, null)).IsSuccess);
        Assert.Equal(SigV4ErrorCodes.UnrecognizedClient, Verifier().Verify(Signed(UserKey, UserSecret, Token)).ErrorCode);
    }

    [Fact]
    public void Verify_PresignedWithTheTokenInTheQuery_Succeeds()
    {
        var signer = new SigV4Signer(SessionKey, SessionSecret, "us-east-1", "ecs", _clock);
        var presigned = signer.Presign(new SigV4Request("GET", "/", $"X-Amz-Security-Token={Uri.EscapeDataString(Token)}", [new("Host", "localhost:4566")], []), TimeSpan.FromMinutes(5)).Request;

        Assert.True(Verifier().Verify(presigned).IsSuccess);
    }
}
