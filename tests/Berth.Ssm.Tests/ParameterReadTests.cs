using Berth.Ssm.Api;
using static Berth.Ssm.Tests.SsmHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.Ssm.Tests;

/// <summary>GetParameter(s) with selectors, GetParametersByPath, GetParameterHistory and DescribeParameters.</summary>
public sealed class ParameterReadTests : IDisposable
{
    readonly SsmHarness _h = new();

    public ParameterReadTests()
    {
        Seed().GetAwaiter().GetResult();
    }

    public void Dispose() => _h.Dispose();

    async Task Seed()
    {
        await _h.PutAsync("/app/prod/url", "https://prod");
        await _h.PutAsync("/app/prod/db/password", "pw-prod", "SecureString");
        await _h.PutAsync("/app/prod/hosts", "a,b,c", "StringList");
        await _h.PutAsync("/app/dev/url", "https://dev");
        await _h.PutAsync("root", "r");
        await _h.PutAsync("/app/prod/url", "https://prod-2", overwrite: true);
        await _h.Labels.LabelAsync(new SsmRequest { Name = "/app/prod/url", ParameterVersion = 1, Labels = ["stable"] }, Ct);
    }

    static List<string> Names(IEnumerable<SsmParameter> ps) => [.. ps.Select(p => p.Name)];

    Task<GetParametersByPathResponse> ByPath(string path, bool recursive = false, int? max = null, string? token = null, List<ParameterStringFilter>? filters = null, bool decrypt = false) =>
        _h.Reader.ByPathAsync(new SsmRequest { Path = path, Recursive = recursive, MaxResults = max, NextToken = token, ParameterFilters = filters, WithDecryption = decrypt }, Ct);

    async Task<List<string>> DescribeNames(List<ParameterStringFilter>? filters = null, List<ParametersFilter>? legacy = null) =>
        [.. (await _h.Reader.DescribeAsync(new SsmRequest { ParameterFilters = filters, Filters = legacy, MaxResults = 50 }, Ct)).Parameters.Select(p => p.Name)];

    static ParameterStringFilter F(string key, string? option, params string[] values) => new() { Key = key, Option = option, Values = [.. values] };

    [Fact]
    public async Task Get_Selectors_PickVersionsAndLabels()
    {
        Assert.Equal(("https://prod-2", 2L), ((await _h.GetAsync("/app/prod/url")).Value, (await _h.GetAsync("/app/prod/url")).Version));
        var byVersion = await _h.GetAsync("/app/prod/url:1");
        Assert.Equal(("https://prod", 1L, ":1"), (byVersion.Value, byVersion.Version, byVersion.Selector));
        var byLabel = await _h.GetAsync("/app/prod/url:stable");
        Assert.Equal(("https://prod", ":stable"), (byLabel.Value, byLabel.Selector));
        Assert.Equal("https://prod", (await _h.GetAsync($"{ArnPrefix}/app/prod/url:1")).Value);
        Assert.Equal("https://prod-2", (await _h.GetAsync($"{ArnPrefix}/app/prod/url")).Value);
        Assert.Equal("r", (await _h.GetAsync($"{ArnPrefix}/root")).Value);
        Assert.Equal("r", (await _h.GetAsync("/root")).Value);

        await RefusedAsync(() => _h.GetAsync("/app/prod/url:7"), "ParameterVersionNotFound", "could not find version 7 of /app/prod/url");
        await RefusedAsync(() => _h.GetAsync("/app/prod/url:nolabel"), "ParameterNotFound");
        await RefusedAsync(() => _h.GetAsync("/nope"), "ParameterNotFound", "Parameter /nope not found.");
        await RefusedAsync(() => _h.GetAsync("/a:1:2"), "ParameterNotFound");
        await RefusedAsync(() => _h.GetAsync("arn:aws:ssm:eu-west-1:123456789012:parameter/root"), "ParameterNotFound");
    }

    [Fact]
    public async Task Get_StringList_IsTheCommaSeparatedValue() =>
        Assert.Equal(("a,b,c", "StringList"), ((await _h.GetAsync("/app/prod/hosts")).Value, (await _h.GetAsync("/app/prod/hosts")).Type));

