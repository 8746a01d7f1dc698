using Berth.TestSupport;
using static Berth.Logs.Tests.LogsHarness;

namespace Berth.Logs.Tests;

public sealed class LogGroupTagsTests : IDisposable
{
    const string Arn = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web";
    readonly LogsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public void GroupOf_LogGroupArn_NamesTheGroup()
    {
        Assert.Equal("/ecs/web", _h.Tags.GroupOf(Arn));
    }

    [Fact]
    public void GroupOf_ArnWithTrailingStar_IsInvalidResourceArn_AsAwsSays()
    {
        AwsAssert.Refused(() => _h.Tags.GroupOf(Arn + ":*"), "ValidationException", "Invalid resourceArn", "without it");
    }

    [Theory]
    [InlineData("not-an-arn", "ValidationException")]
    [InlineData("", "ValidationException")]
    [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/x", "ValidationException")]
    [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:bad name", "ValidationException")]
    [InlineData("arn:aws:logs:us-east-1:123456789012:destination:d", "ResourceNotFoundException")]
    [InlineData("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/web", "ResourceNotFoundException")]
    [InlineData("arn:aws:logs:us-east-1:999999999999:log-group:/ecs/web", "ResourceNotFoundException")]
    public void GroupOf_OtherArns_AreRefused(string arn, string code)
    {
        AwsAssert.Refused(() => _h.Tags.GroupOf(arn), code);
    }

    [Fact]
    public async Task CreateWithTags_ThenTagUntagList_ByArnAndByName()
    {
        await _h.Groups.CreateAsync("/ecs/web", new Dictionary<string, string> { ["app"] = "web" }, null, null, null, Ct);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, await _h.Tags.ListAsync("/ecs/web", Ct));

        await _h.Tags.TagAsync(_h.Tags.GroupOf(Arn), new Dictionary<string, string> { ["team"] = "blue", ["app"] = "web2" }, "TooManyTagsException", Ct);
        await _h.Tags.TagAsync("/ecs/web", new Dictionary<string, string> { ["env"] = "dev" }, "InvalidParameterException", Ct);
        await _h.Tags.UntagAsync(_h.Tags.GroupOf(Arn), ["team", "absent"], atLeastOne: false, Ct);

        Assert.Equal(new Dictionary<string, string> { ["app"] = "web2", ["env"] = "dev" }, await _h.Tags.ListAsync("/ecs/web", Ct));
    }

    [Fact]
    public async Task Tag_MoreThan50InAll_IsTooManyTags_AndChangesNothing()
    {
        await _h.GroupAsync("/g");
        await _h.Tags.TagAsync("/g", Enumerable.Range(0, 49).ToDictionary(i => $"k{i}", i => "v"), "TooManyTagsException", Ct);

        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/g", new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" }, "TooManyTagsException", Ct), "TooManyTagsException");
        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/g", new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" }, "InvalidParameterException", Ct), "InvalidParameterException");

        Assert.Equal(49, (await _h.Tags.ListAsync("/g", Ct)).Count);
    }

    [Theory]
    [InlineData("aws:owner", "x", "reserved prefix")]
    [InlineData("", "x", "Invalid tag key")]
    [InlineData("bad#key", "x", "Invalid tag key")]
    [InlineData("k", "bad#value", "Invalid value")]
    public async Task Tag_BadKeyOrValue_IsInvalidParameter(string key, string value, string fragment)
    {
        await _h.GroupAsync("/g");
        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/g", new Dictionary<string, string> { [key] = value }, "TooManyTagsException", Ct), "InvalidParameterException", fragment);
        Assert.Empty(await _h.Tags.ListAsync("/g", Ct));
    }

    [Fact]
    public async Task Tag_LongKeysAndValues_AreBoundedBy128And256()
    {
        await _h.GroupAsync("/g");
        await _h.Tags.TagAsync("/g", new Dictionary<string, string> { [new string('k', 128)] = new string('v', 256) }, "TooManyTagsException", Ct);
        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/g", new Dictionary<string, string> { [new string('k', 129)] = "v" }, "TooManyTagsException", Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/g", new Dictionary<string, string> { ["k"] = new string('v', 257) }, "TooManyTagsException", Ct), "InvalidParameterException");
    }

    [Fact]
    public async Task TagsOfMissingGroup_AreResourceNotFound()
    {
        await AwsAssert.RefusedAsync(() => _h.Tags.ListAsync("/nope", Ct), "ResourceNotFoundException");
        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/nope", new Dictionary<string, string> { ["a"] = "b" }, "TooManyTagsException", Ct), "ResourceNotFoundException");
        await AwsAssert.RefusedAsync(() => _h.Tags.UntagAsync("/nope", ["a"], false, Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task EmptyTagMapOrKeyList_IsInvalidParameter()
    {
        await _h.GroupAsync("/g");
        await AwsAssert.RefusedAsync(() => _h.Tags.TagAsync("/g", new Dictionary<string, string>(), "TooManyTagsException", Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => _h.Tags.UntagAsync("/g", [], atLeastOne: true, Ct), "InvalidParameterException");
        await _h.Tags.UntagAsync("/g", [], atLeastOne: false, Ct);
    }

    [Fact]
    public async Task CreateLogGroup_TooManyOrBadTags_CreatesNothing()
    {
        await AwsAssert.RefusedAsync(() => _h.Groups.CreateAsync("/g", Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v"), null, null, null, Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => _h.Groups.CreateAsync("/g", new Dictionary<string, string> { ["aws:x"] = "v" }, null, null, null, Ct), "InvalidParameterException");
        Assert.Null(await _h.Events.GetGroupAsync("/g", Ct));
    }

    [Fact]
    public async Task DeleteLogGroup_TakesItsTags_ARecreatedGroupStartsUntagged()
    {
        await _h.Groups.CreateAsync("/g", new Dictionary<string, string> { ["a"] = "b" }, null, null, null, Ct);
        await _h.Groups.DeleteAsync("/g", Ct);
        await _h.GroupAsync("/g");

        Assert.Empty(await _h.Tags.ListAsync("/g", Ct));
    }
}
