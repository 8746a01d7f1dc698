using Berth.Kernel.Storage;

namespace Berth.Iam;

/// <summary>Finding the user or role a request names (case-insensitively, as IAM does), or NoSuchEntity.</summary>
internal static class IamLookup
{
    public static async Task<Stored<IamUser>> UserAsync(IStateStore store, string? userName, CancellationToken ct, int max = IamValidation.ExistingUserNameMax)
    {
        var name = IamValidation.Name(userName, "userName", max);
        return await store.GetAsync(IamKinds.Users, IamKinds.Key(name), ct) ?? throw IamErrors.UserNotFound(name);
    }

    public static async Task<Stored<IamRole>> RoleAsync(IStateStore store, string? roleName, CancellationToken ct)
    {
        var name = IamValidation.Name(roleName, "roleName", IamValidation.RoleNameMax);
        return await store.GetAsync(IamKinds.Roles, IamKinds.Key(name), ct) ?? throw IamErrors.RoleNotFound(name);
    }

    /// <summary>A role that is not service-linked (those only their service may change).</summary>
    public static async Task<Stored<IamRole>> ModifiableRoleAsync(IStateStore store, string? roleName, CancellationToken ct)
    {
        var role = await RoleAsync(store, roleName, ct);
        return role.Value.LinkedService is null ? role : throw IamErrors.Unmodifiable(role.Value.RoleName);
    }

    /// <summary>Runs a read-check-commit step again when another writer got there first (optimistic concurrency).</summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (ConcurrencyConflictException) when (i < 20)
            {
                // Read again and decide again.
            }
        }
    }

    public static Task RetryAsync(Func<Task> attempt) => RetryAsync(async () =>
    {
        await attempt();
        return true;
    });
}
