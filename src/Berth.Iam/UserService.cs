using Berth.Iam.Credentials;
using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>IAM users: create, read, list, rename or move, delete (only when nothing hangs off them), and their tags.</summary>
public sealed class UserService(IStateStore store, IamArns arns, IamCredentials credentials, TimeProvider clock)
{
    public IamArns Arns => arns;

    public Task<IamUser> CreateAsync(string? userName, string? path, string? permissionsBoundary, List<TagInput>? tags, CancellationToken ct)
    {
        var name = IamValidation.Name(userName, "userName", IamValidation.UserNameMax);
        var userPath = IamValidation.Path(path);
        RefuseBoundary(permissionsBoundary);
        var tagList = IamTags.Validate(tags);
        return IamLookup.RetryAsync(async () =>
        {
            if (await store.GetAsync(IamKinds.Users, IamKinds.Key(name), ct) is not null)
                throw IamErrors.AlreadyExists($"User with name {name} already exists.");
            var user = new IamUser
            {
                UserId = IamIds.NewUserId(),
                UserName = name,
                Path = userPath,
                Arn = arns.User(userPath, name),
                CreateDate = Now(),
                Tags = tagList,
            };
            await store.CommitAsync(StoreWrite.Insert(IamKinds.Users, user), ct);
            return user;
        });
    }

    public async Task<IamUser> GetAsync(string? userName, CancellationToken ct) =>
        (await IamLookup.UserAsync(store, userName ?? throw NoCallerUser(), ct)).Value;

    public async Task<IamPage<IamUser>> ListAsync(string? pathPrefix, string? marker, int? maxItems, CancellationToken ct)
    {
        var prefix = IamValidation.PathPrefix(pathPrefix);
        var users = await store.ListAsync(IamKinds.Users, new StoreQuery(), ct);
        return IamPaging.Page(users.Select(u => u.Value).Where(u => u.Path.StartsWith(prefix, StringComparison.Ordinal)),
            u => IamKinds.Key(u.UserName), marker, maxItems);
    }

    /// <summary>UpdateUser: a new name and/or path. The user keeps its id, keys, policies and tags; its ARN follows.</summary>
    public async Task UpdateAsync(string? userName, string? newPath, string? newUserName, CancellationToken ct)
    {
        var path = newPath is null ? null : IamValidation.Path(newPath);
        var renamed = newUserName is null ? null : IamValidation.Name(newUserName, "newUserName", IamValidation.UserNameMax);
        await IamLookup.RetryAsync(async () =>
        {
            var (user, version) = await IamLookup.UserAsync(store, userName, ct);
            var name = renamed ?? user.UserName;
            var changed = user with { UserName = name, Path = path ?? user.Path, Arn = arns.User(path ?? user.Path, name) };
            if (IamKinds.Key(name) == IamKinds.Key(user.UserName))
            {
                await store.CommitAsync(StoreWrite.Update(IamKinds.Users, changed, version), ct);
                return;
            }
            if (await store.GetAsync(IamKinds.Users, IamKinds.Key(name), ct) is not null)
                throw IamErrors.AlreadyExists($"User with name {name} already exists.");
            await store.CommitAsync([StoreWrite.Delete(IamKinds.Users, IamKinds.Key(user.UserName), version), StoreWrite.Insert(IamKinds.Users, changed)], ct);
        });
        await credentials.RefreshAsync(ct); // the user's keys now sign as the new name and ARN
    }

    /// <summary>DeleteUser: refused while the user has access keys, inline policies or attached policies, as IAM refuses it.</summary>
    public Task DeleteAsync(string? userName, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (user, version) = await IamLookup.UserAsync(store, userName, ct);
        if (await store.CountAsync(IamKinds.AccessKeys, new StoreQuery { Scope = user.UserId }, ct) > 0)
            throw IamErrors.DeleteConflict("Cannot delete entity, must delete access keys first.");
        if (user.InlinePolicies.Count > 0)
            throw IamErrors.DeleteConflict("Cannot delete entity, must delete policies first.");
        if (await store.CountAsync(IamKinds.Attachments, new StoreQuery { Name = user.UserId }, ct) > 0)
            throw IamErrors.DeleteConflict("Cannot delete entity, must detach all policies first.");
        // Keys and attachments are added together with a write of the user, so the version named here also vouches that
        // none came since they were counted.
        await store.CommitAsync(StoreWrite.Delete(IamKinds.Users, IamKinds.Key(user.UserName), version), ct);
    });

    public Task TagAsync(string? userName, List<TagInput>? tags, CancellationToken ct)
    {
        var add = IamTags.Validate(tags ?? throw IamValidation.Constraint("null", "tags", "Member must not be null", quote: false));
        return ChangeAsync(userName, u => u with { Tags = IamTags.Merge(u.Tags, add) }, ct);
    }

    public Task UntagAsync(string? userName, List<string>? tagKeys, CancellationToken ct)
    {
        var keys = IamTags.ValidateKeys(tagKeys);
        return ChangeAsync(userName, u => u with { Tags = IamTags.Remove(u.Tags, keys) }, ct);
    }

    public async Task<IamPage<IamTag>> ListTagsAsync(string? userName, string? marker, int? maxItems, CancellationToken ct) =>
        TagPage((await IamLookup.UserAsync(store, userName, ct)).Value.Tags, marker, maxItems);

    internal static IamPage<IamTag> TagPage(List<IamTag> tags, string? marker, int? maxItems)
    {
        // Tags keep the order they were added in; the marker is the position.
        var indexed = tags.Select((t, i) => (Tag: t, Key: i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)));
        var page = IamPaging.Page(indexed, p => p.Key, marker, maxItems);
        return new IamPage<IamTag>([.. page.Items.Select(p => p.Tag)], page.IsTruncated, page.Marker);
    }

    Task ChangeAsync(string? userName, Func<IamUser, IamUser> change, CancellationToken ct) => IamLookup.RetryAsync(async () =>
    {
        var (user, version) = await IamLookup.UserAsync(store, userName, ct);
        await store.CommitAsync(StoreWrite.Update(IamKinds.Users, change(user), version), ct);
    });

    DateTimeOffset Now() => DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());

    internal static void RefuseBoundary(string? permissionsBoundary)
    {
        if (permissionsBoundary is not null)
            throw IamErrors.InvalidInput("PermissionsBoundary is not supported: Berth does not evaluate permissions boundaries. Leave it out.");
    }

    /// <summary>IAM takes an omitted user name as the caller's own; Berth's IAM does not see the caller yet, so it asks for the name.</summary>
    internal static Kernel.AwsException NoCallerUser() =>
        IamValidation.Constraint("null", "userName", "Member must not be null (Berth does not yet infer the user from the request's credentials: name the user)", quote: false);
}
