using Berth.Kernel.Protocol;

namespace Berth.Kernel.Tests.Protocol;

public sealed class QueryInputTests
{
    static QueryInput Input(string form) => new(QueryForm.Parse("", System.Text.Encoding.UTF8.GetBytes(form)));

    [Fact]
    public void Parse_DecodesPlusAndPercent_LastValueWins()
    {
        var q = Input("Name=a+b%2Fc&Empty=&Flag&Name=x%20y");

        Assert.Equal("x y", q.String("Name"));
        Assert.Equal("", q.String("Empty"));
        Assert.Equal("", q.String("Flag"));
        Assert.Null(q.String("Missing"));
    }

    [Fact]
    public void Parse_UrlQueryStringAndBodyBothCount() =>
        Assert.Equal(("DescribeLoadBalancers", "2015-12-01"),
            (new QueryInput(QueryForm.Parse("Action=DescribeLoadBalancers", "Version=2015-12-01"u8.ToArray())).String("Action"),
             new QueryInput(QueryForm.Parse("Action=DescribeLoadBalancers", "Version=2015-12-01"u8.ToArray())).String("Version")));

    [Fact]
    public void Lists_InMemberOrder_EmptyListWhenOnlyTheKey_NullWhenAbsent()
    {
        var q = Input("Names.member.2=b&Names.member.1=a&Names.member.10=j&Subnets=");

        Assert.Equal(["a", "b", "j"], q.Strings("Names"));
        Assert.Equal([], q.Strings("Subnets"));
        Assert.Null(q.Strings("SecurityGroups"));
    }

    [Fact]
    public void NestedStructuresAndLists()
    {
        var q = Input("Actions.member.1.Type=forward&Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=a"
            + "&Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=b&Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight=7"
            + "&Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled=true");

        var action = Assert.Single(q.Members("Actions")!);
        Assert.Equal("forward", action.String("Type"));
        var forward = action.Struct("ForwardConfig")!;
        var groups = forward.Members("TargetGroups")!;
        Assert.Equal(["a", "b"], groups.Select(g => g.String("TargetGroupArn")));
        Assert.Equal([null, 7], groups.Select(g => g.Int("Weight")));
        Assert.True(forward.Struct("TargetGroupStickinessConfig")!.Bool("Enabled"));
        Assert.Null(action.Struct("RedirectConfig"));
    }

    [Theory]
    [InlineData("Port=eighty", "Port")]
    [InlineData("Port=99999999999", "Port")]
    [InlineData("Port=1.5", "Port")]
    [InlineData("HealthCheckEnabled=yes", "HealthCheckEnabled")]
    public void MalformedScalars_ValidationError(string form, string member)
    {
        var q = Input(form);
        var e = Assert.Throws<AwsException>(() => member == "Port" ? q.Int(member) : (object?)q.Bool(member));
        Assert.Equal("ValidationError", e.Code);
        Assert.Contains(member, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Names.member.0=a")]
    [InlineData("Names.member.x=a")]
    [InlineData("Names.member.01=a")]
    [InlineData("Names.member.1001=a")]
    [InlineData("Names.member.-1=a")]
    [InlineData("Names.member.1.x=a")]
    public void BadMemberNumbers_ValidationError(string form) =>
        Assert.Equal("ValidationError", Assert.Throws<AwsException>(() => Input(form).Strings("Names")).Code);

    [Fact]
    public void TooManyParameters_ValidationError() =>
        Assert.Equal("ValidationError", Assert.Throws<AwsException>(() =>
            QueryForm.Parse("", System.Text.Encoding.UTF8.GetBytes(string.Join('&', Enumerable.Range(0, QueryForm.MaxParameters + 1).Select(i => $"k{i}=v"))))).Code);
}
