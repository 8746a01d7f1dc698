using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Ssm.Api;
using static Berth.Ssm.SsmErrors;
using static Berth.Ssm.SsmKinds;

namespace Berth.Ssm;

/// <summary>
/// Reading parameters: by name, ARN or selector, many at once, by path, their history and their metadata. A SecureString
/// is decrypted only WithDecryption; otherwise its value is its ciphertext (base64), as AWS returns its encrypted blob.
/// </summary>
sealed class ParameterReader(IStateStore store, Arns arns, ParameterCipher cipher, TagService tags)
{
    public async Task<GetParameterResponse> GetAsync(string? name, bool decrypt, CancellationToken ct)
    {
        Required(name, "name", 1, 2048);
        var (reference, version) = await FindAsync(name!, ct);
        return new GetParameterResponse(View(version, decrypt, reference.Selector));
    }

    public async Task<GetParametersResponse> GetManyAsync(List<string>? names, bool decrypt, CancellationToken ct)
    {
        Count(names, "names", 1, 10);
        var found = new List<SsmParameter>();
        var invalid = new List<string>();
        foreach (var name in names!.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var (reference, version) = await FindAsync(name ?? "", ct);
                found.Add(View(version, decrypt, reference.Selector));
            }
            catch (AwsException e) when (e.Code is "ParameterNotFound" or "ParameterVersionNotFound")
            {
                invalid.Add(name ?? "");
            }
        }
        return new GetParametersResponse(found, invalid);
    }

    /// <summary>The version a name, ARN or selector names; ParameterNotFound or ParameterVersionNotFound when there is none.</summary>
    public async Task<(ParameterReference Reference, ParameterVersion Version)> FindAsync(string name, CancellationToken ct)
    {
        var reference = ParameterNames.Parse(arns, name) ?? throw NotFound(name);
        var head = (await store.GetAsync(Parameters, reference.Key, ct))?.Value ?? throw NotFound(name);
        long? wanted = reference.Version;
        if (reference.Label is { } label)
            wanted = head.Labels.TryGetValue(label, out var labelled) ? labelled : throw NotFound(name);
        return (reference, await VersionAsync(head, wanted, ct) ?? throw VersionNotFound(reference.Name, wanted!.Value));
    }

    public async Task<GetParametersByPathResponse> ByPathAsync(SsmRequest r, CancellationToken ct)
    {
        var prefix = ParameterNames.PathPrefix(r.Path);
        var recursive = r.Recursive == true;
        ParameterFilters.Validate(r.ParameterFilters, byPath: true);
        var limit = Limit(r.MaxResults, "maxResults", 10, 10);
        var labels = r.ParameterFilters?.FirstOrDefault(f => f.Key == "Label")?.Values;
        var heads = await store.ListAsync(Parameters, new StoreQuery { NamePrefix = prefix == "/" ? null : prefix }, ct);
        var matching = new List<ParameterVersion>();
        foreach (var head in heads.Select(h => h.Value).Where(h => ParameterNames.Under(h.Key, prefix, recursive)).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            // A Label filter picks the version carrying one of the labels.
            var version = labels is null ? head.Current
                : labels.Select(l => head.Labels.TryGetValue(l, out var v) ? v : (long?)null).FirstOrDefault(v => v is not null) is { } labelled
                    ? await VersionAsync(head, labelled, ct) : null;
            if (version is not null && ParameterFilters.Matches(version, [], r.ParameterFilters))
                matching.Add(version);
        }
        var (page, next) = Page(matching, limit, r.NextToken, $"path|{prefix}|{recursive}");
        return new GetParametersByPathResponse([.. page.Select(v => View(v, r.WithDecryption == true, null))], next);
    }

    public async Task<GetParameterHistoryResponse> HistoryAsync(SsmRequest r, CancellationToken ct)
    {
        var name = Required(r.Name, "name", 1, 2048);
        var limit = Limit(r.MaxResults, "maxResults", 50, 50);
        var reference = ParameterNames.Parse(arns, name);
        var head = reference is null || reference.Selector is not null ? null : (await store.GetAsync(Parameters, reference.Key, ct))?.Value;
        if (head is null)
            throw NotFound(name);
        var versions = (await store.ListAsync(Versions, new StoreQuery { Scope = head.Key }, ct)).Select(v => v.Value).ToList();
        var (page, next) = Page(versions, limit, r.NextToken, $"history|{head.Key}");
        return new GetParameterHistoryResponse([.. page.Select(v => new ParameterHistoryEntry
        {
            Name = v.Name,
            Type = v.Type,
            KeyId = v.KeyId,
            LastModifiedDate = v.LastModifiedDate,
            Description = v.Description,
            Value = Value(v, r.WithDecryption == true),
            AllowedPattern = v.AllowedPattern,
            Version = v.Version,
            Labels = head.LabelsOf(v.Version),
            Tier = v.Tier,
            DataType = v.DataType,
        })], next);
    }

    public async Task<DescribeParametersResponse> DescribeAsync(SsmRequest r, CancellationToken ct)
    {
        if (r.Filters is not null && r.ParameterFilters is not null)
            throw Validation("You can use either Filters or ParameterFilters in a single request.");
        ParameterFilters.ValidateLegacy(r.Filters);
        ParameterFilters.Validate(r.ParameterFilters, byPath: false);
        var limit = Limit(r.MaxResults, "maxResults", 50, 10);
        var byTag = r.ParameterFilters?.Any(f => f.Key!.StartsWith("tag:", StringComparison.Ordinal)) == true;
        var matching = new List<ParameterVersion>();
        // Shared parameters come from other accounts through AWS RAM; a Berth account has none.
        var heads = r.Shared == true ? Array.Empty<Stored<Parameter>>() : await store.ListAsync(Parameters, new StoreQuery(), ct);
        foreach (var p in heads.Select(h => h.Value.Current).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var tagList = byTag ? await tags.GetAsync(ParameterNames.Arn(arns, p.Key), ct) : [];
            if (ParameterFilters.MatchesLegacy(p, r.Filters) && ParameterFilters.Matches(p, tagList, r.ParameterFilters))
                matching.Add(p);
        }
        var (page, next) = Page(matching, limit, r.NextToken, "describe");
        return new DescribeParametersResponse([.. page.Select(p => new ParameterMetadata
        {
            Name = p.Name,
            ARN = ParameterNames.Arn(arns, p.Key),
            Type = p.Type,
            KeyId = p.KeyId,
            LastModifiedDate = p.LastModifiedDate,
            Description = p.Description,
            AllowedPattern = p.AllowedPattern,
            Version = p.Version,
            Tier = p.Tier,
            DataType = p.DataType,
        })], next);
    }

    /// <summary>The value a caller sees: SecureStrings decrypted only when asked.</summary>
    public string Value(ParameterVersion v, bool decrypt) =>
        !v.Secure ? v.Value ?? "" : decrypt ? cipher.Open(ParameterNames.Arn(arns, v.Key), v) : Convert.ToBase64String(v.Ciphertext ?? []);

    SsmParameter View(ParameterVersion v, bool decrypt, string? selector) => new()
    {
        Name = v.Name,
        Type = v.Type,
        Value = Value(v, decrypt),
        Version = v.Version,
        Selector = selector is null ? null : ":" + selector,
        LastModifiedDate = v.LastModifiedDate,
        ARN = ParameterNames.Arn(arns, v.Key),
        DataType = v.DataType,
    };

    async Task<ParameterVersion?> VersionAsync(Parameter head, long? version, CancellationToken ct) =>
        version is null || version == head.Current.Version ? head.Current : (await store.GetAsync(Versions, VersionId(head.Key, version.Value), ct))?.Value;

    static (List<T> Page, string? Next) Page<T>(List<T> all, int limit, string? token, string listing)
    {
        var offset = Paging.Decode(token, listing, InvalidNextToken);
        var page = all.Skip(offset).Take(limit).ToList();
        return (page, offset + page.Count < all.Count ? Paging.Encode(offset + page.Count, page.Count, page.Count, listing) : null);
    }
}
