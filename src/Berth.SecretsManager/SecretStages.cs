namespace Berth.SecretsManager;

/// <summary>
/// How staging labels move between a secret's versions (pure). A label is on one version at most; moving AWSCURRENT
/// puts AWSPREVIOUS on the version it left; a version left with no label is deprecated and drops out of the map.
/// </summary>
static class SecretStages
{
    /// <summary>AWS's quota: staging labels attached across all versions of a secret.</summary>
    public const int MaxLabels = 20;

    /// <summary>The map after <paramref name="labels"/> are attached to <paramref name="versionId"/> (taken from wherever they were).</summary>
    public static Dictionary<string, List<string>> Attach(IReadOnlyDictionary<string, List<string>> stages, string versionId, IEnumerable<string> labels)
    {
        var next = stages.ToDictionary(s => s.Key, s => s.Value.ToList(), StringComparer.Ordinal);
        foreach (var label in labels.Distinct(StringComparer.Ordinal))
        {
            var holder = next.FirstOrDefault(s => s.Value.Contains(label, StringComparer.Ordinal)).Key;
            if (holder == versionId)
                continue;
            if (holder is not null)
                next[holder].Remove(label);
            Add(next, versionId, label);
            if (label == Secret.Current && holder is not null)
            {
                foreach (var list in next.Values)
                    list.Remove(Secret.Previous);
                Add(next, holder, Secret.Previous);
            }
        }
        return Prune(next);
    }

    /// <summary>The map after <paramref name="label"/> is taken off <paramref name="versionId"/>.</summary>
    public static Dictionary<string, List<string>> Detach(IReadOnlyDictionary<string, List<string>> stages, string versionId, string label)
    {
        var next = stages.ToDictionary(s => s.Key, s => s.Value.ToList(), StringComparer.Ordinal);
        if (next.TryGetValue(versionId, out var list))
            list.Remove(label);
        return Prune(next);
    }

    /// <summary>Refuses a map with more labels than AWS allows on one secret.</summary>
    public static void RequireWithinQuota(IReadOnlyDictionary<string, List<string>> stages)
    {
        var count = stages.Values.Sum(l => l.Count);
        if (count > MaxLabels)
            throw SecretsManagerErrors.LimitExceeded($"A secret can have at most {MaxLabels} staging labels across its versions; this change would leave {count}. Remove labels with UpdateSecretVersionStage first.");
    }

    /// <summary>Checks labels a request names (VersionStages, VersionStage): 1–256 characters each.</summary>
    public static void Validate(IReadOnlyCollection<string?> labels, string member)
    {
        if (labels.Count is < 1 or > MaxLabels)
            throw SecretsManagerErrors.Validation($"Value at '{member}' failed to satisfy constraint: Member must have length between 1 and {MaxLabels}");
        foreach (var label in labels)
            SecretsManagerErrors.Required(label, member, 1, 256);
    }

    static void Add(Dictionary<string, List<string>> stages, string versionId, string label)
    {
        if (!stages.TryGetValue(versionId, out var list))
            stages[versionId] = list = [];
        if (!list.Contains(label, StringComparer.Ordinal))
            list.Add(label);
    }

    static Dictionary<string, List<string>> Prune(Dictionary<string, List<string>> stages)
    {
        foreach (var empty in stages.Where(s => s.Value.Count == 0).Select(s => s.Key).ToList())
            stages.Remove(empty);
        return stages;
    }
}
