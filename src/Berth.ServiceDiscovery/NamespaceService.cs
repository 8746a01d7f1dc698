using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>
/// HTTP and private DNS namespaces: create, read, list, update, delete. Public DNS namespaces are refused: Berth serves
/// no public Route 53 zones. A private DNS namespace's VPC is checked against the network directory when one is there.
/// </summary>
sealed class NamespaceService(IStateStore store, DiscoveryLookup lookup, OperationLog operations, TimeProvider clock, INetworkDirectory? network = null)
{
    public const long DefaultSoaTtl = 15;
    public const int MaxNamespaces = 50;

    Arns Arns => lookup.Arns;

    public Task<OperationIdResponse> CreateHttpAsync(DiscoveryRequest r, CancellationToken ct)
    {
        if (r.Vpc is not null || r.Properties is not null)
            throw Invalid($"CreateHttpNamespace has no {(r.Vpc is not null ? "Vpc" : "Properties")}: an HTTP namespace has no DNS records.");
        return CreateAsync(r, DnsNames.HttpNamespace(r.Name), Namespace.Http, null, null, ct);
    }

    public async Task<OperationIdResponse> CreatePrivateDnsAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var name = DnsNames.DnsNamespace(r.Name);
        var vpc = Required(r.Vpc, "Vpc", 64);
        var ttl = r.Properties is null ? DefaultSoaTtl : SoaTtl(r.Properties, "Properties");
        await CheckVpcAsync(vpc, ct);
        return await CreateAsync(r, name, Namespace.DnsPrivate, vpc, ttl, ct);
    }

    public static Task<OperationIdResponse> CreatePublicDnsAsync(DiscoveryRequest r, CancellationToken ct) =>
        throw Invalid("Public DNS namespaces are not supported: Berth serves no public Route 53 hosted zones. " +
            "Use CreatePrivateDnsNamespace (names answered by the task resolver in a VPC) or CreateHttpNamespace (DiscoverInstances only).");

    async Task CheckVpcAsync(string vpc, CancellationToken ct)
    {
        if (network is null)
            return;
        var state = await network.ReadFirewallStateAsync(ct);
        if (!state.Vpcs.Any(v => v.VpcId == vpc))
            throw Invalid($"Vpc {vpc} does not exist: name a VPC of this account (aws ec2 describe-vpcs).");
    }

    async Task<OperationIdResponse> CreateAsync(DiscoveryRequest r, string name, string type, string? vpc, long? soaTtl, CancellationToken ct)
    {
        Length(r.Description, "Description", 1024);
        Length(r.CreatorRequestId, "CreatorRequestId", 64);
        var tags = DiscoveryTags.Validate(r.Tags);
        var key = DnsNames.Key(name);
        var existing = (await store.ListAsync(Namespaces, new StoreQuery { Name = key, Limit = 1 }, ct)).FirstOrDefault()?.Value;
        if (existing is not null && r.CreatorRequestId is not null && existing.CreatorRequestId == r.CreatorRequestId && existing.Type == type)
            return new OperationIdResponse(existing.CreateOperationId);
        await operations.RetriedAsync(OperationLog.CreateNamespace, r.CreatorRequestId, _ => false, ct);
        if (existing is not null)
        {
            throw new AwsException("NamespaceAlreadyExists",
                $"Namespace {existing.Name} already exists (namespace {existing.Id}{(existing.CreatorRequestId is null ? "" : $", creator request id {existing.CreatorRequestId}")}).");
        }
        if (await store.CountAsync(Namespaces, new StoreQuery(), ct) >= MaxNamespaces)
            throw LimitExceeded($"This account has {MaxNamespaces} namespaces, the most it may have. Delete one first.");
        var id = DiscoveryIds.NewNamespaceId();
        var op = operations.New(OperationLog.CreateNamespace, new() { ["NAMESPACE"] = id }, r.CreatorRequestId);
        var ns = new Namespace
        {
            Id = id,
            Arn = DiscoveryIds.NamespaceArn(Arns, id),
            Name = name,
            Key = key,
            Type = type,
            Description = r.Description,
            CreatorRequestId = r.CreatorRequestId,
            CreateDate = clock.GetUtcNow(),
            VpcId = vpc,
            HostedZoneId = type == Namespace.DnsPrivate ? DiscoveryIds.NewHostedZoneId() : null,
            SoaTtl = soaTtl,
            CreateOperationId = op.Id,
        };
        var writes = new List<StoreWrite> { StoreWrite.Insert(Namespaces, ns), StoreWrite.Insert(Operations, op) };
        if (TagService.Initial(ns.Arn, tags) is { } tagWrite)
            writes.Add(tagWrite);
        await store.CommitAsync(writes, ct);
        return new OperationIdResponse(op.Id);
    }

    public async Task<GetNamespaceResponse> GetAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var ns = await lookup.NamespaceAsync(r.Id, ct);
        return new GetNamespaceResponse(await ShapeAsync(ns.Value, withCreator: true, ct));
    }

    public async Task<ListNamespacesResponse> ListAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var limit = Limit(r.MaxResults, "MaxResults", 100, 100);
        var match = ListFilters.Namespaces(r.Filters);
        var listing = "namespaces|" + OperationLog.Fingerprint(r.Filters);
        var offset = Paging.Decode(r.NextToken, listing, "InvalidInput");
        var all = (await store.ListAsync(Namespaces, new StoreQuery(), ct)).Select(n => n.Value).Where(match)
            .OrderBy(n => n.CreateDate).ThenBy(n => n.Id, StringComparer.Ordinal).ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        var shapes = new List<NamespaceShape>();
        foreach (var ns in page)
            shapes.Add(await ShapeAsync(ns, withCreator: false, ct));
        return new ListNamespacesResponse(shapes, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, limit, listing) : null);
    }

    public async Task<OperationIdResponse> UpdateHttpAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var change = r.Namespace ?? throw Invalid("Namespace is required: the change to make (Description).");
        var description = Required(change.Description, "Namespace.Description", 1024, 0);
        if (change.Properties is not null)
            throw Invalid("An HTTP namespace has no Properties to change: only its Description.");
        return await UpdateAsync(r, Namespace.Http, ns => ns with { Description = description }, ct);
    }

    public async Task<OperationIdResponse> UpdatePrivateDnsAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var change = r.Namespace ?? throw Invalid("Namespace is required: the change to make (Description, Properties.DnsProperties.SOA.TTL).");
        Length(change.Description, "Namespace.Description", 1024);
        var ttl = change.Properties is null ? (long?)null : SoaTtl(change.Properties, "Namespace.Properties");
        return await UpdateAsync(r, Namespace.DnsPrivate, ns => ns with { Description = change.Description ?? ns.Description, SoaTtl = ttl ?? ns.SoaTtl }, ct);
    }

    public async Task<OperationIdResponse> UpdatePublicDnsAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var ns = await lookup.NamespaceAsync(r.Id, ct);
        throw Invalid($"Namespace {ns.Value.Id} is not a public DNS namespace (it is {ns.Value.Type}); Berth has none. Use Update{(ns.Value.IsDns ? "PrivateDns" : "Http")}Namespace.");
    }

    async Task<OperationIdResponse> UpdateAsync(DiscoveryRequest r, string type, Func<Namespace, Namespace> change, CancellationToken ct)
    {
        Length(r.UpdaterRequestId, "UpdaterRequestId", 64);
        var stored = await lookup.NamespaceAsync(r.Id, ct);
        var ns = stored.Value;
        if (ns.Type != type)
            throw Invalid($"Namespace {ns.Id} is {ns.Type}, not {type}: use Update{(ns.IsDns ? "PrivateDns" : "Http")}Namespace.");
        if (await operations.RetriedAsync(OperationLog.UpdateNamespace, r.UpdaterRequestId, o => o.Targets.GetValueOrDefault("NAMESPACE") == ns.Id, ct) is { } retried)
            return new OperationIdResponse(retried);
        var op = operations.New(OperationLog.UpdateNamespace, new() { ["NAMESPACE"] = ns.Id }, r.UpdaterRequestId);
        await store.CommitAsync([StoreWrite.Update(Namespaces, change(ns), stored.Version), StoreWrite.Insert(Operations, op)], ct);
        return new OperationIdResponse(op.Id);
    }

    public async Task<OperationIdResponse> DeleteAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var stored = await lookup.NamespaceAsync(r.Id, ct);
        var ns = stored.Value;
        var services = await store.CountAsync(Services, new StoreQuery { Scope = ns.Id }, ct);
        if (services > 0)
            throw InUse($"Namespace {ns.Id} has {services} service{(services == 1 ? "" : "s")}: delete them first.");
        var op = operations.New(OperationLog.DeleteNamespace, new() { ["NAMESPACE"] = ns.Id });
        var writes = new List<StoreWrite> { StoreWrite.Delete(Namespaces, ns.Id, stored.Version), StoreWrite.Insert(Operations, op) };
        if (await store.GetAsync(TagKinds.Tags, ns.Arn, ct) is { } tagged)
            writes.Add(StoreWrite.Delete(TagKinds.Tags, ns.Arn, tagged.Version));
        await store.CommitAsync(writes, ct);
        return new OperationIdResponse(op.Id);
    }

    async Task<NamespaceShape> ShapeAsync(Namespace ns, bool withCreator, CancellationToken ct) => new()
    {
        Id = ns.Id,
        Arn = ns.Arn,
        ResourceOwner = Arns.AccountId,
        Name = ns.Name,
        Type = ns.Type,
        Description = ns.Description,
        ServiceCount = await store.CountAsync(Services, new StoreQuery { Scope = ns.Id }, ct),
        Properties = new NamespacePropertiesShape(
            ns.IsDns ? new DnsPropertiesShape(ns.HostedZoneId, new SoaOut(ns.SoaTtl ?? DefaultSoaTtl)) : null,
            new HttpPropertiesShape(ns.Name)),
        CreateDate = ns.CreateDate,
        CreatorRequestId = withCreator ? ns.CreatorRequestId : null,
    };

    static long SoaTtl(NamespacePropertiesInput properties, string member)
    {
        var soa = properties.DnsProperties?.SOA ?? throw Invalid($"{member}.DnsProperties.SOA is required when {member} is given.");
        var ttl = soa.TTL ?? throw Invalid($"{member}.DnsProperties.SOA.TTL is required.");
        return ttl is >= 0 and <= int.MaxValue ? ttl : throw Invalid($"{member}.DnsProperties.SOA.TTL must be between 0 and {int.MaxValue} seconds.");
    }
}
