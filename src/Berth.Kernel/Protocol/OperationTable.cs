using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Protocol;

/// <summary>One AWS JSON operation: how to read its request, run it, and write its response.</summary>
public delegate Task<byte[]> Operation(ReadOnlyMemory<byte> body, CancellationToken ct);

/// <summary>Operations by their <c>X-Amz-Target</c> (<c>Prefix.OperationName</c>).</summary>
public sealed class OperationTable
{
    readonly Dictionary<string, Operation> _operations = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Targets => _operations.Keys;

    public void Add<TRequest, TResponse>(string prefix, string name, JsonTypeInfo<TRequest> request, JsonTypeInfo<TResponse> response,
        Func<TRequest, CancellationToken, Task<TResponse>> handler)
    {
        _operations[$"{prefix}.{name}"] = async (body, ct) =>
        {
            var input = body.IsEmpty ? default : JsonSerializer.Deserialize(body.Span, request);
            var output = await handler(input ?? throw new JsonException("The request body must be a JSON object."), ct);
            return JsonSerializer.SerializeToUtf8Bytes(output, response);
        };
    }

    public Operation? Find(string target) => _operations.GetValueOrDefault(target);

    readonly Dictionary<string, IReadOnlyDictionary<string, string>> _queryCompatible = new(StringComparer.Ordinal);

    /// <summary>
    /// Marks a service <c>awsQueryCompatible</c> (CloudWatch): its errors carry the model's shape name in <c>__type</c>
    /// and the Query protocol's code in <c>x-amzn-query-error</c>. <paramref name="shapes"/> maps codes to shape names.
    /// </summary>
    public void AddQueryCompatible(string prefix, IReadOnlyDictionary<string, string> shapes) => _queryCompatible[prefix] = shapes;

    /// <summary>The shape names for a target's errors, when its service is query-compatible.</summary>
    public IReadOnlyDictionary<string, string>? QueryCompatibleErrors(string target)
    {
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? _queryCompatible.GetValueOrDefault(target[..dot]) : null;
    }
}
