namespace Berth.Iam.Policy.Tests;

/// <summary>The compiled matchers under the evaluator.</summary>
public sealed class WildcardTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "anything", true)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a*", "a", true)]
    [InlineData("a*", "ba", false)]
    [InlineData("*a", "ba", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("**a", "a", true)]
    [InlineData("*ab*ab*", "xabyyab", true)]
    [InlineData("Abc", "abc", false)]
    public void Glob_Patterns_MatchAsIamDoes(string pattern, string input, bool matches)
    {
        Assert.Equal(matches, new Glob(pattern).IsMatch(input));
        Assert.Equal(matches, Wildcard.Match(pattern, default, input));
    }

    [Fact]
    public void Glob_LiteralCharacters_MatchOnlyThemselves()
    {
        var literalStar = new Glob("a*", [false, true]);

        Assert.True(literalStar.IsMatch("a*"));
        Assert.False(literalStar.IsMatch("ab"));
    }

    [Theory]
    [InlineData("arn:aws:ecs:*:*:cluster/*", "arn:aws:ecs:us-east-1:123456789012:cluster/a", true)]
    [InlineData("arn:aws:ecs:*:*:7", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7", false)]
    [InlineData("arn:aws:ecs:*", "arn:aws:ecs:us-east-1:123456789012:cluster/a", true)]
    [InlineData("arn:aws:ecs:*:*:*", "not-an-arn", false)]
    [InlineData("arn:aws:*:us-east-1:*:*", "arn:aws:ecs:us-east-1:123456789012:cluster/a", true)]
    public void ArnGlob_PartByPart(string pattern, string input, bool matches)
    {
        Assert.Equal(matches, Glob.ForArn(pattern).IsMatch(input));
        Assert.Equal(matches, ArnMatch.Match(pattern, default, input));
    }
}
