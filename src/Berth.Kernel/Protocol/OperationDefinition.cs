using System.Text.Json.Serialization.Metadata;
using Berth.Kernel.Auth;

namespace Berth.Kernel.Protocol;

/// <summary>
/// One operation, defined once: its name, the contracts of its request and response, its handler, and for REST-JSON
/// its HTTP binding. Each protocol's codec reads the request into the same object and writes the same response.
/// </summary>
public abstract class OperationDefinition(string name, HttpBinding? http)
{
    public string Name { get; } = name;

    /// <summary>
    /// What a request asks to do, as IAM sees it (by default the operation's own action on all resources). Asynchronous
    /// for the services whose resource ARNs are only known once looked up (a secret named without its ARN's suffix).
    /// </summary>
    public abstract ValueTask<IReadOnlyList<AccessRequest>> AccessAsync(object request, CancellationToken ct);

    public HttpBinding? Http { get; } = http;

    public abstract JsonTypeInfo RequestContract { get; }

    public abstract JsonTypeInfo ResponseContract { get; }

    public abstract Task<object?> InvokeAsync(object request, CancellationToken ct);
}

public sealed class OperationDefinition<TRequest, TResponse>(
    string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TResponse> response,
    Func<TRequest, CancellationToken, Task<TResponse>> handler, Func<TRequest, CancellationToken, ValueTask<IReadOnlyList<AccessRequest>>> access,
    HttpBinding? http = null) : OperationDefinition(name, http)
{
    public override ValueTask<IReadOnlyList<AccessRequest>> AccessAsync(object request, CancellationToken ct) => access((TRequest)request, ct);

    public override JsonTypeInfo RequestContract => request;

    public override JsonTypeInfo ResponseContract => response;

    public override async Task<object?> InvokeAsync(object request, CancellationToken ct) => await handler((TRequest)request, ct);
}

/// <summary>
/// Where a REST-JSON operation lives: its method and URI template (<c>/schedules/{Name}</c>, a greedy <c>{Key+}</c>), the
/// query-string parameters bound to request members, and the status of a success. Members not in the path or query
/// string come from the JSON body.
/// </summary>
public sealed record HttpBinding(string Method, string UriTemplate, int SuccessStatus = 200)
{
    /// <summary>Query-string name to request member name (<c>groupName</c> → <c>GroupName</c>).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();
}
