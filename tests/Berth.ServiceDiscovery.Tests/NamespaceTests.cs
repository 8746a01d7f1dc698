using Berth.ServiceDiscovery.Api;
using Berth.TestSupport.Networking;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class NamespaceTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task CreatePrivateDns_ReportsZoneSoaAndOperation()
    {
        var op = await _h.Namespaces.CreatePrivateDnsAsync(new DiscoveryRequest { Name = "Internal.Local.", Vpc = Vpc, Description = "d", CreatorRequestId = "r1" }, Ct);

        var operation = (await _h.Operations.GetAsync(new DiscoveryRequest { OperationId = op.OperationId }, Ct)).Operation;
        var ns = (await _h.Namespaces.GetAsync(new DiscoveryRequest { Id = operation.Targets["NAMESPACE"] }, Ct)).Namespace;
        Assert.Equal(("CREATE_NAMESPACE", "SUCCESS", Account), (operation.Type, operation.Status, operation.OwnerAccount));
        Assert.Matches("^ns-[a-z0-9]{16}$", ns.Id);
        Assert.Equal($"arn:aws:servicediscovery:us-east-1:{Account}:namespace/{ns.Id}", ns.Arn);
        Assert.Equal(("Internal.Local", "DNS_PRIVATE", "d", "r1", 0), (ns.Name, ns.Type, ns.Description, ns.CreatorRequestId, ns.ServiceCount));
        Assert.Matches("^Z[A-Z0-9]{20}$", ns.Properties.DnsProperties!.HostedZoneId);
        Assert.Equal(15, ns.Properties.DnsProperties.SOA!.TTL);
        Assert.Equal("Internal.Local", ns.Properties.HttpProperties.HttpName);
        Assert.Equal(_h.Clock.GetUtcNow(), ns.CreateDate);
    }

    [Fact]
    public async Task CreatePrivateDns_NeedsVpcAndWholeSoa()
    {
        await RefusedAsync(() => _h.Namespaces.CreatePrivateDnsAsync(new DiscoveryRequest { Name = "a.local" }, Ct), "InvalidInput", "Vpc is required");
        await RefusedAsync(() => _h.Namespaces.CreatePrivateDnsAsync(new DiscoveryRequest { Name = "a.local", Vpc = Vpc, Properties = new() }, Ct),
            "InvalidInput", "SOA is required");
        await RefusedAsync(() => _h.Namespaces.CreatePrivateDnsAsync(new DiscoveryRequest
        {
            Name = "a.local",
            Vpc = Vpc,
            Properties = new() { DnsProperties = new() { SOA = new SoaShape { TTL = -1 } } },
        }, Ct), "InvalidInput", "TTL must be between");
        Assert.Empty((await _h.Namespaces.ListAsync(new DiscoveryRequest(), Ct)).Namespaces);
    }

    [Fact]
    public async Task CreatePrivateDns_VpcCheckedAgainstTheNetworkDirectory()
    {
        var network = InMemoryNetworkDirectory.WithShortNames();
        var namespaces = new NamespaceService(_h.Store, _h.Lookup, _h.Operations, _h.Clock, network);

        await namespaces.CreatePrivateDnsAsync(new DiscoveryRequest { Name = "a.local", Vpc = "vpc-default" }, Ct);
        await RefusedAsync(() => namespaces.CreatePrivateDnsAsync(new DiscoveryRequest { Name = "b.local", Vpc = "vpc-nothere" }, Ct), "InvalidInput", "vpc-nothere does not exist");

        Assert.Equal(["a.local"], (await _h.Namespaces.ListAsync(new DiscoveryRequest(), Ct)).Namespaces.Select(n => n.Name));
    }

    [Fact]
    public async Task CreatePublicDns_Refused()
    {
        await RefusedAsync(() => NamespaceService.CreatePublicDnsAsync(new DiscoveryRequest { Name = "example.com" }, Ct), "InvalidInput", "Public DNS namespaces are not supported");
    }

    [Fact]
    public async Task Create_SameNameAnyCase_NamespaceAlreadyExists()
    {
        var first = await _h.PrivateNamespaceAsync("internal.local");

        var e = await RefusedAsync(() => _h.Namespaces.CreateHttpAsync(new DiscoveryRequest { Name = "INTERNAL.local" }, Ct), "NamespaceAlreadyExists");
        Assert.Contains(first.Id, e.Message, StringComparison.Ordinal);
        Assert.Single((await _h.Namespaces.ListAsync(new DiscoveryRequest(), Ct)).Namespaces);
    }

    [Fact]
    public async Task Create_RetriedWithSameCreatorRequestId_SameOperation_ReusedForAnotherName_DuplicateRequest()
    {
        var request = new DiscoveryRequest { Name = "apps", CreatorRequestId = "token-1" };
        var first = await _h.Namespaces.CreateHttpAsync(request, Ct);

        var again = await _h.Namespaces.CreateHttpAsync(request, Ct);
        var e = await RefusedAsync(() => _h.Namespaces.CreateHttpAsync(new DiscoveryRequest { Name = "other", CreatorRequestId = "token-1" }, Ct), "DuplicateRequest");

        Assert.Equal(first.OperationId, again.OperationId);
        Assert.Contains(first.OperationId, e.Message, StringComparison.Ordinal);
        Assert.Single((await _h.Namespaces.ListAsync(new DiscoveryRequest(), Ct)).Namespaces);
    }

    [Fact]
    public async Task Delete_WithServices_ResourceInUse_ThenGone()
    {
        var ns = await _h.HttpNamespaceAsync();
        var svc = await _h.ServiceAsync(ns.Id);

        await RefusedAsync(() => _h.Namespaces.DeleteAsync(new DiscoveryRequest { Id = ns.Id }, Ct), "ResourceInUse", "1 service");
        await _h.Services.DeleteAsync(new DiscoveryRequest { Id = svc.Id }, Ct);
        var op = await _h.Namespaces.DeleteAsync(new DiscoveryRequest { Id = ns.Arn }, Ct);

        await RefusedAsync(() => _h.Namespaces.GetAsync(new DiscoveryRequest { Id = ns.Id }, Ct), "NamespaceNotFound");
        var operation = (await _h.Operations.GetAsync(new DiscoveryRequest { OperationId = op.OperationId }, Ct)).Operation;
        Assert.Equal(("DELETE_NAMESPACE", ns.Id), (operation.Type, operation.Targets["NAMESPACE"]));
    }

    [Fact]
    public async Task Get_ArnOfAnotherAccount_NotFound()
    {
        var ns = await _h.HttpNamespaceAsync();

        await RefusedAsync(() => _h.Namespaces.GetAsync(new DiscoveryRequest { Id = ns.Arn.Replace(Account, "210987654321", StringComparison.Ordinal) }, Ct), "NamespaceNotFound");
        Assert.Equal(ns.Id, (await _h.Namespaces.GetAsync(new DiscoveryRequest { Id = ns.Arn }, Ct)).Namespace.Id);
    }

    [Fact]
    public async Task Update_ChangesDescriptionAndSoa_WrongKindRefused()
    {
        var dns = await _h.PrivateNamespaceAsync();
        var http = await _h.HttpNamespaceAsync();

        await _h.Namespaces.UpdatePrivateDnsAsync(new DiscoveryRequest
        {
            Id = dns.Id,
            Namespace = new NamespaceChange { Description = "new", Properties = new() { DnsProperties = new() { SOA = new SoaShape { TTL = 60 } } } },
        }, Ct);
        await _h.Namespaces.UpdateHttpAsync(new DiscoveryRequest { Id = http.Id, Namespace = new NamespaceChange { Description = "h" } }, Ct);

        var after = (await _h.Namespaces.GetAsync(new DiscoveryRequest { Id = dns.Id }, Ct)).Namespace;
        Assert.Equal(("new", 60L), (after.Description, after.Properties.DnsProperties!.SOA!.TTL));
        Assert.Equal("h", (await _h.Namespaces.GetAsync(new DiscoveryRequest { Id = http.Id }, Ct)).Namespace.Description);
        await RefusedAsync(() => _h.Namespaces.UpdateHttpAsync(new DiscoveryRequest { Id = dns.Id, Namespace = new NamespaceChange { Description = "x" } }, Ct), "InvalidInput", "DNS_PRIVATE");
        await RefusedAsync(() => _h.Namespaces.UpdateHttpAsync(new DiscoveryRequest { Id = http.Id }, Ct), "InvalidInput", "Namespace is required");
        await RefusedAsync(() => _h.Namespaces.UpdatePublicDnsAsync(new DiscoveryRequest { Id = dns.Id }, Ct), "InvalidInput", "not a public");
        await RefusedAsync(() => _h.Namespaces.UpdatePublicDnsAsync(new DiscoveryRequest { Id = "ns-nothere" }, Ct), "NamespaceNotFound");
    }

    [Fact]
    public async Task List_Filters_AndPaging()
    {
        await _h.PrivateNamespaceAsync("one.local");
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.HttpNamespaceAsync("two");
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        await _h.HttpNamespaceAsync("three");

        async Task<List<string>> Names(params FilterInput[] filters) =>
            [.. (await _h.Namespaces.ListAsync(new DiscoveryRequest { Filters = [.. filters] }, Ct)).Namespaces.Select(n => n.Name)];

        Assert.Equal(["two", "three"], await Names(new FilterInput { Name = "TYPE", Values = ["HTTP"] }));
        Assert.Equal(["two", "three"], await Names(new FilterInput { Name = "TYPE", Condition = "IN", Values = ["DNS_PRIVATE", "HTTP"] }, new FilterInput { Name = "NAME", Condition = "BEGINS_WITH", Values = ["T"] }));
        Assert.Equal(["three"], await Names(new FilterInput { Name = "HTTP_NAME", Values = ["THREE"] }));
        Assert.Empty(await Names(new FilterInput { Name = "RESOURCE_OWNER", Values = ["OTHER_ACCOUNTS"] }));
        await RefusedAsync(() => Names(new FilterInput { Name = "NAME", Condition = "IN", Values = ["a", "b"] }), "InvalidInput", "condition");
        await RefusedAsync(() => Names(new FilterInput { Name = "COLOUR", Values = ["a"] }), "InvalidInput", "Filter name");

        var page1 = await _h.Namespaces.ListAsync(new DiscoveryRequest { MaxResults = 2 }, Ct);
        var page2 = await _h.Namespaces.ListAsync(new DiscoveryRequest { MaxResults = 2, NextToken = page1.NextToken }, Ct);
        Assert.Equal(["one.local", "two", "three"], page1.Namespaces.Concat(page2.Namespaces).Select(n => n.Name));
        Assert.Null(page2.NextToken);
        await RefusedAsync(() => _h.Namespaces.ListAsync(new DiscoveryRequest { NextToken = "bogus" }, Ct), "InvalidInput", "nextToken");
    }
}
