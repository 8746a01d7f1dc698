using Berth.Ecs.Model;
using Berth.Ecs.TaskRole;
using Berth.Kernel;
using Microsoft.Extensions.Time.Testing;
using static Berth.Ecs.Tests.Controllers.Tasks;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>The role sessions ECS holds for tasks: opened once, renewed at half-life, kept when renewal fails, dropped.</summary>
public sealed class TaskRoleCredentialsTests
{
    const string Role = "arn:aws:iam::123456789012:role/app";
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly FakeTimeProvider _clock = new(Now);
    readonly FakeRoleSessions _sts;
    readonly TaskRoleCredentials _roles;

    public TaskRoleCredentialsTests()
    {
        _sts = new FakeRoleSessions(_clock);
        _sts.Trusting.Add(Role);
        _roles = new TaskRoleCredentials(new Arns("123456789012", "us-east-1"), _clock, _sts);
    }

    static TaskRecord WithRole(string? role = "app", string? overrideRole = null)
    {
        var r = New();
        r.Definition.TaskRoleArn = role;
        r.Task.Overrides = new TaskOverride { TaskRoleArn = overrideRole };
        r.CredentialsId = CredentialsId.New();
        return r;
    }

    [Fact]
    public async Task EnsureAsync_OpensOneSessionAsEcsTasksNamedAfterTheTask()
    {
        var task = WithRole();

        await _roles.EnsureAsync(task, Ct);
        await _roles.EnsureAsync(task, Ct);

        var session = Assert.Single(_sts.Opened);
        Assert.Equal((Role, "ecs-tasks.amazonaws.com", TaskId), (session.RoleArn, session.ServicePrincipal, session.SessionName));
        Assert.Equal(TaskRoles.SessionDuration, session.Duration);
    }

    [Fact]
    public async Task EnsureAsync_RoleNotTrustingEcs_RefusedWithEcsWords()
    {
        var task = WithRole("arn:aws:iam::123456789012:role/untrusting");

        var e = await Assert.ThrowsAsync<TaskRoleRefusedException>(() => _roles.EnsureAsync(task, Ct));

        Assert.Equal(TaskRoles.UnableToAssume("arn:aws:iam::123456789012:role/untrusting"), e.Message);
        Assert.Null(await Record.ExceptionAsync(() => _roles.EnsureAsync(WithRole(), Ct)));
    }

    [Fact]
    public async Task EnsureAsync_NoSts_Refused()
    {
        var roles = new TaskRoleCredentials(new Arns("123456789012", "us-east-1"), _clock);

        var e = await Assert.ThrowsAsync<TaskRoleRefusedException>(() => roles.EnsureAsync(WithRole(), Ct));

        Assert.StartsWith(TaskRoles.UnableToAssume(Role), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnsureAsync_RunTaskOverride_IsTheRoleAssumed()
    {
        _sts.Trusting.Add("arn:aws:iam::123456789012:role/other");

        await _roles.EnsureAsync(WithRole("app", "arn:aws:iam::123456789012:role/other"), Ct);

        Assert.Equal("arn:aws:iam::123456789012:role/other", Assert.Single(_sts.Opened).RoleArn);
    }

    [Fact]
    public async Task CurrentAsync_SameCredentialsUntilHalfLife_ThenAFreshSession()
    {
        var task = WithRole();
        await _roles.EnsureAsync(task, Ct);

        var first = await _roles.CurrentAsync(task, Ct);
        _clock.Advance(TimeSpan.FromMinutes(29));
        var stillFirst = await _roles.CurrentAsync(task, Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await _roles.CurrentAsync(task, Ct);

        Assert.Same(first, stillFirst);
        Assert.NotEqual(first!.Credential.AccessKeyId, second!.Credential.AccessKeyId);
        Assert.Equal(Now + TimeSpan.FromMinutes(90), second.Expiration);
        Assert.Equal(2, _sts.Opened.Count);
    }

    [Fact]
    public async Task CurrentAsync_AfterRestart_OpensOnFirstAsk()
    {
        var served = await _roles.CurrentAsync(WithRole(), Ct);

        Assert.Equal(Role, served!.RoleArn);
        Assert.Single(_sts.Opened);
    }

    [Fact]
    public async Task CurrentAsync_RenewalRefused_OldCredentialsServeUntilNearExpiryThenNothing()
    {
        var task = WithRole();
        var first = await _roles.CurrentAsync(task, Ct);
        _sts.Trusting.Clear(); // the trust policy no longer names ECS tasks

        _clock.Advance(TimeSpan.FromMinutes(45));
        Assert.Same(first, await _roles.CurrentAsync(task, Ct));
        _clock.Advance(TimeSpan.FromMinutes(14));
        await Assert.ThrowsAsync<TaskRoleRefusedException>(() => _roles.CurrentAsync(task, Ct));
    }

    [Fact]
    public async Task Drop_ForgetsTheCredentials()
    {
        var task = WithRole();
        var first = await _roles.CurrentAsync(task, Ct);

        _roles.Drop(task.Task.TaskArn!);
        var after = await _roles.CurrentAsync(task, Ct);

        Assert.NotEqual(first!.Credential.AccessKeyId, after!.Credential.AccessKeyId);
    }
}
