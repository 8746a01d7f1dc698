using Berth.Kernel.Storage;

namespace Berth.ServiceDiscovery;

/// <summary>What Cloud Map stores: namespaces by id (name = the compared name), services by id (scope = namespace),
/// instances by <c>serviceId/instanceId</c> (scope = service) and operations by id (name = request key).</summary>
static class DiscoveryKinds
{
    public static readonly ResourceKind<Namespace> Namespaces = new(
        "sd_namespaces", n => n.Id, _ => null, n => n.Key, n => n.Type, n => n.CreateDate.ToUnixTimeMilliseconds(), DiscoveryJson.Default.Namespace);

    public static readonly ResourceKind<DiscoveryService> Services = new(
        "sd_services", s => s.Id, s => s.NamespaceId, s => s.Key, s => s.Type, s => s.CreateDate.ToUnixTimeMilliseconds(), DiscoveryJson.Default.DiscoveryService);

    public static readonly ResourceKind<ServiceInstance> Instances = new(
        "sd_instances", i => i.Key, i => i.ServiceId, i => i.Id, _ => null, i => i.CreateDate.ToUnixTimeMilliseconds(), DiscoveryJson.Default.ServiceInstance);

    public static readonly ResourceKind<DiscoveryOperation> Operations = new(
        "sd_operations", o => o.Id, _ => null, o => o.RequestKey, o => o.Status, o => o.CreateDate.ToUnixTimeMilliseconds(), DiscoveryJson.Default.DiscoveryOperation);
}
