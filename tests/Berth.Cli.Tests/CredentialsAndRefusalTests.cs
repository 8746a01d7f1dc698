using Berth.Cli.Aws;

namespace Berth.Cli.Tests;

public sealed class CredentialsAndRefusalTests
{
    static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void FromEnvironment_UserKey_IsUsedWithItsSource()
    {
        var c = AwsConfig.FromEnvironment(Env(("AWS_ACCESS_KEY_ID", "AKIAUSER"), ("AWS_SECRET_ACCESS_KEY", "s3cret")));
        Assert.Equal(new CliCredentials("AKIAUSER", "s3cret", "AWS_ACCESS_KEY_ID"), c);
    }

    [Fact]
    public void FromEnvironment_SessionToken_IsCarried() =>
        Assert.Equal("tok", AwsConfig.FromEnvironment(Env(("AWS_ACCESS_KEY_ID", "ASIA1"), ("AWS_SECRET_ACCESS_KEY", "s"), ("AWS_SESSION_TOKEN", "tok")))!.SessionToken);

    [Fact]
    public void FromEnvironment_Nothing_FallsBackToRoot() => Assert.Null(AwsConfig.FromEnvironment(Env()));

    [Fact]
    public void FromEnvironment_HalfAPair_SaysWhichIsMissing()
    {
        var e = Assert.Throws<CliException>(() => AwsConfig.FromEnvironment(Env(("AWS_ACCESS_KEY_ID", "AKIAUSER"))));
        Assert.Contains("only AWS_ACCESS_KEY_ID is set", e.Message);
    }

    [Fact]
    public void Format_AccessDeniedException_OneLineNamingTheAction()
    {
        const string message = "User: arn:aws:iam::000000000000:user/dev is not authorized to perform: ecs:RunTask on resource: arn:aws:ecs:us-east-1:000000000000:task-definition/web:* because no identity-based policy allows the ecs:RunTask action";
        Assert.Equal($"not authorized: {message} — ask for a policy that allows ecs:RunTask", ErrorHints.Format("AccessDeniedException", message));
    }

    [Fact]
    public void Format_QueryAccessDenied_SameShape() =>
        Assert.EndsWith("— ask for a policy that allows elasticloadbalancing:CreateLoadBalancer",
            ErrorHints.Format("AccessDenied", "User: arn:aws:iam::000000000000:user/dev is not authorized to perform: elasticloadbalancing:CreateLoadBalancer on resource: *"));

    [Fact]
    public void Format_ExplicitDeny_AsksForTheDenyToBeLifted()
    {
        var text = ErrorHints.Format("AccessDeniedException", "User: arn:aws:iam::000000000000:user/dev is not authorized to perform: ecs:DeleteCluster on resource: arn:aws:ecs:us-east-1:000000000000:cluster/a with an explicit deny in an identity-based policy");
        Assert.EndsWith("— a policy denies ecs:DeleteCluster explicitly; ask for that deny to be lifted", text);
        Assert.DoesNotContain('\n', text);
    }

    [Fact]
    public void Format_AccessDeniedWithoutAnAction_StillOneLine() =>
        Assert.Equal("not authorized: Access denied", ErrorHints.Format("AccessDenied", "Access\ndenied"));

    [Fact]
    public void Format_BadSignatureWithUserKey_PointsAtTheAwsVariables() =>
        Assert.Contains("Check AWS_ACCESS_KEY_ID (AKIAUSER)", ErrorHints.Format("InvalidSignatureException", "bad", new CliCredentials("AKIAUSER", "s", "AWS_ACCESS_KEY_ID")));
}
