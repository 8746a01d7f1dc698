using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class RoleServiceTests : IDisposable
{
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task CreateAsync_Role_AroaIdArnWithPathAndOneHourSessions()
    {
        var role = await _h.RoleAsync("ecsTaskExecutionRole", "/ecs/");

        Assert.Matches("^AROA[A-Z2-7]{17}$", role.RoleId);
        Assert.Equal("arn:aws:iam::123456789012:role/ecs/ecsTaskExecutionRole", role.Arn);
        Assert.Equal(3600, role.MaxSessionDuration);
        Assert.Equal(Trust, role.AssumeRolePolicyDocument);
        Assert.Null(role.LinkedService);
    }

    [Fact]
    public async Task CreateAsync_AllMembers_Kept()
    {
        var role = await _h.Roles.CreateAsync(new CreateRoleRequest
        {
            RoleName = "app",
            AssumeRolePolicyDocument = Trust,
            Description = "the app",
            MaxSessionDuration = 43200,
            Tags = Tags(("team", "core")),
        }, Ct);

        Assert.Equal("the app", role.Description);
        Assert.Equal(43200, role.MaxSessionDuration);
        Assert.Equal([new IamTag("team", "core")], role.Tags);
    }

    [Fact]
    public async Task CreateAsync_Duplicate_EntityAlreadyExists()
    {
        await _h.RoleAsync("app");

        await Refused(() => _h.RoleAsync("APP"), "EntityAlreadyExists", 409, "Role with name APP already exists.");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    public async Task CreateAsync_MalformedTrustPolicy_MalformedPolicyDocument(string trust) =>
        await Refused(() => _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app", AssumeRolePolicyDocument = trust }, Ct), "MalformedPolicyDocument");

    [Fact]
    public async Task CreateAsync_NoTrustPolicy_ValidationError() =>
        await Refused(() => _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app" }, Ct), "ValidationError", 400, "'assumeRolePolicyDocument'");

    [Fact]
    public async Task CreateAsync_TrustPolicyOverQuota_LimitExceeded()
    {
        var big = $$"""{"Version":"2012-10-17","Statement":[{"Sid":"{{new string('a', 2100)}}","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

        await Refused(() => _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app", AssumeRolePolicyDocument = big }, Ct), "LimitExceeded", 409, "ACLSizePerRole");
    }

    [Fact]
    public async Task CreateAsync_WhiteSpace_NotCountedAgainstTheQuota()
    {
        var spaced = Trust.Replace(",", "," + new string(' ', 500), StringComparison.Ordinal);

        var role = await _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app", AssumeRolePolicyDocument = spaced }, Ct);

        Assert.Equal(spaced, role.AssumeRolePolicyDocument);
    }

    [Theory]
    [InlineData(3599)]
    [InlineData(43201)]
    public async Task CreateAsync_SessionDurationOutOfRange_ValidationError(int seconds) =>
        await Refused(() => _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app", AssumeRolePolicyDocument = Trust, MaxSessionDuration = seconds }, Ct),
            "ValidationError", 400, "maxSessionDuration");

    [Fact]
    public async Task CreateAsync_DescriptionWithControlCharacter_ValidationError() =>
        await Refused(() => _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app", AssumeRolePolicyDocument = Trust, Description = "a\u0001" }, Ct),
            "ValidationError", 400, "description");

    [Fact]
    public async Task GetAsync_Unknown_NoSuchEntity() =>
        await Refused(() => _h.Roles.GetAsync("nope", Ct), "NoSuchEntity", 404, "The role with name nope cannot be found.");

    [Fact]
    public async Task ListAsync_PathPrefix_OnlyRolesUnderIt()
    {
        await _h.RoleAsync("a", "/svc/");
        await _h.RoleAsync("b", "/svc/sub/");
        await _h.RoleAsync("c");

        var page = await _h.Roles.ListAsync("/svc/", null, null, Ct);

        Assert.Equal(["a", "b"], page.Items.Select(r => r.RoleName));
        Assert.False(page.IsTruncated);
    }

    [Fact]
    public async Task UpdateAsync_DescriptionAndDuration_Changed()
    {
        await _h.RoleAsync();

        await _h.Roles.UpdateAsync("app", "new", 7200, Ct);

        var role = await _h.Roles.GetAsync("app", Ct);
        Assert.Equal("new", role.Description);
        Assert.Equal(7200, role.MaxSessionDuration);
    }

    [Fact]
    public async Task UpdateAsync_DurationOnly_KeepsDescription()
    {
        await _h.Roles.CreateAsync(new CreateRoleRequest { RoleName = "app", AssumeRolePolicyDocument = Trust, Description = "kept" }, Ct);

        await _h.Roles.UpdateAsync("app", null, 7200, Ct);

        Assert.Equal("kept", (await _h.Roles.GetAsync("app", Ct)).Description);
    }

    [Fact]
    public async Task UpdateDescriptionAsync_Role_ReturnsTheUpdatedRole()
    {
        await _h.RoleAsync();

        var role = await _h.Roles.UpdateDescriptionAsync("app", "described", Ct);

        Assert.Equal("described", role.Description);
    }

    [Fact]
    public async Task UpdateAssumeRolePolicyAsync_NewDocument_Replaced()
    {
        await _h.RoleAsync();
        var trust = Trust.Replace("ecs-tasks", "ecs", StringComparison.Ordinal);

        await _h.Roles.UpdateAssumeRolePolicyAsync("app", trust, Ct);

        Assert.Equal(trust, (await _h.Roles.GetAsync("app", Ct)).AssumeRolePolicyDocument);
        await Refused(() => _h.Roles.UpdateAssumeRolePolicyAsync("app", "nope", Ct), "MalformedPolicyDocument");
    }

    [Fact]
    public async Task DeleteAsync_WithInlinePolicy_DeleteConflict()
    {
        await _h.RoleAsync();
        await _h.Inline.PutRolePolicyAsync("app", "p", Allow, Ct);

        await Refused(() => _h.Roles.DeleteAsync("app", Ct), "DeleteConflict", 409, "must delete policies first");
    }

    [Fact]
    public async Task DeleteAsync_WithAttachedPolicy_DeleteConflictUntilDetached()
    {
        await _h.RoleAsync();
        const string arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
        await _h.Attachments.AttachRolePolicyAsync("app", arn, Ct);

        await Refused(() => _h.Roles.DeleteAsync("app", Ct), "DeleteConflict", 409, "must detach all policies first");

        await _h.Attachments.DetachRolePolicyAsync("app", arn, Ct);
        await _h.Roles.DeleteAsync("app", Ct);
        Assert.Equal(0, await _h.CountAsync(IamKinds.Roles));
    }

    [Fact]
    public async Task TagAsync_ThenUntag_TagsFollow()
    {
        await _h.RoleAsync();

        await _h.Roles.TagAsync("app", Tags(("a", "1"), ("b", "2")), Ct);
        await _h.Roles.UntagAsync("app", ["A"], Ct);

        Assert.Equal([new IamTag("b", "2")], (await _h.Roles.ListTagsAsync("app", null, null, Ct)).Items);
    }

    [Fact]
    public async Task UntagAsync_NoKeys_ValidationError()
    {
        await _h.RoleAsync();

        await Refused(() => _h.Roles.UntagAsync("app", null, Ct), "ValidationError", 400, "tagKeys");
    }

    [Fact]
    public async Task InstanceProfilesAsync_Role_AlwaysEmpty()
    {
        await _h.RoleAsync();

        var page = await _h.Roles.InstanceProfilesAsync("app", null, null, Ct);

        Assert.Empty(page.Items);
        Assert.False(page.IsTruncated);
        await Refused(() => _h.Roles.InstanceProfilesAsync("nope", null, null, Ct), "NoSuchEntity", 404);
    }
}
