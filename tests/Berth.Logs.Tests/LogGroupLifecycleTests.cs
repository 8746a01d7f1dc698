using Berth.TestSupport;
using static Berth.Logs.Tests.LogsHarness;

namespace Berth.Logs.Tests;

public sealed class LogGroupLifecycleTests : IDisposable
{
    readonly LogsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Theory]
    [InlineData("alias/mine", null, null, "kmsKeyId")]
    [InlineData(null, "INFREQUENT_ACCESS", null, "INFREQUENT_ACCESS is not supported")]
    [InlineData(null, "COLD", null, "Invalid logGroupClass")]
    [InlineData(null, null, true, "deletionProtectionEnabled")]
    public async Task Create_UnsupportedOptions_AreRefusedAndCreateNothing(string? kms, string? cls, bool? protection, string fragment)
    {
        await AwsAssert.RefusedAsync(() => _h.Groups.CreateAsync("/g", null, kms, cls, protection, Ct), "InvalidParameterException", fragment);
        Assert.Null(await _h.Events.GetGroupAsync("/g", Ct));
    }

    [Fact]
    public async Task Create_StandardClassAndNoProtection_AreAccepted()
    {
        await _h.Groups.CreateAsync("/g", null, null, "STANDARD", false, Ct);
        Assert.Equal("STANDARD", (await _h.Groups.DescribeAsync("/g", null, null, Ct)).Groups.Single().LogGroupClass);
    }

    [Fact]
    public async Task DeleteStream_RemovesStreamAndItsEvents_OthersStay()
    {
        await _h.GroupAsync("/g", "a");
        await _h.Logs.CreateStreamAsync("/g", "b", Ct);
        await _h.PutAsync("/g", "a", (1000, "in a"));
        await _h.PutAsync("/g", "b", (2000, "in b"));

        await _h.Groups.DeleteStreamAsync("/g", "a", Ct);

        var streams = (await _h.Logs.DescribeStreamsAsync("/g", null, null, false, null, null, Ct)).Streams;
        Assert.Equal(["b"], streams.Select(s => s.LogStreamName));
        var events = await _h.Events.ReadAsync(new EventQuery("/g", null, null, null, null, false, null, 10), Ct);
        Assert.Equal(["in b"], events.Select(e => e.Message));
        Assert.Equal("in b".Length, (await _h.Groups.DescribeAsync("/g", null, null, Ct)).Groups.Single().StoredBytes);
    }

    [Fact]
    public async Task DeleteStream_MissingOrInvalid_IsRefused()
    {
        await _h.GroupAsync("/g", "a");
        await AwsAssert.RefusedAsync(() => _h.Groups.DeleteStreamAsync("/g", "nope", Ct), "ResourceNotFoundException", "log stream");
        await AwsAssert.RefusedAsync(() => _h.Groups.DeleteStreamAsync("/nope", "a", Ct), "ResourceNotFoundException", "log group");
        await AwsAssert.RefusedAsync(() => _h.Groups.DeleteStreamAsync("/g", "a:b", Ct), "InvalidParameterException");
        await AwsAssert.RefusedAsync(() => _h.Groups.DeleteStreamAsync("/g", null, Ct), "InvalidParameterException");
        Assert.Single((await _h.Logs.DescribeStreamsAsync("/g", null, null, false, null, null, Ct)).Streams);
    }
}
