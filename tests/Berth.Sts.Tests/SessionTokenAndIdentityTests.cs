using Berth.Kernel.Auth;
using Berth.Sts.Api;
using static Berth.Sts.Tests.StsHarness;

namespace Berth.Sts.Tests;

public sealed class SessionTokenAndIdentityTests : IDisposable
{
    readonly StsHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<Credential> SessionToken(Principal caller, int? duration = null) =>
        _h.Sts.GetSessionTokenAsync(caller, new GetSessionTokenInput { DurationSeconds = duration }, Ct);

    [Fact]
    public async Task GetCallerIdentity_RootUserAndSession_AsAwsGivesThem()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));
        var session = (await _h.AssumeAsync(alice, role.Arn, "s1")).Credentials.Principal;

        Assert.Equal(new GetCallerIdentityResponse(Account, Account, $"arn:aws:iam::{Account}:root"), StsService.CallerIdentity(Root));
        Assert.Equal(new GetCallerIdentityResponse(alice.UserId, Account, alice.Arn), StsService.CallerIdentity(alice));
        Assert.Equal(new GetCallerIdentityResponse($"{role.RoleId}:s1", Account, $"arn:aws:sts::{Account}:assumed-role/deploy/s1"), StsService.CallerIdentity(session));
        Assert.StartsWith("AIDA", alice.UserId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSessionToken_User_TwelveHoursByDefaultSignsAsTheUser()
    {
        var alice = await _h.UserAsync();

        var c = await SessionToken(alice);

        Assert.Equal(_h.Clock.GetUtcNow().AddHours(12), c.Expiration);
        Assert.StartsWith("ASIA", c.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal((alice.Arn, alice.UserId, PrincipalKind.User), (c.Principal.Arn, c.Principal.UserId, c.Principal.Kind));
        Assert.True(c.Principal.IsTemporary);
        Assert.Equal(c, _h.Sessions.Find(c.AccessKeyId));
    }

    [Fact]
    public async Task GetSessionToken_Durations_ModelRange()
    {
        var alice = await _h.UserAsync();

        await Refused(() => SessionToken(alice, 899), "ValidationError", fragment: "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
        await Refused(() => SessionToken(alice, 129601), "ValidationError", fragment: "Member must have value less than or equal to 129600");
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(129600), (await SessionToken(alice, 129600)).Expiration);
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(900), (await SessionToken(alice, 900)).Expiration);
    }

    [Fact]
    public async Task GetSessionToken_Root_AnHourAtMost()
    {
        var byDefault = await SessionToken(Root);
        var asked = await SessionToken(Root, 7200);
        var shorter = await SessionToken(Root, 1200);

        Assert.Equal(_h.Clock.GetUtcNow().AddHours(1), byDefault.Expiration);
        Assert.Equal(_h.Clock.GetUtcNow().AddHours(1), asked.Expiration);
        Assert.Equal(_h.Clock.GetUtcNow().AddSeconds(1200), shorter.Expiration);
        Assert.Equal(PrincipalKind.Root, byDefault.Principal.Kind);
    }

    [Fact]
    public async Task GetSessionToken_SessionCredentials_Refused()
    {
        var alice = await _h.UserAsync();
        var role = await _h.RoleAsync("deploy", TrustUser(alice.Arn));
        var roleSession = (await _h.AssumeAsync(alice, role.Arn)).Credentials.Principal;
        var userSession = (await SessionToken(alice)).Principal;

        await Refused(() => SessionToken(roleSession), "AccessDenied", 403, "Cannot call GetSessionToken with session credentials");
        await Refused(() => SessionToken(userSession), "AccessDenied", 403, "Cannot call GetSessionToken with session credentials");
        Assert.Equal(2, await _h.SessionCountAsync());
    }

    [Fact]
    public async Task GetSessionToken_Mfa_RefusedByName()
    {
        var alice = await _h.UserAsync();

        await Refused(() => _h.Sts.GetSessionTokenAsync(alice, new GetSessionTokenInput { SerialNumber = "arn:aws:iam::123456789012:mfa/alice", TokenCode = "123456" }, Ct),
            "ValidationError", fragment: "The SerialNumber parameter is not supported by Berth");
        await Refused(() => _h.Sts.GetSessionTokenAsync(alice, new GetSessionTokenInput { TokenCode = "12345" }, Ct),
            "ValidationError", fragment: "Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6");
        Assert.Equal(0, await _h.SessionCountAsync());
    }
}
