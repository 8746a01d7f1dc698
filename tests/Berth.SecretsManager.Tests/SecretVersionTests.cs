using Berth.SecretsManager.Api;
using static Berth.SecretsManager.Tests.SecretsHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

/// <summary>Versions and staging labels: PutSecretValue, GetSecretValue by version or stage, UpdateSecretVersionStage, ListSecretVersionIds.</summary>
public sealed class SecretVersionTests : IDisposable
{
    readonly SecretsHarness _h = new();

    public void Dispose() => _h.Dispose();

    async Task<Dictionary<string, List<string>>> StagesAsync(string id) => (await _h.Service.DescribeAsync(id, Ct)).VersionIdsToStages ?? [];

    Task<ListSecretVersionIdsResponse> ListAsync(string id, bool deprecated = false, int? max = null, string? token = null) =>
        _h.Versions.ListAsync(new SecretsManagerRequest { SecretId = id, IncludeDeprecated = deprecated, MaxResults = max, NextToken = token }, Ct);

    [Fact]
    public async Task Put_NewVersion_BecomesCurrentAndTheOldOnePrevious()
    {
        await _h.CreateAsync("s", "one", Token('1'));

        var put = await _h.PutAsync("s", "two", Token('2'));

        Assert.Equal(["AWSCURRENT"], put.VersionStages);
        Assert.Equal("two", (await _h.GetAsync("s")).SecretString);
        Assert.Equal("one", (await _h.GetAsync("s", stage: "AWSPREVIOUS")).SecretString);
        Assert.Equal(new Dictionary<string, List<string>> { [Token('1')] = ["AWSPREVIOUS"], [Token('2')] = ["AWSCURRENT"] }, await StagesAsync("s"));
    }

    [Fact]
    public async Task Put_ThirdVersion_DeprecatesTheOldest()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'));
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.PutAsync("s", "three", Token('3'));

        var listed = await ListAsync("s");
        var all = await ListAsync("s", deprecated: true);