    [Fact]
    public async Task GetMany_ListsWhatItCouldNotFind()
    {
        var got = await _h.Reader.GetManyAsync(["/app/dev/url", "/nope", "/app/prod/url:1", "/app/prod/url:9", "/app/prod/db/password"], true, Ct);

        Assert.Equal(["/app/dev/url", "/app/prod/url", "/app/prod/db/password"], Names(got.Parameters));
        Assert.Equal("pw-prod", got.Parameters[2].Value);
        Assert.Equal(["/nope", "/app/prod/url:9"], got.InvalidParameters);
        await RefusedAsync(() => _h.Reader.GetManyAsync([.. Enumerable.Range(0, 11).Select(i => $"/p{i}")], false, Ct), "ValidationException");
        await RefusedAsync(() => _h.Reader.GetManyAsync([], false, Ct), "ValidationException");
    }

    [Fact]
    public async Task ByPath_OneLevelOrRecursive()
    {
        Assert.Equal(["/app/prod/hosts", "/app/prod/url"], Names((await ByPath("/app/prod")).Parameters));
        Assert.Equal(["/app/prod/db/password", "/app/prod/hosts", "/app/prod/url"], Names((await ByPath("/app/prod/", recursive: true)).Parameters));
        Assert.Equal(["root"], Names((await ByPath("/")).Parameters));
        Assert.Equal(5, (await ByPath("/", recursive: true, max: 10)).Parameters.Count);
        Assert.Empty((await ByPath("/app/pro", recursive: true)).Parameters);
    }

    [Fact]
    public async Task ByPath_DecryptsOnlyWhenAskedAndFilters()
    {
        var hidden = await ByPath("/app/prod/db");
        var shown = await ByPath("/app/prod/db", decrypt: true);
        Assert.NotEqual("pw-prod", Assert.Single(hidden.Parameters).Value);
        Assert.Equal("pw-prod", Assert.Single(shown.Parameters).Value);

        Assert.Equal(["/app/prod/db/password"], Names((await ByPath("/app", true, filters: [F("Type", null, "SecureString")])).Parameters));
        Assert.Equal(["/app/prod/db/password"], Names((await ByPath("/app", true, filters: [F("KeyId", "BeginsWith", "alias/aws")])).Parameters));
        var labelled = Assert.Single((await ByPath("/app", true, filters: [F("Label", "Equals", "stable")])).Parameters);
        Assert.Equal(("/app/prod/url", "https://prod"), (labelled.Name, labelled.Value));
    }

    [Fact]
    public async Task ByPath_PagesAndRefusesBadInput()
    {
        var first = await ByPath("/", recursive: true, max: 2);
        var second = await ByPath("/", recursive: true, max: 2, token: first.NextToken);
        var third = await ByPath("/", recursive: true, max: 2, token: second.NextToken);
        Assert.Equal(5, first.Parameters.Count + second.Parameters.Count + third.Parameters.Count);
        Assert.Null(third.NextToken);

        await RefusedAsync(() => ByPath("app"), "ValidationException", "forward slash");
        await RefusedAsync(() => ByPath("/a//b"), "ValidationException");
        await RefusedAsync(() => ByPath("/", max: 11), "ValidationException");
        await RefusedAsync(() => ByPath("/", token: first.NextToken + "x"), "InvalidNextToken");
        await RefusedAsync(() => ByPath("/app", filters: [F("Name", null, "/x")]), "InvalidFilterKey");
        await RefusedAsync(() => ByPath("/app", filters: [F("Label", "BeginsWith", "s")]), "InvalidFilterOption");
        await RefusedAsync(() => ByPath("/app", filters: [F("Type", null)]), "InvalidFilterValue");
        await RefusedAsync(() => ByPath("/app", filters: [F("Type", null, "Integer")]), "InvalidFilterValue");
        await RefusedAsync(() => ByPath("/app", filters: [F("Colour", null, "x")]), "ValidationException");
    }

    [Fact]
    public async Task History_ListsEveryVersionWithItsLabels()
    {
        var history = await _h.Reader.HistoryAsync(new SsmRequest { Name = "/app/prod/url" }, Ct);

        Assert.Equal([1L, 2L], history.Parameters.Select(p => p.Version));
        Assert.Equal(["stable"], history.Parameters[0].Labels);
        Assert.Empty(history.Parameters[1].Labels);
        Assert.Equal("https://prod", history.Parameters[0].Value);
        var secure = Assert.Single((await _h.Reader.HistoryAsync(new SsmRequest { Name = "/app/prod/db/password", WithDecryption = true }, Ct)).Parameters);
        Assert.Equal(("pw-prod", "alias/aws/ssm"), (secure.Value, secure.KeyId));
        var paged = await _h.Reader.HistoryAsync(new SsmRequest { Name = "/app/prod/url", MaxResults = 1 }, Ct);
        Assert.NotNull(paged.NextToken);
        await RefusedAsync(() => _h.Reader.HistoryAsync(new SsmRequest { Name = "/nope" }, Ct), "ParameterNotFound");
    }

