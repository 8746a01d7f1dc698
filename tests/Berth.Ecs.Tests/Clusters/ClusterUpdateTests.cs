using System.Text.Json;
using Berth.Ecs.Model;
using Berth.Ecs.Services;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Store;
using Berth.TestSupport;

namespace Berth.Ecs.Tests.Clusters;

/// <summary>CreateCluster's capacity providers and configuration, UpdateCluster, UpdateClusterSettings, PutClusterCapacityProviders.</summary>
public sealed class ClusterUpdateTests : IDisposable
{
    static readonly CancellationToken Ct = CancellationToken.None;
    static readonly Arns Arns = new("123456789012", "us-east-1");

    readonly TempDatabase _db = new();
    readonly SqliteStateStore _store;
    readonly ClusterService _clusters;

    public ClusterUpdateTests()
    {
        _store = new SqliteStateStore(_db.Db);
        _clusters = new ClusterService(_store, Arns, new TagService(_store));
    }

    public void Dispose() => _db.Dispose();

    static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    static CapacityProviderStrategyItem Item(string provider, int? weight = null, int? @base = null) => new() { CapacityProvider = provider, Weight = weight, Base = @base };

    Task<Cluster> Create(ClusterService.ClusterInput input, string name = "c") => _clusters.CreateAsync(name, null, input, null, Ct);

    [Fact]
    public async Task Create_KeepsCapacityProvidersAndStrategyAsSent()
    {
        var c = await Create(new() { CapacityProviders = ["FARGATE", "FARGATE_SPOT"], DefaultCapacityProviderStrategy = [Item("FARGATE_SPOT", 4, 1), Item("FARGATE", 1)] });
        Assert.Equal(["FARGATE", "FARGATE_SPOT"], c.CapacityProviders);
        Assert.Equal([Item("FARGATE_SPOT", 4, 1), Item("FARGATE", 1)], c.DefaultCapacityProviderStrategy);
        var (described, _) = await _clusters.DescribeAsync(["c"], null, Ct);
        Assert.Equal([Item("FARGATE_SPOT", 4, 1), Item("FARGATE", 1)], described[0].DefaultCapacityProviderStrategy);
    }

