using Berth.Kernel;
using Berth.Kernel.Auth;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>
/// STS as ECS sees it, in memory: roles whose trust policy lets ECS tasks assume them, sessions bounded by a
/// MaxSessionDuration, every session recorded; anything else is refused with AccessDenied as STS refuses.
/// </summary>
sealed class FakeRoleSessions(TimeProvider clock) : IRoleSessions
{
    readonly List<ServiceRoleSession> _opened = [];

    /// <summary>Roles that exist and trust <c>ecs-tasks.amazonaws.com</c>.</summary>
    public HashSet<string> Trusting { get; } = new(StringComparer.Ordinal);

    public TimeSpan MaxSessionDuration { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<ServiceRoleSession> Opened
    {
        get
        {
            lock (_opened)
                return [.. _opened];
        }
    }

    public Task<Credential> AssumeForServiceAsync(ServiceRoleSession session, CancellationToken ct)
    {
        if (!Trusting.Contains(session.RoleArn) || session.ServicePrincipal != "ecs-tasks.amazonaws.com")
            throw new AwsException("AccessDenied", $"{session.ServicePrincipal} is not authorized to perform: sts:AssumeRole on resource: {session.RoleArn}", 403);
        int n;
        lock (_opened)
        {
            _opened.Add(session);
            n = _opened.Count;
        }
        var duration = session.Duration < MaxSessionDuration ? session.Duration : MaxSessionDuration;
        var principal = new Principal
        {
            Arn = session.RoleArn.Replace(":iam::", ":sts::", StringComparison.Ordinal).Replace(":role/", ":assumed-role/", StringComparison.Ordinal) + "/" + session.SessionName,
            Kind = PrincipalKind.AssumedRole,
            AccountId = "123456789012",
            UserId = "AROAEXAMPLE:" + session.SessionName,
            RoleArn = session.RoleArn,
        };
        return Task.FromResult(new Credential($"ASIA{n:D16}", $"secret-{n}", principal)
        {
            SessionToken = $"token-{n}",
            Expiration = clock.GetUtcNow() + duration,
        });
    }
}
