using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class InstanceTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    async Task<ServiceShape> DnsServiceAsync(bool customHealth = false, params (string, long)[] records)
    {
        var ns = await _h.PrivateNamespaceAsync();
        return await _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", records.Length == 0 ? [("A", 10)] : records), customHealth);
    }

    [Fact]
    public async Task Register_ReadsBackAndIsAnOperation()
    {
        var s = await DnsServiceAsync();

        var op = await _h.RegisterAsync(s.Id, "task-1", ("AWS_INSTANCE_IPV4", "10.0.0.5"), ("color", "blue"));

        var got = await _h.Instances.GetAsync(new DiscoveryRequest { ServiceId = s.Arn, InstanceId = "task-1" }, Ct);
        Assert.Equal(Account, got.ResourceOwner);
        Assert.Equal(new Dictionary<string, string> { ["AWS_INSTANCE_IPV4"] = "10.0.0.5", ["color"] = "blue" }, got.Instance.Attributes);
        var operation = (await _h.Operations.GetAsync(new DiscoveryRequest { OperationId = op.OperationId }, Ct)).Operation;
        Assert.Equal(("REGISTER_INSTANCE", s.Id, "task-1"), (operation.Type, operation.Targets["SERVICE"], operation.Targets["INSTANCE"]));
        Assert.Equal(1, (await _h.Services.GetAsync(new DiscoveryRequest { Id = s.Id }, Ct)).Service.InstanceCount);
    }

    [Theory]
    [InlineData("A", "AWS_INSTANCE_PORT", "80", "register the instance with AWS_INSTANCE_IPV4")]
    [InlineData("AAAA", "AWS_INSTANCE_IPV4", "10.0.0.1", "register the instance with AWS_INSTANCE_IPV6")]
    [InlineData("SRV", "AWS_INSTANCE_IPV4", "10.0.0.1", "register the instance with AWS_INSTANCE_PORT")]
    [InlineData("SRV", "AWS_INSTANCE_PORT", "80", "AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6")]
    [InlineData("A", "AWS_INSTANCE_IPV4", "10.0.0", "not an IPv4 address")]
    [InlineData("A", "AWS_INSTANCE_IPV4", "::1", "not an IPv4 address")]
    [InlineData("AAAA", "AWS_INSTANCE_IPV6", "10.0.0.1", "not an IPv6 address")]
    [InlineData("SRV", "AWS_INSTANCE_PORT", "70000", "not a port")]
    [InlineData("A", "AWS_ALIAS_DNS_NAME", "lb.example.com", "not supported")]
    [InlineData("A", "AWS_INIT_HEALTH_STATUS", "HEALTHY", "only to services with HealthCheckCustomConfig")]
    public async Task Register_AttributesTheRecordsNeed_Checked(string recordType, string key, string value, string fragment)
    {
        var s = await DnsServiceAsync(false, (recordType, 10));

        await RefusedAsync(() => _h.RegisterAsync(s.Id, "i-1", (key, value)), "InvalidInput", fragment);

        Assert.Empty((await _h.Instances.ListAsync(new DiscoveryRequest { ServiceId = s.Id }, Ct)).Instances);
    }

    [Theory]
    [InlineData("bad id", "InstanceId")]
    [InlineData("", "InstanceId")]
    public async Task Register_BadInstanceId_Refused(string id, string fragment)
    {
        var s = await DnsServiceAsync();
        await RefusedAsync(() => _h.RegisterAsync(s.Id, id, ("AWS_INSTANCE_IPV4", "10.0.0.1")), "InvalidInput", fragment);
    }

    [Fact]
    public async Task Register_UnknownService_ServiceNotFound() =>
        await RefusedAsync(() => _h.RegisterAsync("srv-nothere", "i"), "ServiceNotFound");

    [Fact]
    public async Task Register_Again_ReplacesAttributesAndBumpsRevision()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);
        await _h.RegisterAsync(s.Id, "i-1", ("v", "1"));
        var before = await RevisionAsync(ns.Name, s.Name);

        await _h.RegisterAsync(s.Id, "i-1", ("v", "2"));

        var got = (await _h.Instances.GetAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "i-1" }, Ct)).Instance;
        Assert.Equal("2", got.Attributes["v"]);
        Assert.Equal(before + 1, await RevisionAsync(ns.Name, s.Name));
    }

    [Fact]
    public async Task Register_SameCreatorRequestId_RetryGivesSameOperation_OtherInstanceDuplicate()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);
        var request = new DiscoveryRequest { ServiceId = s.Id, InstanceId = "i-1", CreatorRequestId = "tok", Attributes = [] };

        var first = await _h.Instances.RegisterAsync(request, Ct);
        var again = await _h.Instances.RegisterAsync(request, Ct);

        Assert.Equal(first.OperationId, again.OperationId);
        await RefusedAsync(() => _h.Instances.RegisterAsync(request with { InstanceId = "i-2" }, Ct), "DuplicateRequest");
    }

    [Fact]
    public async Task Deregister_Missing_InstanceNotFound()
    {
        var s = await DnsServiceAsync();
        await RefusedAsync(() => _h.Instances.DeregisterAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "nope" }, Ct), "InstanceNotFound");
    }

    [Fact]
    public async Task CustomHealth_StartsAsInitStatus_UpdatedByCall()
    {
        var s = await DnsServiceAsync(customHealth: true);
        await _h.RegisterAsync(s.Id, "a", ("AWS_INSTANCE_IPV4", "10.0.0.1"));
        await _h.RegisterAsync(s.Id, "b", ("AWS_INSTANCE_IPV4", "10.0.0.2"), ("AWS_INIT_HEALTH_STATUS", "UNHEALTHY"));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "HEALTHY", ["b"] = "UNHEALTHY" }, await HealthAsync(s.Id));
        await _h.Instances.UpdateCustomHealthAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "a", Status = "UNHEALTHY" }, Ct);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "UNHEALTHY", ["b"] = "UNHEALTHY" }, await HealthAsync(s.Id));
        Assert.Equal("UNHEALTHY", Assert.Single((await _h.Instances.HealthAsync(new DiscoveryRequest { ServiceId = s.Id, Instances = ["b"] }, Ct)).Status).Value);
        await RefusedAsync(() => _h.Instances.HealthAsync(new DiscoveryRequest { ServiceId = s.Id, Instances = ["zzz"] }, Ct), "InstanceNotFound");
        await RefusedAsync(() => _h.Instances.UpdateCustomHealthAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "zzz", Status = "HEALTHY" }, Ct), "InstanceNotFound");
        await RefusedAsync(() => _h.Instances.UpdateCustomHealthAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "a", Status = "UNKNOWN" }, Ct), "InvalidInput", "Status");
    }

    [Fact]
    public async Task CustomHealth_ServiceWithout_CustomHealthNotFound_AndUnknown()
    {
        var s = await DnsServiceAsync();
        await _h.RegisterAsync(s.Id, "a", ("AWS_INSTANCE_IPV4", "10.0.0.1"));

        await RefusedAsync(() => _h.Instances.UpdateCustomHealthAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "a", Status = "HEALTHY" }, Ct), "CustomHealthNotFound");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "UNKNOWN" }, await HealthAsync(s.Id));
    }

    [Fact]
    public async Task List_Pages()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);
        foreach (var id in new[] { "a", "b", "c" })
            await _h.RegisterAsync(s.Id, id);

        var p1 = await _h.Instances.ListAsync(new DiscoveryRequest { ServiceId = s.Id, MaxResults = 2 }, Ct);
        var p2 = await _h.Instances.ListAsync(new DiscoveryRequest { ServiceId = s.Id, MaxResults = 2, NextToken = p1.NextToken }, Ct);

        Assert.Equal(["a", "b", "c"], p1.Instances.Concat(p2.Instances).Select(i => i.Id).Order());
        Assert.Null(p2.NextToken);
        await RefusedAsync(() => _h.Instances.ListAsync(new DiscoveryRequest { ServiceId = s.Id, MaxResults = 101 }, Ct), "InvalidInput", "MaxResults");
    }

    async Task<Dictionary<string, string>> HealthAsync(string serviceId) =>
        (await _h.Instances.HealthAsync(new DiscoveryRequest { ServiceId = serviceId }, Ct)).Status;

    async Task<long> RevisionAsync(string ns, string service) =>
        (await _h.Discovery.RevisionAsync(new DiscoveryRequest { NamespaceName = ns, ServiceName = service }, Ct)).InstancesRevision;
}
