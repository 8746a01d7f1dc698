using Berth.Kernel.Networking;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;

namespace Berth.ServiceDiscovery.Tests;

/// <summary>The module's IServiceRegistry (what ECS registers its tasks through), over the same store the API writes.</summary>
public sealed class InstanceRegistrarTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    static readonly Dictionary<string, string> Task1 = new() { ["AWS_INSTANCE_IPV4"] = "10.0.0.1", ["ECS_CLUSTER_NAME"] = "default" };

    IServiceRegistry Registry => _h.Registrar;

    async Task<ServiceShape> ApiAsync(bool customHealth = true)
    {
        var ns = await _h.PrivateNamespaceAsync();
        return await _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", ("A", 10)), customHealth);
    }

    async Task<long> RevisionAsync() =>
        (await _h.Discovery.RevisionAsync(new DiscoveryRequest { NamespaceName = "internal.local", ServiceName = "api" }, Ct)).InstancesRevision;

    [Fact]
    public async Task ResolveService_ByArnOrId_UnknownThrows()
    {
        var s = await ApiAsync();

        var byArn = await Registry.ResolveServiceAsync(s.Arn, Ct);

        Assert.Equal((s.Arn, s.Id, "api", s.NamespaceId, "internal.local"), (byArn.ServiceArn, byArn.ServiceId, byArn.ServiceName, byArn.NamespaceId, byArn.NamespaceName));
        Assert.Equal($"arn:aws:servicediscovery:us-east-1:{Account}:namespace/{s.NamespaceId}", byArn.NamespaceArn);
        Assert.Equal(["A"], byArn.RecordTypes);
        Assert.Equal(s.Arn, (await Registry.ResolveServiceAsync(s.Id, Ct)).ServiceArn);
        await Assert.ThrowsAsync<NetworkReferenceException>(() => Registry.ResolveServiceAsync("srv-nothere", Ct));
    }

    [Fact]
    public async Task ResolveNamespace_ByNameAnyCaseOrArn()
    {
        var ns = await _h.PrivateNamespaceAsync();

        Assert.Equal(ns.Id, (await Registry.ResolveNamespaceAsync("INTERNAL.local.", Ct)).NamespaceId);
        Assert.Equal(ns.Id, (await Registry.ResolveNamespaceAsync(ns.Arn, Ct)).NamespaceId);
        await Assert.ThrowsAsync<NetworkReferenceException>(() => Registry.ResolveNamespaceAsync("other.local", Ct));
    }

    [Fact]
    public async Task Register_Twice_SameAttributes_OneRegistration()
    {
        var s = await ApiAsync();

        await Registry.RegisterAsync(s.Arn, "task-1", Task1, Ct);
        await Registry.RegisterAsync(s.Arn, "task-1", Task1, Ct);

        Assert.Equal(1, await RevisionAsync());
        var ops = await _h.Operations.ListAsync(new DiscoveryRequest { Filters = [new FilterInput { Name = "TYPE", Values = ["REGISTER_INSTANCE"] }] }, Ct);
        Assert.Single(ops.Operations);
        var listed = Assert.Single(await Registry.ListInstancesAsync(s.Arn, Ct));
        Assert.Equal(("task-1", true, "default"), (listed.InstanceId, listed.Healthy, listed.Attributes["ECS_CLUSTER_NAME"]));
    }

    [Fact]
    public async Task Register_AttributesRefused_AsNetworkReference()
    {
        var s = await ApiAsync();
        var e = await Assert.ThrowsAsync<NetworkReferenceException>(() => Registry.RegisterAsync(s.Arn, "task-1", new Dictionary<string, string> { ["ECS_CLUSTER_NAME"] = "x" }, Ct));
        Assert.Contains("AWS_INSTANCE_IPV4", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NetworkReferenceException>(() => Registry.RegisterAsync("srv-nothere", "task-1", Task1, Ct));
    }

    [Fact]
    public async Task SetHealth_ShowsInListAndDns()
    {
        var s = await ApiAsync();
        await Registry.RegisterAsync(s.Arn, "task-1", Task1, Ct);

        await Registry.SetHealthAsync(s.Arn, "task-1", healthy: false, Ct);
        await Registry.SetHealthAsync(s.Arn, "task-1", healthy: false, Ct);
        await Registry.SetHealthAsync(s.Arn, "task-9", healthy: true, Ct);

        Assert.False(Assert.Single(await Registry.ListInstancesAsync(s.Arn, Ct)).Healthy);
        Assert.Equal(2, await RevisionAsync());
        var answer = await _h.Records.LookupAsync("api.internal.local", DnsRecordType.A, Vpc, Ct);
        Assert.Empty(answer!.Records);
    }

    [Fact]
    public async Task SetHealth_ServiceWithoutCustomHealth_NoOp()
    {
        var s = await ApiAsync(customHealth: false);
        await Registry.RegisterAsync(s.Id, "task-1", Task1, Ct);

        await Registry.SetHealthAsync(s.Id, "task-1", healthy: false, Ct);

        Assert.True(Assert.Single(await Registry.ListInstancesAsync(s.Arn, Ct)).Healthy);
        Assert.Equal(1, await RevisionAsync());
    }

    [Fact]
    public async Task Deregister_Idempotent()
    {
        var s = await ApiAsync();
        await Registry.RegisterAsync(s.Arn, "task-1", Task1, Ct);

        await Registry.DeregisterAsync(s.Arn, "task-1", Ct);
        await Registry.DeregisterAsync(s.Arn, "task-1", Ct);

        Assert.Empty(await Registry.ListInstancesAsync(s.Arn, Ct));
        Assert.Equal(2, await RevisionAsync());
        await Assert.ThrowsAsync<NetworkReferenceException>(() => Registry.DeregisterAsync("srv-nothere", "task-1", Ct));
    }
}
