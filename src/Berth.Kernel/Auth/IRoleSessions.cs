namespace Berth.Kernel.Auth;

/// <summary>
/// A role session to open for an AWS service acting on a user's behalf, as the service would call AssumeRole: ECS
/// opens one for a task's role (<c>ecs-tasks.amazonaws.com</c>) and hands the credentials to the task.
/// </summary>
/// <param name="RoleArn">The role to assume; its trust policy must allow <paramref name="ServicePrincipal"/> sts:AssumeRole.</param>
/// <param name="ServicePrincipal">The service asking, e.g. <c>ecs-tasks.amazonaws.com</c>.</param>
/// <param name="SessionName">The session's name (for a task: its id), in the assumed-role ARN.</param>
/// <param name="Duration">How long the credentials are good for (STS bounds it by the role's MaxSessionDuration).</param>
public sealed record ServiceRoleSession(string RoleArn, string ServicePrincipal, string SessionName, TimeSpan Duration);

/// <summary>
/// Opens role sessions for AWS services inside Berth (STS implements it). The credentials it returns carry a session
/// token and an expiration, and SigV4 verification accepts them until they expire.
/// </summary>
public interface IRoleSessions
{
    /// <summary>
    /// Temporary credentials for <paramref name="session"/>; an <see cref="AwsException"/> (AccessDenied) when the role
    /// does not exist or its trust policy does not let the service assume it.
    /// </summary>
    Task<Credential> AssumeForServiceAsync(ServiceRoleSession session, CancellationToken ct);
}
