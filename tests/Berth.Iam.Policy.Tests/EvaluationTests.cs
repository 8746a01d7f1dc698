using static Berth.Iam.Policy.Tests.Fixtures;

namespace Berth.Iam.Policy.Tests;

/// <summary>IAM's documented evaluation logic: explicit deny, then allow, else implicit deny.</summary>
public sealed class EvaluationTests
{
    [Fact]
    public void Evaluate_NoPolicies_ImplicitDenyNamingTheAction()
    {
        var result = Evaluate(Request("ecs:RunTask", Cluster("b")));

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Null(result.Statement);
        Assert.Equal("no identity-based policy allows the ecs:RunTask action", result.Reason);
    }

    [Fact]
    public void Evaluate_MatchingAllow_AllowedByThatStatement()
    {
        var doc = """{"Version":"2012-10-17","Statement":[{"Sid":"Run","Effect":"Allow","Action":"ecs:RunTask","Resource":"*"}]}""";

        var result = Evaluate(Request("ecs:RunTask", Cluster("b")), doc);

        Assert.Equal(PolicyDecision.Allow, result.Decision);
        Assert.Equal("Run", result.Statement!.Label);
        Assert.Equal("policy1", result.Statement.PolicyName);
        Assert.Equal("allowed by statement Run of an identity-based policy policy1", result.Reason);
    }

    [Fact]
    public void Evaluate_ExplicitDenyInAnotherPolicy_DenyWins()
    {
        var result = Evaluate(Request("ecs:DeleteCluster", Cluster("prod")), Doc(Allow("ecs:*")), Doc(Deny("ecs:Delete*", Cluster("prod"))));

        Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
        Assert.Equal("policy2", result.Statement!.PolicyName);
        Assert.Equal("#0", result.Statement.Label);
    }

    [Fact]
    public void Evaluate_DenyForAnotherResource_AllowStands()
    {
        Assert.True(Allows(Request("ecs:DeleteCluster", Cluster("dev")), Doc(Allow("ecs:*"), Deny("ecs:Delete*", Cluster("prod")))));
    }

    [Fact]
    public void Evaluate_DenyBeforeAllowInTheSamePolicy_DenyWinsWhateverTheOrder()
    {
        var request = Request("ecs:RunTask", Cluster("b"));
        Assert.False(Allows(request, Doc(Deny("ecs:RunTask"), Allow("*"))));
        Assert.False(Allows(request, Doc(Allow("*"), Deny("ecs:RunTask"))));
    }

    [Theory]
    [InlineData("ecs:RunTask", "ecs:RunTask", true)]
    [InlineData("ecs:runtask", "ecs:RunTask", true)]
    [InlineData("ECS:RUNTASK", "ecs:RunTask", true)]
    [InlineData("ecs:Run*", "ecs:RunTask", true)]
    [InlineData("ecs:*Task", "ecs:StopTask", true)]
    [InlineData("ecs:*Task", "ecs:StopTasks", false)]
    [InlineData("ecs:?unTask", "ecs:RunTask", true)]
    [InlineData("ecs:?unTask", "ecs:RRunTask", false)]
    [InlineData("ecs:*", "ecs:ListClusters", true)]
    [InlineData("ecs:*", "ecr:ListImages", false)]
    [InlineData("*", "iam:CreateUser", true)]
    [InlineData("ecs:Describe*", "ecs:ListClusters", false)]
    public void Evaluate_ActionPatterns_MatchCaseInsensitivelyWithWildcards(string pattern, string action, bool allowed)
    {
        Assert.Equal(allowed, Allows(Request(action), Doc(Allow(pattern))));
    }

