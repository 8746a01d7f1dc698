using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.Tests.SecretsHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.SecretsManager.Tests;

/// <summary>ListSecrets (filters, planned deletions, sorting, paging) and BatchGetSecretValue.</summary>
public sealed class SecretListTests : IDisposable
{
    readonly SecretsHarness _h = new();

    public SecretListTests()
    {
        Seed().GetAwaiter().GetResult();
    }

    public void Dispose() => _h.Dispose();

    async Task Seed()
    {
        await _h.CreateAsync("prod/db/password", tags: [new Tag { Key = "team", Value = "payments" }], description: "Database password for orders");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.CreateAsync("prod/api-key", tags: [new Tag { Key = "team", Value = "core" }], description: "Stripe key");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.CreateAsync("staging/db/password", tags: [new Tag { Key = "env", Value = "staging" }]);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.CreateAsync("credsDatabase892");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await _h.CreateAsync("old/secret");
        await _h.DeleteAsync("old/secret", 7);
    }

    async Task<List<string>> NamesAsync(params SecretFilter[] filters) =>
        [.. (await _h.Listing.ListAsync(new SecretsManagerRequest { Filters = [.. filters] }, Ct)).SecretList.Select(s => s.Name).Order(StringComparer.Ordinal)];

    static SecretFilter F(string key, params string[] values) => new() { Key = key, Values = [.. values] };

    [Fact]
    public async Task List_Default_IsNewestFirstWithoutPlannedDeletions()
    {
        var listed = await _h.Listing.ListAsync(new SecretsManagerRequest(), Ct);

        Assert.Equal(["credsDatabase892", "staging/db/password", "prod/api-key", "prod/db/password"], listed.SecretList.Select(s => s.Name));
        var entry = listed.SecretList[^1];
        Assert.NotNull(entry.SecretVersionsToStages);
        Assert.Null(entry.VersionIdsToStages);
        Assert.Equal("payments", Assert.Single(entry.Tags!).Value);
        Assert.Null(listed.NextToken);
    }

    [Fact]
    public async Task List_IncludePlannedDeletion_ShowsScheduledSecrets()
    {
        var listed = await _h.Listing.ListAsync(new SecretsManagerRequest { IncludePlannedDeletion = true, SortBy = "name", SortOrder = "asc" }, Ct);

        Assert.Equal(["credsDatabase892", "old/secret", "prod/api-key", "prod/db/password", "staging/db/password"], listed.SecretList.Select(s => s.Name));
        Assert.NotNull(listed.SecretList[1].DeletedDate);
    }

    [Fact]
    public async Task List_Filters_MatchAsAwsDocuments()
    {
        Assert.Equal(["prod/api-key", "prod/db/password"], await NamesAsync(F("name", "prod/")));
        Assert.Empty(await NamesAsync(F("name", "Prod/")));
        Assert.Equal(["prod/db/password"], await NamesAsync(F("description", "password DATABASE")));
        Assert.Equal(["prod/api-key", "prod/db/password"], await NamesAsync(F("tag-key", "te")));
        Assert.Equal(["prod/db/password"], await NamesAsync(F("tag-value", "pay")));
        Assert.Equal(["credsDatabase892", "prod/db/password"], await NamesAsync(F("all", "database")));
        Assert.Equal(["credsDatabase892"], await NamesAsync(F("all", "892")));
        Assert.Equal(["prod/api-key", "staging/db/password"], await NamesAsync(F("all", "staging stripe")));
        Assert.Equal(["credsDatabase892", "staging/db/password"], await NamesAsync(F("name", "!prod")));
        Assert.Equal(["prod/db/password"], await NamesAsync(F("name", "prod"), F("tag-value", "payments")));
        Assert.Equal(["prod/api-key", "staging/db/password"], await NamesAsync(F("name", "prod/api", "staging")));
        Assert.Equal(5 - 1, (await NamesAsync(F("primary-region", "us-"))).Count);
        Assert.Empty(await NamesAsync(F("owning-service", "rds")));
    }

