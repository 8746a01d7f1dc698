using System.Collections.Concurrent;

namespace Berth.Iam.Policy;

/// <summary>
/// Compiled documents by kind and text, so a policy stored as text is parsed once rather than on every request.
/// Bounded: past <see cref="Capacity"/> entries it starts afresh (documents are few; a flood of distinct ones is not
/// worth an LRU).
/// </summary>
public sealed class PolicyDocumentCache
{
    readonly ConcurrentDictionary<(PolicyKind, string), PolicyDocument> _documents = new();

    public PolicyDocumentCache(int capacity = 4096) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _documents.Count;

    /// <summary>The compiled document; throws as <see cref="PolicyDocument.Parse(string?, PolicyKind)"/> does (refusals are not cached).</summary>
    public PolicyDocument Get(string text, PolicyKind kind = PolicyKind.Identity)
    {
        if (_documents.TryGetValue((kind, text), out var cached))
            return cached;
        var parsed = PolicyDocument.Parse(text, kind);
        if (_documents.Count >= Capacity)
            _documents.Clear();
        return _documents.GetOrAdd((kind, text), parsed);
    }
}
