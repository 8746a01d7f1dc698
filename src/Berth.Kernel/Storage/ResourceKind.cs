using System.Text.Json.Serialization.Metadata;

namespace Berth.Kernel.Storage;

/// <summary>
/// How one kind of resource is stored: its table, its key, the few columns it is looked up by,
/// and its JSON contract. The whole resource is kept as a JSON document beside those columns.
/// </summary>
public sealed record ResourceKind<T>(
    string Table,
    Func<T, string> Id,
    Func<T, string?> Scope,
    Func<T, string?> Name,
    Func<T, string?> Status,
    Func<T, long> Sort,
    JsonTypeInfo<T> Json);

/// <summary>A stored resource and the version its next update must name.</summary>
public sealed record Stored<T>(T Value, long Version);

/// <summary>Equality filters over the indexed columns; results ordered by (name, sort, id).</summary>
public sealed record StoreQuery
{
    public string? Scope { get; init; }
    public string? Name { get; init; }
    public string? NamePrefix { get; init; }
    public IReadOnlyCollection<string>? Statuses { get; init; }
    public IReadOnlyCollection<string>? Ids { get; init; }
    public bool Descending { get; init; }
    public int Offset { get; init; }
    public int? Limit { get; init; }
}