    [Fact]
    public async Task List_InvalidFilters_AreValidationErrors()
    {
        await RefusedAsync(() => NamesAsync(F("colour", "red")), "ValidationException", "enum value set");
        await RefusedAsync(() => NamesAsync(F("name")), "ValidationException");
        await RefusedAsync(() => NamesAsync(F("name", "semi;colon")), "ValidationException", "pattern");
        await RefusedAsync(() => NamesAsync([.. Enumerable.Range(0, 11).Select(_ => F("name", "a"))]), "ValidationException");
        await RefusedAsync(() => _h.Listing.ListAsync(new SecretsManagerRequest { SortOrder = "up" }, Ct), "ValidationException");
        await RefusedAsync(() => _h.Listing.ListAsync(new SecretsManagerRequest { SortBy = "size" }, Ct), "ValidationException");
        await RefusedAsync(() => _h.Listing.ListAsync(new SecretsManagerRequest { MaxResults = 0 }, Ct), "ValidationException");
    }

    [Fact]
    public async Task List_Paging_VisitsEverySecretOnce()
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await _h.Listing.ListAsync(new SecretsManagerRequest { MaxResults = 3, NextToken = token, SortBy = "name", SortOrder = "desc" }, Ct);
            Assert.True(page.SecretList.Count <= 3);
            seen.AddRange(page.SecretList.Select(s => s.Name));
            token = page.NextToken;
        }
        while (token is not null);

        Assert.Equal(["staging/db/password", "prod/db/password", "prod/api-key", "credsDatabase892"], seen);
        await RefusedAsync(() => _h.Listing.ListAsync(new SecretsManagerRequest { NextToken = "garbage!" }, Ct), "InvalidNextTokenException");
    }

    [Fact]
    public async Task BatchGet_ById_ReturnsValuesAndErrorsPerSecret()
    {
        var batch = await _h.Listing.BatchGetAsync(new SecretsManagerRequest { SecretIdList = ["prod/api-key", "nope", "old/secret"] }, Ct);

        Assert.Equal("prod/api-key", Assert.Single(batch.SecretValues).Name);
        Assert.Equal(["ResourceNotFoundException", "InvalidRequestException"], batch.Errors.Select(e => e.ErrorCode));
        Assert.Equal(["nope", "old/secret"], batch.Errors.Select(e => e.SecretId));
    }

    [Fact]
    public async Task BatchGet_ByFilter_PagesInNameOrder()
    {
        var first = await _h.Listing.BatchGetAsync(new SecretsManagerRequest { Filters = [F("name", "prod/", "staging/")], MaxResults = 2 }, Ct);
        var second = await _h.Listing.BatchGetAsync(new SecretsManagerRequest { Filters = [F("name", "prod/", "staging/")], MaxResults = 2, NextToken = first.NextToken }, Ct);

        Assert.Equal(["prod/api-key", "prod/db/password"], first.SecretValues.Select(v => v.Name));
        Assert.Equal(["staging/db/password"], second.SecretValues.Select(v => v.Name));
        Assert.Null(second.NextToken);
        Assert.All(first.SecretValues, v => Assert.Equal("s3cr3t-value", v.SecretString));
    }

    [Fact]
    public async Task BatchGet_BadCombinations_AreInvalidParameters()
    {
        await RefusedAsync(() => _h.Listing.BatchGetAsync(new SecretsManagerRequest { SecretIdList = ["a"], Filters = [F("name", "a")] }, Ct), "InvalidParameterException", "not both");
        await RefusedAsync(() => _h.Listing.BatchGetAsync(new SecretsManagerRequest(), Ct), "InvalidParameterException");
        await RefusedAsync(() => _h.Listing.BatchGetAsync(new SecretsManagerRequest { SecretIdList = ["a"], MaxResults = 5 }, Ct), "InvalidParameterException", "'Filters' not specified");
        await RefusedAsync(() => _h.Listing.BatchGetAsync(new SecretsManagerRequest { SecretIdList = [.. Enumerable.Range(0, 21).Select(i => $"s{i}")] }, Ct), "ValidationException");
    }
}
