using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Protocol;

/// <summary>Every service's operations, as the modules define them; the edge builds each protocol's dispatch from it.</summary>
public sealed class OperationCatalog
{
    readonly Dictionary<string, ServiceOperations> _services = new(StringComparer.Ordinal);

    /// <summary>The operations of a service, made on first use. Two modules naming one service share its operations.</summary>
    public ServiceOperations For(AwsService service)
    {
        if (_services.TryGetValue(service.SigningName, out var existing))
        {
            return existing.Service == service
                ? existing
                : throw new InvalidOperationException($"Service '{service.SigningName}' is described twice, differently.");
        }
        return _services[service.SigningName] = new ServiceOperations(service);
    }

    public IReadOnlyCollection<ServiceOperations> Services => _services.Values;
}

/// <summary>One service's operations.</summary>
public sealed class ServiceOperations(AwsService service)
{
    readonly Dictionary<string, OperationDefinition> _definitions = new(StringComparer.Ordinal);

    public AwsService Service { get; } = service;

    public IReadOnlyCollection<OperationDefinition> Definitions => _definitions.Values;

    public void Add<TRequest, TResponse>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TResponse> response,
        Func<TRequest, CancellationToken, Task<TResponse>> handler, HttpBinding? http = null)
    {
        if (Service.RestJson && http is null)
            throw new InvalidOperationException($"{Service.SigningName}:{name} needs an HTTP binding: the service speaks REST-JSON.");
        if (!_definitions.TryAdd(name, new OperationDefinition<TRequest, TResponse>(name, request, response, handler, http)))
            throw new InvalidOperationException($"{Service.SigningName}:{name} is defined twice.");
    }
}
