using Berth.Kernel;
using Berth.Kernel.Tagging;
using Berth.ServiceDiscovery.Api;
using Berth.ServiceDiscovery.Dns;
using Berth.Store;
using Berth.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Berth.ServiceDiscovery.Tests;

/// <summary>Cloud Map's services over a real SQLite file (through the index-refreshing store, as berthd wires them), a fake clock and a seeded random source.</summary>
sealed class DiscoveryHarness : IDisposable
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    public const string Account = "123456789012";
    public const string Vpc = "vpc-0123456789abcdef0";

    readonly TempDatabase _temp = new();

    public DiscoveryHarness(int seed = 7)
    {
        var sqlite = new SqliteStateStore(_temp.Db);
        Index = new RegistryIndex(sqlite);
        var store = new DiscoveryWritesStore(sqlite, Index);
        Arns = new Arns(Account, "us-east-1");
        Store = store;
        var lookup = Lookup = new DiscoveryLookup(store, Arns);
        Operations = new OperationLog(store, Arns, Clock);
        Namespaces = new NamespaceService(store, lookup, Operations, Clock);
        Services = new ServiceCatalog(store, lookup, Operations, Clock);
        Instances = new InstanceService(store, lookup, Operations, Clock);
        Random = new Random(seed);
        Discovery = new InstanceDiscovery(Index, Operations, Random);
        Records = new ServiceRecords(Index, Random);
        Tags = new DiscoveryTags(store, Arns, new TagService(store));
        Registrar = new InstanceRegistrar(store, lookup, Instances);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    public Arns Arns { get; }
    public DiscoveryWritesStore Store { get; }
    public DiscoveryLookup Lookup { get; }
    public RegistryIndex Index { get; }
    public Random Random { get; }
    public OperationLog Operations { get; }
    public NamespaceService Namespaces { get; }
    public ServiceCatalog Services { get; }
    public InstanceService Instances { get; }
    public InstanceDiscovery Discovery { get; }
    public ServiceRecords Records { get; }
    public DiscoveryTags Tags { get; }
    public InstanceRegistrar Registrar { get; }

    /// <summary>Creates a namespace and returns it (the id from the operation's targets, as a client finds it).</summary>
    public async Task<NamespaceShape> PrivateNamespaceAsync(string name = "internal.local", string vpc = Vpc, long? soaTtl = null)
    {
        var op = await Namespaces.CreatePrivateDnsAsync(new DiscoveryRequest
        {
            Name = name,
            Vpc = vpc,
            Properties = soaTtl is null ? null : new NamespacePropertiesInput { DnsProperties = new DnsPropertiesInput { SOA = new SoaShape { TTL = soaTtl } } },
        }, Ct);
        return await NamespaceOfAsync(op.OperationId);
    }

    public async Task<NamespaceShape> HttpNamespaceAsync(string name = "apps")
    {
        var op = await Namespaces.CreateHttpAsync(new DiscoveryRequest { Name = name }, Ct);
        return await NamespaceOfAsync(op.OperationId);
    }

    async Task<NamespaceShape> NamespaceOfAsync(string operationId)
    {
        var op = (await Operations.GetAsync(new DiscoveryRequest { OperationId = operationId }, Ct)).Operation;
        return (await Namespaces.GetAsync(new DiscoveryRequest { Id = op.Targets["NAMESPACE"] }, Ct)).Namespace;
    }

    public static DnsConfigInput DnsConfig(string routing = "MULTIVALUE", params (string Type, long Ttl)[] records) => new()
    {
        RoutingPolicy = routing,
        DnsRecords = [.. records.Select(r => (DnsRecordShape?)new DnsRecordShape { Type = r.Type, TTL = r.Ttl })],
    };

    public async Task<ServiceShape> ServiceAsync(string namespaceId, string name = "api", DnsConfigInput? dns = null, bool customHealth = false, string? type = null) =>
        (await Services.CreateAsync(new DiscoveryRequest
        {
            Name = name,
            NamespaceId = namespaceId,
            DnsConfig = dns,
            Type = type,
            HealthCheckCustomConfig = customHealth ? new HealthCheckCustomConfigShape() : null,
        }, Ct)).Service;

    public Task<OperationIdResponse> RegisterAsync(string serviceId, string instanceId, params (string Key, string Value)[] attributes) =>
        Instances.RegisterAsync(new DiscoveryRequest
        {
            ServiceId = serviceId,
            InstanceId = instanceId,
            Attributes = attributes.ToDictionary(a => a.Key, a => (string?)a.Value),
        }, Ct);

    public void Dispose() => _temp.Dispose();
}
