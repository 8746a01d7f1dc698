using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using static Berth.Sts.Tests.StsHarness;

namespace Berth.Sts.Tests;

/// <summary>Sessions across restarts and servers, expiry and the sweep — with a fake clock.</summary>
public sealed class SessionLifetimeTests : IDisposable
{
    readonly StsHarness _h = new();

    public void Dispose() => _h.Dispose();

    async Task<Credential> IssueAsync(int duration = 900)
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));
        return (await _h.AssumeAsync(alice, role.Arn, duration: duration)).Credentials;
    }

    [Fact]
    public async Task Sweep_AnotherServerOrRestart_FindsTheSessionWithItsSecretAndToken()
    {
        var c = await IssueAsync();
        var restarted = _h.NewSessions();
        Assert.Null(restarted.Find(c.AccessKeyId));

        await restarted.SweepAsync(Ct);

        Assert.Equal(c, restarted.Find(c.AccessKeyId));
    }

    [Fact]
    public async Task Sweep_OtherKey_SessionNotAccepted()
    {
        var c = await IssueAsync();
        var other = _h.NewSessions([.. Enumerable.Repeat((byte)7, 32)]);

        await other.SweepAsync(Ct);

        Assert.Null(other.Find(c.AccessKeyId));
    }

    [Fact]
    public async Task Expiry_VerifierRefusesExpiredThenSweepDeletesAfterGrace()
    {
        var c = await IssueAsync(900);
        var verifier = new SigV4Verifier(new CredentialLookup([_h.Sessions]), _h.Clock);
        SigV4Result Verify() => verifier.Verify(Signed(c));

        Assert.True(Verify().IsSuccess);
        _h.Clock.Advance(TimeSpan.FromSeconds(899));
        Assert.True(Verify().IsSuccess);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SigV4ErrorCodes.ExpiredToken, Verify().ErrorCode);

        _h.Clock.Advance(SessionSweep.Grace - TimeSpan.FromSeconds(1));
        await _h.Sessions.SweepAsync(Ct);
        Assert.Equal(SigV4ErrorCodes.ExpiredToken, Verify().ErrorCode);
        Assert.Equal(1, await _h.SessionCountAsync());

        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.Sessions.SweepAsync(Ct);
        Assert.Null(_h.Sessions.Find(c.AccessKeyId));
        Assert.Equal(0, await _h.SessionCountAsync());
        Assert.Equal(SigV4ErrorCodes.UnrecognizedClient, Verify().ErrorCode);
    }

    [Fact]
    public async Task Verify_WithoutOrWithWrongToken_Unrecognized()
    {
        var c = await IssueAsync();
        var verifier = new SigV4Verifier(new CredentialLookup([_h.Sessions]), _h.Clock);

        Assert.Equal(SigV4ErrorCodes.UnrecognizedClient, verifier.Verify(Signed(c, token: null)).ErrorCode);
        Assert.Equal(SigV4ErrorCodes.UnrecognizedClient, verifier.Verify(Signed(c, token: "forged")).ErrorCode);
    }

    [Fact]
    public void Decide_KeepsLiveAndRecentlyExpired_DeletesPastGrace()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        Stored<StsSession> S(string id, DateTimeOffset expiration) => new(new StsSession
        {
            AccessKeyId = id,
            SealedSecret = "",
            SealedToken = "",
            CreateDate = now.AddHours(-2),
            Expiration = expiration,
            Kind = "User",
            Arn = "arn:aws:iam::123456789012:user/a",
            UserId = "AIDA",
            AccountId = Account,
            IssuedTo = "x",
        }, 1);

        var (keep, delete) = SessionSweep.Decide([S("live", now.AddSeconds(1)), S("expired", now.AddMinutes(-59)), S("gone", now - SessionSweep.Grace)], now);

        Assert.Equal(["live", "expired"], keep.Select(s => s.AccessKeyId));
        Assert.Equal(["gone"], delete.Select(s => s.Value.AccessKeyId));
    }

    SigV4Request Signed(Credential c, string? token = "")
    {
        List<KeyValuePair<string, string>> headers = [new("Host", "localhost:4566"), new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")];
        if (token is not null)
            headers.Add(new("X-Amz-Security-Token", token.Length == 0 ? c.SessionToken! : token));
        var request = new SigV4Request("POST", "/", "", headers, "Action=GetCallerIdentity&Version=2011-06-15"u8.ToArray());
        return new SigV4Signer(c.AccessKeyId, c.SecretAccessKey, "us-east-1", "sts", _h.Clock).Sign(request).Request;
    }
}