        Assert.Equal([Token('3'), Token('2')], listed.Versions.Select(v => v.VersionId));
        Assert.Equal(3, all.Versions.Count);
        Assert.Null(all.Versions.Single(v => v.VersionId == Token('1')).VersionStages);
        Assert.Equal("one", (await _h.GetAsync("s", versionId: Token('1'))).SecretString);
    }

    [Fact]
    public async Task Put_CustomStage_MovesOnlyThatLabel()
    {
        await _h.CreateAsync("s", "one", Token('1'));

        var put = await _h.PutAsync("s", "pending", Token('2'), ["AWSPENDING"]);

        Assert.Equal(["AWSPENDING"], put.VersionStages);
        Assert.Equal("one", (await _h.GetAsync("s")).SecretString);
        Assert.Equal("pending", (await _h.GetAsync("s", stage: "AWSPENDING")).SecretString);
    }

    [Fact]
    public async Task Put_SameTokenSameValue_IsARetry()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'));

        var again = await _h.PutAsync("s", "two", Token('2'));

        Assert.Equal(Token('2'), again.VersionId);
        Assert.Equal(2, _h.Documents("secret_versions").Count);
        await RefusedAsync(() => _h.PutAsync("s", "changed", Token('2')), "ResourceExistsException", "already in use");
    }

    [Fact]
    public async Task Put_WithoutValueOrOnUnknownSecret_IsRefused()
    {
        await _h.CreateAsync("s");
        await RefusedAsync(() => _h.Versions.PutValueAsync(new SecretsManagerRequest { SecretId = "s" }, Ct), "InvalidParameterException", "SecretString or SecretBinary");
        await RefusedAsync(() => _h.PutAsync("nope", "v"), "ResourceNotFoundException");
        await RefusedAsync(() => _h.PutAsync("s", "v", stages: []), "ValidationException");
        await RefusedAsync(() => _h.Versions.PutValueAsync(new SecretsManagerRequest { SecretId = "s", SecretString = "v", RotationToken = new string('r', 36) }, Ct), "InvalidRequestException", "RotationToken");
    }

    [Fact]
    public async Task Put_Past100Versions_DropsTheOldestDeprecatedOnes()
    {
        await _h.CreateAsync("many", "v0");
        for (var i = 1; i <= 105; i++)
        {
            _h.Clock.Advance(TimeSpan.FromMilliseconds(10));
            await _h.PutAsync("many", $"v{i}");
        }

        var all = await ListAsync("many", deprecated: true, max: 100);

        Assert.Equal(SecretVersionService.MaxVersions, all.Versions.Count);
        Assert.Null(all.NextToken);
        Assert.Equal("v105", (await _h.GetAsync("many")).SecretString);
        Assert.Equal("v104", (await _h.GetAsync("many", stage: "AWSPREVIOUS")).SecretString);
    }

    [Fact]
    public async Task Get_VersionIdAndStage_MustAgree()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'));

        Assert.Equal("one", (await _h.GetAsync("s", Token('1'), "AWSPREVIOUS")).SecretString);
        await RefusedAsync(() => _h.GetAsync("s", Token('1'), "AWSCURRENT"), "InvalidRequestException", "not associated");
        await RefusedAsync(() => _h.GetAsync("s", Token('9')), "ResourceNotFoundException", $"VersionId: {Token('9')}");
        await RefusedAsync(() => _h.GetAsync("s", stage: "NOPE"), "ResourceNotFoundException", "staging label: NOPE");
        await RefusedAsync(() => _h.GetAsync("s", "short"), "ValidationException");
    }

    [Fact]
    public async Task UpdateStage_MovingCurrent_GivesPreviousToTheVersionItLeft()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'), ["AWSPENDING"]);

        await _h.Versions.UpdateStageAsync(new SecretsManagerRequest { SecretId = "s", VersionStage = "AWSCURRENT", RemoveFromVersionId = Token('1'), MoveToVersionId = Token('2') }, Ct);

        Assert.Equal(new Dictionary<string, List<string>> { [Token('1')] = ["AWSPREVIOUS"], [Token('2')] = ["AWSPENDING", "AWSCURRENT"] }, await StagesAsync("s"));
        Assert.Equal("two", (await _h.GetAsync("s")).SecretString);
    }

    [Fact]
    public async Task UpdateStage_LabelOnAnotherVersion_NeedsRemoveFromVersionId()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'), ["custom"]);
        var request = new SecretsManagerRequest { SecretId = "s", VersionStage = "AWSCURRENT", MoveToVersionId = Token('2') };

        await RefusedAsync(() => _h.Versions.UpdateStageAsync(request, Ct), "InvalidParameterException", $"currently attached to version {Token('1')}");
        await RefusedAsync(() => _h.Versions.UpdateStageAsync(request with { RemoveFromVersionId = Token('2') }, Ct), "InvalidParameterException", "not attached");
        await RefusedAsync(() => _h.Versions.UpdateStageAsync(request with { MoveToVersionId = Token('9') }, Ct), "InvalidParameterException", "Not a valid version");
    }

    [Fact]
    public async Task UpdateStage_RemovingALabel_LeavesCurrentWhereItIs()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'), ["custom"]);

        await _h.Versions.UpdateStageAsync(new SecretsManagerRequest { SecretId = "s", VersionStage = "custom", RemoveFromVersionId = Token('2') }, Ct);

        Assert.Equal(new Dictionary<string, List<string>> { [Token('1')] = ["AWSCURRENT"] }, await StagesAsync("s"));
        await RefusedAsync(() => _h.Versions.UpdateStageAsync(new SecretsManagerRequest { SecretId = "s", VersionStage = "AWSCURRENT", RemoveFromVersionId = Token('1') }, Ct),
            "InvalidParameterException", "MoveToVersionId");
        await RefusedAsync(() => _h.Versions.UpdateStageAsync(new SecretsManagerRequest { SecretId = "s", VersionStage = "custom" }, Ct), "InvalidParameterException");
    }

    [Fact]
    public async Task UpdateStage_MoreThan20Labels_IsLimitExceeded()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        await _h.PutAsync("s", "two", Token('2'), [.. Enumerable.Range(0, 19).Select(i => $"l{i}")]);

        await RefusedAsync(() => _h.Versions.UpdateStageAsync(new SecretsManagerRequest { SecretId = "s", VersionStage = "extra", MoveToVersionId = Token('1') }, Ct),
            "LimitExceededException", "20");
    }

    [Fact]
    public async Task ListVersionIds_PagesWithTokens()
    {
        await _h.CreateAsync("s", "0", Token('0'));
        for (var i = 1; i <= 4; i++)
        {
            _h.Clock.Advance(TimeSpan.FromSeconds(1));
            await _h.PutAsync("s", $"{i}", Token((char)('0' + i)), [$"label{i}"]);
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await ListAsync("s", max: 2, token: token);
            Assert.True(page.Versions.Count <= 2);
            seen.AddRange(page.Versions.Select(v => v.VersionId));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(["4", "3", "2", "1", "0"], seen.Select(v => v[..1]));
        await RefusedAsync(() => ListAsync("s", token: "bm90LWEtdG9rZW4="), "InvalidNextTokenException");
        await RefusedAsync(() => ListAsync("s", max: 101), "ValidationException");
    }

    [Fact]
    public async Task Get_ReadingTheValue_RecordsTheDayItWasAccessed()
    {
        await _h.CreateAsync("s", "one", Token('1'));
        Assert.Null((await _h.Service.DescribeAsync("s", Ct)).LastAccessedDate);

        _h.Clock.Advance(TimeSpan.FromHours(15));
        await _h.GetAsync("s");

        var day = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(day, (await _h.Service.DescribeAsync("s", Ct)).LastAccessedDate);
        Assert.Equal(day, (await ListAsync("s")).Versions.Single().LastAccessedDate);
    }
}
