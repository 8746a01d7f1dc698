using Berth.Kernel.Tagging;
using Berth.TestSupport;
using static Berth.TestSupport.AwsAssert;
using static Berth.TestSupport.MetricsHarness;

namespace Berth.CloudWatch.Tests;

public sealed class AlarmTagsTests : IDisposable
{
    const string Arn = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:cpu";
    readonly MetricsHarness _h = new();

    public void Dispose() => _h.Dispose();

    static Tag T(string key, string value) => new() { Key = key, Value = value };

    Task PutAsync(List<Tag>? tags = null) => _h.Alarms.PutMetricAlarmAsync(new PutMetricAlarmRequest
    {
        AlarmName = "cpu",
        Namespace = "Test/App",
        MetricName = "CPU",
        Statistic = "Average",
        Period = 60,
        EvaluationPeriods = 1,
        Threshold = 50,
        ComparisonOperator = "GreaterThanThreshold",
        Tags = tags,
    }, Ct);

    [Fact]
    public async Task ListTags_ReturnsTheTagsPutMetricAlarmStored()
    {
        await PutAsync([T("team", "web")]);

        Assert.Equal([T("team", "web")], await _h.Alarms.ListTagsAsync(Arn, Ct));
    }

    [Fact]
    public async Task Tag_AddsAndReplacesByKey_Untag_RemovesOnlyThoseKeys()
    {
        await PutAsync([T("team", "web"), T("env", "dev")]);

        await _h.Alarms.TagAsync(Arn, [T("env", "prod"), T("owner", "ops")], Ct);
        Assert.Equal([T("team", "web"), T("env", "prod"), T("owner", "ops")], await _h.Alarms.ListTagsAsync(Arn, Ct));

        await _h.Alarms.UntagAsync(Arn, ["team", "absent"], Ct);
        Assert.Equal([T("env", "prod"), T("owner", "ops")], await _h.Alarms.ListTagsAsync(Arn, Ct));
    }

    [Fact]
    public async Task PutMetricAlarm_AgainKeepsTagsSetSince()
    {
        await PutAsync();
        await _h.Alarms.TagAsync(Arn, [T("k", "v")], Ct);

        await PutAsync();

        Assert.Equal([T("k", "v")], await _h.Alarms.ListTagsAsync(Arn, Ct));
    }

    [Fact]
    public async Task Errors_NothingChanges()
    {
        await PutAsync([T("keep", "1")]);

        await RefusedAsync(() => _h.Alarms.TagAsync("arn:aws:cloudwatch:us-east-1:000000000000:alarm:none", [T("a", "b")], Ct), "ResourceNotFoundException", "does not exist");
        await RefusedAsync(() => _h.Alarms.ListTagsAsync("arn:aws:cloudwatch:us-east-1:000000000000:alarm:none", Ct), "ResourceNotFoundException", "does not exist");
        await RefusedAsync(() => _h.Alarms.TagAsync("arn:aws:cloudwatch:us-east-1:000000000000:insight-rule/r", [T("a", "b")], Ct), "InvalidParameterValue", "alarms only");
        await RefusedAsync(() => _h.Alarms.TagAsync("arn:aws:ecs:us-east-1:000000000000:cluster/c", [T("a", "b")], Ct), "InvalidParameterValue", "not a CloudWatch");
        await RefusedAsync(() => _h.Alarms.TagAsync(null, [T("a", "b")], Ct), "MissingParameter", "ResourceARN");
        await RefusedAsync(() => _h.Alarms.TagAsync(Arn, null, Ct), "MissingParameter", "Tags");
        await RefusedAsync(() => _h.Alarms.UntagAsync(Arn, null, Ct), "MissingParameter", "TagKeys");
        await RefusedAsync(() => _h.Alarms.TagAsync(Arn, [T("aws:x", "b")], Ct), "InvalidParameterValue", "reserved");
        await RefusedAsync(() => _h.Alarms.TagAsync(Arn, [T("", "b")], Ct), "InvalidParameterValue", "Key of 1 to 128");
        await RefusedAsync(() => _h.Alarms.TagAsync(Arn, [T("k", new string('v', 257))], Ct), "InvalidParameterValue", "at most 256");
        await RefusedAsync(() => _h.Alarms.TagAsync(Arn, Enumerable.Range(0, 50).Select(i => T($"k{i}", "v")).ToList(), Ct), "InvalidParameterValue", "greater than 50");

        Assert.Equal([T("keep", "1")], await _h.Alarms.ListTagsAsync(Arn, Ct));
    }
}
