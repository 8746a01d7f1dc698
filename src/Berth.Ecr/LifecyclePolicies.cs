using System.Collections.Concurrent;
using Berth.Kernel;
using Berth.Kernel.Storage;

namespace Berth.Ecr;

/// <summary>A lifecycle policy preview: what the policy would expire, evaluated when the preview was started.</summary>
public sealed record LifecyclePreview(string RepositoryName, string LifecyclePolicyText, string Status, IReadOnlyList<LifecycleExpiry> Results, DateTimeOffset EvaluatedAt);

/// <summary>What one lifecycle pass did to one repository.</summary>
public sealed record LifecycleRunResult(string RepositoryName, int Expired, bool Conflicted, string? Error = null);

/// <summary>
/// The lifecycle policies of ECR repositories: kept on the repository record, previewed on demand, and applied by
/// <see cref="RunAsync"/> (the server runs it periodically), which deletes the image records the policy expires —
/// the registry's garbage collector then reclaims their blobs.
/// </summary>
public sealed class LifecyclePolicies(IStateStore store, RepositoryService repos, TimeProvider clock)
{
    /// <summary>When a policy last ran per repository, process-wide (the periodic pass and the API live apart).</summary>
    static readonly ConcurrentDictionary<string, DateTimeOffset> LastRuns = new(StringComparer.Ordinal);

    readonly ConcurrentDictionary<string, LifecyclePreview> _previews = new(StringComparer.Ordinal);

    public string RegistryId => repos.RegistryId;

    /// <summary>Validates and stores the policy text (as given) on the repository.</summary>
    public async Task<Repository> PutAsync(string? name, string? text, CancellationToken ct)
    {
        LifecyclePolicy.Parse(text);
        return await repos.UpdateAsync(name, r => r with { LifecyclePolicyText = text, LifecyclePolicyUpdatedAt = clock.GetUtcNow() }, ct);
    }

    public async Task<(string Text, DateTimeOffset? LastEvaluatedAt)> GetAsync(string? name, CancellationToken ct)
    {
        var repo = (await repos.RequireAsync(name, ct)).Value;
        return (repo.LifecyclePolicyText ?? throw PolicyNotFound(name!), LastEvaluatedAt(name!));
    }

    /// <summary>Removes the policy; returns what it was.</summary>
    public async Task<(string Text, DateTimeOffset? LastEvaluatedAt)> DeleteAsync(string? name, CancellationToken ct)
    {
        string? text = null;
        await repos.UpdateAsync(name, r =>
        {
            text = r.LifecyclePolicyText ?? throw PolicyNotFound(name!);
            return r with { LifecyclePolicyText = null, LifecyclePolicyUpdatedAt = clock.GetUtcNow() };
        }, ct);
        return (text!, LastEvaluatedAt(name!));
    }

    /// <summary>Evaluates the given policy text, or the repository's own policy, against its images now.</summary>
    public async Task<LifecyclePreview> StartPreviewAsync(string? name, string? text, CancellationToken ct)
    {
        var repo = (await repos.RequireAsync(name, ct)).Value;
        text ??= repo.LifecyclePolicyText ?? throw PolicyNotFound(name!);
        var policy = LifecyclePolicy.Parse(text);
        var images = await store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = name }, ct);
        var now = clock.GetUtcNow();
        var preview = new LifecyclePreview(name!, text, "COMPLETE", LifecycleEvaluator.Evaluate(policy, images.Select(i => i.Value), now), now);
        _previews[name!] = preview;
        return preview;
    }

    public async Task<LifecyclePreview> GetPreviewAsync(string? name, CancellationToken ct)
    {
        await repos.RequireAsync(name, ct);
        return _previews.TryGetValue(name!, out var preview)
            ? preview
            : throw new AwsException("LifecyclePolicyPreviewNotFoundException",
                $"There is no dry run for the repository with name '{name}' in the registry with id '{RegistryId}'. Start one with StartLifecyclePolicyPreview.");
    }

    /// <summary>
    /// One pass over every repository with a policy: deletes the images it expires, all or none per repository,
    /// guarded by the versions read (a push or a policy change meanwhile makes the repository wait for the next pass).
    /// </summary>
    public async Task<IReadOnlyList<LifecycleRunResult>> RunAsync(CancellationToken ct)
    {
        var results = new List<LifecycleRunResult>();
        foreach (var repo in await store.ListAsync(EcrKinds.Repositories, new StoreQuery(), ct))
        {
            ct.ThrowIfCancellationRequested();
            if (repo.Value.LifecyclePolicyText is not { } text)
                continue;
            LifecyclePolicy policy;
            try
            {
                policy = LifecyclePolicy.Parse(text);
            }
            catch (AwsException e)
            {
                // Stored text passed validation when put; a stricter validator since then leaves it unapplied.
                results.Add(new LifecycleRunResult(repo.Value.RepositoryName!, 0, Conflicted: false, e.Message));
                continue;
            }
            results.Add(await ApplyAsync(repo, policy, ct));
        }
        return results;
    }

    async Task<LifecycleRunResult> ApplyAsync(Stored<Repository> repo, LifecyclePolicy policy, CancellationToken ct)
    {
        var name = repo.Value.RepositoryName!;
        var images = await store.ListAsync(EcrKinds.Images, new StoreQuery { Scope = name }, ct);
        var now = clock.GetUtcNow();
        var expired = LifecycleEvaluator.Evaluate(policy, images.Select(i => i.Value), now);
        if (expired.Count > 0)
        {
            var versions = images.ToDictionary(i => i.Value.Digest, i => i.Version, StringComparer.Ordinal);
            var writes = expired.Select(e => StoreWrite.Delete(EcrKinds.Images, EcrKinds.Images.Id(e.Image), versions[e.Image.Digest])).ToList();
            // Rewriting the repository unchanged guards against a tag move (pushes bump it) or a policy change since the read.
            writes.Add(StoreWrite.Update(EcrKinds.Repositories, repo.Value, repo.Version));
            try
            {
                await store.CommitAsync(writes, ct);
            }
            catch (ConcurrencyConflictException)
            {
                return new LifecycleRunResult(name, 0, Conflicted: true);
            }
        }
        LastRuns[name] = now;
        return new LifecycleRunResult(name, expired.Count, Conflicted: false);
    }

    static DateTimeOffset? LastEvaluatedAt(string name) => LastRuns.TryGetValue(name, out var at) ? at : null;

    AwsException PolicyNotFound(string name) =>
        new("LifecyclePolicyNotFoundException", $"Lifecycle policy does not exist for the repository with name '{name}' in the registry with id '{RegistryId}'");
}
