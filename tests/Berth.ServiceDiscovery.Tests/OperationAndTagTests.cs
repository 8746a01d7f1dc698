using Berth.Kernel.Tagging;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.Tests.DiscoveryHarness;
using static Berth.TestSupport.AwsAssert;

namespace Berth.ServiceDiscovery.Tests;

public sealed class OperationAndTagTests : IDisposable
{
    readonly DiscoveryHarness _h = new();

    public void Dispose() => _h.Dispose();

    async Task<List<string>> OpsAsync(params FilterInput[] filters) =>
        [.. (await _h.Operations.ListAsync(new DiscoveryRequest { Filters = [.. filters] }, Ct)).Operations.Select(o => o.Id)];

    [Fact]
    public async Task ListOperations_Filters()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var reg = await _h.RegisterAsync(s.Id, "i-1");
        _h.Clock.Advance(TimeSpan.FromSeconds(1)); // operations list in the order they happened
        var dereg = await _h.Instances.DeregisterAsync(new DiscoveryRequest { ServiceId = s.Id, InstanceId = "i-1" }, Ct);
        var create = (await _h.Namespaces.GetAsync(new DiscoveryRequest { Id = ns.Id }, Ct)).Namespace;
        var later = _h.Clock.GetUtcNow().ToUnixTimeSeconds();

        Assert.Equal(3, (await OpsAsync()).Count);
        Assert.Equal([reg.OperationId, dereg.OperationId], await OpsAsync(new FilterInput { Name = "SERVICE_ID", Values = [s.Arn] }));
        Assert.Single(await OpsAsync(new FilterInput { Name = "NAMESPACE_ID", Values = [create.Id] }));
        Assert.Equal([dereg.OperationId], await OpsAsync(new FilterInput { Name = "TYPE", Values = ["DEREGISTER_INSTANCE"] }));
        Assert.Equal(3, (await OpsAsync(new FilterInput { Name = "STATUS", Condition = "IN", Values = ["SUCCESS", "FAIL"] })).Count);
        Assert.Equal([reg.OperationId, dereg.OperationId],
            await OpsAsync(new FilterInput { Name = "UPDATE_DATE", Condition = "BETWEEN", Values = [$"{later - 60}", $"{later}"] }));
        await RefusedAsync(() => OpsAsync(new FilterInput { Name = "UPDATE_DATE", Values = ["1"] }), "InvalidInput", "BETWEEN");
        await RefusedAsync(() => OpsAsync(new FilterInput { Name = "TYPE", Values = ["EXPLODE"] }), "InvalidInput", "TYPE");
        await RefusedAsync(() => OpsAsync(new FilterInput { Name = "SERVICE_ID", Condition = "IN", Values = ["a", "b"] }), "InvalidInput", "condition");
        await RefusedAsync(() => _h.Operations.GetAsync(new DiscoveryRequest { OperationId = "nope" }, Ct), "OperationNotFound");
    }

    [Fact]
    public async Task Tags_OnNamespacesAndServices_GoWithThem()
    {
        var ns = await _h.HttpNamespaceAsync();
        var s = await _h.ServiceAsync(ns.Id);

        await _h.Tags.TagAsync(new DiscoveryRequest { ResourceARN = s.Arn, Tags = [new Tag { Key = "team", Value = "a" }, new Tag { Key = "x", Value = "" }] }, Ct);
        await _h.Tags.UntagAsync(new DiscoveryRequest { ResourceARN = s.Arn, TagKeys = ["x"] }, Ct);

        Assert.Equal("team", Assert.Single((await _h.Tags.ListAsync(new DiscoveryRequest { ResourceARN = s.Arn }, Ct)).Tags).Key);
        await _h.Services.DeleteAsync(new DiscoveryRequest { Id = s.Id }, Ct);
        await RefusedAsync(() => _h.Tags.ListAsync(new DiscoveryRequest { ResourceARN = s.Arn }, Ct), "ResourceNotFoundException");
        await RefusedAsync(() => _h.Tags.ListAsync(new DiscoveryRequest { ResourceARN = ns.Id }, Ct), "ResourceNotFoundException");
        await RefusedAsync(() => _h.Tags.TagAsync(new DiscoveryRequest { ResourceARN = ns.Arn, Tags = [new Tag { Key = "aws:x", Value = "" }] }, Ct), "InvalidInput", "reserved");
        var many = Enumerable.Range(0, 51).Select(i => new Tag { Key = $"k{i}", Value = "v" }).ToList();
        await RefusedAsync(() => _h.Tags.TagAsync(new DiscoveryRequest { ResourceARN = ns.Arn, Tags = many }, Ct), "TooManyTagsException");
        Assert.Empty((await _h.Tags.ListAsync(new DiscoveryRequest { ResourceARN = ns.Arn }, Ct)).Tags);
    }

    [Fact]
    public void Access_IdsBecomeArns_DiscoverCarriesNames()
    {
        var a = new DiscoveryAccess(_h.Arns);

        var ns = Assert.Single(a.Namespace("DeleteNamespace", "ns-abc"));
        var srv = Assert.Single(a.Service("RegisterInstance", "srv-abc"));
        var discover = Assert.Single(DiscoveryAccess.Discover("DiscoverInstances", "apps", "api"));
        var created = Assert.Single(a.Created("CreateHttpNamespace", [new Tag { Key = "team", Value = "a" }]));

        Assert.Equal(("servicediscovery:DeleteNamespace", $"arn:aws:servicediscovery:us-east-1:{Account}:namespace/ns-abc"), (ns.Action, ns.Resources[0]));
        Assert.Equal($"arn:aws:servicediscovery:us-east-1:{Account}:service/srv-abc", srv.Resources[0]);
        Assert.Equal(["apps"], discover.Context["servicediscovery:NamespaceName"]);
        Assert.Equal(["api"], discover.Context["servicediscovery:ServiceName"]);
        Assert.Equal(["a"], created.Context["aws:RequestTag/team"]);
    }
}
