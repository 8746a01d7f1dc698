using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class ServiceTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Create_InDnsNamespace_DnsHttpWithRecords()
    {
        var ns = await _h.PrivateNamespaceAsync();

        var s = await _h.ServiceAsync(ns.Id, "api", DnsConfig("WEIGHTED", ("A", 30), ("SRV", 60)), customHealth: true);

        Assert.Matches("^srv-[a-z0-9]{16}$", s.Id);
        Assert.Equal($"arn:aws:servicediscovery:us-east-1:{Account}:service/{s.Id}", s.Arn);
        Assert.Equal(("api", ns.Id, "DNS_HTTP", 0), (s.Name, s.NamespaceId, s.Type, s.InstanceCount));
        Assert.Equal((ns.Id, "WEIGHTED"), (s.DnsConfig!.NamespaceId, s.DnsConfig.RoutingPolicy));
        Assert.Equal([new DnsRecordOut("A", 30), new DnsRecordOut("SRV", 60)], s.DnsConfig.DnsRecords);
        Assert.Equal(1, s.HealthCheckCustomConfig!.FailureThreshold);
        Assert.Equal(1, (await _h.Namespaces.GetAsync(new DiscoveryRequest { Id = ns.Id }, Ct)).Namespace.ServiceCount);
    }

    [Fact]
    public async Task Create_RoutingDefaultsToMultivalue_HttpTypeWithoutDns()
    {
        var ns = await _h.PrivateNamespaceAsync();

        var dns = await _h.ServiceAsync(ns.Id, "a", new DnsConfigInput { DnsRecords = [new DnsRecordShape { Type = "AAAA", TTL = 10 }] });
        var http = await _h.ServiceAsync(ns.Id, "b", type: "HTTP");

        Assert.Equal("MULTIVALUE", dns.DnsConfig!.RoutingPolicy);
        Assert.Equal(("HTTP", null), (http.Type, http.DnsConfig));
    }

    [Theory]
    [InlineData("CNAME", "CNAME records are not supported")]
    [InlineData("MX", "must be one of")]
    public async Task Create_UnservedRecordTypes_Refused(string type, string fragment)
    {
        var ns = await _h.PrivateNamespaceAsync();
        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api", DnsConfig("WEIGHTED", (type, 10))), "InvalidInput", fragment);
    }

    [Fact]
    public async Task Create_BadConfigurations_RefusedAndNothingCreated()
    {
        var ns = await _h.PrivateNamespaceAsync();
        var http = await _h.HttpNamespaceAsync();

        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", ("A", 10), ("A", 20))), "InvalidInput", "two records of type A");
        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE")), "InvalidInput", "DnsRecords is required");
        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api", DnsConfig("ROUND_ROBIN", ("A", 10))), "InvalidInput", "RoutingPolicy");
        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", ("A", -1))), "InvalidInput", "TTL");
        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api"), "InvalidInput", "give the service a DnsConfig");
        await RefusedAsync(() => _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", ("A", 10)), type: "HTTP"), "InvalidInput", "Type HTTP has no DnsConfig");
        await RefusedAsync(() => _h.ServiceAsync(http.Id, "api", DnsConfig("MULTIVALUE", ("A", 10))), "InvalidInput", "HTTP namespace");
        await RefusedAsync(() => _h.ServiceAsync("ns-missing"), "NamespaceNotFound");
        await RefusedAsync(() => _h.Services.CreateAsync(new DiscoveryRequest
        {
            Name = "api",
            NamespaceId = http.Id,
            HealthCheckConfig = new HealthCheckConfigInput { Type = "HTTP" },
        }, Ct), "InvalidInput", "HealthCheckConfig (Route 53 health checks) is not supported");
        await RefusedAsync(() => _h.Services.CreateAsync(new DiscoveryRequest
        {
            Name = "api",
            NamespaceId = http.Id,
            HealthCheckCustomConfig = new HealthCheckCustomConfigShape { FailureThreshold = 11 },
        }, Ct), "InvalidInput", "FailureThreshold");
        Assert.Empty((await _h.Services.ListAsync(new DiscoveryRequest(), Ct)).Services);
    }

    [Fact]
    public async Task Create_SameNameAnyCase_ServiceAlreadyExists_OtherNamespaceFine()
    {
        var ns = await _h.HttpNamespaceAsync("one");
        var other = await _h.HttpNamespaceAsync("two");
        var first = await _h.ServiceAsync(ns.Id, "api");

        var e = await RefusedAsync(() => _h.ServiceAsync(ns.Id, "API"), "ServiceAlreadyExists");
        await _h.ServiceAsync(other.Id, "api");

        Assert.Contains(first.Arn, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_ChangesTtlsAndDescription_NotRecordTypes()
    {
        var ns = await _h.PrivateNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id, "api", DnsConfig("MULTIVALUE", ("A", 10), ("SRV", 10)));

        var op = await _h.Services.UpdateAsync(new DiscoveryRequest
        {
            Id = s.Arn,
            Service = new ServiceChange { Description = "d", DnsConfig = new DnsConfigChange { DnsRecords = [new() { Type = "SRV", TTL = 5 }, new() { Type = "A", TTL = 7 }] } },
        }, Ct);

        var after = (await _h.Services.GetAsync(new DiscoveryRequest { Id = s.Id }, Ct)).Service;
        Assert.Equal("d", after.Description);
        Assert.Equal([new DnsRecordOut("SRV", 5), new DnsRecordOut("A", 7)], after.DnsConfig!.DnsRecords);
        var operation = (await _h.Operations.GetAsync(new DiscoveryRequest { OperationId = op.OperationId }, Ct)).Operation;
        Assert.Equal(("UPDATE_SERVICE", s.Id), (operation.Type, operation.Targets["SERVICE"]));
        await RefusedAsync(() => _h.Services.UpdateAsync(new DiscoveryRequest
        {
            Id = s.Id,
            Service = new ServiceChange { DnsConfig = new DnsConfigChange { DnsRecords = [new() { Type = "A", TTL = 7 }] } },
        }, Ct), "InvalidInput", "not their types");
        await RefusedAsync(() => _h.Services.UpdateAsync(new DiscoveryRequest { Id = s.Id }, Ct), "InvalidInput", "Service is required");
    }

    [Fact]
    public async Task Delete_WithInstances_ResourceInUse()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);
        await _h.RegisterAsync(s.Id, "i-1");

        await RefusedAsync(() => _h.Services.DeleteAsync(new DiscoveryRequest { Id = s.Id }, Ct), "ResourceInUse", "1 registered instance");
        await _h.Instances.DeregisterAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "i-1" }, Ct);
        await _h.Services.DeleteAsync(new DiscoveryRequest { Id = s.Id }, Ct);

        await RefusedAsync(() => _h.Services.GetAsync(new DiscoveryRequest { Id = s.Id }, Ct), "ServiceNotFound");
    }

    [Fact]
    public async Task List_ByNamespace()
    {
        var one = await _h.HttpNamespaceAsync("one");
        var two = await _h.HttpNamespaceAsync("two");
        await _h.ServiceAsync(one.Id, "a");
        await _h.ServiceAsync(two.Id, "b");

        var listed = await _h.Services.ListAsync(new DiscoveryRequest { Filters = [new FilterInput { Name = "NAMESPACE_ID", Values = [two.Arn] }] }, Ct);

        Assert.Equal("b", Assert.Single(listed.Services).Name);
    }

    [Fact]
    public async Task Attributes_SetMergedDeleted_LimitOf30()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);

        await _h.Services.UpdateAttributesAsync(new DiscoveryRequest { ServiceId = s.Id, Attributes = new() { ["a"] = "1", ["b"] = "2" } }, Ct);
        await _h.Services.DeleteAttributesAsync(new DeleteServiceAttributesRequest { ServiceId = s.Id, Attributes = ["a"] }, Ct);

        var got = (await _h.Services.GetAttributesAsync(new DiscoveryRequest { ServiceId = s.Id }, Ct)).ServiceAttributes;
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, got.Attributes);
        var many = Enumerable.Range(0, 30).ToDictionary(i => $"k{i}", i => (string?)"v");
        await RefusedAsync(() => _h.Services.UpdateAttributesAsync(new DiscoveryRequest { ServiceId = s.Id, Attributes = many }, Ct), "ServiceAttributesLimitExceededException");
    }
}
