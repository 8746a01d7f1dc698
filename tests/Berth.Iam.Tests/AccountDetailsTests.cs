using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class AccountDetailsTests : IDisposable
{
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task ListAsync_Everything_UsersRolesLocalAndAttachedAwsPolicies()
    {
        await _h.UserAsync();
        await _h.Inline.PutUserPolicyAsync("alice", "p", Allow, Ct);
        await _h.RoleAsync();
        await _h.Attachments.AttachRolePolicyAsync("app", "arn:aws:iam::aws:policy/ReadOnlyAccess", Ct);
        var local = await _h.PolicyAsync();
        await _h.Policies.CreateVersionAsync(local.Arn, Allow, false, Ct);

        var page = await _h.Details.ListAsync(null, null, null, Ct);

        var user = Assert.Single(page.Items, e => e.User is not null);
        Assert.Single(user.User!.InlinePolicies);
        var role = Assert.Single(page.Items, e => e.Role is not null);
        Assert.Equal("ReadOnlyAccess", Assert.Single(role.Attached).PolicyName);
        var policies = page.Items.Where(e => e.Policy is not null).ToList();
        Assert.Equal(["ecs-read", "ReadOnlyAccess"], policies.Select(p => p.Policy!.PolicyName));
        Assert.Equal(2, policies[0].Versions.Count);
        Assert.All(policies[0].Versions, v => Assert.Equal(Allow, v.Document));
    }

    [Fact]
    public async Task ListAsync_FilterAndPaging_OnlyThatKindAcrossPages()
    {
        await _h.UserAsync("a");
        await _h.UserAsync("b");
        await _h.RoleAsync();

        var first = await _h.Details.ListAsync(["User"], null, 1, Ct);
        var second = await _h.Details.ListAsync(["User"], first.Marker, 1, Ct);

        Assert.Equal("a", Assert.Single(first.Items).User!.UserName);
        Assert.Equal("b", Assert.Single(second.Items).User!.UserName);
        Assert.False(second.IsTruncated);
        await Refused(() => _h.Details.ListAsync(["Users"], null, null, Ct), "ValidationError", 400, "enum value set");
    }
}
