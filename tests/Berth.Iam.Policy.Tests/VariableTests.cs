using static Berth.Iam.Policy.Tests.Fixtures;

namespace Berth.Iam.Policy.Tests;

/// <summary>Policy variables in Resource and Condition values (2012-10-17 only).</summary>
public sealed class VariableTests
{
    const string OwnKeys = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:*AccessKey*","Resource":"arn:aws:iam::*:user/${aws:username}"}}""";

    [Fact]
    public void Evaluate_UsernameInResource_OnlyTheCallersOwn()
    {
        Assert.True(Allows(Request("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/alice"), OwnKeys));
        Assert.False(Allows(Request("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/bob"), OwnKeys));
    }

    [Fact]
    public void Evaluate_VariableWithoutValue_ResourceMatchesNothing()
    {
        // A role session has no aws:username: the entry matches no resource, not even a literal "${aws:username}".
        Assert.False(Allows(Request("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/${{aws:username}}", DeploySession), OwnKeys));
    }

    [Fact]
    public void Evaluate_VariableDefault_UsedWhenTheKeyIsMissing()
    {
        var doc = Doc(Allow("s3:GetObject", "arn:aws:s3:::bucket/${aws:username, 'shared'}/*"));

        Assert.True(Allows(Request("s3:GetObject", "arn:aws:s3:::bucket/shared/x", DeploySession), doc));
        Assert.True(Allows(Request("s3:GetObject", "arn:aws:s3:::bucket/alice/x"), doc));
        Assert.False(Allows(Request("s3:GetObject", "arn:aws:s3:::bucket/shared/x"), doc));
    }

    [Fact]
    public void Evaluate_PrincipalTagInResource_Substituted()
    {
        var doc = Doc(Allow("ecs:*", "arn:aws:ecs:*:*:cluster/${aws:PrincipalTag/team}-*"));

        Assert.True(Allows(Request("ecs:RunTask", Cluster("blue-1")), doc));
        Assert.False(Allows(Request("ecs:RunTask", Cluster("red-1")), doc));
    }

    [Fact]
    public void Evaluate_VariableInCondition_ComparesWithTheCallersValue()
    {
        var doc = Doc(Allow("ecs:*", "*", """{"StringEquals":{"aws:ResourceTag/owner":"${aws:username}"}}"""));

        Assert.True(Allows(Request("ecs:StopTask", resourceTags: new Dictionary<string, string> { ["owner"] = "alice" }), doc));
        Assert.False(Allows(Request("ecs:StopTask", resourceTags: new Dictionary<string, string> { ["owner"] = "bob" }), doc));
    }

    [Fact]
    public void Evaluate_VariableWithoutValueInNegatedCondition_Holds()
    {
        var doc = Doc(Allow("ecs:*", "*", """{"StringNotEquals":{"aws:ResourceTag/owner":"${aws:username}"}}"""));

        Assert.True(Allows(Request("ecs:StopTask", principal: DeploySession, resourceTags: new Dictionary<string, string> { ["owner"] = "alice" }), doc));
    }

    [Theory]
    [InlineData("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/*", true)]
    [InlineData("arn:aws:s3:::bucket/${*}", "arn:aws:s3:::bucket/anything", false)]
    [InlineData("arn:aws:s3:::bucket/a${?}", "arn:aws:s3:::bucket/a?", true)]
    [InlineData("arn:aws:s3:::bucket/a${?}", "arn:aws:s3:::bucket/ab", false)]
    [InlineData("arn:aws:s3:::bucket/${$}{x}", "arn:aws:s3:::bucket/${x}", true)]
    public void Evaluate_EscapeVariables_AreLiteralCharacters(string pattern, string resource, bool allowed)
    {
        Assert.Equal(allowed, Allows(Request("s3:GetObject", resource), Doc(Allow("s3:GetObject", pattern))));
    }

    [Fact]
    public void Evaluate_SubstitutedValueWithWildcards_MatchesOnlyItself()
    {
        // A tag value "*" must not widen the pattern it is put into.
        var star = Fixtures.Alice with { Tags = new Dictionary<string, string> { ["team"] = "*" } };
        var doc = Doc(Allow("ecs:*", "arn:aws:ecs:*:*:cluster/${aws:PrincipalTag/team}"));

        Assert.False(Allows(Request("ecs:RunTask", Cluster("prod"), star), doc));
        Assert.True(Allows(Request("ecs:RunTask", Cluster("*"), star), doc));
    }

    [Fact]
    public void Evaluate_Version2008_VariablesAreText()
    {
        var old = """{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}"}}""";

        Assert.False(Allows(Request("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/alice"), old));
        Assert.True(Allows(Request("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/${{aws:username}}"), old));
    }

    [Fact]
    public void Evaluate_NoVersion_TreatedAs2008()
    {
        var none = """{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"arn:aws:iam::*:user/${aws:username}"}}""";

        Assert.Equal(PolicyDocument.Version2008, PolicyDocument.Parse(none).Version);
        Assert.False(Allows(Request("iam:CreateAccessKey", $"arn:aws:iam::{Account}:user/alice"), none));
    }

    [Fact]
    public void Evaluate_UnclosedVariable_IsText()
    {
        Assert.True(Allows(Request("s3:GetObject", "arn:aws:s3:::b/${oops"), Doc(Allow("s3:GetObject", "arn:aws:s3:::b/${oops"))));
    }
}
