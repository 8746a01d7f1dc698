namespace Berth.Ecs.TaskRole;

/// <summary>A task role session ECS holds for a task: the credentials, the role, and when they were issued.</summary>
public sealed record HeldCredentials(Kernel.Auth.Credential Credential, string RoleArn, DateTimeOffset IssuedAt)
{
    /// <summary>When the credentials stop working (STS always sets it; the issue time otherwise, so they count as spent).</summary>
    public DateTimeOffset Expiration => Credential.Expiration ?? IssuedAt;
}

/// <summary>
/// When to open a fresh session for a task, and whether what is held may still be served. Like the ECS agent, the
/// endpoint always hands out credentials with most of their life ahead: once half the lifetime has passed a new
/// session is opened, so an SDK (botocore refreshes within 15 minutes of expiry, the JS SDK within 5) never gets
/// credentials about to lapse.
/// </summary>
public static class CredentialRenewal
{
    /// <summary>Credentials this close to expiry are not handed out at all.</summary>
    public static readonly TimeSpan ServeMargin = TimeSpan.FromMinutes(1);

    public static bool IsDue(HeldCredentials? held, DateTimeOffset now)
    {
        if (held is null)
            return true;
        var lifetime = held.Expiration - held.IssuedAt;
        return now >= held.IssuedAt + (lifetime / 2);
    }

    /// <summary>Whether held credentials may still be served (when a renewal failed, the old ones serve until near expiry).</summary>
    public static bool CanServe(HeldCredentials? held, DateTimeOffset now) => held is not null && now < held.Expiration - ServeMargin;
}
