using Berth.Iam.Credentials;
using Microsoft.Extensions.Logging.Abstractions;
using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

/// <summary>The credential index as another berthd sharing the store sees it, and the cipher that keeps secrets.</summary>
public sealed class CredentialsTests : IDisposable
{
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RefreshAsync_KeyMadeByAnotherServer_FoundOnlyAfterRefresh()
    {
        var other = _h.NewCredentials();
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;
        Assert.Null(other.Find(key));

        await other.RefreshAsync(Ct);
        Assert.NotNull(other.Find(key));

        await _h.AccessKeys.UpdateAsync("alice", key, "Inactive", Ct);
        Assert.NotNull(other.Find(key)); // eventually consistent: until its next refresh
        await other.RefreshAsync(Ct);
        Assert.Null(other.Find(key));
    }

    [Fact]
    public async Task RefreshAsync_SecretSealedWithAnotherKey_KeyNotAccepted()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;
        var otherKeyServer = _h.NewCredentials([.. Enumerable.Repeat((byte)7, 32)]);

        await otherKeyServer.RefreshAsync(Ct);

        Assert.Null(otherKeyServer.Find(key));
    }

    [Fact]
    public async Task Refresher_EveryInterval_PicksUpChangesFromTheStore()
    {
        var other = _h.NewCredentials();
        var refresher = new AccessKeyRefresher(other, _h.Clock, NullLogger<AccessKeyRefresher>.Instance);
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;
        using var stop = new CancellationTokenSource();
        var loop = refresher.RunAsync(stop.Token);

        await Until(() => other.Find(key) is not null);
        await _h.AccessKeys.DeleteAsync("alice", key, Ct);
        await Until(() =>
        {
            _h.Clock.Advance(AccessKeyRefresher.Interval);
            return other.Find(key) is null;
        });

        await stop.CancelAsync();
        await loop;
    }

    [Fact]
    public void Cipher_RoundTrip_SecretBackOnlyForItsKeyId()
    {
        var cipher = new AccessKeyCipher(Key);

        var sealedText = cipher.Encrypt("AKIAONE", "secret/value+1");

        Assert.Equal("secret/value+1", cipher.Decrypt("AKIAONE", sealedText));
        Assert.Null(cipher.Decrypt("AKIATWO", sealedText));
        Assert.NotEqual(sealedText, cipher.Encrypt("AKIAONE", "secret/value+1"));
    }

    [Fact]
    public void Cipher_TamperedOrGarbage_Null()
    {
        var cipher = new AccessKeyCipher(Key);
        var bytes = Convert.FromBase64String(cipher.Encrypt("AKIAONE", "secret"));
        bytes[^1] ^= 1;

        Assert.Null(cipher.Decrypt("AKIAONE", Convert.ToBase64String(bytes)));
        Assert.Null(cipher.Decrypt("AKIAONE", "not base64!"));
        Assert.Null(cipher.Decrypt("AKIAONE", "AAAA"));
    }

    [Fact]
    public void Cipher_KeyNot32Bytes_Refused() =>
        Assert.Throws<ArgumentException>(() => new AccessKeyCipher(new byte[16]));

    /// <summary>Polls a condition the loop makes true on its own thread (no timing assertion: a generous bound only).</summary>
    static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
            await Task.Delay(10);
        Assert.True(condition());
    }
}
