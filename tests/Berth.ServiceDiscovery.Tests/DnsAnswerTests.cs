using Berth.Kernel.Networking;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;

namespace Berth.ServiceDiscovery.Tests;

/// <summary>IServiceRecords through the registry index, over the store the services write (as the resolver sees it).</summary>
public sealed class DnsAnswerTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    Task<DnsAnswer?> Ask(string name, DnsRecordType type = DnsRecordType.A, string? vpc = Vpc) => _h.Records.LookupAsync(name, type, vpc, Ct);

    async Task<ServiceShape> ApiAsync(string routing = "MULTIVALUE", bool customHealth = false, int instances = 3, params (string, long)[] records)
    {
        var ns = await _h.PrivateNamespaceAsync("internal.local", soaTtl: 30);
        var s = await _h.ServiceAsync(ns.Id, "api", DnsConfig(routing, records.Length == 0 ? [("A", 10), ("SRV", 20)] : records), customHealth);
        for (var i = 1; i <= instances; i++)
            await _h.RegisterAsync(s.Id, $"task-{i}", ("AWS_INSTANCE_IPV4", $"10.0.0.{i}"), ("AWS_INSTANCE_PORT", $"{8000 + i}"));
        return s;
    }

    [Fact]
    public async Task A_Multivalue_EveryInstanceWithServiceTtl()
    {
        await ApiAsync();

        var answer = await Ask("api.internal.local");

        Assert.True(answer!.NameExists);
        Assert.Equal("internal.local", answer.Zone);
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], answer.Records.Select(r => r.Address).Order());
        Assert.All(answer.Records, r => Assert.Equal((DnsRecordType.A, "api.internal.local", 10), (r.Type, r.Name, r.TtlSeconds)));
    }

    [Fact]
    public async Task A_Multivalue_AtMostEightChosenAtRandom()
    {
        await ApiAsync(instances: 12);

        var first = await Ask("api.internal.local");
        var second = await Ask("api.internal.local");

        Assert.Equal(8, first!.Records.Count);
        Assert.Equal(8, first.Records.Select(r => r.Address).Distinct().Count());
        // The seeded random source picks another eight (or order) the second time: answers are spread over all twelve.
        Assert.NotEqual(first.Records.Select(r => r.Address), second!.Records.Select(r => r.Address));
    }

    [Fact]
    public async Task A_Weighted_OneAnswer()
    {
        await ApiAsync("WEIGHTED", instances: 5);

        var seen = new HashSet<string>();
        for (var i = 0; i < 20; i++)
            seen.Add(Assert.Single((await Ask("api.internal.local"))!.Records).Address!);

        Assert.True(seen.Count > 1, "WEIGHTED answers one instance chosen at random each time");
    }

    [Fact]
    public async Task OnlyHealthyInstances_ForCustomHealth()
    {
        var s = await ApiAsync(customHealth: true);
        await _h.Instances.UpdateCustomHealthAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "task-2", Status = "UNHEALTHY" }, Ct);

        var answer = await Ask("api.internal.local");

        Assert.Equal(["10.0.0.1", "10.0.0.3"], answer!.Records.Select(r => r.Address).Order());
    }

    [Fact]
    public async Task Srv_TargetsInstanceNames_WhoseAddressIsAnswered()
    {
        await ApiAsync();

        var srv = await Ask("api.internal.local", DnsRecordType.Srv);
        var target = srv!.Records.Single(r => r.Port == 8002);
        var address = await Ask(target.Target!, DnsRecordType.A);

        Assert.Equal(3, srv.Records.Count);
        Assert.Equal(("task-2.api.internal.local", 20, 1, 1), (target.Target, target.TtlSeconds, target.Priority, target.Weight));
        Assert.Equal("10.0.0.2", Assert.Single(address!.Records).Address);
        Assert.Equal(10, address.Records[0].TtlSeconds);
    }

    [Fact]
    public async Task TypeNotConfigured_NameExistsWithoutRecords()
    {
        await ApiAsync(records: [("SRV", 20)]);

        var a = await Ask("api.internal.local", DnsRecordType.A);
        var aaaa = await Ask("api.internal.local", DnsRecordType.Aaaa);

        Assert.True(a!.NameExists);
        Assert.Empty(a.Records);
        Assert.True(aaaa!.NameExists);
        Assert.Empty(aaaa.Records);
    }

    [Fact]
    public async Task NameInsideNamespaceWithoutService_NxDomainWithSoaTtl_OutsideForwarded()
    {
        await ApiAsync();

        var missing = await Ask("web.internal.local");
        var apex = await Ask("internal.local");
        var outside = await Ask("example.com");
        var lookalike = await Ask("xinternal.local");

        Assert.Equal((false, "internal.local", 30), (missing!.NameExists, missing.Zone, missing.NegativeTtlSeconds));
        Assert.Empty(missing.Records);
        Assert.True(apex!.NameExists);
        Assert.Null(outside);
        Assert.Null(lookalike);
    }

    [Theory]
    [InlineData("API.Internal.LOCAL")]
    [InlineData("api.internal.local.")]
    public async Task Names_CaseInsensitive_TrailingDotTolerant(string name)
    {
        await ApiAsync();
        Assert.Equal(3, (await Ask(name))!.Records.Count);
    }

    [Fact]
    public async Task Namespace_VisibleOnlyInItsVpc_HostSeesAll()
    {
        await ApiAsync();

        Assert.Null(await Ask("api.internal.local", vpc: "vpc-other"));
        Assert.Equal(3, (await Ask("api.internal.local", vpc: null))!.Records.Count);
    }

    [Fact]
    public async Task Deregistered_GoneFromNextAnswer()
    {
        var s = await ApiAsync();
        Assert.Equal(3, (await Ask("api.internal.local"))!.Records.Count);

        await _h.Instances.DeregisterAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "task-1" }, Ct);

        Assert.Equal(["10.0.0.2", "10.0.0.3"], (await Ask("api.internal.local"))!.Records.Select(r => r.Address).Order());
    }

    [Fact]
    public async Task DottedServiceName_ParentsExistWithoutRecords()
    {
        var ns = await _h.PrivateNamespaceAsync("corp.local");
        var s = await _h.ServiceAsync(ns.Id, "_http._tcp", DnsConfig("MULTIVALUE", ("SRV", 5)));
        await _h.RegisterAsync(s.Id, "a", ("AWS_INSTANCE_IPV4", "10.1.0.1"), ("AWS_INSTANCE_PORT", "80"));

        var srv = await Ask("_http._tcp.corp.local", DnsRecordType.Srv);
        var parent = await Ask("_tcp.corp.local", DnsRecordType.Srv);

        Assert.Equal("a._http._tcp.corp.local", Assert.Single(srv!.Records).Target);
        Assert.True(parent!.NameExists);
        Assert.Empty(parent.Records);
        Assert.Equal("10.1.0.1", Assert.Single((await Ask("a._http._tcp.corp.local"))!.Records).Address);
    }

    [Fact]
    public async Task HttpNamespaces_AreNotDnsZones()
    {
        var ns = await _h.HttpNamespaceAsync("apps.local");
        var s = await _h.ServiceAsync(ns.Id, "api");
        await _h.RegisterAsync(s.Id, "a", ("AWS_INSTANCE_IPV4", "10.1.0.1"));

        Assert.Null(await Ask("api.apps.local", vpc: null));
    }
}
