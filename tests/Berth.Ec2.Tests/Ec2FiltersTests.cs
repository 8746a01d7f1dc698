using Berth.Ec2.Api;
using Berth.TestSupport;

namespace Berth.Ec2.Tests;

public sealed class Ec2FiltersTests
{
    static readonly string[] Names = ["web-1", "web-10", "db", "a*b"];

    static List<string> Match(params Filter[] filters) =>
        Ec2Filters.Apply(Names, [.. filters], n => name => name == "name" ? Ec2Filters.One(n) : null, n => [new Ec2Tag("tier", n.StartsWith("web", StringComparison.Ordinal) ? "front" : "back")]);

    [Theory]
    [InlineData("web-?", new[] { "web-1" })]
    [InlineData("web-*", new[] { "web-1", "web-10" })]
    [InlineData("*", new[] { "web-1", "web-10", "db", "a*b" })]
    [InlineData(@"a\*b", new[] { "a*b" })]
    [InlineData("DB", new string[0])]
    public void Apply_Wildcards_MatchAsEc2Documents(string value, string[] expected) =>
        Assert.Equal(expected, Match(new Filter { Name = "name", Values = [value] }));

    [Fact]
    public void Apply_ValuesOfOneFilterAreOr_FiltersAreAnd()
    {
        Assert.Equal(["web-1", "db"], Match(new Filter { Name = "name", Values = ["web-1", "db"] }));
        Assert.Equal(["db"], Match(new Filter { Name = "name", Values = ["web-1", "db"] }, new Filter { Name = "tag:tier", Values = ["back"] }));
        Assert.Equal(["web-1", "web-10", "db", "a*b"], Match(new Filter { Name = "tag-key", Values = ["tier"] }));
    }

    [Fact]
    public void Apply_ManyStars_DoesNotStall() =>
        Assert.Empty(Ec2Filters.Apply([new string('a', 5000)], [new Filter { Name = "name", Values = [string.Concat(Enumerable.Repeat("*a", 200)) + "b"] }], n => _ => Ec2Filters.One(n)));

    [Fact]
    public void Apply_UnknownFilterOrNoValues_IsRefusedNamingIt()
    {
        AwsAssert.Refused(() => Match(new Filter { Name = "colour", Values = ["x"] }), "InvalidParameterValue", "colour");
        AwsAssert.Refused(() => Match(new Filter { Name = "name", Values = [] }), "InvalidParameterValue", "'name'");
        AwsAssert.Refused(() => Match(new Filter { Values = ["x"] }), "MissingParameter");
    }
}
