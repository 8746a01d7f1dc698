using Berth.Kernel.Protocol;

namespace Berth.ServiceDiscovery.Api;

/// <summary>AWS Cloud Map (service discovery), AWS JSON 1.1.</summary>
static class DiscoveryOperations
{
    public const string Prefix = "Route53AutoNaming_v20170314";

    public static readonly AwsService Service = new() { SigningName = "servicediscovery", JsonTargetPrefix = Prefix };

    public static void Register(ServiceOperations ops, DiscoveryHandlers h, DiscoveryAccess a)
    {
        var j = DiscoveryJson.Default;
        var (namespaces, services, instances, discovery, operations, tags) = (h.Namespaces, h.Services, h.Instances, h.Discovery, h.Operations, h.Tags);

        ops.Add("CreateHttpNamespace", j.DiscoveryRequest, j.OperationIdResponse, namespaces.CreateHttpAsync, access: r => a.Created("CreateHttpNamespace", r.Tags));
        ops.Add("CreatePrivateDnsNamespace", j.DiscoveryRequest, j.OperationIdResponse, namespaces.CreatePrivateDnsAsync, access: r => a.Created("CreatePrivateDnsNamespace", r.Tags));
        ops.Add("CreatePublicDnsNamespace", j.DiscoveryRequest, j.OperationIdResponse, NamespaceService.CreatePublicDnsAsync, access: r => a.Created("CreatePublicDnsNamespace", r.Tags));
        ops.Add("GetNamespace", j.DiscoveryRequest, j.GetNamespaceResponse, namespaces.GetAsync, access: r => a.Namespace("GetNamespace", r.Id));
        ops.Add("ListNamespaces", j.DiscoveryRequest, j.ListNamespacesResponse, namespaces.ListAsync);
        ops.Add("UpdateHttpNamespace", j.DiscoveryRequest, j.OperationIdResponse, namespaces.UpdateHttpAsync, access: r => a.Namespace("UpdateHttpNamespace", r.Id));
        ops.Add("UpdatePrivateDnsNamespace", j.DiscoveryRequest, j.OperationIdResponse, namespaces.UpdatePrivateDnsAsync, access: r => a.Namespace("UpdatePrivateDnsNamespace", r.Id));
        ops.Add("UpdatePublicDnsNamespace", j.DiscoveryRequest, j.OperationIdResponse, namespaces.UpdatePublicDnsAsync, access: r => a.Namespace("UpdatePublicDnsNamespace", r.Id));
        ops.Add("DeleteNamespace", j.DiscoveryRequest, j.OperationIdResponse, namespaces.DeleteAsync, access: r => a.Namespace("DeleteNamespace", r.Id));

        ops.Add("CreateService", j.DiscoveryRequest, j.ServiceResponse, services.CreateAsync,
            access: r => a.Namespace("CreateService", r.NamespaceId ?? r.DnsConfig?.NamespaceId, r.Tags));
        ops.Add("GetService", j.DiscoveryRequest, j.ServiceResponse, services.GetAsync, access: r => a.Service("GetService", r.Id));
        ops.Add("ListServices", j.DiscoveryRequest, j.ListServicesResponse, services.ListAsync);
        ops.Add("UpdateService", j.DiscoveryRequest, j.OperationIdResponse, services.UpdateAsync, access: r => a.Service("UpdateService", r.Id));
        ops.Add("DeleteService", j.DiscoveryRequest, j.DiscoveryEmpty, async (r, ct) =>
        {
            await services.DeleteAsync(r, ct);
            return new DiscoveryEmpty();
        }, access: r => a.Service("DeleteService", r.Id));
        ops.Add("GetServiceAttributes", j.DiscoveryRequest, j.GetServiceAttributesResponse, services.GetAttributesAsync,
            access: r => a.Service("GetServiceAttributes", r.ServiceId));
        ops.Add("UpdateServiceAttributes", j.DiscoveryRequest, j.DiscoveryEmpty, async (r, ct) =>
        {
            await services.UpdateAttributesAsync(r, ct);
            return new DiscoveryEmpty();
        }, access: r => a.Service("UpdateServiceAttributes", r.ServiceId));
        ops.Add("DeleteServiceAttributes", j.DeleteServiceAttributesRequest, j.DiscoveryEmpty, async (r, ct) =>
        {
            await services.DeleteAttributesAsync(r, ct);
            return new DiscoveryEmpty();
        }, access: r => a.Service("DeleteServiceAttributes", r.ServiceId));

        ops.Add("RegisterInstance", j.DiscoveryRequest, j.OperationIdResponse, instances.RegisterAsync, access: r => a.Service("RegisterInstance", r.ServiceId));
        ops.Add("DeregisterInstance", j.DiscoveryRequest, j.OperationIdResponse, instances.DeregisterAsync, access: r => a.Service("DeregisterInstance", r.ServiceId));
        ops.Add("GetInstance", j.DiscoveryRequest, j.GetInstanceResponse, instances.GetAsync, access: r => a.Service("GetInstance", r.ServiceId));
        ops.Add("ListInstances", j.DiscoveryRequest, j.ListInstancesResponse, instances.ListAsync, access: r => a.Service("ListInstances", r.ServiceId));
        ops.Add("GetInstancesHealthStatus", j.DiscoveryRequest, j.GetInstancesHealthStatusResponse, instances.HealthAsync,
            access: r => a.Service("GetInstancesHealthStatus", r.ServiceId));
        ops.Add("UpdateInstanceCustomHealthStatus", j.DiscoveryRequest, j.DiscoveryEmpty, instances.UpdateCustomHealthAsync,
            access: r => a.Service("UpdateInstanceCustomHealthStatus", r.ServiceId));

        ops.Add("DiscoverInstances", j.DiscoveryRequest, j.DiscoverInstancesResponse, discovery.DiscoverAsync,
            access: r => DiscoveryAccess.Discover("DiscoverInstances", r.NamespaceName, r.ServiceName));
        ops.Add("DiscoverInstancesRevision", j.DiscoveryRequest, j.DiscoverInstancesRevisionResponse, discovery.RevisionAsync,
            access: r => DiscoveryAccess.Discover("DiscoverInstancesRevision", r.NamespaceName, r.ServiceName));

        ops.Add("GetOperation", j.DiscoveryRequest, j.GetOperationResponse, operations.GetAsync);
        ops.Add("ListOperations", j.DiscoveryRequest, j.ListOperationsResponse, operations.ListAsync);

        ops.Add("TagResource", j.DiscoveryRequest, j.DiscoveryEmpty, async (r, ct) =>
        {
            await tags.TagAsync(r, ct);
            return new DiscoveryEmpty();
        }, access: r => a.Resource("TagResource", r.ResourceARN, r.Tags));
        ops.Add("UntagResource", j.DiscoveryRequest, j.DiscoveryEmpty, async (r, ct) =>
        {
            await tags.UntagAsync(r, ct);
            return new DiscoveryEmpty();
        }, access: r => a.Resource("UntagResource", r.ResourceARN));
        ops.Add("ListTagsForResource", j.DiscoveryRequest, j.ListTagsForResourceResponse, tags.ListAsync,
            access: r => a.Resource("ListTagsForResource", r.ResourceARN));
    }
}

/// <summary>The module's request handlers, gathered for <see cref="DiscoveryOperations.Register"/>.</summary>
sealed record DiscoveryHandlers(
    NamespaceService Namespaces, ServiceCatalog Services, InstanceService Instances, InstanceDiscovery Discovery, OperationLog Operations, DiscoveryTags Tags);
