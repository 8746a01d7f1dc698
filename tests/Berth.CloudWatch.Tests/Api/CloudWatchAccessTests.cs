using Berth.CloudWatch.Api;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Tagging;

namespace Berth.CloudWatch.Tests.Api;

public sealed class CloudWatchAccessTests
{
    const string P = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:";
    readonly CloudWatchAccess _a = new(new Arns("123456789012", "us-east-1"));

    [Fact]
    public void PutMetricAlarm_OnTheAlarmArn_WithRequestTags()
    {
        var access = Assert.Single(_a.Alarms("PutMetricAlarm", ["cpu-high"], [new Tag { Key = "team", Value = "a" }]));

        Assert.Equal("cloudwatch:PutMetricAlarm", access.Action);
        Assert.Equal([P + "cpu-high"], access.Resources);
        Assert.Equal(["a"], access.Context["aws:RequestTag/team"]);
        Assert.Equal(["team"], access.Context["aws:TagKeys"]);
    }

    [Fact]
    public void DescribeAlarms_WithoutNames_AsksForEveryAlarm()
    {
        var access = Assert.Single(_a.Alarms("DescribeAlarms", null));

        Assert.Equal([P + "*"], access.Resources);
        Assert.Empty(access.Context);
    }

    [Fact]
    public void PutMetricData_NamespaceIsTheConditionKey()
    {
        var access = Assert.Single(CloudWatchAccess.PutMetricData("App/Orders"));

        Assert.Equal(AccessRequest.AllResources, access.Resources);
        Assert.Equal(["App/Orders"], access.Context["cloudwatch:namespace"]);
    }
}
