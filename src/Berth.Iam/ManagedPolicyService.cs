using Berth.Iam.Managed;
using Berth.Iam.Policy;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>A managed policy as GetPolicy and ListPolicies describe it (AWS's or the account's).</summary>
public sealed record PolicyInfo(
    string PolicyName, string PolicyId, string Arn, string Path, string DefaultVersionId, int AttachmentCount, string? Description,
    DateTimeOffset CreateDate, DateTimeOffset UpdateDate, List<IamTag> Tags);

/// <summary>One version of a managed policy.</summary>
public sealed record PolicyVersionInfo(string Document, string VersionId, bool IsDefaultVersion, DateTimeOffset CreateDate);

/// <summary>
/// Managed policies: the account's own (created, versioned — at most five versions, ids never reused — and deleted once
/// detached and down to their default version) and AWS's, which are listed, read and attached but never changed.
/// </summary>
public sealed class ManagedPolicyService(IStateStore store, IamArns arns, TimeProvider clock)
{
    public const int MaxVersions = 5;

    public Task<PolicyInfo> CreateAsync(string? policyName, string? path, string? document, string? description, List<TagInput>? tags, CancellationToken ct)
    {
        var name = IamValidation.Name(policyName, "policyName", IamValidation.PolicyNameMax);
        var policyPath = IamValidation.PolicyPath(path);
        var text = Document(document);
        var about = IamValidation.PolicyDescription(description);
        var tagList = IamTags.Validate(tags);
        return IamLookup.RetryAsync(async () =>
        {
            if (await store.GetAsync(IamKinds.Policies, IamKinds.Key(name), ct) is not null)
                throw IamErrors.AlreadyExists($"A policy called {name} already exists. Duplicate names are not allowed.");
            var now = Now();
            var policy = new ManagedPolicy
            {
                PolicyId = IamIds.NewPolicyId(),
                PolicyName = name,
                Path = policyPath,
                Arn = arns.Policy(policyPath, name),
                Description = about,
                CreateDate = now,
                UpdateDate = now,
                DefaultVersionId = "v1",
                Versions = [new StoredPolicyVersion("v1", text, now)],
                Tags = tagList,
            };
            await store.CommitAsync(StoreWrite.Insert(IamKinds.Policies, policy), ct);
            return Info(policy, 0);
        });
    }

    public async Task<PolicyInfo> GetAsync(string? policyArn, CancellationToken ct)
    {
        var found = await PolicyResolver.FindAsync(store, arns, policyArn, ct);
        var count = await store.CountAsync(IamKinds.Attachments, new StoreQuery { Scope = found.Arn }, ct);
        return found.Aws is { } aws ? Info(aws, count) : Info(found.Local!.Value, count);
    }

    public async Task<PolicyVersionInfo> GetVersionAsync(string? policyArn, string? versionId, CancellationToken ct)
    {
        var id = IamValidation.VersionId(versionId);
        var found = await PolicyResolver.FindAsync(store, arns, policyArn, ct);
        return Versions(found).FirstOrDefault(v => v.VersionId == id) ?? throw VersionNotFound(found.Arn, id);
    }

    /// <summary>ListPolicies: by scope (All, AWS, Local), attachment, path prefix and usage, in name order.</summary>
    public async Task<IamPage<PolicyInfo>> ListAsync(string? scope, bool? onlyAttached, string? pathPrefix, string? usageFilter, string? marker, int? maxItems, CancellationToken ct)
    {
        var which = IamValidation.Enum(scope, "scope", "All", "AWS", "Local") ?? "All";
        var prefix = IamValidation.PolicyPath(pathPrefix, "pathPrefix");
        var usage = IamValidation.Enum(usageFilter, "policyUsageFilter", "PermissionsPolicy", "PermissionsBoundary");
        var counts = (await store.ListAsync(IamKinds.Attachments, new StoreQuery(), ct))
            .GroupBy(a => a.Value.PolicyArn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var policies = new List<PolicyInfo>();
        if (which != "Local")
            policies.AddRange(AwsManagedPolicies.All.Select(p => Info(p, counts.GetValueOrDefault(p.Arn))));
        if (which != "AWS")
            policies.AddRange((await store.ListAsync(IamKinds.Policies, new StoreQuery(), ct)).Select(p => Info(p.Value, counts.GetValueOrDefault(p.Value.Arn))));
        // Berth sets no permissions boundaries, so no policy is in use as one.
        var listed = policies.Where(p => p.Path.StartsWith(prefix, StringComparison.Ordinal) && (onlyAttached != true || p.AttachmentCount > 0)
            && usage != "PermissionsBoundary");
        return IamPaging.Page(listed, p => $"{IamKinds.Key(p.PolicyName)}|{p.PolicyId}", marker, maxItems);
    }

    /// <summary>DeletePolicy: refused while it is attached, or has versions besides its default.</summary>
    public Task DeleteAsync(string? policyArn, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (policy, version) = await LocalAsync(policyArn, "DeletePolicy", ct);
        if (await store.CountAsync(IamKinds.Attachments, new StoreQuery { Scope = policy.Arn }, ct) > 0)
            throw IamErrors.DeleteConflict("Cannot delete a policy attached to entities.");
        if (policy.Versions.Count > 1)
            throw IamErrors.DeleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
        // Attaching writes the policy too, so this version vouches that nothing was attached since the count.
        await store.CommitAsync(StoreWrite.Delete(IamKinds.Policies, IamKinds.Key(policy.PolicyName), version), ct);
    });