    [Fact]
    public async Task Describe_ParameterFilters()
    {
        Assert.Equal(["/app/dev/url", "/app/prod/db/password", "/app/prod/hosts", "/app/prod/url", "root"], await DescribeNames());
        Assert.Equal(["/app/prod/url"], await DescribeNames([F("Name", null, "/app/prod/url")]));
        Assert.Equal(["root"], await DescribeNames([F("Name", "Equals", "root")]));
        Assert.Equal(["root"], await DescribeNames([F("Name", "Equals", "/root")]));
        Assert.Equal(["/app/dev/url"], await DescribeNames([F("Name", "BeginsWith", "/app/d")]));
        Assert.Equal(["/app/dev/url", "/app/prod/url"], await DescribeNames([F("Name", "Contains", "url")]));
        Assert.Equal(["/app/prod/hosts", "/app/prod/url"], await DescribeNames([F("Path", null, "/app/prod")]));
        Assert.Equal(["/app/prod/db/password", "/app/prod/hosts", "/app/prod/url"], await DescribeNames([F("Path", "Recursive", "/app/prod")]));
        Assert.Equal(["/app/prod/hosts"], await DescribeNames([F("Type", null, "StringList")]));
        Assert.Equal(5, (await DescribeNames([F("Tier", null, "Standard"), F("DataType", null, "text")])).Count);
        Assert.Equal(["/app/dev/url", "root"], await DescribeNames(legacy: [new ParametersFilter { Key = "Name", Values = ["/app/dev", "ro"] }]));
        Assert.Equal(["/app/prod/db/password"], await DescribeNames(legacy: [new ParametersFilter { Key = "KeyId", Values = ["alias/aws/ssm"] }]));
    }

    [Fact]
    public async Task Describe_TagFilters_MatchKeyAndValue()
    {
        await _h.Tags.AddAsync(new SsmRequest { ResourceType = "Parameter", ResourceId = "/app/dev/url", Tags = [new() { Key = "env", Value = "dev" }] }, Ct);

        Assert.Equal(["/app/dev/url"], await DescribeNames([F("tag:env", null)]));
        Assert.Equal(["/app/dev/url"], await DescribeNames([F("tag:env", "BeginsWith", "d")]));
        Assert.Empty(await DescribeNames([F("tag:env", "Equals", "prod")]));
    }

    [Fact]
    public async Task Describe_PagesAndRefusesBadFilters()
    {
        var page = await _h.Reader.DescribeAsync(new SsmRequest { MaxResults = 3 }, Ct);
        var rest = await _h.Reader.DescribeAsync(new SsmRequest { MaxResults = 3, NextToken = page.NextToken }, Ct);
        Assert.Equal((3, 2), (page.Parameters.Count, rest.Parameters.Count));
        Assert.Null(rest.NextToken);
        Assert.Empty((await _h.Reader.DescribeAsync(new SsmRequest { Shared = true }, Ct)).Parameters);

        await RefusedAsync(() => _h.Reader.DescribeAsync(new SsmRequest { Filters = [], ParameterFilters = [] }, Ct), "ValidationException", "either Filters or ParameterFilters");
        await RefusedAsync(() => DescribeNames([F("Label", null, "x")]), "InvalidFilterKey");
        await RefusedAsync(() => DescribeNames([F("Name", null, "a"), F("Name", null, "b")]), "InvalidFilterKey", "duplicated");
        await RefusedAsync(() => DescribeNames([F("Path", "Equals", "/a")]), "InvalidFilterOption");
        await RefusedAsync(() => DescribeNames([F("Tier", null, "Gold")]), "InvalidFilterValue");
        await RefusedAsync(() => DescribeNames(legacy: [new ParametersFilter { Key = "Path", Values = ["/a"] }]), "ValidationException");
        await RefusedAsync(() => _h.Reader.DescribeAsync(new SsmRequest { MaxResults = 51 }, Ct), "ValidationException");
    }
}
