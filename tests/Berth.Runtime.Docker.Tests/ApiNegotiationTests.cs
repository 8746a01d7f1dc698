using System.Text.Json;
using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker.Tests;

/// <summary>The client against engines of other API ranges (<see cref="FakeEngine"/> on a unix socket): what Docker 29 accepts, and none.</summary>
public sealed class ApiNegotiationTests
{
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Engine144To151_ClientAsksVersionUnversionedThenUses151Paths()
    {
        using var fake = new FakeEngine("1.44", "1.51");
        using var engine = new DockerEngine(fake.SocketPath);

        Assert.True(await engine.System.PingAsync(Ct));
        Assert.Equal(new EngineApiVersion(1, 51), await engine.ApiVersionAsync(Ct));
        Assert.Null(await engine.Containers.InspectAsync("missing", Ct));

        Assert.Equal(["GET /version", "GET /v1.51/_ping", "GET /v1.51/containers/missing/json"], fake.Requests.Select(r => r.Request));
    }

    [Fact]
    public async Task EngineNewerThanBerth_ClientUsesBerthsNewest()
    {
        using var fake = new FakeEngine("1.44", "1.52");
        using var engine = new DockerEngine(fake.SocketPath);

        Assert.True(await engine.System.PingAsync(Ct));

        Assert.Contains("GET /v1.51/_ping", fake.Requests.Select(r => r.Request));
    }

    [Fact]
    public async Task Engine144To151_BodiesAreThe151Forms()
    {
        using var fake = new FakeEngine("1.44", "1.51");
        using var engine = new DockerEngine(fake.SocketPath);

        await engine.Networks.CreateAsync("net", "10.112.251.0/24", null, null, Ct);
        await engine.Containers.CreateAsync("c", MacRequest(), Ct);

        var network = Body(fake, "POST /v1.51/networks/create");
        Assert.False(network.TryGetProperty("CheckDuplicate", out _), "CheckDuplicate is deprecated from 1.44");
        var container = Body(fake, "POST /v1.51/containers/create");
        Assert.False(container.TryGetProperty("MacAddress", out _), "the container-wide MAC address is deprecated from 1.44");
        Assert.Equal("02:42:0a:70:fb:05", container.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig").GetProperty("net").GetProperty("MacAddress").GetString());
    }

    [Fact]
    public async Task Engine124To141_BodiesAreThe141Forms()
    {
        using var fake = new FakeEngine("1.24", "1.41");
        using var engine = new DockerEngine(fake.SocketPath);

        await engine.Networks.CreateAsync("net", "10.112.251.0/24", null, null, Ct);
        await engine.Containers.CreateAsync("c", MacRequest(), Ct);

        Assert.True(Body(fake, "POST /v1.41/networks/create").GetProperty("CheckDuplicate").GetBoolean());
        var container = Body(fake, "POST /v1.41/containers/create");
        Assert.Equal("02:42:0a:70:fb:05", container.GetProperty("MacAddress").GetString());
        Assert.False(container.GetProperty("NetworkingConfig").GetProperty("EndpointsConfig").GetProperty("net").TryGetProperty("MacAddress", out _));
    }

    [Fact]
    public async Task Engine120To130_EveryCallFailsNamingBothRanges()
    {
        using var fake = new FakeEngine("1.20", "1.30");
        using var engine = new DockerEngine(fake.SocketPath);

        var error = await Assert.ThrowsAsync<EngineApiVersionException>(() => engine.System.PingAsync(Ct));
        await Assert.ThrowsAsync<EngineApiVersionException>(() => engine.ApiVersionAsync(Ct));

        Assert.Contains("Engine API 1.20 to 1.30", error.Message, StringComparison.Ordinal);
        Assert.Contains("Berth speaks 1.41 to 1.51", error.Message, StringComparison.Ordinal);
        Assert.Contains(fake.SocketPath, error.Message, StringComparison.Ordinal);
        Assert.All(fake.Requests, r => Assert.Equal("GET /version", r.Request));
    }

    [Fact]
    public async Task Runtime_EngineWithNoVersionInCommon_FailsAtStartNamingBothRanges()
    {
        using var fake = new FakeEngine("1.52", "1.60");
        using var engine = new DockerEngine(fake.SocketPath);
        var runtime = new DockerRuntime(engine, new DockerRuntimeOptions { SocketPath = fake.SocketPath }, Microsoft.Extensions.Logging.Abstractions.NullLogger<DockerRuntime>.Instance);

        var error = await Assert.ThrowsAsync<EngineApiVersionException>(() => runtime.InitializeAsync(Ct));

        Assert.Contains("Engine API 1.52 to 1.60 and Berth speaks 1.41 to 1.51", error.Message, StringComparison.Ordinal);
        Assert.Equal(["GET /version"], fake.Requests.Select(r => r.Request));
    }

    static ContainerCreateRequest MacRequest() => new()
    {
        Image = "busybox",
        HostConfig = new HostConfig { NetworkMode = "net" },
        NetworkingConfig = new NetworkingConfig { EndpointsConfig = new() { ["net"] = new EndpointSettings { MacAddress = "02:42:0a:70:fb:05" } } },
    };

    static JsonElement Body(FakeEngine fake, string request) =>
        JsonDocument.Parse(fake.Requests.Single(r => r.Request == request).Body).RootElement;
}
