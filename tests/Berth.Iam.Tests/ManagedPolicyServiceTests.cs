using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class ManagedPolicyServiceTests : IDisposable
{
    const string Admin = "arn:aws:iam::aws:policy/AdministratorAccess";
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task CreateAsync_Policy_AnpaIdArnWithPathAndV1Default()
    {
        var policy = await _h.Policies.CreateAsync("ecs-read", "/team/", Allow, "reads ECS", Tags(("a", "b")), Ct);

        Assert.Matches("^ANPA[A-Z2-7]{17}$", policy.PolicyId);
        Assert.Equal("arn:aws:iam::123456789012:policy/team/ecs-read", policy.Arn);
        Assert.Equal("v1", policy.DefaultVersionId);
        Assert.Equal(0, policy.AttachmentCount);
        var version = await _h.Policies.GetVersionAsync(policy.Arn, "v1", Ct);
        Assert.Equal(Allow, version.Document);
        Assert.True(version.IsDefaultVersion);
        Assert.Equal("reads ECS", (await _h.Policies.GetAsync(policy.Arn, Ct)).Description);
    }

    [Fact]
    public async Task CreateAsync_SameNameOtherPath_EntityAlreadyExists()
    {
        await _h.PolicyAsync("p", "/a/");

        await Refused(() => _h.PolicyAsync("P", "/b/"), "EntityAlreadyExists", 409, "A policy called P already exists.");
    }

    [Fact]
    public async Task CreateAsync_OverPolicySizeQuota_LimitExceeded() =>
        await Refused(() => _h.PolicyAsync(document: InlinePolicyServiceTests.Padded(6200)), "LimitExceeded", 409, "PolicySize: 6144");

    [Theory]
    [InlineData("/a b/")]
    [InlineData("no-slash")]
    [InlineData("/trailing")]
    public async Task CreateAsync_BadPath_ValidationError(string path) =>
        await Refused(() => _h.PolicyAsync("p", path), "ValidationError", 400, "path");

    [Fact]
    public async Task CreateAsync_Malformed_MalformedPolicyDocument() =>
        await Refused(() => _h.PolicyAsync(document: "nope"), "MalformedPolicyDocument");

    [Theory]
    [InlineData("arn:aws:iam::123456789012:user/alice")]
    [InlineData("arn:aws:s3:::bucket/policy/x")]
    [InlineData("not an arn at all, not at all")]
    public async Task GetAsync_NotAPolicyArn_InvalidInput(string arn) =>
        await Refused(() => _h.Policies.GetAsync(arn, Ct), "InvalidInput", 400, "is not valid");

    [Theory]
    [InlineData("arn:aws:iam::123456789012:policy/none")]
    [InlineData("arn:aws:iam::999999999999:policy/ecs-read")]
    [InlineData("arn:aws:iam::123456789012:policy/other/ecs-read")]
    [InlineData("arn:aws:iam::aws:policy/NoSuchManagedPolicy")]
    public async Task GetAsync_Unknown_NoSuchEntity(string arn)
    {
        await _h.PolicyAsync("ecs-read");

        await Refused(() => _h.Policies.GetAsync(arn, Ct), "NoSuchEntity", 404, "was not found");
    }

    [Fact]
    public async Task GetAsync_AwsManaged_AwsIdAndDescriptionWithItsAttachmentCount()
    {
        await _h.RoleAsync();
        await _h.Attachments.AttachRolePolicyAsync("app", Admin, Ct);

        var policy = await _h.Policies.GetAsync(Admin, Ct);

        Assert.Equal("ANPAIWMBCKSKIEE64ZLYK", policy.PolicyId);
        Assert.Equal("Provides full access to AWS services and resources.", policy.Description);
        Assert.Equal(1, policy.AttachmentCount);
        Assert.Contains("\"Action\": \"*\"", (await _h.Policies.GetVersionAsync(Admin, "v1", Ct)).Document, StringComparison.Ordinal);
        await Refused(() => _h.Policies.GetVersionAsync(Admin, "v2", Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task AwsManaged_ChangedByUsers_AccessDenied403()
    {
        await Refused(() => _h.Policies.DeleteAsync(Admin, Ct), "AccessDenied", 403, "AWS managed policy");
        await Refused(() => _h.Policies.CreateVersionAsync(Admin, Allow, true, Ct), "AccessDenied", 403);
        await Refused(() => _h.Policies.SetDefaultVersionAsync(Admin, "v1", Ct), "AccessDenied", 403);
        await Refused(() => _h.Policies.TagAsync(Admin, Tags(("a", "b")), Ct), "AccessDenied", 403);
        Assert.Empty((await _h.Policies.ListTagsAsync(Admin, null, null, Ct)).Items);
    }

    [Fact]
    public async Task CreateVersionAsync_SetAsDefault_NewDefaultAndUpdateDate()
    {
        var policy = await _h.PolicyAsync();
        _h.Clock.Advance(TimeSpan.FromMinutes(1));

        var v2 = await _h.Policies.CreateVersionAsync(policy.Arn, Allow, true, Ct);
        var v3 = await _h.Policies.CreateVersionAsync(policy.Arn, Allow, null, Ct);

        Assert.Equal("v2", v2.VersionId);
        Assert.False(v3.IsDefaultVersion);
        var now = await _h.Policies.GetAsync(policy.Arn, Ct);
        Assert.Equal("v2", now.DefaultVersionId);
        Assert.Equal(policy.CreateDate.AddMinutes(1), now.UpdateDate);
        Assert.Equal(["v3", "v2", "v1"], (await _h.Policies.ListVersionsAsync(policy.Arn, null, null, Ct)).Items.Select(v => v.VersionId));
    }

    [Fact]
    public async Task CreateVersionAsync_Sixth_LimitExceeded()
    {
        var policy = await _h.PolicyAsync();
        for (var i = 0; i < 4; i++)
            await _h.Policies.CreateVersionAsync(policy.Arn, Allow, false, Ct);

        await Refused(() => _h.Policies.CreateVersionAsync(policy.Arn, Allow, false, Ct), "LimitExceeded", 409, "up to 5 versions");
    }

    [Fact]
    public async Task DeleteVersionAsync_ThenCreate_VersionIdsNotReused()
    {
        var policy = await _h.PolicyAsync();
        await _h.Policies.CreateVersionAsync(policy.Arn, Allow, false, Ct);

        await _h.Policies.DeleteVersionAsync(policy.Arn, "v2", Ct);
        var next = await _h.Policies.CreateVersionAsync(policy.Arn, Allow, false, Ct);

        Assert.Equal("v3", next.VersionId);
        await Refused(() => _h.Policies.GetVersionAsync(policy.Arn, "v2", Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task DeleteVersionAsync_Default_DeleteConflict()
    {
        var policy = await _h.PolicyAsync();

        await Refused(() => _h.Policies.DeleteVersionAsync(policy.Arn, "v1", Ct), "DeleteConflict", 409, "default version");
        await Refused(() => _h.Policies.DeleteVersionAsync(policy.Arn, "v9", Ct), "NoSuchEntity", 404);
        await Refused(() => _h.Policies.DeleteVersionAsync(policy.Arn, "1", Ct), "ValidationError", 400, "versionId");
    }

    [Fact]
    public async Task SetDefaultVersionAsync_KnownAndUnknown_ChangedOrNoSuchEntity()
    {
        var policy = await _h.PolicyAsync();
        await _h.Policies.CreateVersionAsync(policy.Arn, Allow, false, Ct);

        await _h.Policies.SetDefaultVersionAsync(policy.Arn, "v2", Ct);

        Assert.Equal("v2", (await _h.Policies.GetAsync(policy.Arn, Ct)).DefaultVersionId);
        await Refused(() => _h.Policies.SetDefaultVersionAsync(policy.Arn, "v7", Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task DeleteAsync_Attached_DeleteConflictUntilDetached()
    {
        var policy = await _h.PolicyAsync();
        await _h.UserAsync();
        await _h.Attachments.AttachUserPolicyAsync("alice", policy.Arn, Ct);

        await Refused(() => _h.Policies.DeleteAsync(policy.Arn, Ct), "DeleteConflict", 409, "attached to entities");

        await _h.Attachments.DetachUserPolicyAsync("alice", policy.Arn, Ct);
        await _h.Policies.DeleteAsync(policy.Arn, Ct);
        await Refused(() => _h.Policies.GetAsync(policy.Arn, Ct), "NoSuchEntity", 404);
    }

    [Fact]
    public async Task DeleteAsync_WithOtherVersions_DeleteConflict()
    {
        var policy = await _h.PolicyAsync();
        await _h.Policies.CreateVersionAsync(policy.Arn, Allow, false, Ct);

        await Refused(() => _h.Policies.DeleteAsync(policy.Arn, Ct), "DeleteConflict", 409, "more than one version");
    }

    [Fact]
    public async Task ListAsync_Scopes_AwsLocalAndAll()
    {
        await _h.PolicyAsync("mine");

        var aws = (await _h.Policies.ListAsync("AWS", null, null, null, null, null, Ct)).Items;
        var local = (await _h.Policies.ListAsync("Local", null, null, null, null, null, Ct)).Items;
        var all = (await _h.Policies.ListAsync(null, null, null, null, null, 1000, Ct)).Items;

        Assert.Contains(aws, p => p.Arn == "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy");
        Assert.DoesNotContain(aws, p => p.PolicyName == "mine");
        Assert.Equal(["mine"], local.Select(p => p.PolicyName));
        Assert.Equal(aws.Count + 1, all.Count);
    }

    [Fact]
    public async Task ListAsync_OnlyAttachedAndPathPrefix_Filtered()
    {
        await _h.RoleAsync();
        await _h.Attachments.AttachRolePolicyAsync("app", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", Ct);

        var attached = (await _h.Policies.ListAsync("All", true, null, null, null, null, Ct)).Items;
        var serviceRole = (await _h.Policies.ListAsync("AWS", null, "/service-role/", null, null, null, Ct)).Items;
        var boundaries = (await _h.Policies.ListAsync("All", null, null, "PermissionsBoundary", null, null, Ct)).Items;

        Assert.Equal(["AmazonECSTaskExecutionRolePolicy"], attached.Select(p => p.PolicyName));
        Assert.Equal(1, attached[0].AttachmentCount);
        Assert.Equal(["AmazonECSTaskExecutionRolePolicy"], serviceRole.Select(p => p.PolicyName));
        Assert.Empty(boundaries);
    }

    [Fact]
    public async Task ListAsync_MaxItems_PagesThroughEveryPolicyOnce()
    {
        for (var i = 0; i < 3; i++)
            await _h.PolicyAsync($"p{i}");
        var seen = new List<string>();

        string? marker = null;
        do
        {
            var page = await _h.Policies.ListAsync(null, null, null, null, marker, 4, Ct);
            Assert.True(page.Items.Count <= 4);
            seen.AddRange(page.Items.Select(p => p.Arn));
            marker = page.Marker;
        }
        while (marker is not null);

        Assert.Equal(Managed.AwsManagedPolicies.All.Count + 3, seen.Distinct().Count());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Theory]
    [InlineData("Everything", null)]
    [InlineData(null, "Both")]
    public async Task ListAsync_UnknownScopeOrUsage_ValidationError(string? scope, string? usage) =>
        await Refused(() => _h.Policies.ListAsync(scope, null, null, usage, null, null, Ct), "ValidationError", 400, "enum value set");

    [Fact]
    public async Task TagAsync_Policy_TagsListedAndRemoved()
    {
        var policy = await _h.PolicyAsync();

        await _h.Policies.TagAsync(policy.Arn, Tags(("a", "1"), ("b", "2")), Ct);
        await _h.Policies.UntagAsync(policy.Arn, ["a"], Ct);

        Assert.Equal([new IamTag("b", "2")], (await _h.Policies.ListTagsAsync(policy.Arn, null, null, Ct)).Items);
        Assert.Equal([new IamTag("b", "2")], (await _h.Policies.GetAsync(policy.Arn, Ct)).Tags);
    }
}
