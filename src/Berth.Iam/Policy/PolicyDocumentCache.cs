using System.Collections.Concurrent;

namespace Berth.Iam.Policy;

/// <summary>
/// Compiled documents, so a policy stored as text is parsed once rather than on every request. Bounded: past
/// <see cref="Capacity"/> entries it starts afresh (documents are few; a flood of distinct ones is not worth an LRU).
/// </summary>
public sealed class PolicyDocumentCache
{
    readonly ConcurrentDictionary<(PolicyKind, string), PolicyDocument> _byText = new();
    readonly ConcurrentDictionary<(PolicyKind, string), PolicyDocument> _byId = new();

    public PolicyDocumentCache(int capacity = 4096) => Capacity = capacity;

    public int Capacity { get; }

    public int Count => _byText.Count + _byId.Count;

    /// <summary>
    /// The compiled document for this text; throws as <see cref="PolicyDocument.Parse(string?, PolicyKind)"/> does
    /// (refusals are not cached). Hashing the whole text costs about as much as evaluating a policy: prefer the
    /// overload with an id on every request.
    /// </summary>
    public PolicyDocument Get(string text, PolicyKind kind = PolicyKind.Identity)
    {
        if (_byText.TryGetValue((kind, text), out var cached))
            return cached;
        var parsed = PolicyDocument.Parse(text, kind);
        if (_byText.Count >= Capacity)
            _byText.Clear();
        return _byText.GetOrAdd((kind, text), parsed);
    }

    /// <summary>
    /// The compiled document stored under a short id (a managed policy's ARN and version, a user's ARN and inline
    /// policy name): the id is hashed, the text only compared — so a document replaced under the same id is
    /// re-parsed, never served stale.
    /// </summary>
    public PolicyDocument Get(string id, string text, PolicyKind kind)
    {
        if (_byId.TryGetValue((kind, id), out var cached) && (ReferenceEquals(cached.Text, text) || cached.Text == text))
            return cached;
        var parsed = PolicyDocument.Parse(text, kind);
        if (_byId.Count >= Capacity)
            _byId.Clear();
        _byId[(kind, id)] = parsed;
        return parsed;
    }
}
