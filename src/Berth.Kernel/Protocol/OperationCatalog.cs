using System.Text.Json.Serialization.Metadata;
using Berth.Kernel.Auth;

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

    /// <summary>
    /// Defines an operation. <paramref name="access"/> says what a request asks to do, as IAM sees it; without it the
    /// operation is its own action (<c>PREFIX:Name</c>) on all resources — right for actions without resource-level permissions.
    /// <paramref name="accessAsync"/> is the same for requests whose resources must be looked up first.
    /// </summary>
    public void Add<TRequest, TResponse>(string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TResponse> response,
        Func<TRequest, CancellationToken, Task<TResponse>> handler, HttpBinding? http = null, Func<TRequest, IReadOnlyList<AccessRequest>>? access = null,
        Func<TRequest, CancellationToken, ValueTask<IReadOnlyList<AccessRequest>>>? accessAsync = null)
    {
        if (Service.RestJson && http is null)
            throw new InvalidOperationException($"{Service.SigningName}:{name} needs an HTTP binding: the service speaks REST-JSON.");
        if (access is not null && accessAsync is not null)
            throw new InvalidOperationException($"{Service.SigningName}:{name} says what it accesses twice.");
        IReadOnlyList<AccessRequest> whole = [new AccessRequest(Service.Action(name), AccessRequest.AllResources)];
        var asks = accessAsync ?? (access is null ? (_, _) => ValueTask.FromResult(whole) : (r, _) => ValueTask.FromResult(access(r)));
        if (!_definitions.TryAdd(name, new OperationDefinition<TRequest, TResponse>(name, request, response, handler, asks, http)))
            throw new InvalidOperationException($"{Service.SigningName}:{name} is defined twice.");
    }
}
