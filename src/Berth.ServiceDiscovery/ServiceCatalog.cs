using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>Cloud Map services: create, read, list, update, delete, and their service attributes.</summary>
sealed class ServiceCatalog(IStateStore store, DiscoveryLookup lookup, OperationLog operations, TimeProvider clock)
{
    public const int MaxServiceAttributes = 30;

    Arns Arns => lookup.Arns;

    public async Task<ServiceResponse> CreateAsync(DiscoveryRequest r, CancellationToken ct)
    {
        Length(r.Description, "Description", 1024);
        Length(r.CreatorRequestId, "CreatorRequestId", 64);
        ServiceDnsRules.RefuseHealthCheck(r.HealthCheckConfig);
        var customHealth = ServiceDnsRules.CustomHealth(r.HealthCheckCustomConfig);
        var httpOnly = OneOf(r.Type, "Type", DiscoveryService.Http) is not null;
        var tags = DiscoveryTags.Validate(r.Tags);
        if (r.NamespaceId is not null && r.DnsConfig?.NamespaceId is not null && r.NamespaceId != r.DnsConfig.NamespaceId)
            throw Invalid("NamespaceId and DnsConfig.NamespaceId name different namespaces: give NamespaceId only.");
        var ns = (await lookup.NamespaceAsync(r.NamespaceId ?? r.DnsConfig?.NamespaceId
            ?? throw Invalid("NamespaceId is required: the namespace the service belongs to."), ct, "NamespaceId")).Value;
        var name = DnsNames.Service(r.Name, ns);
        ServiceDns? dns = null;
        if (r.DnsConfig is not null)
        {
            if (!ns.IsDns)
                throw Invalid($"Namespace {ns.Id} is an HTTP namespace: its services have no DnsConfig (they are found with DiscoverInstances).");
            if (httpOnly)
                throw Invalid("A service of Type HTTP has no DnsConfig: leave out one or the other.");
            dns = ServiceDnsRules.Create(r.DnsConfig);
        }
        else if (ns.IsDns && !httpOnly)
        {
            throw Invalid($"Namespace {ns.Id} is a DNS namespace: give the service a DnsConfig (its records), or Type HTTP for a service found only with DiscoverInstances.");
        }

        var key = DnsNames.Key(name);
        var existing = (await store.ListAsync(Services, new StoreQuery { Scope = ns.Id, Name = key, Limit = 1 }, ct)).FirstOrDefault()?.Value;
        if (existing is not null)
        {
            if (r.CreatorRequestId is not null && existing.CreatorRequestId == r.CreatorRequestId)
                return new ServiceResponse(await ShapeAsync(existing, ct));
            throw new AwsException("ServiceAlreadyExists",
                $"Service {existing.Name} already exists in namespace {ns.Name} (service {existing.Id}, {existing.Arn}{(existing.CreatorRequestId is null ? "" : $", creator request id {existing.CreatorRequestId}")}).");
        }
        var id = DiscoveryIds.NewServiceId();
        var service = new DiscoveryService
        {
            Id = id,
            Arn = DiscoveryIds.ServiceArn(Arns, id),
            Name = name,
            Key = key,
            NamespaceId = ns.Id,
            Type = dns is null ? DiscoveryService.Http : DiscoveryService.DnsHttp,
            Description = r.Description,
            CreatorRequestId = r.CreatorRequestId,
            CreateDate = clock.GetUtcNow(),
            Dns = dns,
            CustomHealth = customHealth,
        };
        var writes = new List<StoreWrite> { StoreWrite.Insert(Services, service) };
        if (TagService.Initial(service.Arn, tags) is { } tagWrite)
            writes.Add(tagWrite);
        await store.CommitAsync(writes, ct);
        return new ServiceResponse(await ShapeAsync(service, ct));
    }

    public async Task<ServiceResponse> GetAsync(DiscoveryRequest r, CancellationToken ct) =>
        new(await ShapeAsync((await lookup.ServiceAsync(r.Id, ct)).Value, ct));

