using System.Text.Json;

namespace Berth.Kernel.Storage;

/// <summary>
/// One change in an atomic commit. An insert fails if the id exists; an update or delete fails unless the
/// stored version is still <see cref="ExpectedVersion"/> — two writers never silently overwrite each other.
/// </summary>
public sealed record StoreWrite(
    string Table,
    string Id,
    string? Scope,
    string? Name,
    string? Status,
    long Sort,
    string? Document,
    long? ExpectedVersion,
    bool IsDelete)
{
    public static StoreWrite Insert<T>(ResourceKind<T> kind, T value) =>
        Row(kind, value, null);

    public static StoreWrite Update<T>(ResourceKind<T> kind, T value, long expectedVersion) =>
        Row(kind, value, expectedVersion);

    public static StoreWrite Delete<T>(ResourceKind<T> kind, string id, long expectedVersion) =>
        new(kind.Table, id, null, null, null, 0, null, expectedVersion, true);

    static StoreWrite Row<T>(ResourceKind<T> kind, T value, long? expected) =>
        new(kind.Table, kind.Id(value), kind.Scope(value), kind.Name(value), kind.Status(value), kind.Sort(value),
            JsonSerializer.Serialize(value, kind.Json), expected, false);
}

/// <summary>A commit lost a race: a row it meant to insert exists, or one it meant to change has moved on.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
