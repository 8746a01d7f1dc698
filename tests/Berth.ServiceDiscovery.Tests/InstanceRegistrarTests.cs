using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class InstanceRegistrarTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    static readonly Dictionary<string, string> Task1 = new() { ["AWS_INSTANCE_IPV4"] = "10.0.0.1", ["ECS_CLUSTER_NAME"] = "default" };

    async Task<ServiceShape> ApiAsync(bool customHealth = true)
    {
        var ns = await _h.PrivateNamespaceAsync();
        return await _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", ("A", 10)), customHealth);
    }

    async Task<long> RevisionAsync() =>
        (await _h.Discovery.RevisionAsync(new DiscoveryRequest { NamespaceName = "internal.local", ServiceName = "api" }, Ct)).InstancesRevision;

    [Fact]
    public async Task FindService_ByArnOrId()
    {
        var s = await ApiAsync();

        var byArn = await _h.Registrar.FindServiceAsync(s.Arn, Ct);

        Assert.Equal(new RegistryService(s.Id, s.Arn, "api", s.NamespaceId!, "internal.local", "DNS_PRIVATE", byArn!.DnsRecordTypes, true), byArn);
        Assert.Equal(["A"], byArn.DnsRecordTypes);
        Assert.Equal(s.Id, (await _h.Registrar.FindServiceAsync(s.Id, Ct))!.Id);
        Assert.Null(await _h.Registrar.FindServiceAsync("srv-nothere", Ct));
    }

    [Fact]
    public async Task Register_Twice_SameAttributes_OneRegistration()
    {
        var s = await ApiAsync();

        await _h.Registrar.RegisterAsync(s.Arn, "task-1", Task1, Ct);
        await _h.Registrar.RegisterAsync(s.Arn, "task-1", Task1, Ct);

        Assert.Equal(1, await RevisionAsync());
        var ops = await _h.Operations.ListAsync(new DiscoveryRequest { Filters = [new FilterInput { Name = "TYPE", Values = ["REGISTER_INSTANCE"] }] }, Ct);
        Assert.Single(ops.Operations);
    }

    [Fact]
    public async Task Register_ChecksAttributes()
    {
        var s = await ApiAsync();
        await RefusedAsync(() => _h.Registrar.RegisterAsync(s.Arn, "task-1", new Dictionary<string, string> { ["ECS_CLUSTER_NAME"] = "x" }, Ct), "InvalidInput", "AWS_INSTANCE_IPV4");
        await RefusedAsync(() => _h.Registrar.RegisterAsync("srv-nothere", "task-1", Task1, Ct), "ServiceNotFound");
    }

    [Fact]
    public async Task SetHealth_Idempotent_AndShowsInDns()
    {
        var s = await ApiAsync();
        await _h.Registrar.RegisterAsync(s.Arn, "task-1", Task1, Ct);

        Assert.True(await _h.Registrar.SetHealthAsync(s.Arn, "task-1", healthy: false, Ct));
        Assert.False(await _h.Registrar.SetHealthAsync(s.Arn, "task-1", healthy: false, Ct));
        Assert.False(await _h.Registrar.SetHealthAsync(s.Arn, "task-9", healthy: true, Ct));

        var answer = await _h.Records.LookupAsync("api.internal.local", Kernel.Networking.DnsRecordType.A, Vpc, Ct);
        Assert.Empty(answer!.Records);
    }

    [Fact]
    public async Task SetHealth_ServiceWithoutCustomHealth_NoOp()
    {
        var s = await ApiAsync(customHealth: false);
        await _h.Registrar.RegisterAsync(s.Id, "task-1", Task1, Ct);

        Assert.False(await _h.Registrar.SetHealthAsync(s.Id, "task-1", healthy: false, Ct));
    }

    [Fact]
    public async Task Deregister_Idempotent()
    {
        var s = await ApiAsync();
        await _h.Registrar.RegisterAsync(s.Arn, "task-1", Task1, Ct);

        await _h.Registrar.DeregisterAsync(s.Arn, "task-1", Ct);
        await _h.Registrar.DeregisterAsync(s.Arn, "task-1", Ct);
        await _h.Registrar.DeregisterAsync("srv-nothere", "task-1", Ct);

        Assert.Empty((await _h.Instances.ListAsync(new DiscoveryRequest { ServiceId = s.Id }, Ct)).Instances);
        Assert.Equal(2, await RevisionAsync());
    }
}
