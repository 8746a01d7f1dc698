using System.Security.Cryptography;
using Berth.Kernel.Auth;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Ecr.Tests;

public sealed class RegistryTokensTests
{
    readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    readonly RegistryTokens _tokens;
    static readonly Principal Root = Principal.Root("123456789012");

    public RegistryTokensTests() => _tokens = new RegistryTokens(RandomNumberGenerator.GetBytes(32), _clock);

    [Fact]
    public void ScopedToken_IsGoodForItsScopeOnlyUntilItExpires()
    {
        var scope = RegistryTokens.DownloadScope("team/app", "sha256:" + new string('a', 64));
        var (token, expires) = _tokens.Issue(Root, scope, RegistryTokens.DownloadLifetime);
        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromHours(1), expires);
        Assert.Equal(Root.Arn, _tokens.ValidateScoped(token, scope)?.Arn);
        Assert.Null(_tokens.ValidateScoped(token, RegistryTokens.DownloadScope("team/app", "sha256:" + new string('b', 64))));
        Assert.Null(_tokens.ValidateScoped(token, null));
        Assert.Null(_tokens.Validate(RegistryTokens.UserName, token));
        _clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(_tokens.ValidateScoped(token, scope));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(_tokens.ValidateScoped(token, scope));
    }

    [Fact]
    public void LoginToken_IsNeverGoodForAScope()
    {
        var (token, _) = _tokens.Issue(Root);
        Assert.Equal(Root.Arn, _tokens.Validate(RegistryTokens.UserName, token)?.Arn);
        Assert.Null(_tokens.ValidateScoped(token, "team/app@sha256:" + new string('a', 64)));
    }
}
