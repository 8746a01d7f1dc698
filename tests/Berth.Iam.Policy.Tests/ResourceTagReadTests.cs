namespace Berth.Iam.Policy.Tests;

/// <summary>
/// Which actions need the resource's tags: the authorizer fetches them (a store read per resource) only when a statement
/// covering the action tests <c>aws:ResourceTag/…</c>.
/// </summary>
public sealed class ResourceTagReadTests
{
    static PolicyDocument Parse(string statements) => PolicyDocument.Parse($$"""{"Version":"2012-10-17","Statement":[{{statements}}]}""");

    const string ProdGuard =
        """{"Effect":"Deny","Action":["ecs:Delete*","ecs:StopTask"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}""";

    [Fact]
    public void ConditionOnResourceTag_ReadForTheActionsItCovers()
    {
        var doc = Parse(ProdGuard + """,{"Effect":"Allow","Action":"ecs:Describe*","Resource":"*"}""");

        Assert.True(doc.ReadsResourceTags("ecs:StopTask"));
        Assert.True(doc.ReadsResourceTags("ecs:DeleteService"));
        Assert.True(doc.ReadsResourceTags("ECS:stoptask"));
        Assert.False(doc.ReadsResourceTags("ecs:DescribeTasks"));
    }

    [Fact]
    public void NotAction_CoversEverythingItDoesNotName()
    {
        var doc = Parse("""{"Effect":"Deny","NotAction":"ecs:Describe*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}}""");

        Assert.True(doc.ReadsResourceTags("ecs:RunTask"));
        Assert.False(doc.ReadsResourceTags("ecs:DescribeTasks"));
    }

    [Fact]
    public void ResourceTagAsAVariable_InAConditionValueOrAResource()
    {
        var inCondition = Parse(
            """{"Effect":"Allow","Action":"ecs:UpdateService","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:ResourceTag/team}"}}}""");
        var inResource = Parse("""{"Effect":"Allow","Action":"ecs:RunTask","Resource":"arn:aws:ecs:*:*:cluster/${aws:ResourceTag/team}"}""");

        Assert.True(inCondition.ReadsResourceTags("ecs:UpdateService"));
        Assert.True(inResource.ReadsResourceTags("ecs:RunTask"));
    }

    [Fact]
    public void OtherTagKeys_DoNotNeedTheResourcesTags()
    {
        var doc = Parse("""{"Effect":"Allow","Action":"ecs:*","Resource":"*","Condition":{"StringEquals":{"aws:RequestTag/team":"${aws:PrincipalTag/team}"}}}""");

        Assert.False(doc.ReadsResourceTags("ecs:CreateCluster"));
    }
}