    [Theory]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/b", true)]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/B", false)]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/*", true)]
    [InlineData("arn:aws:ecs:*:123456789012:cluster/b", true)]
    [InlineData("arn:aws:ecs:*:*:*", true)]
    [InlineData("arn:aws:ecs:us-east-?:123456789012:cluster/?", true)]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/??", false)]
    [InlineData("arn:aws:ecs:us-west-2:123456789012:cluster/b", false)]
    [InlineData("arn:aws:ecs:us-east-1:210987654321:cluster/*", false)]
    [InlineData("arn:aws:ecs:*", true)]
    [InlineData("*", true)]
    public void Evaluate_ResourcePatterns_MatchCaseSensitivelyWithWildcards(string pattern, bool allowed)
    {
        Assert.Equal(allowed, Allows(Request("ecs:RunTask", Cluster("b")), Doc(Allow("ecs:RunTask", pattern))));
    }

    [Fact]
    public void Evaluate_WildcardInAnArnPart_StaysInThatPart()
    {
        // Each of an ARN's first five parts is matched on its own: the account's "*" cannot take "task-definition/web".
        var taskDefinition = $"arn:aws:ecs:us-east-1:{Account}:task-definition/web:7";
        Assert.False(Allows(Request("ecs:RunTask", taskDefinition), Doc(Allow("ecs:RunTask", "arn:aws:ecs:*:*:7"))));
        Assert.True(Allows(Request("ecs:RunTask", taskDefinition), Doc(Allow("ecs:RunTask", "arn:aws:ecs:*:*:*:7"))));
    }

    [Fact]
    public void Evaluate_StarInTheLastPart_SpansSlashesAndColons()
    {
        var taskDefinition = $"arn:aws:ecs:us-east-1:{Account}:task-definition/web:7";
        Assert.True(Allows(Request("ecs:RunTask", taskDefinition), Doc(Allow("ecs:RunTask", $"arn:aws:ecs:us-east-1:{Account}:task-definition/*"))));
        Assert.True(Allows(Request("ecs:RunTask", taskDefinition), Doc(Allow("ecs:RunTask", $"arn:aws:ecs:us-east-1:{Account}:*"))));
    }

    [Fact]
    public void Evaluate_AllowWithNotAction_AllowsEverythingElse()
    {
        var doc = """{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}""";

        Assert.True(Allows(Request("ecs:RunTask"), doc));
        Assert.False(Allows(Request("iam:CreateUser"), doc));
    }

    [Fact]
    public void Evaluate_DenyWithNotAction_DeniesEverythingElseEvenIfAllowed()
    {
        // The documented "deny all but these" shape, e.g. without MFA.
        var deny = """{"Version":"2012-10-17","Statement":{"Effect":"Deny","NotAction":["iam:ChangePassword","sts:GetSessionToken"],"Resource":"*"}}""";

        Assert.Equal(PolicyDecision.ExplicitDeny, Evaluate(Request("ecs:RunTask"), Doc(Allow("*")), deny).Decision);
        Assert.True(Allows(Request("iam:ChangePassword"), Doc(Allow("*")), deny));
    }

    [Fact]
    public void Evaluate_AllowWithNotResource_AllowsEveryOtherResource()
    {
        var doc = $$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ecs:*","NotResource":"{{{Cluster("prod")}}}"}}""";

        Assert.True(Allows(Request("ecs:DeleteCluster", Cluster("dev")), doc));
        Assert.False(Allows(Request("ecs:DeleteCluster", Cluster("prod")), doc));
    }

    [Fact]
    public void Evaluate_DenyWithNotResource_DeniesOutsideTheListed()
    {
        var deny = $$$"""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"ecs:*","NotResource":["{{{Cluster("dev")}}}","{{{Cluster("test-*")}}}"]}}""";

        Assert.False(Allows(Request("ecs:RunTask", Cluster("prod")), Doc(Allow("*")), deny));
        Assert.True(Allows(Request("ecs:RunTask", Cluster("test-1")), Doc(Allow("*")), deny));
    }

    [Fact]
    public void Evaluate_ActionWithoutResource_OnlyStarResourceMatches()
    {
        // An action that names no resource is authorized against "*": a statement scoped to ARNs does not cover it.
        Assert.False(Allows(Request("ecs:ListClusters"), Doc(Allow("ecs:ListClusters", "arn:aws:ecs:*:*:cluster/*"))));
        Assert.True(Allows(Request("ecs:ListClusters"), Doc(Allow("ecs:ListClusters"))));
    }

    [Fact]
    public void Evaluate_TenPoliciesOneAllowing_FindsIt()
    {
        var docs = Enumerable.Range(0, 9).Select(i => Doc(Allow($"logs:Get{i}*"))).Append(Doc(Allow("ecs:RunTask", Cluster("*")))).ToArray();

        var result = Evaluate(Request("ecs:RunTask", Cluster("b")), docs);

        Assert.True(result.IsAllowed);
        Assert.Equal("policy10", result.Statement!.PolicyName);
    }

    [Fact]
    public void Evaluate_Root_AllowedWithoutPolicies()
    {
        var result = PolicyEvaluator.Evaluate(Request("iam:DeleteUser", "*", Root), []);

        Assert.True(result.IsAllowed);
        Assert.Equal("allowed: the account's root user", result.Reason);
    }

    [Fact]
    public void Evaluate_RoleSession_UsesTheRolesPolicies()
    {
        Assert.True(Allows(Request("ecs:RunTask", Cluster("b"), DeploySession), Doc(Allow("ecs:RunTask"))));
    }

    [Fact]
    public void ForResource_AnotherResource_SameRequestOtherwise()
    {
        var request = Request("ecs:RunTask", Cluster("a"));
        var doc = Doc(Allow("ecs:RunTask", Cluster("a")));

        Assert.True(Allows(request, doc));
        Assert.False(Allows(request.ForResource(Cluster("b")), doc));
    }
}
