namespace Berth.Kernel.Tests;

public sealed class ArnsTests
{
    const string Account = "123456789012";
    const string Region = "eu-west-1";
    readonly Arns _arns = new(Account, Region);

    [Fact]
    public void Builders_FormatArnsAsAws()
    {
        Assert.Equal(Account, _arns.AccountId);
        Assert.Equal(Region, _arns.Region);
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", _arns.Cluster("prod"));
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7", _arns.TaskDefinition("web", 7));
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef", _arns.Task("prod", "0123456789abcdef0123456789abcdef"));
        Assert.Equal("arn:aws:ecs:eu-west-1:123456789012:container/prod/tid/cid", _arns.Container("prod", "tid", "cid"));
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web:*", _arns.LogGroup("/ecs/web"));
        Assert.Equal("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web:log-stream:ecs/app/tid", _arns.LogStream("/ecs/web", "ecs/app/tid"));
    }

    [Fact]
    public void NewTaskId_Is32LowerCaseHexDigitsAndUnique()
    {
        var ids = Enumerable.Range(0, 50).Select(_ => Arns.NewTaskId()).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Parse_ClusterArn_GivesParts()
    {
        var p = Arns.Parse("arn:aws:ecs:eu-west-1:123456789012:cluster/prod");
        Assert.Equal(new ParsedArn("aws", "ecs", "eu-west-1", "123456789012", "cluster/prod"), p);
    }

    [Fact]
    public void Parse_ResourceWithColons_KeepsThemInResource()
    {
        Assert.Equal("task-definition/web:7", Arns.Parse(_arns.TaskDefinition("web", 7))!.Resource);
        var logs = Arns.Parse(_arns.LogStream("/ecs/web", "s"))!;
        Assert.Equal(("logs", "log-group:/ecs/web:log-stream:s"), (logs.Service, logs.Resource));
    }

    [Fact]
    public void Parse_OtherPartitionAndEmptyRegion_AreArns()
    {
        var p = Arns.Parse("arn:aws-cn:s3:::bucket/key")!;
        Assert.Equal(new ParsedArn("aws-cn", "s3", "", "", "bucket/key"), p);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("prod")]
    [InlineData("cluster/prod")]
    [InlineData("arn:aws:ecs")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012")]
    [InlineData("arn::ecs:eu-west-1:123456789012:cluster/prod")]
    [InlineData("arn:aws::eu-west-1:123456789012:cluster/prod")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:")]
    [InlineData("ARN:aws:ecs:eu-west-1:123456789012:cluster/prod")]
    [InlineData(" arn:aws:ecs:eu-west-1:123456789012:cluster/prod")]
    public void Parse_NotAnArn_IsNull(string? text)
    {
        Assert.Null(Arns.Parse(text));
    }

    [Theory]
    [InlineData(null, "default")]
    [InlineData("", "default")]
    [InlineData("prod", "prod")]
    [InlineData("my-cluster_1", "my-cluster_1")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "prod")]
    [InlineData("arn:aws:ecs:us-east-1:999999999999:cluster/other", "other")]
    public void ClusterName_NameOrArn_GivesName(string? input, string expected)
    {
        Assert.Equal(expected, Arns.ClusterName(input));
    }

    [Theory]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/prod/abc")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:1")]
    [InlineData("arn:aws:logs:eu-west-1:123456789012:log-group:cluster/x")]
    [InlineData("arn:aws:ec2:eu-west-1:123456789012:cluster/prod")]
    public void ClusterName_NonClusterArn_IsInvalidParameter(string arn)
    {
        var e = Assert.Throws<AwsException>(() => Arns.ClusterName(arn));
        Assert.Equal("InvalidParameterException", e.Code);
        Assert.Contains(arn, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/0123456789abcdef0123456789abcdef", "0123456789abcdef0123456789abcdef")]
    public void TaskId_IdOrArn_GivesId(string input, string expected)
    {
        Assert.Equal(expected, Arns.TaskId(input));
    }

    [Fact]
    public void TaskId_BuiltArn_RoundTrips()
    {
        var id = Arns.NewTaskId();
        Assert.Equal(id, Arns.TaskId(_arns.Task("prod", id)));
    }

    [Theory]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:container/prod/tid/cid")]
    [InlineData("arn:aws:ec2:eu-west-1:123456789012:task/prod/abc")]
    public void TaskId_NonTaskArn_IsInvalidParameter(string arn)
    {
        var e = Assert.Throws<AwsException>(() => Arns.TaskId(arn));
        Assert.Equal("InvalidParameterException", e.Code);
        Assert.Contains("Invalid task ARN", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/prod/abc", "prod")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/default/abc", "default")]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:task/abc", null)]
    [InlineData("abc", null)]
    [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", null)]
    public void ClusterOfTask_GivesClusterOfNewFormatArnsOnly(string input, string? expected)
    {
        Assert.Equal(expected, Arns.ClusterOfTask(input));
    }
}