    public Task<PolicyVersionInfo> CreateVersionAsync(string? policyArn, string? document, bool? setAsDefault, CancellationToken ct)
    {
        var text = Document(document);
        return IamLookup.RetryAsync(async () =>
        {
            var (policy, version) = await LocalAsync(policyArn, "CreatePolicyVersion", ct);
            if (policy.Versions.Count >= MaxVersions)
                throw IamErrors.LimitExceeded($"A managed policy can have up to {MaxVersions} versions. Before you create a new version, you must delete an existing version.");
            var now = Now();
            var created = new StoredPolicyVersion($"v{policy.NextVersion}", text, now);
            var changed = policy with
            {
                Versions = [.. policy.Versions, created],
                NextVersion = policy.NextVersion + 1,
                DefaultVersionId = setAsDefault == true ? created.VersionId : policy.DefaultVersionId,
                UpdateDate = setAsDefault == true ? now : policy.UpdateDate,
            };
            await store.CommitAsync(StoreWrite.Update(IamKinds.Policies, changed, version), ct);
            return new PolicyVersionInfo(text, created.VersionId, setAsDefault == true, now);
        });
    }

    /// <summary>ListPolicyVersions: newest first, documents left out (as IAM lists them).</summary>
    public async Task<IamPage<PolicyVersionInfo>> ListVersionsAsync(string? policyArn, string? marker, int? maxItems, CancellationToken ct)
    {
        var found = await PolicyResolver.FindAsync(store, arns, policyArn, ct);
        return IamPaging.Page(Versions(found).Select(v => v with { Document = "" }), v => $"{int.MaxValue - Number(v.VersionId):D10}", marker, maxItems);
    }

    public Task DeleteVersionAsync(string? policyArn, string? versionId, CancellationToken ct)
    {
        var id = IamValidation.VersionId(versionId);
        return ChangeAsync(policyArn, "DeletePolicyVersion", p =>
        {
            if (p.Versions.All(v => v.VersionId != id))
                throw VersionNotFound(p.Arn, id);
            return p.DefaultVersionId == id
                ? throw IamErrors.DeleteConflict("Cannot delete the default version of a policy.")
                : p with { Versions = [.. p.Versions.Where(v => v.VersionId != id)] };
        }, ct);
    }

    public Task SetDefaultVersionAsync(string? policyArn, string? versionId, CancellationToken ct)
    {
        var id = IamValidation.VersionId(versionId);
        return ChangeAsync(policyArn, "SetDefaultPolicyVersion", p => p.Versions.Any(v => v.VersionId == id)
            ? p with { DefaultVersionId = id, UpdateDate = Now() }
            : throw VersionNotFound(p.Arn, id), ct);
    }

    public Task TagAsync(string? policyArn, List<TagInput>? tags, CancellationToken ct)
    {
        var add = IamTags.Validate(tags ?? throw IamValidation.Constraint("null", "tags", "Member must not be null", quote: false));
        return ChangeAsync(policyArn, "TagPolicy", p => p with { Tags = IamTags.Merge(p.Tags, add) }, ct);
    }

    public Task UntagAsync(string? policyArn, List<string>? tagKeys, CancellationToken ct)
    {
        var keys = IamTags.ValidateKeys(tagKeys);
        return ChangeAsync(policyArn, "UntagPolicy", p => p with { Tags = IamTags.Remove(p.Tags, keys) }, ct);
    }

    public async Task<IamPage<IamTag>> ListTagsAsync(string? policyArn, string? marker, int? maxItems, CancellationToken ct)
    {
        var found = await PolicyResolver.FindAsync(store, arns, policyArn, ct);
        return UserService.TagPage(found.Local?.Value.Tags ?? [], marker, maxItems);
    }

    /// <summary>The account's policy an ARN names; AWS's are refused, as they are not the caller's to change.</summary>
    async Task<Stored<ManagedPolicy>> LocalAsync(string? policyArn, string action, CancellationToken ct)
    {
        var found = await PolicyResolver.FindAsync(store, arns, policyArn, ct);
        return found.Local ?? throw IamErrors.AwsManaged(action, found.Arn);
    }

    Task ChangeAsync(string? policyArn, string action, Func<ManagedPolicy, ManagedPolicy> change, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (policy, version) = await LocalAsync(policyArn, action, ct);
        await store.CommitAsync(StoreWrite.Update(IamKinds.Policies, change(policy), version), ct);
    });

    static IEnumerable<PolicyVersionInfo> Versions(PolicyRef found) => found.Aws is { } aws
        ? [new PolicyVersionInfo(aws.Document, aws.DefaultVersionId, true, aws.UpdateDate)]
        : found.Local!.Value.Versions.Select(v => new PolicyVersionInfo(v.Document, v.VersionId, v.VersionId == found.Local.Value.DefaultVersionId, v.CreateDate));

    static string Document(string? document)
    {
        var text = IamValidation.Document(document, "policyDocument");
        PolicyDocument.Parse(text, PolicyKind.Managed);
        return text;
    }

    static int Number(string versionId) => int.TryParse(versionId.AsSpan(1), out var n) ? n : 0;

    static Kernel.AwsException VersionNotFound(string arn, string id) => IamErrors.NoSuchEntity($"Policy {arn} version {id} does not exist or is not attachable.");

    internal static PolicyInfo Info(ManagedPolicy p, int attachments) =>
        new(p.PolicyName, p.PolicyId, p.Arn, p.Path, p.DefaultVersionId, attachments, p.Description, p.CreateDate, p.UpdateDate, p.Tags);

    internal static PolicyInfo Info(AwsManagedPolicy p, int attachments) =>
        new(p.PolicyName, p.PolicyId, p.Arn, p.Path, p.DefaultVersionId, attachments, p.Description, p.CreateDate, p.UpdateDate, []);

    DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
}
