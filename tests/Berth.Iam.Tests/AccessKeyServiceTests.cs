using Berth.Kernel.Auth;
using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class AccessKeyServiceTests : IDisposable
{
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task CreateAsync_NewKey_ActiveAkiaKeyThatSignsAsTheUser()
    {
        var user = await _h.UserAsync("alice", "/team/");

        var created = await _h.AccessKeys.CreateAsync("alice", Ct);

        Assert.Matches("^AKIA[A-Z2-7]{16}$", created.Key.AccessKeyId);
        Assert.Equal(40, created.SecretAccessKey.Length);
        Assert.Equal("Active", created.Key.Status);
        var credential = _h.Credentials.Find(created.Key.AccessKeyId);
        Assert.NotNull(credential);
        Assert.Equal(created.SecretAccessKey, credential.SecretAccessKey);
        Assert.Null(credential.SessionToken);
        Assert.Equal(PrincipalKind.User, credential.Principal.Kind);
        Assert.Equal(user.UserId, credential.Principal.UserId);
        Assert.Equal("arn:aws:iam::123456789012:user/team/alice", credential.Principal.Arn);
        Assert.Equal("alice", credential.Principal.Name);
        Assert.Equal(Account, credential.Principal.AccountId);
    }

    [Fact]
    public async Task CreateAsync_Secret_StoredOnlyEncrypted()
    {
        await _h.UserAsync();

        var created = await _h.AccessKeys.CreateAsync("alice", Ct);

        var stored = (await _h.Store.GetAsync(IamKinds.AccessKeys, created.Key.AccessKeyId, Ct))!.Value;
        Assert.DoesNotContain(created.SecretAccessKey, stored.EncryptedSecret, StringComparison.Ordinal);
        Assert.Equal(created.SecretAccessKey, _h.Cipher.Decrypt(created.Key.AccessKeyId, stored.EncryptedSecret));
    }

    [Fact]
    public async Task CreateAsync_ThirdKey_LimitExceeded409()
    {
        await _h.UserAsync();
        await _h.AccessKeys.CreateAsync("alice", Ct);
        await _h.AccessKeys.CreateAsync("alice", Ct);

        await Refused(() => _h.AccessKeys.CreateAsync("alice", Ct), "LimitExceeded", 409, "AccessKeysPerUser: 2");
    }

    [Fact]
    public async Task CreateAsync_UnknownUser_NoSuchEntity() =>
        await Refused(() => _h.AccessKeys.CreateAsync("nobody", Ct), "NoSuchEntity", 404);

    [Fact]
    public async Task CreateAsync_NoUserName_ValidationError() =>
        await Refused(() => _h.AccessKeys.CreateAsync(null, Ct), "ValidationError", 400, "Must specify userName when calling with non-User credentials");

    [Fact]
    public async Task ListAsync_TwoKeys_BothWithStatusInCreationOrder()
    {
        await _h.UserAsync();
        var first = await _h.AccessKeys.CreateAsync("alice", Ct);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await _h.AccessKeys.CreateAsync("alice", Ct);
        await _h.AccessKeys.UpdateAsync("alice", first.Key.AccessKeyId, "Inactive", Ct);

        var keys = (await _h.AccessKeys.ListAsync("alice", null, null, Ct)).Items;

        Assert.Equal([first.Key.AccessKeyId, second.Key.AccessKeyId], keys.Select(k => k.Key.AccessKeyId));
        Assert.Equal(["Inactive", "Active"], keys.Select(k => k.Key.Status));
        Assert.All(keys, k => Assert.Equal("alice", k.UserName));
    }

    [Fact]
    public async Task UpdateAsync_InactiveThenActive_KeyStopsThenSignsAgain()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        await _h.AccessKeys.UpdateAsync("alice", key, "Inactive", Ct);
        Assert.Null(_h.Credentials.Find(key));

        await _h.AccessKeys.UpdateAsync("alice", key, "Active", Ct);
        Assert.NotNull(_h.Credentials.Find(key));
    }

    [Fact]
    public async Task UpdateAsync_Expired_InvalidInput()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        await Refused(() => _h.AccessKeys.UpdateAsync("alice", key, "Expired", Ct), "InvalidInput");
    }

    [Fact]
    public async Task UpdateAsync_UnknownStatus_ValidationError()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        await Refused(() => _h.AccessKeys.UpdateAsync("alice", key, "Off", Ct), "ValidationError", 400, "enum value set");
    }

    [Fact]
    public async Task UpdateAsync_KeyOfAnotherUser_NoSuchEntity()
    {
        await _h.UserAsync("alice");
        await _h.UserAsync("bob");
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        await Refused(() => _h.AccessKeys.UpdateAsync("bob", key, "Inactive", Ct), "NoSuchEntity", 404, $"The Access Key with id {key} cannot be found.");
    }

    [Theory]
    [InlineData("AKIA123")]
    [InlineData("AKIA-NOT-A-WORD-AT-ALL")]
    public async Task DeleteAsync_MalformedKeyId_ValidationError(string id)
    {
        await _h.UserAsync();

        await Refused(() => _h.AccessKeys.DeleteAsync("alice", id, Ct), "ValidationError", 400, "accessKeyId");
    }

    [Fact]
    public async Task DeleteAsync_Key_NoLongerSignsAndUserCanGo()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        await _h.AccessKeys.DeleteAsync("alice", key, Ct);

        Assert.Null(_h.Credentials.Find(key));
        await _h.Users.DeleteAsync("alice", Ct);
        await Refused(() => _h.AccessKeys.DeleteAsync("alice", key, Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task OwnerAsync_Key_ItsUserName()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        Assert.Equal("alice", await _h.AccessKeys.OwnerAsync(key, Ct));
        await Refused(() => _h.AccessKeys.OwnerAsync("AKIAAAAAAAAAAAAAAAAA", Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task RenameUser_KeySignsAsTheNewName()
    {
        await _h.UserAsync();
        var key = (await _h.AccessKeys.CreateAsync("alice", Ct)).Key.AccessKeyId;

        await _h.Users.UpdateAsync("alice", null, "alicia", Ct);

        Assert.Equal("arn:aws:iam::123456789012:user/alicia", _h.Credentials.Find(key)!.Principal.Arn);
    }
}
