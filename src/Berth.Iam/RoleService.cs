using Berth.Iam.Policy;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>What CreateRole takes.</summary>
public sealed record CreateRoleRequest
{
    public string? Path { get; init; }
    public string? RoleName { get; init; }
    public string? AssumeRolePolicyDocument { get; init; }
    public string? Description { get; init; }
    public int? MaxSessionDuration { get; init; }
    public string? PermissionsBoundary { get; init; }
    public List<TagInput>? Tags { get; init; }
}

/// <summary>IAM roles: their trust policies, descriptions, session lengths and tags; deleted only when nothing hangs off them.</summary>
public sealed class RoleService(IStateStore store, IamArns arns, TimeProvider clock)
{

    public Task<IamRole> CreateAsync(CreateRoleRequest request, CancellationToken ct)
    {
        var name = IamValidation.Name(request.RoleName, "roleName", IamValidation.RoleNameMax);
        var path = IamValidation.Path(request.Path);
        var trust = TrustPolicy(request.AssumeRolePolicyDocument);
        var description = IamValidation.RoleDescription(request.Description);
        var duration = IamValidation.MaxSessionDuration(request.MaxSessionDuration) ?? 3600;
        UserService.RefuseBoundary(request.PermissionsBoundary);
        var tags = IamTags.Validate(request.Tags);
        return IamLookup.RetryAsync(async () =>
        {
            if (await store.GetAsync(IamKinds.Roles, IamKinds.Key(name), ct) is not null)
                throw IamErrors.AlreadyExists($"Role with name {name} already exists.");
            var role = new IamRole
            {
                RoleId = IamIds.NewRoleId(),
                RoleName = name,
                Path = path,
                Arn = arns.Role(path, name),
                CreateDate = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds()),
                AssumeRolePolicyDocument = trust,
                Description = description,
                MaxSessionDuration = duration,
                Tags = tags,
            };
            await store.CommitAsync(StoreWrite.Insert(IamKinds.Roles, role), ct);
            return role;
        });
    }

    public async Task<IamRole> GetAsync(string? roleName, CancellationToken ct) => (await IamLookup.RoleAsync(store, roleName, ct)).Value;

    public async Task<IamPage<IamRole>> ListAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken ct)
    {
        var prefix = IamValidation.PathPrefix(pathPrefix);
        var roles = await store.ListAsync(IamKinds.Roles, new StoreQuery(), ct);
        return IamPaging.Page(roles.Select(r => r.Value).Where(r => r.Path.StartsWith(prefix, StringComparison.Ordinal)),
            r => IamKinds.Key(r.RoleName), marker, maxItems);
    }

    /// <summary>UpdateRole: the description and/or the maximum session duration (a service-linked role's description only).</summary>
    public Task UpdateAsync(string? roleName, string? description, int? maxSessionDuration, CancellationToken ct)
    {
        var newDescription = IamValidation.RoleDescription(description);
        var duration = IamValidation.MaxSessionDuration(maxSessionDuration);
        return ChangeAsync(roleName, r =>
        {
            if (duration is not null && r.LinkedService is not null)
                throw IamErrors.Unmodifiable(r.RoleName);
            return r with { Description = newDescription ?? r.Description, MaxSessionDuration = duration ?? r.MaxSessionDuration };
        }, ct);
    }

    public Task<IamRole> UpdateDescriptionAsync(string? roleName, string? description, CancellationToken ct)
    {
        var newDescription = IamValidation.RoleDescription(IamValidation.Required(description, "description"));
        return ChangeAsync(roleName, r => r with { Description = newDescription }, ct);
    }

    public Task UpdateAssumeRolePolicyAsync(string? roleName, string? policyDocument, CancellationToken ct)
    {
        var trust = TrustPolicy(policyDocument, "policyDocument");
        return ChangeAsync(roleName, r => r.LinkedService is null ? r with { AssumeRolePolicyDocument = trust } : throw IamErrors.Unmodifiable(r.RoleName), ct);
    }

    /// <summary>DeleteRole: refused for service-linked roles and while the role has inline or attached policies.</summary>
    public Task DeleteAsync(string? roleName, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (role, version) = await IamLookup.ModifiableRoleAsync(store, roleName, ct);
        if (role.InlinePolicies.Count > 0)
            throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
        if (await store.CountAsync(IamKinds.Attachments, new StoreQuery { Name = role.RoleId }, ct) > 0)
            throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
        // Attaching writes the role too, so this version also vouches that nothing was attached since the count.
        await store.CommitAsync(StoreWrite.Delete(IamKinds.Roles, IamKinds.Key(role.RoleName), version), ct);
    });

    public Task TagAsync(string? roleName, List<TagInput>? tags, CancellationToken ct)
    {
        var add = IamTags.Validate(tags ?? throw IamValidation.Constraint("null", "tags", "Member must not be null", quote: false));
        return ChangeAsync(roleName, r => r with { Tags = IamTags.Merge(r.Tags, add) }, ct);
    }

    public Task UntagAsync(string? roleName, List<string>? tagKeys, CancellationToken ct)
    {
        var keys = IamTags.ValidateKeys(tagKeys);
        return ChangeAsync(roleName, r => r with { Tags = IamTags.Remove(r.Tags, keys) }, ct);
    }

    public async Task<IamPage<IamTag>> ListTagsAsync(string? roleName, string? marker, int? maxItems, CancellationToken ct) =>
        UserService.TagPage((await IamLookup.RoleAsync(store, roleName, ct)).Value.Tags, marker, maxItems);

    /// <summary>ListInstanceProfilesForRole: Berth has no instance profiles (no EC2), so the list is always empty.</summary>
    public async Task<IamPage<string>> InstanceProfilesAsync(string? roleName, string? marker, int? maxItems, CancellationToken ct)
    {
        await IamLookup.RoleAsync(store, roleName, ct);
        return IamPaging.Page(Array.Empty<string>(), s => s, marker, maxItems);
    }

    /// <summary>A trust policy as IAM takes it: a policy document within the ACLSizePerRole quota.</summary>
    internal static string TrustPolicy(string? document, string member = "assumeRolePolicyDocument")
    {
        var text = IamValidation.Document(document, member);
        PolicyDocument.Parse(text, PolicyKind.Trust);
        return text;
    }

    Task<IamRole> ChangeAsync(string? roleName, Func<IamRole, IamRole> change, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (role, version) = await IamLookup.RoleAsync(store, roleName, ct);
        var changed = change(role);
        await store.CommitAsync(StoreWrite.Update(IamKinds.Roles, changed, version), ct);
        return changed;
    });
}

