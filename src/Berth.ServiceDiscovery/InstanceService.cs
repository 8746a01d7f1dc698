using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.ServiceDiscovery.Api;
using static Berth.ServiceDiscovery.DiscoveryErrors;
using static Berth.ServiceDiscovery.DiscoveryKinds;

namespace Berth.ServiceDiscovery;

/// <summary>
/// Registering, reading and deregistering a service's instances, and their custom health. Every change bumps the
/// service's instances revision in the same commit (DiscoverInstancesRevision), and registering or deregistering is
/// reported as an operation.
/// </summary>
sealed class InstanceService(IStateStore store, DiscoveryLookup lookup, OperationLog operations, TimeProvider clock)
{
    public const int MaxInstancesPerService = 1000;
    public const string Unknown = "UNKNOWN";

    Arns Arns => lookup.Arns;

    public async Task<OperationIdResponse> RegisterAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var instanceId = InstanceRules.InstanceId(r.InstanceId);
        Length(r.CreatorRequestId, "CreatorRequestId", 64);
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        var (attributes, health) = InstanceRules.Check(r.Attributes, service);
        if (await operations.RetriedAsync(OperationLog.RegisterInstance, r.CreatorRequestId,
            o => o.Targets.GetValueOrDefault("SERVICE") == service.Id && o.Targets.GetValueOrDefault("INSTANCE") == instanceId, ct) is { } retried)
        {
            return new OperationIdResponse(retried);
        }
        var op = await UpsertAsync(service.Id, instanceId, attributes, health, r.CreatorRequestId, onlyIfChanged: false, ct);
        return new OperationIdResponse(op!.Id);
    }

    /// <summary>
    /// Creates or replaces the instance (a new registration resets its health to the initial one, as Cloud Map does);
    /// with <paramref name="onlyIfChanged"/>, an instance already registered with these attributes is left alone (null).
    /// </summary>
    public async Task<DiscoveryOperation?> UpsertAsync(string serviceId, string instanceId, Dictionary<string, string> attributes, string? health,
        string? creatorRequestId, bool onlyIfChanged, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var service = await store.GetAsync(Services, serviceId, ct) ?? throw ServiceNotFound(serviceId);
            var key = ServiceInstance.KeyOf(serviceId, instanceId);
            var existing = await store.GetAsync(Instances, key, ct);
            if (onlyIfChanged && existing is not null && SameAttributes(existing.Value.Attributes, attributes))
                return null;
            if (existing is null && await store.CountAsync(Instances, new StoreQuery { Scope = serviceId }, ct) >= MaxInstancesPerService)
                throw LimitExceeded($"Service {serviceId} has {MaxInstancesPerService} instances, the most it may have.");
            var instance = new ServiceInstance
            {
                Key = key,
                ServiceId = serviceId,
                Id = instanceId,
                CreatorRequestId = creatorRequestId,
                Attributes = attributes,
                CustomHealth = health,
                CreateDate = existing?.Value.CreateDate ?? clock.GetUtcNow(),
            };
            var op = operations.New(OperationLog.RegisterInstance, new() { ["SERVICE"] = serviceId, ["INSTANCE"] = instanceId }, creatorRequestId);
            try
            {
                await store.CommitAsync(
                [
                    existing is null ? StoreWrite.Insert(Instances, instance) : StoreWrite.Update(Instances, instance, existing.Version),
                    StoreWrite.Update(Services, service.Value with { Revision = service.Value.Revision + 1 }, service.Version),
                    StoreWrite.Insert(Operations, op),
                ], ct);
                return op;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // Another change to this service's instances landed first: decide again on what it wrote.
            }
        }
    }

    public async Task<OperationIdResponse> DeregisterAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var instanceId = Required(r.InstanceId, "InstanceId", 64);
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        var op = await RemoveAsync(service.Id, instanceId, ct) ?? throw InstanceNotFound(service.Id, instanceId);
        return new OperationIdResponse(op.Id);
    }

    /// <summary>Removes the instance; null when it is not registered.</summary>
    public async Task<DiscoveryOperation?> RemoveAsync(string serviceId, string instanceId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var service = await store.GetAsync(Services, serviceId, ct) ?? throw ServiceNotFound(serviceId);
            var existing = await store.GetAsync(Instances, ServiceInstance.KeyOf(serviceId, instanceId), ct);
            if (existing is null)
                return null;
            var op = operations.New(OperationLog.DeregisterInstance, new() { ["SERVICE"] = serviceId, ["INSTANCE"] = instanceId });
            try
            {
                await store.CommitAsync(
                [
                    StoreWrite.Delete(Instances, existing.Value.Key, existing.Version),
                    StoreWrite.Update(Services, service.Value with { Revision = service.Value.Revision + 1 }, service.Version),
                    StoreWrite.Insert(Operations, op),
                ], ct);
                return op;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // Another change to this service's instances landed first: look again.
            }
        }
    }

    public async Task<GetInstanceResponse> GetAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var instanceId = Required(r.InstanceId, "InstanceId", 64);
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        var i = (await store.GetAsync(Instances, ServiceInstance.KeyOf(service.Id, instanceId), ct))?.Value ?? throw InstanceNotFound(service.Id, instanceId);
        return new GetInstanceResponse(Arns.AccountId, new InstanceShape(i.Id, i.CreatorRequestId, i.Attributes, Arns.AccountId));
    }

    public async Task<ListInstancesResponse> ListAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var limit = Limit(r.MaxResults, "MaxResults", 100, 100);
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        var listing = "instances|" + service.Id;
        var offset = Paging.Decode(r.NextToken, listing, "InvalidInput");
        var page = await store.ListAsync(Instances, new StoreQuery { Scope = service.Id, Offset = offset, Limit = limit + 1 }, ct);
        var shown = page.Take(limit).Select(i => new InstanceSummaryShape(i.Value.Id, i.Value.Attributes, Arns.AccountId)).ToList();
        return new ListInstancesResponse(Arns.AccountId, shown, page.Count > limit ? Paging.Encode(offset + limit, limit, limit, listing) : null);
    }

    public async Task<GetInstancesHealthStatusResponse> HealthAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var limit = Limit(r.MaxResults, "MaxResults", 100, 100);
        if (r.Instances is { Count: 0 })
            throw Invalid("Instances must name one instance at least, or be left out for all of them.");
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        var all = (await store.ListAsync(Instances, new StoreQuery { Scope = service.Id }, ct)).Select(i => i.Value).ToList();
        if (r.Instances is { } named)
        {
            foreach (var id in named)
                Required(id, "Instances member", 64);
            if (named.FirstOrDefault(id => all.All(i => i.Id != id)) is { } missing)
                throw InstanceNotFound(service.Id, missing);
            all = [.. all.Where(i => named.Contains(i.Id))];
        }
        var listing = $"health|{service.Id}|{string.Join(",", r.Instances ?? [])}";
        var offset = Paging.Decode(r.NextToken, listing, "InvalidInput");
        var page = all.Skip(offset).Take(limit).ToList();
        var status = page.ToDictionary(i => i.Id, i => i.CustomHealth ?? Unknown, StringComparer.Ordinal);
        return new GetInstancesHealthStatusResponse(status, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, limit, listing) : null);
    }

    public async Task<DiscoveryEmpty> UpdateCustomHealthAsync(DiscoveryRequest r, CancellationToken ct)
    {
        var instanceId = Required(r.InstanceId, "InstanceId", 64);
        var status = OneOf(Required(r.Status, "Status", 9), "Status", ServiceInstance.Healthy, ServiceInstance.Unhealthy)!;
        var service = (await lookup.ServiceAsync(r.ServiceId, ct, "ServiceId")).Value;
        if (!service.CustomHealth)
            throw new AwsException("CustomHealthNotFound", $"Service {service.Id} has no custom health check (HealthCheckCustomConfig): its instances' health cannot be set.");
        if (await SetHealthAsync(service.Id, instanceId, status, ct) is null)
            throw InstanceNotFound(service.Id, instanceId);
        return new DiscoveryEmpty();
    }

    /// <summary>Sets an instance's custom health; false when it already had it, null when the instance is not registered.</summary>
    public async Task<bool?> SetHealthAsync(string serviceId, string instanceId, string status, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var service = await store.GetAsync(Services, serviceId, ct) ?? throw ServiceNotFound(serviceId);
            var existing = await store.GetAsync(Instances, ServiceInstance.KeyOf(serviceId, instanceId), ct);
            if (existing is null)
                return null;
            if (existing.Value.CustomHealth == status)
                return false;
            try
            {
                await store.CommitAsync(
                [
                    StoreWrite.Update(Instances, existing.Value with { CustomHealth = status }, existing.Version),
                    StoreWrite.Update(Services, service.Value with { Revision = service.Value.Revision + 1 }, service.Version),
                ], ct);
                return true;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
                // Another change to this service's instances landed first: look again.
            }
        }
    }

    static bool SameAttributes(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
