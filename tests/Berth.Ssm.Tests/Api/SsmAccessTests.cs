using Berth.Kernel;
using Berth.Ssm.Api;

namespace Berth.Ssm.Tests.Api;

public sealed class SsmAccessTests
{
    const string P = "arn:aws:ssm:us-east-1:123456789012:parameter/";
    readonly SsmAccess _a = new(new Arns("123456789012", "us-east-1"));

    [Theory]
    [InlineData("/prod/db", P + "prod/db")]
    [InlineData("prod/db", P + "prod/db")]
    [InlineData("/prod/db:3", P + "prod/db")]
    [InlineData("/prod/db:live", P + "prod/db")]
    [InlineData(P + "prod/db:2", P + "prod/db")]
    public void Parameter_ByItsArn_WithoutSelector(string name, string arn) =>
        Assert.Equal([arn], Assert.Single(_a.Parameter("GetParameter", name)).Resources);

    [Fact]
    public void GetParameters_EachNameOnce()
    {
        var access = Assert.Single(_a.Parameters("GetParameters", ["/a", "a:1", "/b"]));

        Assert.Equal([P + "a", P + "b"], access.Resources);
    }

    [Fact]
    public void TagCalls_OnlyParametersHaveArns()
    {
        Assert.Equal([P + "x"], Assert.Single(_a.Resource("ListTagsForResource", "Parameter", "/x")).Resources);
        Assert.Equal(["*"], Assert.Single(_a.Resource("ListTagsForResource", "Document", "d")).Resources);
    }
}
