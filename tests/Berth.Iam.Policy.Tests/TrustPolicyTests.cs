using static Berth.Iam.Policy.Tests.Fixtures;

namespace Berth.Iam.Policy.Tests;

/// <summary>sts:AssumeRole against a role's trust policy and the caller's identity-based policies.</summary>
public sealed class TrustPolicyTests
{
    static readonly string DeployRole = Role("deploy");

    static string Trust(string principal, string? condition = null, string action = "sts:AssumeRole", string effect = "Allow") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"{{effect}}","Principal":{{principal}},"Action":"{{action}}"{{(condition is null ? "" : $",\"Condition\":{condition}")}}}]}""";

    static AuthorizationResult Assume(string trust, RequestPrincipal caller, params string[] identity) => Assume(trust, Request("sts:AssumeRole", DeployRole, caller), identity);

    static AuthorizationResult Assume(string trust, RequestContext request, params string[] identity) =>
        PolicyEvaluator.EvaluateAssumeRole(request, new NamedPolicy("deploy", PolicyDocument.ParseTrustPolicy(trust)), [.. identity.Select(d => Named(d))]);

    static readonly string MayAssume = Doc(Allow("sts:AssumeRole", Role("*")));

    [Fact]
    public void AssumeRole_TrustNamesTheUser_AllowedWithoutIdentityPolicy()
    {
        var result = Assume(Trust($$"""{"AWS":"{{Alice.Arn}}"}"""), Alice);

        Assert.True(result.IsAllowed);
        Assert.Equal(PolicySource.ResourceBased, result.Source);
    }

    [Fact]
    public void AssumeRole_TrustNamesAnotherUser_ImplicitDenyByTheTrustPolicy()
    {
        var result = Assume(Trust($$"""{"AWS":"{{Bob.Arn}}"}"""), Alice, MayAssume);

        Assert.Equal(PolicyDecision.ImplicitDeny, result.Decision);
        Assert.Equal(PolicySource.ResourceBased, result.Source);
        Assert.Equal(
            $"User: {Alice.Arn} is not authorized to perform: sts:AssumeRole on resource: {DeployRole} because no resource-based policy allows the sts:AssumeRole action",
            result.AccessDeniedMessage());
    }

    [Theory]
    [InlineData("\"123456789012\"")]
    [InlineData("\"arn:aws:iam::123456789012:root\"")]
    public void AssumeRole_TrustNamesTheAccount_NeedsAnIdentityPolicyToo(string account)
    {
        var trust = Trust($$"""{"AWS":{{account}}}""");

        var denied = Assume(trust, Alice);
        Assert.Equal(PolicyDecision.ImplicitDeny, denied.Decision);
        Assert.Equal(PolicySource.IdentityBased, denied.Source);
        Assert.EndsWith("because no identity-based policy allows the sts:AssumeRole action", denied.AccessDeniedMessage(), StringComparison.Ordinal);

        var allowed = Assume(trust, Alice, MayAssume);
        Assert.True(allowed.IsAllowed);
        Assert.Equal(PolicySource.IdentityBased, allowed.Source);
    }

    [Fact]
    public void AssumeRole_TrustNamesTheAccount_RootNeedsNoPolicy()
    {
        Assert.True(Assume(Trust($$"""{"AWS":"{{Account}}"}"""), Root).IsAllowed);
    }

    [Fact]
    public void AssumeRole_TrustNamesAnotherAccount_Denied()
    {
        Assert.False(Assume(Trust($$"""{"AWS":"{{OtherAccount}}"}"""), Alice, MayAssume).IsAllowed);
    }

    [Fact]
    public void AssumeRole_CallerFromTheTrustedOtherAccount_NeedsItsIdentityPolicy()
    {
        var trust = Trust($$"""{"AWS":"{{Stranger.Arn}}"}""");

        Assert.False(Assume(trust, Stranger).IsAllowed);
        Assert.True(Assume(trust, Stranger, MayAssume).IsAllowed);
    }

    [Fact]
    public void AssumeRole_TrustNamesARole_ItsSessionsMayAssume()
    {
        Assert.True(Assume(Trust($$"""{"AWS":"{{Role("deploy")}}"}"""), DeploySession).IsAllowed);
        Assert.False(Assume(Trust($$"""{"AWS":"{{Role("other")}}"}"""), DeploySession).IsAllowed);
    }

    [Fact]
    public void AssumeRole_Service_AllowedWhenTrusted()
    {
        var trust = Trust("""{"Service":"ecs-tasks.amazonaws.com"}""");

        Assert.True(Assume(trust, EcsTasks).IsAllowed);
        Assert.False(Assume(trust, RequestPrincipal.Service("ec2.amazonaws.com")).IsAllowed);
        Assert.False(Assume(trust, Alice, MayAssume).IsAllowed);
    }

    [Fact]
    public void AssumeRole_ServiceList_AnyOfThem()
    {
        Assert.True(Assume(Trust("""{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]}"""), EcsTasks).IsAllowed);
    }

    [Fact]
    public void AssumeRole_Anyone_EveryCallerIncludingServices()
    {
        Assert.True(Assume(Trust("\"*\""), Alice).IsAllowed);
        Assert.True(Assume(Trust("\"*\""), EcsTasks).IsAllowed);
        Assert.True(Assume(Trust("""{"AWS":"*"}"""), Stranger, MayAssume).IsAllowed);
        Assert.False(Assume(Trust("""{"AWS":"*"}"""), EcsTasks).IsAllowed);
    }

    [Fact]
    public void AssumeRole_ExternalIdCondition_Checked()
    {
        var trust = Trust($$"""{"AWS":"{{Alice.Arn}}"}""", """{"StringEquals":{"sts:ExternalId":"s3cret"}}""");

        Assert.True(Assume(trust, Request("sts:AssumeRole", DeployRole, Alice, Keys(("sts:ExternalId", ["s3cret"])))).IsAllowed);
        Assert.False(Assume(trust, Request("sts:AssumeRole", DeployRole, Alice, Keys(("sts:ExternalId", ["guess"])))).IsAllowed);
        Assert.False(Assume(trust, Alice).IsAllowed);
    }

    [Fact]
    public void AssumeRole_PrincipalArnCondition_NarrowsTheAccount()
    {
        var trust = Trust($$"""{"AWS":"{{Account}}"}""", """{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::123456789012:user/division/*"}}""");

        Assert.True(Assume(trust, Bob, MayAssume).IsAllowed);
        Assert.False(Assume(trust, Alice, MayAssume).IsAllowed);
    }

    [Fact]
    public void AssumeRole_IdentityDeny_WinsOverTrust()
    {
        var result = Assume(Trust($$"""{"AWS":"{{Alice.Arn}}"}"""), Alice, Doc(Deny("sts:*")));

        Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
        Assert.EndsWith("with an explicit deny in an identity-based policy", result.AccessDeniedMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AssumeRole_TrustDeny_WinsOverItsAllow()
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{Account}}"},"Action":"sts:AssumeRole"},{"Effect":"Deny","Principal":{"AWS":"{{Bob.Arn}}"},"Action":"sts:AssumeRole"}]}""";

        Assert.True(Assume(trust, Alice, MayAssume).IsAllowed);
        var denied = Assume(trust, Bob, MayAssume);
        Assert.Equal(PolicyDecision.ExplicitDeny, denied.Decision);
        Assert.EndsWith("with an explicit deny in a resource-based policy", denied.AccessDeniedMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void AssumeRole_DenyWithNotPrincipal_DeniesEveryoneElse()
    {
        var trust = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},{"Effect":"Deny","NotPrincipal":{"AWS":"{{Alice.Arn}}"},"Action":"sts:AssumeRole"}]}""";

        Assert.True(Assume(trust, Alice).IsAllowed);
        Assert.Equal(PolicyDecision.ExplicitDeny, Assume(trust, Bob).Decision);
    }

    [Fact]
    public void AssumeRole_TrustForAnotherStsAction_DoesNotCover()
    {
        Assert.False(Assume(Trust($$"""{"AWS":"{{Alice.Arn}}"}""", action: "sts:TagSession"), Alice).IsAllowed);
    }

    [Fact]
    public void Evaluate_ResourcePolicyNamingTheCaller_AllowsWithoutIdentityPolicy()
    {
        var repo = $"arn:aws:ecr:us-east-1:{Account}:repository/web";
        var resource = new NamedPolicy("repository", PolicyDocument.Parse($$$"""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"{{{Alice.Arn}}}"},"Action":"ecr:*"}}""", PolicyKind.Resource));

        Assert.True(PolicyEvaluator.Evaluate(Request("ecr:BatchGetImage", repo), [], resource).IsAllowed);
        Assert.False(PolicyEvaluator.Evaluate(Request("ecr:BatchGetImage", repo, Bob), [], resource).IsAllowed);
    }

    [Fact]
    public void Evaluate_ResourcePolicyDeny_BeatsIdentityAllowAndRoot()
    {
        var repo = $"arn:aws:ecr:us-east-1:{Account}:repository/web";
        var resource = new NamedPolicy("repository", PolicyDocument.Parse("""{"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"ecr:DeleteRepository"}}""", PolicyKind.Resource));

        var result = PolicyEvaluator.Evaluate(Request("ecr:DeleteRepository", repo), [Named(Doc(Allow("*")))], resource);
        Assert.Equal(PolicyDecision.ExplicitDeny, result.Decision);
        Assert.Equal(PolicySource.ResourceBased, result.Source);
        Assert.False(PolicyEvaluator.Evaluate(Request("ecr:DeleteRepository", repo, Root), [], resource).IsAllowed);
    }
}
