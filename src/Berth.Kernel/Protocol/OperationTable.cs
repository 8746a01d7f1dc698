using System.Text.Json;

namespace Berth.Kernel.Protocol;

/// <summary>One AWS JSON operation as the edge runs it: request bytes in, response bytes out.</summary>
public delegate Task<byte[]> Operation(ReadOnlyMemory<byte> body, CancellationToken ct);

/// <summary>The AWS JSON protocols' dispatch: operations by their <c>X-Amz-Target</c> (<c>Prefix.OperationName</c>).</summary>
public sealed class OperationTable
{
    readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyDictionary<string, string>> _queryCompatible = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _signingNames = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _maxRequestBytes = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Targets => _operations.Keys;

    /// <summary>The JSON codec of a definition: the body is the request's JSON form, the answer the response's.</summary>
    public void Add(AwsService service, OperationDefinition definition, OperationInvoker invoker)
    {
        var prefix = service.JsonTargetPrefix ?? throw new InvalidOperationException($"{service.SigningName} does not speak AWS JSON.");
        _signingNames[prefix] = service.SigningName;
        if (service.MaxRequestBytes is { } max)
            _maxRequestBytes[prefix] = max;
        if (service.QueryErrorShapes is { } shapes)
            _queryCompatible[prefix] = shapes;
        _operations[$"{prefix}.{definition.Name}"] = async (body, ct) =>
        {
            var input = body.IsEmpty ? null : JsonSerializer.Deserialize(body.Span, definition.RequestContract);
            var output = await invoker.InvokeAsync(service, definition, input ?? throw new JsonException("The request body must be a JSON object."), ct);
            return JsonSerializer.SerializeToUtf8Bytes(output, definition.ResponseContract);
        };
    }

    public Operation? Find(string target) => _operations.GetValueOrDefault(target);

    /// <summary>The service a target prefix belongs to, by its signing name (<c>AmazonEC2ContainerServiceV20141113</c> → ecs).</summary>
    public string? ServiceOf(string prefix) => _signingNames.GetValueOrDefault(prefix);

    /// <summary>The largest request body a target's service takes, when it sets one (<see cref="AwsService.MaxRequestBytes"/>).</summary>
    public int? MaxRequestBytes(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _maxRequestBytes.TryGetValue(target[..dot], out var max) ? max : null;
    }

    /// <summary>The shape names for a target's errors, when its service is query-compatible.</summary>
    public IReadOnlyDictionary<string, string>? QueryCompatibleErrors(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? _queryCompatible.GetValueOrDefault(target[..dot]) : null;
    }
}
