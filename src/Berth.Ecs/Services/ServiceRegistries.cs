using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Networking;

namespace Berth.Ecs.Services;

/// <summary>
/// <c>serviceRegistries</c> as CreateService/UpdateService check them: one Cloud Map service that exists, and — for
/// one with SRV records — either a <c>port</c> or a <c>containerName</c>/<c>containerPort</c> pair the task
/// definition publishes, not both.
/// </summary>
public sealed class ServiceRegistries(IServiceRegistry? registry = null)
{
    public async Task<List<ServiceRegistry>> CheckAsync(List<ServiceRegistry>? requested, TaskDefinition td, CancellationToken ct)
    {
        if (requested is not { Count: > 0 })
            return [];
        if (registry is null)
            throw AwsException.InvalidParameter("serviceRegistries (Cloud Map service discovery) is not available on this Berth.");
        if (requested.Count > 1)
            throw AwsException.InvalidParameter("Only one service registry is supported per service: serviceRegistries has more than one entry.");
        var r = requested[0];
        if (string.IsNullOrEmpty(r.RegistryArn))
            throw AwsException.InvalidParameter("serviceRegistries.registryArn is required.");
        RegistryService service;
        try
        {
            service = await registry.ResolveServiceAsync(r.RegistryArn, ct);
        }
        catch (NetworkReferenceException e)
        {
            throw AwsException.InvalidParameter($"serviceRegistries.registryArn '{r.RegistryArn}' is not a Cloud Map service: {e.Message}");
        }
        if (r.Port is { } port && port is < 1 or > 65535)
            throw AwsException.InvalidParameter($"serviceRegistries.port {port} is not a valid port (1-65535).");
        if ((r.ContainerName is null) != (r.ContainerPort is null))
            throw AwsException.InvalidParameter("serviceRegistries: containerName and containerPort must be given together.");
        if (r.ContainerName is { } name)
        {
            var container = td.ContainerDefinitions?.FirstOrDefault(c => c.Name == name)
                ?? throw AwsException.InvalidParameter($"serviceRegistries.containerName '{name}' is not a container of task definition {td.Family}:{td.Revision}.");
            if (container.PortMappings?.Any(p => p.ContainerPort == r.ContainerPort) != true)
                throw AwsException.InvalidParameter($"serviceRegistries.containerPort {r.ContainerPort} is not a port mapping of container '{name}'.");
        }
        if (service.RecordTypes.Contains("SRV"))
        {
            if (r.Port is null && r.ContainerName is null)
                throw AwsException.InvalidParameter($"The Cloud Map service {service.ServiceName} has SRV records: serviceRegistries needs a port, or a containerName and containerPort.");
            if (r.Port is not null && r.ContainerName is not null)
                throw AwsException.InvalidParameter("serviceRegistries: give either port or containerName and containerPort, not both.");
        }
        return [new ServiceRegistry { RegistryArn = service.ServiceArn, Port = r.Port, ContainerName = r.ContainerName, ContainerPort = r.ContainerPort }];
    }

    /// <summary>The namespace a ListServicesByNamespace names (name or ARN), in the AWS shape when it does not exist.</summary>
    public async Task<RegistryNamespace> NamespaceAsync(string? nameOrArn, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(nameOrArn))
            throw AwsException.InvalidParameter("namespace is required.");
        if (registry is null)
            throw new AwsException("NamespaceNotFoundException", $"Namespace {nameOrArn} not found.");
        try
        {
            return await registry.ResolveNamespaceAsync(nameOrArn, ct);
        }
        catch (NetworkReferenceException)
        {
            throw new AwsException("NamespaceNotFoundException", $"Namespace {nameOrArn} not found.");
        }
    }

    /// <summary>The namespace id of a registry a service uses; null when the Cloud Map service is gone.</summary>
    public async Task<string?> NamespaceOfAsync(string registryArn, CancellationToken ct)
    {
        try
        {
            return registry is null ? null : (await registry.ResolveServiceAsync(registryArn, ct)).NamespaceId;
        }
        catch (NetworkReferenceException)
        {
            return null;
        }
    }

    /// <summary>Takes this service's tasks out of a registry it no longer uses (UpdateService replaced or removed it).</summary>
    public async Task ForgetAsync(string registryArn, string clusterName, string serviceName, CancellationToken ct)
    {
        if (registry is null)
            return;
        try
        {
            foreach (var i in await registry.ListInstancesAsync(registryArn, ct))
            {
                if (i.Attributes.GetValueOrDefault("ECS_SERVICE_NAME") == serviceName && i.Attributes.GetValueOrDefault("ECS_CLUSTER_NAME") == clusterName)
                    await registry.DeregisterAsync(registryArn, i.InstanceId, ct);
            }
        }
        catch (NetworkReferenceException)
        {
            // The Cloud Map service is gone, and its instances with it.
        }
    }
}
