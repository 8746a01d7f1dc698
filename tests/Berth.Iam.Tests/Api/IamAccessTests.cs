using Berth.Iam.Api;
using Berth.Kernel.Auth;

namespace Berth.Iam.Tests.Api;

public sealed class IamAccessTests : IDisposable
{
    static readonly CancellationToken Ct = IamHarness.Ct;
    readonly IamHarness _h = new();
    readonly IamAccess _a;

    public IamAccessTests() => _a = new IamAccess(_h.Arns, _h.Store);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task AccessKeyCall_WithoutUserName_IsAboutTheCallersOwnUser_OnItsPath()
    {
        await _h.UserAsync("bob", "/dev/");
        var bob = new Principal { Arn = "arn:aws:iam::123456789012:user/dev/bob", Kind = PrincipalKind.User, AccountId = IamHarness.Account, UserId = "AIDA1", Name = "bob" };

        using (Caller.Use(bob))
            Assert.Equal(["arn:aws:iam::123456789012:user/dev/bob"], Assert.Single(await _a.UserAsync(Ct, "CreateAccessKey", null)).Resources);
        Assert.Equal(["arn:aws:iam::123456789012:user/alice"], Assert.Single(await _a.UserAsync(Ct, "CreateAccessKey", "alice")).Resources);
    }

    [Fact]
    public async Task AttachRolePolicy_OnTheRolesArn_PolicyArnIsAConditionKey()
    {
        await _h.RoleAsync("app", "/svc/");

        var access = Assert.Single(await _a.RoleAsync(Ct, "AttachRolePolicy", "APP", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"));

        Assert.Equal("iam:AttachRolePolicy", access.Action);
        Assert.Equal(["arn:aws:iam::123456789012:role/svc/app"], access.Resources);
        Assert.Equal(["arn:aws:iam::aws:policy/ReadOnlyAccess"], access.Context["iam:PolicyARN"]);
    }

    [Fact]
    public void CreateRole_OnItsPathWithRequestTags()
    {
        var access = Assert.Single(_a.NewRole("CreateRole", "app", "/svc/", [new TagInput { Key = "team", Value = "a" }]));

        Assert.Equal(["arn:aws:iam::123456789012:role/svc/app"], access.Resources);
        Assert.Equal(["a"], access.Context["aws:RequestTag/team"]);
    }
}
