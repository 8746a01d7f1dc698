using Berth.Elb.Api;
using Berth.Kernel.Tagging;

namespace Berth.Elb.Tests.Api;

public sealed class ElbAccessTests
{
    const string Tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef";

    [Fact]
    public void RegisterTargets_OnTheTargetGroupsArn() =>
        Assert.Equal([Tg], Assert.Single(ElbAccess.On("RegisterTargets", Tg)).Resources);

    [Fact]
    public void AddTags_EachResourceWithTheRequestTags()
    {
        var access = Assert.Single(ElbAccess.On("AddTags", [Tg, Tg + "2"], [new Tag { Key = "env", Value = "prod" }]));

        Assert.Equal("elasticloadbalancing:AddTags", access.Action);
        Assert.Equal([Tg, Tg + "2"], access.Resources);
        Assert.Equal(["prod"], access.Context["aws:RequestTag/env"]);
        Assert.Equal(["env"], access.Context["aws:TagKeys"]);
    }

    [Fact]
    public void CreateLoadBalancer_OnAllResources_NoTagsNoKeys()
    {
        var access = Assert.Single(ElbAccess.Create("CreateLoadBalancer", null));

        Assert.Equal(["*"], access.Resources);
        Assert.Empty(access.Context);
    }
}
