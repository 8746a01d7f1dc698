using System.Text;
using Berth.Kernel.Protocol;

namespace Berth.Kernel.Tests.Protocol;

public sealed class QueryFormTests
{
    [Fact]
    public void Parse_DecodesPlusAndPercent_LastValueWins()
    {
        var form = QueryForm.Parse("", Encoding.UTF8.GetBytes("Name=a+b%2Fc&Empty=&Flag&Name=x%20y"));

        Assert.Equal("x y", form["Name"]);
        Assert.Equal("", form["Empty"]);
        Assert.Equal("", form["Flag"]);
        Assert.False(form.ContainsKey("Missing"));
    }

    [Fact]
    public void Parse_UrlQueryStringAndBodyBothCount()
    {
        var form = QueryForm.Parse("Action=DescribeLoadBalancers", "Version=2015-12-01"u8.ToArray());

        Assert.Equal(("DescribeLoadBalancers", "2015-12-01"), (form["Action"], form["Version"]));
    }

    [Fact]
    public void Parse_TooManyParameters_ValidationError() =>
        Assert.Equal("ValidationError", Assert.Throws<AwsException>(() =>
            QueryForm.Parse("", Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, QueryForm.MaxParameters + 1).Select(i => $"k{i}=v"))))).Code);
}
