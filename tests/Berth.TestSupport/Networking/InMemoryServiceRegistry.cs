using Berth.Kernel.Networking;

namespace Berth.TestSupport.Networking;

/// <summary>
/// Cloud Map as ECS sees it, kept in memory for scheduler tests: services by ARN with their record types and
/// namespace, and the instances registered in each. The real one is the service discovery module's.
/// </summary>
public sealed class InMemoryServiceRegistry : IServiceRegistry
{
    readonly Dictionary<string, RegistryService> _services = [];
    readonly Dictionary<string, RegistryNamespace> _namespaces = [];
    readonly Dictionary<string, Dictionary<string, RegistryInstance>> _instances = [];

    /// <summary>Every call that changed an instance, in order ("register srv-1 task-id", "unhealthy ...", "deregister ...").</summary>
    public List<string> Calls { get; } = [];

    public RegistryService AddService(string name, string namespaceName, params string[] recordTypes)
    {
        var ns = _namespaces.Values.FirstOrDefault(n => n.Name == namespaceName)
            ?? new RegistryNamespace($"ns-{_namespaces.Count + 1}", $"arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-{_namespaces.Count + 1}", namespaceName);
        _namespaces[ns.NamespaceId] = ns;
        var id = $"srv-{_services.Count + 1}";
        var service = new RegistryService($"arn:aws:servicediscovery:us-east-1:123456789012:service/{id}", id, name, ns.NamespaceId, ns.NamespaceArn, ns.Name, recordTypes);
        _services[service.ServiceArn] = service;
        _instances[service.ServiceArn] = [];
        return service;
    }

    public void RemoveService(string arn)
    {
        _services.Remove(arn);
        _instances.Remove(arn);
    }

    public IReadOnlyList<RegistryInstance> Instances(string arn) => _instances.TryGetValue(arn, out var i) ? i.Values.ToList() : [];

    public Task<RegistryService> ResolveServiceAsync(string registryArn, CancellationToken ct) =>
        _services.TryGetValue(registryArn, out var s) ? Task.FromResult(s) : throw new NetworkReferenceException($"Service {registryArn} not found.");

    public Task<RegistryNamespace> ResolveNamespaceAsync(string nameOrArn, CancellationToken ct) =>
        _namespaces.Values.FirstOrDefault(n => n.Name == nameOrArn || n.NamespaceArn == nameOrArn) is { } ns
            ? Task.FromResult(ns)
            : throw new NetworkReferenceException($"Namespace {nameOrArn} not found.");

    public Task<IReadOnlyList<RegistryInstance>> ListInstancesAsync(string registryArn, CancellationToken ct) =>
        _instances.TryGetValue(registryArn, out var i)
            ? Task.FromResult<IReadOnlyList<RegistryInstance>>(i.Values.ToList())
            : throw new NetworkReferenceException($"Service {registryArn} not found.");

    public Task RegisterAsync(string registryArn, string instanceId, IReadOnlyDictionary<string, string> attributes, CancellationToken ct)
    {
        Of(registryArn)[instanceId] = new RegistryInstance(instanceId, new Dictionary<string, string>(attributes), true);
        Calls.Add($"register {instanceId}");
        return Task.CompletedTask;
    }

    public Task SetHealthAsync(string registryArn, string instanceId, bool healthy, CancellationToken ct)
    {
        var all = Of(registryArn);
        if (all.TryGetValue(instanceId, out var i))
            all[instanceId] = i with { Healthy = healthy };
        Calls.Add($"{(healthy ? "healthy" : "unhealthy")} {instanceId}");
        return Task.CompletedTask;
    }

    public Task DeregisterAsync(string registryArn, string instanceId, CancellationToken ct)
    {
        if (Of(registryArn).Remove(instanceId))
            Calls.Add($"deregister {instanceId}");
        return Task.CompletedTask;
    }

    Dictionary<string, RegistryInstance> Of(string arn) =>
        _instances.TryGetValue(arn, out var i) ? i : throw new NetworkReferenceException($"Service {arn} not found.");
}
