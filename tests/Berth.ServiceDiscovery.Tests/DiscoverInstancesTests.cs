using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class DiscoverInstancesTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    static ServiceInstance I(string id, string? health, params (string, string)[] attributes) => new()
    {
        Key = "srv/" + id,
        ServiceId = "srv",
        Id = id,
        CustomHealth = health,
        Attributes = attributes.ToDictionary(a => a.Item1, a => a.Item2),
    };

    static readonly ServiceInstance[] Fleet =
    [
        I("a", "HEALTHY", ("stage", "prod"), ("az", "1a")),
        I("b", "UNHEALTHY", ("stage", "prod"), ("az", "1b")),
        I("c", "HEALTHY", ("stage", "dev"), ("az", "1a")),
    ];

    static List<string> Select(Dictionary<string, string> query, Dictionary<string, string> optional, string health, bool customHealth = true) =>
        [.. InstanceDiscovery.Select(Fleet, customHealth, query, optional, health).Select(i => i.Id).Order()];

    [Fact]
    public void Select_QueryParameters_MatchAll() =>
        Assert.Equal(["a", "b"], Select(new() { ["stage"] = "prod" }, [], "ALL"));

    [Fact]
    public void Select_OptionalParameters_NarrowWhenAnyMatch_ElseIgnored()
    {
        Assert.Equal(["b"], Select(new() { ["stage"] = "prod" }, new() { ["az"] = "1b" }, "ALL"));
        Assert.Equal(["a", "b"], Select(new() { ["stage"] = "prod" }, new() { ["az"] = "9z" }, "ALL"));
    }

    [Theory]
    [InlineData("HEALTHY", "a,c")]
    [InlineData("UNHEALTHY", "b")]
    [InlineData("ALL", "a,b,c")]
    [InlineData("HEALTHY_OR_ELSE_ALL", "a,c")]
    public void Select_HealthFilter(string filter, string expected) =>
        Assert.Equal(expected.Split(','), Select([], [], filter));

    [Fact]
    public void Select_HealthyOrElseAll_FailsOpen() =>
        Assert.Equal(["b"], Select(new() { ["az"] = "1b" }, [], "HEALTHY_OR_ELSE_ALL"));

    [Fact]
    public void Select_WithoutHealthCheck_FilterIgnored() =>
        Assert.Equal(["a", "b", "c"], Select([], [], "UNHEALTHY", customHealth: false));

    [Fact]
    public async Task Discover_ByNames_WithRevisionAndLimit()
    {
        var ns = await _h.HttpNamespaceAsync("Apps");
        var s = await _h.ServiceAsync(ns.Id, "api");
        for (var i = 0; i < 5; i++)
            await _h.RegisterAsync(s.Id, $"i{i}", ("n", $"{i}"));

        var found = await _h.Discovery.DiscoverAsync(new DiscoveryRequest { NamespaceName = "apps", ServiceName = "API", MaxResults = 3 }, Ct);

        Assert.Equal(3, found.Instances.Count);
        Assert.All(found.Instances, i => Assert.Equal(("Apps", "api", "UNKNOWN"), (i.NamespaceName, i.ServiceName, i.HealthStatus)));
        Assert.Equal(5, found.InstancesRevision);
        await RefusedAsync(() => _h.Discovery.DiscoverAsync(new DiscoveryRequest { NamespaceName = "nope", ServiceName = "api" }, Ct), "NamespaceNotFound");
        await RefusedAsync(() => _h.Discovery.DiscoverAsync(new DiscoveryRequest { NamespaceName = "apps", ServiceName = "web" }, Ct), "ServiceNotFound");
        await RefusedAsync(() => _h.Discovery.DiscoverAsync(new DiscoveryRequest { NamespaceName = "apps", ServiceName = "api", HealthStatus = "SOME" }, Ct), "InvalidInput", "HealthStatus");
        await RefusedAsync(() => _h.Discovery.DiscoverAsync(new DiscoveryRequest { NamespaceName = "apps", ServiceName = "api", MaxResults = 1001 }, Ct), "InvalidInput", "MaxResults");
        await RefusedAsync(() => _h.Discovery.DiscoverAsync(new DiscoveryRequest { NamespaceName = "apps", ServiceName = "api", OwnerAccount = "210987654321" }, Ct), "NamespaceNotFound");
    }
}
