using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.Tests.SecretsHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

/// <summary>UpdateSecret, DescribeSecret, tags, and deletion: the recovery window, RestoreSecret and the deletion controller.</summary>
public sealed class SecretLifecycleTests : IDisposable
{
    readonly SecretsHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Update_DescriptionOnly_MakesNoVersion()
    {
        await _h.CreateAsync("s", "one", Token('1'), description: "old");
        _h.Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await _h.Service.UpdateAsync(new SecretsManagerRequest { SecretId = "s", Description = "new" }, Ct);

        var described = await _h.Service.DescribeAsync("s", Ct);
        Assert.Null(updated.VersionId);
        Assert.Equal("new", described.Description);
        Assert.Equal(_h.Clock.GetUtcNow(), described.LastChangedDate);
        Assert.Single(_h.Documents("secret_versions"));
    }

    [Fact]
    public async Task Update_Value_MakesANewCurrentVersion()
    {
        await _h.CreateAsync("s", "one", Token('1'));

        var updated = await _h.Service.UpdateAsync(new SecretsManagerRequest { SecretId = "s", SecretString = "two", ClientRequestToken = Token('2'), Description = "d" }, Ct);

        Assert.Equal(Token('2'), updated.VersionId);
        Assert.Equal("two", (await _h.GetAsync("s")).SecretString);
        Assert.Equal("one", (await _h.GetAsync("s", stage: "AWSPREVIOUS")).SecretString);
        Assert.Equal("d", (await _h.Service.DescribeAsync("s", Ct)).Description);
        await RefusedAsync(() => _h.Service.UpdateAsync(new SecretsManagerRequest { SecretId = "s", KmsKeyId = "alias/custom" }, Ct), "InvalidParameterException", "alias/custom");
    }

    [Fact]
    public async Task Describe_ShowsDatesStagesAndTags()
    {
        var created = await _h.CreateAsync("s", "one", Token('1'), [new Tag { Key = "env", Value = "prod" }], "the db");

        var d = await _h.Service.DescribeAsync(created.ARN, Ct);

        Assert.Equal(created.ARN, d.ARN);
        Assert.Equal("s", d.Name);
        Assert.Equal("the db", d.Description);
        Assert.Equal(_h.Clock.GetUtcNow(), d.CreatedDate);
        Assert.Equal(_h.Clock.GetUtcNow(), d.LastChangedDate);
        Assert.Null(d.DeletedDate);
        Assert.False(d.RotationEnabled);
        Assert.Equal(["AWSCURRENT"], d.VersionIdsToStages![Token('1')]);
        Assert.Null(d.SecretVersionsToStages);
        Assert.Equal("env", Assert.Single(d.Tags!).Key);
    }

    [Fact]
    public async Task Delete_DefaultWindow_Is30DaysAndReadsAreRefused()
    {
        await _h.CreateAsync("s");

        var deleted = await _h.DeleteAsync("s");

        var due = _h.Clock.GetUtcNow().AddDays(30);
        Assert.Equal(due, deleted.DeletionDate);
        Assert.Equal(due, (await _h.Service.DescribeAsync("s", Ct)).DeletedDate);
        await RefusedAsync(() => _h.GetAsync("s"), "InvalidRequestException", "You can't perform this operation on the secret because it was marked for deletion.");
        await RefusedAsync(() => _h.PutAsync("s", "v"), "InvalidRequestException", "marked for deletion");
        await RefusedAsync(() => _h.Service.TagAsync("s", [new Tag { Key = "k", Value = "v" }], Ct), "InvalidRequestException", "marked for deletion");
        await RefusedAsync(() => _h.DeleteAsync("s", 7), "InvalidRequestException", "already scheduled for deletion");
    }

    [Theory]
    [InlineData(6)]
    [InlineData(31)]
    [InlineData(0)]
    public async Task Delete_WindowOutside7To30_IsInvalidParameter(long days)
    {
        await _h.CreateAsync("s");

        await RefusedAsync(() => _h.DeleteAsync("s", days), "InvalidParameterException", "between 7 and 30 days");
    }

    [Fact]
    public async Task Delete_ForceWithWindow_IsInvalidParameter()
    {
        await _h.CreateAsync("s");

        await RefusedAsync(() => _h.DeleteAsync("s", 7, true), "InvalidParameterException", "ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays");
    }

