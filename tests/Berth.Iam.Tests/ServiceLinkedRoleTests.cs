using static Berth.Iam.Tests.IamHarness;

namespace Berth.Iam.Tests;

public sealed class ServiceLinkedRoleTests : IDisposable
{
    const string EcsPolicy = "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy";
    readonly IamHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<IamRole> EcsAsync() => _h.LinkedRoles.CreateAsync("ecs.amazonaws.com", null, null, Ct);

    [Fact]
    public async Task CreateAsync_Ecs_AwsServiceRoleForEcsWithItsTrustAndPolicy()
    {
        var role = await EcsAsync();

        Assert.Equal("AWSServiceRoleForECS", role.RoleName);
        Assert.Equal("/aws-service-role/ecs.amazonaws.com/", role.Path);
        Assert.Equal("arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS", role.Arn);
        Assert.Contains("\"Service\":\"ecs.amazonaws.com\"", role.AssumeRolePolicyDocument, StringComparison.Ordinal);
        Assert.Equal("Role to enable Amazon ECS to manage your cluster.", role.Description);
        var attached = (await _h.Attachments.ListRolePoliciesAsync("AWSServiceRoleForECS", null, null, null, Ct)).Items;
        Assert.Equal(EcsPolicy, Assert.Single(attached).PolicyArn);
    }

    [Fact]
    public async Task CreateAsync_Description_Kept()
    {
        var role = await _h.LinkedRoles.CreateAsync("elasticloadbalancing.amazonaws.com", "mine", null, Ct);

        Assert.Equal("AWSServiceRoleForElasticLoadBalancing", role.RoleName);
        Assert.Equal("mine", role.Description);
    }

    [Fact]
    public async Task CreateAsync_Twice_InvalidInputNameTaken()
    {
        await EcsAsync();

        await Refused(EcsAsync, "InvalidInput", 400, "Service role name AWSServiceRoleForECS has been taken in this account");
    }

    [Fact]
    public async Task CreateAsync_UnknownService_InvalidInput() =>
        await Refused(() => _h.LinkedRoles.CreateAsync("nothing.amazonaws.com", null, null, Ct), "InvalidInput", 400, "ecs.amazonaws.com");

    [Fact]
    public async Task CreateAsync_CustomSuffix_InvalidInput() =>
        await Refused(() => _h.LinkedRoles.CreateAsync("ecs.amazonaws.com", null, "x", Ct), "InvalidInput", 400, "Custom suffix");

    [Fact]
    public async Task LinkedRole_ChangedByUsers_UnmodifiableEntity()
    {
        await EcsAsync();
        const string name = "AWSServiceRoleForECS";

        await Refused(() => _h.Roles.DeleteAsync(name, Ct), "UnmodifiableEntity", 400, "protected role 'AWSServiceRoleForECS'");
        await Refused(() => _h.Roles.UpdateAssumeRolePolicyAsync(name, Trust, Ct), "UnmodifiableEntity");
        await Refused(() => _h.Roles.UpdateAsync(name, null, 7200, Ct), "UnmodifiableEntity");
        await Refused(() => _h.Inline.PutRolePolicyAsync(name, "p", Allow, Ct), "UnmodifiableEntity");
        await Refused(() => _h.Attachments.AttachRolePolicyAsync(name, "arn:aws:iam::aws:policy/ReadOnlyAccess", Ct), "UnmodifiableEntity");
        await Refused(() => _h.Attachments.DetachRolePolicyAsync(name, EcsPolicy, Ct), "UnmodifiableEntity");
    }

    [Fact]
    public async Task LinkedRole_Description_MayChange()
    {
        await EcsAsync();

        var role = await _h.Roles.UpdateDescriptionAsync("AWSServiceRoleForECS", "ours", Ct);

        Assert.Equal("ours", role.Description);
    }

    [Fact]
    public async Task DeleteAsync_LinkedRole_GoneWithItsAttachmentAndTaskSucceeded()
    {
        await EcsAsync();

        var task = await _h.LinkedRoles.DeleteAsync("AWSServiceRoleForECS", Ct);

        Assert.StartsWith("task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/", task, StringComparison.Ordinal);
        Assert.Equal("SUCCEEDED", ServiceLinkedRoles.DeletionStatus(task));
        Assert.Equal(0, await _h.CountAsync(IamKinds.Roles));
        Assert.Equal(0, await _h.CountAsync(IamKinds.Attachments));
        await EcsAsync();
    }

    [Fact]
    public async Task DeleteAsync_OrdinaryRole_InvalidInput()
    {
        await _h.RoleAsync();

        await Refused(() => _h.LinkedRoles.DeleteAsync("app", Ct), "InvalidInput", 400, "DeleteRole");
    }

    [Theory]
    [InlineData("task/x")]
    [InlineData("task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/not-a-guid")]
    public void DeletionStatus_UnknownTask_InvalidInput(string id) =>
        AwsAssertions.Code(() => ServiceLinkedRoles.DeletionStatus(id), "InvalidInput");
}

static class AwsAssertions
{
    public static void Code(Action act, string code) => Assert.Equal(code, Assert.Throws<Kernel.AwsException>(act).Code);
}
