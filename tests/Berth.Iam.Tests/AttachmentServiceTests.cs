using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class AttachmentServiceTests : IDisposable
{
    const string ReadOnly = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    const string Execution = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task AttachRolePolicyAsync_Twice_AttachedOnce()
    {
        await _h.RoleAsync();

        await _h.Attachments.AttachRolePolicyAsync("app", Execution, Ct);
        await _h.Attachments.AttachRolePolicyAsync("APP", Execution, Ct);

        var attached = Assert.Single((await _h.Attachments.ListRolePoliciesAsync("app", null, null, null, Ct)).Items);
        Assert.Equal("AmazonECSTaskExecutionRolePolicy", attached.PolicyName);
    }

    [Fact]
    public async Task AttachUserPolicyAsync_Eleventh_LimitExceeded()
    {
        await _h.UserAsync();
        for (var i = 0; i < 10; i++)
            await _h.Attachments.AttachUserPolicyAsync("alice", (await _h.PolicyAsync($"p{i}")).Arn, Ct);
        var eleventh = await _h.PolicyAsync("p10");

        await Refused(() => _h.Attachments.AttachUserPolicyAsync("alice", eleventh.Arn, Ct), "LimitExceeded", 409, "PoliciesPerUser: 10");
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:policy/none")]
    [InlineData("arn:aws:iam::aws:policy/AmazonS3FullAccess")]
    public async Task AttachRolePolicyAsync_UnknownPolicy_NoSuchEntity(string arn)
    {
        await _h.RoleAsync();

        await Refused(() => _h.Attachments.AttachRolePolicyAsync("app", arn, Ct), "NoSuchEntity", 404, "does not exist or is not attachable");
    }

    [Fact]
    public async Task AttachRolePolicyAsync_ServiceLinkedRolePolicy_PolicyNotAttachable()
    {
        await _h.RoleAsync();
        await _h.UserAsync();
        const string arn = "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy";

        await Refused(() => _h.Attachments.AttachRolePolicyAsync("app", arn, Ct), "PolicyNotAttachable", 400, "Customer Role");
        await Refused(() => _h.Attachments.AttachUserPolicyAsync("alice", arn, Ct), "PolicyNotAttachable");
    }

    [Fact]
    public async Task AttachUserPolicyAsync_UnknownUserOrBadArn_NoSuchEntityOrInvalidInput()
    {
        await Refused(() => _h.Attachments.AttachUserPolicyAsync("nobody", ReadOnly, Ct), "NoSuchEntity", 404);
        await _h.UserAsync();
        await Refused(() => _h.Attachments.AttachUserPolicyAsync("alice", "arn:aws:iam::aws:role/x/y/z", Ct), "InvalidInput");
    }

    [Fact]
    public async Task DetachUserPolicyAsync_NotAttached_NoSuchEntity()
    {
        await _h.UserAsync();

        await Refused(() => _h.Attachments.DetachUserPolicyAsync("alice", ReadOnly, Ct), "NoSuchEntity", 404, $"Policy {ReadOnly} was not found.");
    }

    [Fact]
    public async Task AttachCustomerPolicy_CountedOnThePolicy()
    {
        var policy = await _h.PolicyAsync();
        await _h.UserAsync();
        await _h.RoleAsync();

        await _h.Attachments.AttachUserPolicyAsync("alice", policy.Arn, Ct);
        await _h.Attachments.AttachRolePolicyAsync("app", policy.Arn, Ct);

        Assert.Equal(2, (await _h.Policies.GetAsync(policy.Arn, Ct)).AttachmentCount);
    }

    [Fact]
    public async Task ListRolePoliciesAsync_PathPrefixAndPaging_FilteredInNameOrder()
    {
        await _h.RoleAsync();
        await _h.Attachments.AttachRolePolicyAsync("app", ReadOnly, Ct);
        await _h.Attachments.AttachRolePolicyAsync("app", Execution, Ct);
        await _h.Attachments.AttachRolePolicyAsync("app", "arn:aws:iam::aws:policy/AdministratorAccess", Ct);

        var serviceRole = (await _h.Attachments.ListRolePoliciesAsync("app", "/service-role/", null, null, Ct)).Items;
        var first = await _h.Attachments.ListRolePoliciesAsync("app", null, null, 2, Ct);
        var rest = await _h.Attachments.ListRolePoliciesAsync("app", null, first.Marker, 2, Ct);

        Assert.Equal([Execution], serviceRole.Select(a => a.PolicyArn));
        Assert.Equal(["AdministratorAccess", "AmazonECSTaskExecutionRolePolicy"], first.Items.Select(a => a.PolicyName));
        Assert.Equal(["ReadOnlyAccess"], rest.Items.Select(a => a.PolicyName));
    }
}
