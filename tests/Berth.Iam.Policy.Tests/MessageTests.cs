using static Berth.Iam.Policy.Tests.Fixtures;

namespace Berth.Iam.Policy.Tests;

/// <summary>AWS's AccessDenied message, as the edge writes it.</summary>
public sealed class MessageTests
{
    [Fact]
    public void AccessDeniedMessage_ImplicitDeny_NamesTheMissingIdentityAllow()
    {
        var result = Evaluate(Request("ecs:RunTask", Cluster("b")), Doc(Allow("ecs:List*")));

        Assert.Equal(
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: ecs:RunTask on resource: arn:aws:ecs:us-east-1:123456789012:cluster/b because no identity-based policy allows the ecs:RunTask action",
            result.AccessDeniedMessage());
    }

    [Fact]
    public void AccessDeniedMessage_ExplicitDeny_SaysSo()
    {
        var result = Evaluate(Request("ecs:RunTask", Cluster("b")), Doc(Allow("*"), Deny("ecs:RunTask")));

        Assert.Equal(
            "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: ecs:RunTask on resource: arn:aws:ecs:us-east-1:123456789012:cluster/b with an explicit deny in an identity-based policy",
            result.AccessDeniedMessage());
        Assert.Equal("explicitly denied by statement #1 of an identity-based policy policy1", result.Reason);
    }

    [Fact]
    public void AccessDeniedMessage_NoResource_SaysStar()
    {
        Assert.Equal(
            "User: arn:aws:sts::123456789012:assumed-role/deploy/ci is not authorized to perform: ecs:ListClusters on resource: * because no identity-based policy allows the ecs:ListClusters action",
            Evaluate(Request("ecs:ListClusters", principal: DeploySession)).AccessDeniedMessage());
    }

    [Fact]
    public void AccessDeniedMessage_Allowed_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => Evaluate(Request("ecs:RunTask"), Doc(Allow("*"))).AccessDeniedMessage());
    }

    [Fact]
    public void Reason_SidNamesTheStatement()
    {
        var doc = """{"Version":"2012-10-17","Statement":[{"Sid":"NoProd","Effect":"Deny","Action":"ecs:*","Resource":"arn:aws:ecs:*:*:cluster/prod"}]}""";
        var result = PolicyEvaluator.Evaluate(Request("ecs:RunTask", Cluster("prod")), [Named(doc, "arn:aws:iam::123456789012:policy/guard")]);

        Assert.Equal("NoProd", result.Statement!.Statement.Sid);
        Assert.Equal("explicitly denied by statement NoProd of an identity-based policy arn:aws:iam::123456789012:policy/guard", result.Reason);
    }
}