    [Theory]
    [InlineData("MY_ASG", "does not exist")]
    [InlineData("FARGATE,FARGATE", "more than once")]
    public async Task Create_CapacityProvidersBerthDoesNotHave_AreRefused(string providers, string fragment)
    {
        await AwsAssert.RefusedAsync(() => Create(new() { CapacityProviders = [.. providers.Split(',')] }), "InvalidParameterException", fragment);
        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "c", Ct));
    }

    [Fact]
    public async Task Create_StrategyNamingAProviderNotOfTheCluster_IsRefused() =>
        await AwsAssert.RefusedAsync(() => Create(new() { CapacityProviders = ["FARGATE"], DefaultCapacityProviderStrategy = [Item("FARGATE_SPOT", 1)] }),
            "InvalidParameterException", "not associated with the cluster");

    [Fact]
    public async Task Create_StrategyWithTwoBases_IsRefused() =>
        await AwsAssert.RefusedAsync(() => Create(new() { CapacityProviders = ["FARGATE", "FARGATE_SPOT"], DefaultCapacityProviderStrategy = [Item("FARGATE", 1, 1), Item("FARGATE_SPOT", 1, 2)] }),
            "InvalidParameterException", "Only one capacity provider");

    [Fact]
    public async Task Create_StrategyWeightOutOfRange_IsRefused() =>
        await AwsAssert.RefusedAsync(() => Create(new() { CapacityProviders = ["FARGATE"], DefaultCapacityProviderStrategy = [Item("FARGATE", 1001)] }),
            "InvalidParameterException", "between 0 and 1000");

    [Theory]
    [InlineData("""{"executeCommandConfiguration":{"kmsKeyId":"k"}}""", "executeCommandConfiguration.kmsKeyId")]
    [InlineData("""{"executeCommandConfiguration":{"logging":"OVERRIDE","logConfiguration":{"s3BucketName":"b"}}}""", "logging OVERRIDE")]
    [InlineData("""{"executeCommandConfiguration":{"logging":"LOUD"}}""", "Invalid configuration.executeCommandConfiguration.logging")]
    [InlineData("""{"managedStorageConfiguration":{"fargateEphemeralStorageKmsKeyId":"k"}}""", "managedStorageConfiguration.fargateEphemeralStorageKmsKeyId")]
    [InlineData("""{"somethingElse":{}}""", "configuration.somethingElse")]
    public async Task Create_ConfigurationThatCannotAct_IsRefusedByName(string configuration, string fragment)
    {
        await AwsAssert.RefusedAsync(() => Create(new() { Configuration = Json(configuration) }), "InvalidParameterException", fragment);
        Assert.Null(await _store.GetAsync(EcsKinds.Clusters, "c", Ct));
    }

    [Fact]
    public async Task Create_ServiceConnectDefaults_IsRefused() =>
        await AwsAssert.RefusedAsync(() => Create(new() { ServiceConnectDefaults = Json("""{"namespace":"ns"}""") }), "InvalidParameterException", "serviceConnectDefaults");

    [Fact]
    public async Task Update_MergesSettingsAndReplacesConfiguration_DescribedOnlyWhenIncluded()
    {
        await Create(new() { Configuration = Json("""{"executeCommandConfiguration":{"logging":"NONE"}}""") });
        var updated = await _clusters.UpdateAsync("c", [new() { Name = "containerInsights", Value = "enhanced" }], Json("""{"executeCommandConfiguration":{"logging":"DEFAULT"}}"""), null, Ct);
        Assert.Equal("enhanced", Assert.Single(updated.Settings!).Value);
        var (plain, _) = await _clusters.DescribeAsync(["c"], null, Ct);
        Assert.Null(plain[0].Configuration);
        Assert.Null(plain[0].Settings);
        var (full, _) = await _clusters.DescribeAsync(["c"], ["CONFIGURATIONS", "SETTINGS"], Ct);
        Assert.Equal("DEFAULT", full[0].Configuration!.Value.GetProperty("executeCommandConfiguration").GetProperty("logging").GetString());
        Assert.Equal("enhanced", Assert.Single(full[0].Settings!).Value);
    }

    [Fact]
    public async Task UpdateSettings_OfAMissingCluster_IsClusterNotFound() =>
        await AwsAssert.RefusedAsync(() => _clusters.UpdateSettingsAsync("ghost", [new() { Name = "containerInsights", Value = "enabled" }], Ct), "ClusterNotFoundException");

    [Fact]
    public async Task UpdateSettings_UnknownSetting_IsRefusedAndChangesNothing()
    {
        await Create(new());
        await AwsAssert.RefusedAsync(() => _clusters.UpdateSettingsAsync("c", [new() { Name = "speed", Value = "fast" }], Ct), "InvalidParameterException", "Invalid cluster setting name 'speed'");
        Assert.Equal("disabled", Assert.Single((await _store.GetAsync(EcsKinds.Clusters, "c", Ct))!.Value.Settings!).Value);
    }

    [Fact]
    public async Task PutCapacityProviders_ReplacesBoth()
    {
        await Create(new() { CapacityProviders = ["FARGATE"], DefaultCapacityProviderStrategy = [Item("FARGATE", 1)] });
        var c = await _clusters.PutCapacityProvidersAsync("c", ["FARGATE_SPOT"], [Item("FARGATE_SPOT", 2, 1)], Ct);
        Assert.Equal(["FARGATE_SPOT"], c.CapacityProviders);
        Assert.Equal([Item("FARGATE_SPOT", 2, 1)], c.DefaultCapacityProviderStrategy);
        var cleared = await _clusters.PutCapacityProvidersAsync("c", [], [], Ct);
        Assert.Empty(cleared.CapacityProviders!);
        Assert.Empty(cleared.DefaultCapacityProviderStrategy!);
    }

    [Fact]
    public async Task PutCapacityProviders_RemovingOneAServiceUses_IsResourceInUse()
    {
        var cluster = await Create(new() { CapacityProviders = ["FARGATE", "FARGATE_SPOT"] });
        await _store.CommitAsync(StoreWrite.Insert(EcsKinds.Services, new ServiceRecord
        {
            Service = new EcsService
            {
                ServiceArn = Arns.Service("c", "svc"),
                ServiceName = "svc",
                ClusterArn = cluster.ClusterArn,
                Status = "ACTIVE",
                CapacityProviderStrategy = [Item("FARGATE_SPOT", 1)],
            },
        }), Ct);
        await AwsAssert.RefusedAsync(() => _clusters.PutCapacityProvidersAsync("c", ["FARGATE"], [], Ct), "ResourceInUseException", "FARGATE_SPOT");
        Assert.Equal(2, (await _store.GetAsync(EcsKinds.Clusters, "c", Ct))!.Value.CapacityProviders!.Count);
    }

    [Fact]
    public async Task PutCapacityProviders_WithoutTheLists_IsRefused()
    {
        await Create(new());
        await AwsAssert.RefusedAsync(() => _clusters.PutCapacityProvidersAsync("c", null, [], Ct), "InvalidParameterException", "capacityProviders is required");
        await AwsAssert.RefusedAsync(() => _clusters.PutCapacityProvidersAsync("c", [], null, Ct), "InvalidParameterException", "defaultCapacityProviderStrategy is required");
    }
}
