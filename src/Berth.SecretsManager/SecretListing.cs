using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.SecretsManager.Api;
using static Berth.SecretsManager.SecretsManagerErrors;

namespace Berth.SecretsManager;

/// <summary>ListSecrets and BatchGetSecretValue: secrets chosen by filters, sorted and paged.</summary>
sealed class SecretListing(SecretStore secrets, SecretService service, SecretVersionService versions, TagService tags)
{
    static readonly string[] SortKeys = ["created-date", "last-accessed-date", "last-changed-date", "name"];

    public async Task<ListSecretsResponse> ListAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        Range(r.MaxResults, "maxResults", 1, 100);
        Length(r.NextToken, "nextToken", 1, 4096);
        if (r.SortOrder is not null and not ("asc" or "desc"))
            throw Validation($"Value '{r.SortOrder}' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [asc, desc]");
        if (r.SortBy is not null && !SortKeys.Contains(r.SortBy))
            throw Validation($"Value '{r.SortBy}' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", SortKeys)}]");
        SecretFilters.Validate(r.Filters);
        var matching = await MatchingAsync(r.Filters, r.IncludePlannedDeletion == true, ct);
        // Newest first unless asked otherwise (AWS lists by CreatedDate); the name breaks ties so pages are stable.
        Func<Secret, IComparable?> key = r.SortBy switch
        {
            "name" => s => s.Name,
            "last-accessed-date" => s => s.LastAccessedDate,
            "last-changed-date" => s => s.LastChangedDate,
            _ => s => s.CreatedDate,
        };
        var sorted = (r.SortOrder ?? "desc") == "asc"
            ? matching.OrderBy(s => key(s)).ThenBy(s => s.Name, StringComparer.Ordinal)
            : matching.OrderByDescending(s => key(s)).ThenBy(s => s.Name, StringComparer.Ordinal);
        var (page, next) = SecretVersionService.Page(sorted.ToList(), r.MaxResults ?? 100, r.NextToken, "secrets");
        var entries = new List<SecretDescription>();
        foreach (var secret in page)
            entries.Add(await service.DescribeAsync(secret, listEntry: true, ct));
        return new ListSecretsResponse(entries, next);
    }

    public async Task<BatchGetSecretValueResponse> BatchGetAsync(SecretsManagerRequest r, CancellationToken ct)
    {
        if (r.SecretIdList is not null && r.Filters is not null)
            throw InvalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
        if (r.SecretIdList is null && r.Filters is null)
            throw InvalidParameter("Name the secrets to read: give SecretIdList or Filters.");
        if (r.MaxResults is not null && r.Filters is null)
            throw InvalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
        Range(r.MaxResults, "maxResults", 1, 20);
        Length(r.NextToken, "nextToken", 1, 4096);
        var values = new List<GetSecretValueResponse>();
        var errors = new List<BatchError>();
        if (r.SecretIdList is { } ids)
        {
            if (ids.Count is < 1 or > 20)
                throw Validation("Value at 'secretIdList' failed to satisfy constraint: Member must have length between 1 and 20");
            foreach (var id in ids.Distinct(StringComparer.Ordinal))
                await ReadAsync(id, values, errors, ct);
            return new BatchGetSecretValueResponse(values, null, errors);
        }
        SecretFilters.Validate(r.Filters);
        var matching = (await MatchingAsync(r.Filters, includeDeleted: false, ct)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var (page, next) = SecretVersionService.Page(matching, r.MaxResults ?? 20, r.NextToken, "batch-secrets");
        foreach (var secret in page)
            await ReadAsync(secret.Arn, values, errors, ct);
        return new BatchGetSecretValueResponse(values, next, errors);
    }

    /// <summary>One secret's current value, or the error that stopped it (a batch reports errors per secret).</summary>
    async Task ReadAsync(string? secretId, List<GetSecretValueResponse> values, List<BatchError> errors, CancellationToken ct)
    {
        try
        {
            values.Add(await versions.GetValueAsync(secretId, null, null, ct));
        }
        catch (AwsException e)
        {
            errors.Add(new BatchError(secretId ?? "", e.Code, e.Message));
        }
    }

    async Task<List<Secret>> MatchingAsync(List<SecretFilter>? filters, bool includeDeleted, CancellationToken ct)
    {
        var found = new List<Secret>();
        foreach (var stored in await secrets.State.ListAsync(SecretsManagerKinds.Secrets, new StoreQuery(), ct))
        {
            var secret = stored.Value;
            if (secrets.Gone(secret) || (secret.IsDeleted && !includeDeleted))
                continue;
            var secretTags = filters is { Count: > 0 } ? await tags.GetAsync(secret.Arn, ct) : [];
            if (SecretFilters.Matches(secret, secretTags, secrets.Arns.Region, filters))
                found.Add(secret);
        }
        return found;
    }
}
