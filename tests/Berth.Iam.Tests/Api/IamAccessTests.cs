using Berth.Iam.Api;
using Berth.Kernel.Auth;

namespace Berth.Iam.Tests.Api;

public sealed class IamAccessTests
{
    readonly IamAccess _a = new(new IamArns(IamHarness.Account));

    [Fact]
    public void AccessKeyCall_WithoutUserName_IsAboutTheCallersOwnUser()
    {
        var bob = new Principal { Arn = "arn:aws:iam::123456789012:user/bob", Kind = PrincipalKind.User, AccountId = IamHarness.Account, UserId = "AIDA1", Name = "bob" };

        using (Caller.Use(bob))
            Assert.Equal(["arn:aws:iam::123456789012:user/bob"], Assert.Single(_a.User("CreateAccessKey", null)).Resources);
        Assert.Equal(["arn:aws:iam::123456789012:user/alice"], Assert.Single(_a.User("CreateAccessKey", "alice")).Resources);
    }

    [Fact]
    public void AttachRolePolicy_PolicyArnIsAConditionKey()
    {
        var access = Assert.Single(_a.Role("AttachRolePolicy", "app", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"));

        Assert.Equal("iam:AttachRolePolicy", access.Action);
        Assert.Equal(["arn:aws:iam::123456789012:role/app"], access.Resources);
        Assert.Equal(["arn:aws:iam::aws:policy/ReadOnlyAccess"], access.Context["iam:PolicyARN"]);
    }

    [Fact]
    public void CreateRole_OnItsPathWithRequestTags()
    {
        var access = Assert.Single(_a.Role("CreateRole", "app", "/svc/", [new TagInput { Key = "team", Value = "a" }]));

        Assert.Equal(["arn:aws:iam::123456789012:role/svc/app"], access.Resources);
        Assert.Equal(["a"], access.Context["aws:RequestTag/team"]);
    }
}
