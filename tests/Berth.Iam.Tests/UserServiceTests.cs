using Berth.Kernel.Auth;
using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class UserServiceTests : IDisposable
{
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task CreateAsync_NewUser_AidaIdArnWithPathAndSecondsTime()
    {
        _h.Clock.Advance(TimeSpan.FromMilliseconds(700));

        var user = await _h.Users.CreateAsync("alice", "/team/", null, Tags(("env", "dev")), Ct);

        Assert.Matches("^AIDA[A-Z2-7]{17}$", user.UserId);
        Assert.Equal("arn:aws:iam::123456789012:user/team/alice", user.Arn);
        Assert.Equal("/team/", user.Path);
        Assert.Equal(0, user.CreateDate.Millisecond);
        Assert.Equal([new IamTag("env", "dev")], user.Tags);
    }

    [Fact]
    public async Task CreateAsync_NameTakenInAnotherCase_EntityAlreadyExists()
    {
        await _h.UserAsync("Alice");

        await Refused(() => _h.UserAsync("ALICE"), "EntityAlreadyExists", 409, "User with name ALICE already exists.");
    }

    [Theory]
    [InlineData("bad name", "regular expression pattern")]
    [InlineData("", "length greater than or equal to 1")]
    [InlineData("éric", "regular expression pattern")]
    public async Task CreateAsync_BadName_ValidationError(string name, string fragment) =>
        await Refused(() => _h.UserAsync(name), "ValidationError", 400, fragment);

    [Fact]
    public async Task CreateAsync_NameOf65Characters_ValidationError() =>
        await Refused(() => _h.UserAsync(new string('a', 65)), "ValidationError", 400, "at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64");

    [Theory]
    [InlineData("team")]
    [InlineData("/team")]
    [InlineData("/te am/")]
    public async Task CreateAsync_BadPath_ValidationError(string path) =>
        await Refused(() => _h.UserAsync("alice", path), "ValidationError", 400, "must begin and end with /");

    [Fact]
    public async Task CreateAsync_PermissionsBoundary_InvalidInputNamingIt() =>
        await Refused(() => _h.Users.CreateAsync("alice", null, "arn:aws:iam::aws:policy/ReadOnlyAccess", null, Ct), "InvalidInput", 400, "PermissionsBoundary");

    [Fact]
    public async Task CreateAsync_TagWithAwsPrefix_InvalidInput() =>
        await Refused(() => _h.Users.CreateAsync("alice", null, null, Tags(("aws:x", "1")), Ct), "InvalidInput");

    [Fact]
    public async Task GetAsync_OtherCase_FindsTheUser()
    {
        var created = await _h.UserAsync("Alice");

        Assert.Equal(created.UserId, (await _h.Users.GetAsync("aLiCe", Ct)).UserId);
    }

    [Fact]
    public async Task GetAsync_Unknown_NoSuchEntity404() =>
        await Refused(() => _h.Users.GetAsync("nobody", Ct), "NoSuchEntity", 404, "The user with name nobody cannot be found.");

    [Fact]
    public async Task GetAsync_NoName_NotAUser_ValidationErrorAskingForIt() =>
        await Refused(() => _h.Users.GetAsync(null, Ct), "ValidationError", 400, "Must specify userName when calling with non-User credentials");

    [Fact]
    public async Task GetAsync_NoName_TheCallingUser()
    {
        var alice = await _h.UserAsync("alice");
        using var caller = Caller.Use(new Principal { Arn = alice.Arn, Kind = PrincipalKind.User, AccountId = IamHarness.Account, UserId = alice.UserId, Name = "alice" });

        Assert.Equal(alice.Arn, (await _h.Users.GetAsync(null, Ct)).Arn);
    }

    [Fact]
    public async Task ListAsync_PathPrefixAndMaxItems_PagesInNameOrderWithMarkers()
    {
        foreach (var name in new[] { "carol", "Bob", "alice" })
            await _h.UserAsync(name, "/staff/");
        await _h.UserAsync("zed");

        var first = await _h.Users.ListAsync("/staff/", null, 2, Ct);
        var second = await _h.Users.ListAsync("/staff/", first.Marker, 2, Ct);

        Assert.Equal(["alice", "Bob"], first.Items.Select(u => u.UserName));
        Assert.True(first.IsTruncated);
        Assert.Equal(["carol"], second.Items.Select(u => u.UserName));
        Assert.False(second.IsTruncated);
        Assert.Null(second.Marker);
        Assert.Equal(4, (await _h.Users.ListAsync(null, null, null, Ct)).Items.Count);
    }

    [Fact]
    public async Task ListAsync_MarkerAfterItsItemIsDeleted_ContinuesAfterIt()
    {
        foreach (var name in new[] { "a", "b", "c" })
            await _h.UserAsync(name);
        var first = await _h.Users.ListAsync(null, null, 1, Ct);
        await _h.Users.DeleteAsync("a", Ct);

        var next = await _h.Users.ListAsync(null, first.Marker, 1, Ct);

        Assert.Equal("b", Assert.Single(next.Items).UserName);
    }

    [Theory]
    [InlineData(null, "not-a-marker!", "marker")]
    [InlineData(0, null, "greater than or equal to 1")]
    [InlineData(1001, null, "less than or equal to 1000")]
    public async Task ListAsync_BadMarkerOrMaxItems_ValidationError(int? maxItems, string? marker, string fragment) =>
        await Refused(() => _h.Users.ListAsync(null, marker, maxItems, Ct), "ValidationError", 400, fragment);

    [Fact]
    public async Task UpdateAsync_RenameAndMove_KeepsIdTagsAndPoliciesWithNewArn()
    {
        var user = await _h.Users.CreateAsync("alice", null, null, Tags(("a", "1")), Ct);
        await _h.Inline.PutUserPolicyAsync("alice", "p", Allow, Ct);

        await _h.Users.UpdateAsync("alice", "/ops/", "alicia", Ct);

        var renamed = await _h.Users.GetAsync("alicia", Ct);
        Assert.Equal(user.UserId, renamed.UserId);
        Assert.Equal("arn:aws:iam::123456789012:user/ops/alicia", renamed.Arn);
        Assert.Single(renamed.Tags);
        Assert.Single(renamed.InlinePolicies);
        await Refused(() => _h.Users.GetAsync("alice", Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task UpdateAsync_RenameToTakenName_EntityAlreadyExists()
    {
        await _h.UserAsync("alice");
        await _h.UserAsync("bob");

        await Refused(() => _h.Users.UpdateAsync("alice", null, "BOB", Ct), "EntityAlreadyExists", 409);
    }

    [Fact]
    public async Task UpdateAsync_ChangeOfCaseOnly_Renames()
    {
        await _h.UserAsync("alice");

        await _h.Users.UpdateAsync("alice", null, "Alice", Ct);

        Assert.Equal("Alice", (await _h.Users.GetAsync("alice", Ct)).UserName);
    }

    [Fact]
    public async Task DeleteAsync_WithAccessKey_DeleteConflict()
    {
        await _h.UserAsync();
        await _h.AccessKeys.CreateAsync("alice", Ct);

        await Refused(() => _h.Users.DeleteAsync("alice", Ct), "DeleteConflict", 409, "must delete access keys first");
    }

    [Fact]
    public async Task DeleteAsync_WithInlinePolicy_DeleteConflict()
    {
        await _h.UserAsync();
        await _h.Inline.PutUserPolicyAsync("alice", "p", Allow, Ct);

        await Refused(() => _h.Users.DeleteAsync("alice", Ct), "DeleteConflict", 409, "must delete policies first");
    }

    [Fact]
    public async Task DeleteAsync_WithAttachedPolicy_DeleteConflict()
    {
        await _h.UserAsync();
        await _h.Attachments.AttachUserPolicyAsync("alice", "arn:aws:iam::aws:policy/ReadOnlyAccess", Ct);

        await Refused(() => _h.Users.DeleteAsync("alice", Ct), "DeleteConflict", 409, "must detach all policies first");
    }

    [Fact]
    public async Task DeleteAsync_NothingLeft_UserGone()
    {
        await _h.UserAsync();

        await _h.Users.DeleteAsync("ALICE", Ct);

        await Refused(() => _h.Users.GetAsync("alice", Ct), "NoSuchEntity", 404);
        await Refused(() => _h.Users.DeleteAsync("alice", Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task TagAsync_KeyInAnotherCase_ReplacesTheTag()
    {
        await _h.Users.CreateAsync("alice", null, null, Tags(("Env", "dev"), ("team", "a")), Ct);

        await _h.Users.TagAsync("alice", Tags(("ENV", "prod")), Ct);

        var tags = (await _h.Users.ListTagsAsync("alice", null, null, Ct)).Items;
        Assert.Equal([new IamTag("ENV", "prod"), new IamTag("team", "a")], tags);
    }

    [Fact]
    public async Task TagAsync_PastFifty_LimitExceeded()
    {
        await _h.Users.CreateAsync("alice", null, null, [.. Enumerable.Range(0, 50).Select(i => new TagInput { Key = $"k{i}", Value = "" })], Ct);

        await Refused(() => _h.Users.TagAsync("alice", Tags(("one-more", "x")), Ct), "LimitExceeded", 409);
    }

    [Fact]
    public async Task TagAsync_DuplicateKeysInRequest_InvalidInput()
    {
        await _h.UserAsync();

        await Refused(() => _h.Users.TagAsync("alice", Tags(("a", "1"), ("A", "2")), Ct), "InvalidInput", 400, "case insensitive");
    }

    [Theory]
    [InlineData("", "v", "length greater than or equal to 1")]
    [InlineData("k", "bad\u0001", "regular expression pattern")]
    public async Task TagAsync_BadKeyOrValue_ValidationError(string key, string value, string fragment)
    {
        await _h.UserAsync();

        await Refused(() => _h.Users.TagAsync("alice", Tags((key, value)), Ct), "ValidationError", 400, fragment);
    }

    [Fact]
    public async Task TagAsync_NoTags_ValidationError()
    {
        await _h.UserAsync();

        await Refused(() => _h.Users.TagAsync("alice", null, Ct), "ValidationError", 400, "'tags'");
    }

    [Fact]
    public async Task UntagAsync_KeysInAnyCase_RemovesThem()
    {
        await _h.Users.CreateAsync("alice", null, null, Tags(("Env", "dev"), ("team", "a")), Ct);

        await _h.Users.UntagAsync("alice", ["env", "missing"], Ct);

        Assert.Equal([new IamTag("team", "a")], (await _h.Users.ListTagsAsync("alice", null, null, Ct)).Items);
    }

    [Fact]
    public async Task ListTagsAsync_MaxItems_PagesInTheOrderAdded()
    {
        await _h.Users.CreateAsync("alice", null, null, Tags(("z", "1"), ("a", "2"), ("m", "3")), Ct);

        var first = await _h.Users.ListTagsAsync("alice", null, 2, Ct);
        var rest = await _h.Users.ListTagsAsync("alice", first.Marker, 2, Ct);

        Assert.Equal(["z", "a"], first.Items.Select(t => t.Key));
        Assert.Equal(["m"], rest.Items.Select(t => t.Key));
    }
}