    public async Task<ListServicesResponse> ListAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var limit = Limit(r.MaxResults, "MaxResults", 100, 100);
        var match = ListFilters.Services(r.Filters, id => DiscoveryIds.IdOf(Arns, id, "namespace") ?? id);
        var listing = "services|" + OperationLog.Fingerprint(r.Filters);
        var offset = Paging.Decode(r.NextToken, listing, "InvalidInput");
        var all = (await store.ListAsync(Services, new StoreQuery(), ct)).Select(s => s.Value).Where(match)
            .OrderBy(s => s.CreateDate).ThenBy(s => s.Id, StringComparer.Ordinal).ToList();
        var page = all.Skip(offset).Take(limit).ToList();
        var shapes = new List<ServiceShape>();
        foreach (var s in page)
            shapes.Add(await ShapeAsync(s, ct) with { NamespaceId = null, CreatorRequestId = null });
        return new ListServicesResponse(shapes, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, limit, listing) : null);
    }

    public async Task<OperationIdResponse> UpdateAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var change = r.Service ?? throw Invalid("Service is required: the change to make (Description, DnsConfig).");
        Length(change.Description, "Service.Description", 1024);
        ServiceDnsRules.RefuseHealthCheck(change.HealthCheckConfig);
        var stored = await lookup.ServiceAsync(r.Id, ct);
        var service = stored.Value;
        var dns = service.Dns;
        if (change.DnsConfig is not null)
        {
            dns = service.Dns is null
                ? throw Invalid($"Service {service.Id} has no DNS records (Type {service.Type}): there is no DnsConfig to change.")
                : ServiceDnsRules.Change(service.Dns, change.DnsConfig, service.Id);
        }
        var op = operations.New(OperationLog.UpdateService, new() { ["SERVICE"] = service.Id });
        var updated = service with { Description = change.Description ?? service.Description, Dns = dns };
        await store.CommitAsync([StoreWrite.Update(Services, updated, stored.Version), StoreWrite.Insert(Operations, op)], ct);
        return new OperationIdResponse(op.Id);
    }

    public async Task DeleteAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var stored = await lookup.ServiceAsync(r.Id, ct);
        var service = stored.Value;
        var instances = await store.CountAsync(Instances, new StoreQuery { Scope = service.Id }, ct);
        if (instances > 0)
            throw InUse($"Service {service.Id} has {instances} registered instance{(instances == 1 ? "" : "s")}: deregister them first.");
        var writes = new List<StoreWrite> { StoreWrite.Delete(Services, service.Id, stored.Version) };
        if (await store.GetAsync(TagKinds.Tags, service.Arn, ct) is { } tagged)
            writes.Add(StoreWrite.Delete(TagKinds.Tags, service.Arn, tagged.Version));
        await store.CommitAsync(writes, ct);
    }

    public async Task<GetServiceAttributesResponse> GetAttributesAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        return new GetServiceAttributesResponse(new ServiceAttributesShape(service.Arn, Arns.AccountId, service.Attributes));
    }

    public async Task UpdateAttributesAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var attributes = r.Attributes is { Count: > 0 and <= MaxServiceAttributes }
            ? r.Attributes
            : throw Invalid($"Attributes is required: 1 to {MaxServiceAttributes} key/value pairs.");
        foreach (var (k, v) in attributes)
        {
            Required(k, "Attributes key", 255);
            Required(v, $"Attributes value of {k}", 1024, 0);
        }
        var stored = await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId");
        await store.MutateAsync(Services, stored.Value.Id, (s, _) =>
        {
            var merged = new Dictionary<string, string>(s.Attributes, StringComparer.Ordinal);
            foreach (var (k, v) in attributes)
                merged[k] = v!;
            if (merged.Count > MaxServiceAttributes)
                throw new AwsException("ServiceAttributesLimitExceededException", $"A service can have at most {MaxServiceAttributes} attributes; this would make {merged.Count}.");
            return s with { Attributes = merged };
        }, ct);
    }

    public async Task DeleteAttributesAsync(DeleteServiceAttributesRequest r, CancellationToken ct)
    {
        var keys = r.Attributes is { Count: > 0 and <= MaxServiceAttributes }
            ? r.Attributes
            : throw Invalid($"Attributes is required: 1 to {MaxServiceAttributes} keys.");
        foreach (var k in keys)
            Required(k, "Attributes member", 255);
        var stored = await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId");
        await store.MutateAsync(Services, stored.Value.Id, (s, _) =>
            s with { Attributes = s.Attributes.Where(a => !keys.Contains(a.Key)).ToDictionary(StringComparer.Ordinal) }, ct);
    }

    async Task<ServiceShape> ShapeAsync(DiscoveryService s, CancellationToken ct) => new()
    {
        Id = s.Id,
        Arn = s.Arn,
        ResourceOwner = Arns.AccountId,
        Name = s.Name,
        NamespaceId = s.NamespaceId,
        Description = s.Description,
        InstanceCount = await store.CountAsync(Instances, new StoreQuery { Scope = s.Id }, ct),
        DnsConfig = s.Dns is null ? null : new DnsConfigShape(s.NamespaceId, s.Dns.RoutingPolicy, [.. s.Dns.Records.Select(d => new DnsRecordOut(d.Type, d.Ttl))]),
        Type = s.Type,
        HealthCheckCustomConfig = s.CustomHealth ? new HealthCheckCustomConfigShape { FailureThreshold = 1 } : null,
        CreateDate = s.CreateDate,
        CreatorRequestId = s.CreatorRequestId,
        CreatedByAccount = Arns.AccountId,
    };
}