    [Fact]
    public async Task Delete_Force_RemovesTheSecretItsVersionsAndTagsAtOnce()
    {
        await _h.CreateAsync("s", tags: [new Tag { Key = "k", Value = "v" }]);
        await _h.PutAsync("s", "two");

        var deleted = await _h.DeleteAsync("s", force: true);

        Assert.Equal(_h.Clock.GetUtcNow(), deleted.DeletionDate);
        await RefusedAsync(() => _h.Service.DescribeAsync("s", Ct), "ResourceNotFoundException");
        Assert.Empty(_h.Documents("secrets"));
        Assert.Empty(_h.Documents("secret_versions"));
        Assert.Empty(_h.Documents("tags"));
        await RefusedAsync(() => _h.DeleteAsync("s", force: true), "ResourceNotFoundException");
    }

    [Fact]
    public async Task Delete_ForceOnAScheduledSecret_DeletesItNow()
    {
        await _h.CreateAsync("s");
        await _h.DeleteAsync("s", 7);

        await _h.DeleteAsync("s", force: true);

        Assert.Empty(_h.Documents("secrets"));
    }

    [Fact]
    public async Task Restore_ScheduledSecret_CanBeReadAgain()
    {
        var created = await _h.CreateAsync("s", "keep");
        await _h.DeleteAsync("s", 7);

        var restored = await _h.Service.RestoreAsync(created.ARN, Ct);

        Assert.Equal(created.ARN, restored.ARN);
        Assert.Null((await _h.Service.DescribeAsync("s", Ct)).DeletedDate);
        Assert.Equal("keep", (await _h.GetAsync("s")).SecretString);
        await _h.Service.RestoreAsync("s", Ct); // restoring a secret that is not deleted changes nothing
        await RefusedAsync(() => _h.Service.RestoreAsync("nope", Ct), "ResourceNotFoundException");
    }

    [Fact]
    public async Task DeletionController_BeforeTheWindowEnds_KeepsTheSecret()
    {
        await _h.CreateAsync("s");
        await _h.DeleteAsync("s", 7);
        _h.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));

        await _h.Deletions.PassAsync(Ct);

        Assert.Single(_h.Documents("secrets"));
        Assert.NotNull((await _h.Service.DescribeAsync("s", Ct)).DeletedDate);
    }

    [Fact]
    public async Task DeletionController_AfterTheWindow_DeletesTheSecretWithItsVersionsAndTags()
    {
        await _h.CreateAsync("s", tags: [new Tag { Key = "k", Value = "v" }]);
        await _h.CreateAsync("other");
        await _h.DeleteAsync("s", 7);
        _h.Clock.Advance(TimeSpan.FromDays(7));

        // Past the window the secret is gone for callers even before the controller's pass.
        await RefusedAsync(() => _h.Service.DescribeAsync("s", Ct), "ResourceNotFoundException");
        await RefusedAsync(() => _h.Service.RestoreAsync("s", Ct), "ResourceNotFoundException");

        await _h.Deletions.PassAsync(Ct);

        Assert.Single(_h.Documents("secrets"));
        Assert.Single(_h.Documents("secret_versions"));
        Assert.Empty(_h.Documents("tags"));
        Assert.Equal("s3cr3t-value", (await _h.GetAsync("other")).SecretString);
    }

    [Fact]
    public async Task DeletionController_RunsOnTheLoopAtItsInterval()
    {
        await _h.CreateAsync("s");
        await _h.DeleteAsync("s", 7);
        using var cts = new CancellationTokenSource();
        var run = _h.Deletions.RunAsync(cts.Token);

        _h.Clock.Advance(TimeSpan.FromDays(7));
        for (var i = 0; i < 100 && _h.Documents("secrets").Count > 0; i++)
        {
            _h.Clock.Advance(SecretDeletionController.Interval);
            await Task.Delay(20);
        }

        Assert.Empty(_h.Documents("secrets"));
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task TagAndUntag_ChangeTheSecretsTags()
    {
        await _h.CreateAsync("s", tags: [new Tag { Key = "a", Value = "1" }]);

        await _h.Service.TagAsync("s", [new Tag { Key = "b", Value = "2" }, new Tag { Key = "a", Value = "3" }], Ct);
        await _h.Service.UntagAsync("s", ["b"], Ct);

        var tags = (await _h.Service.DescribeAsync("s", Ct)).Tags!;
        Assert.Equal("3", Assert.Single(tags).Value);
        await RefusedAsync(() => _h.Service.TagAsync("s", null, Ct), "ValidationException");
        await RefusedAsync(() => _h.Service.TagAsync("s", [new Tag { Key = "aws:x", Value = "1" }], Ct), "InvalidParameterException", "aws:");
        await RefusedAsync(() => _h.Service.UntagAsync("nope", ["a"], Ct), "ResourceNotFoundException");
    }
}
