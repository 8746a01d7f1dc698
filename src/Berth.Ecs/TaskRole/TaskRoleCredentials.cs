using System.Collections.Concurrent;
using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Auth;

namespace Berth.Ecs.TaskRole;

/// <summary>A task's role cannot be assumed (it does not exist, or its trust policy does not let ECS tasks assume it).</summary>
public sealed class TaskRoleRefusedException(string message) : Exception(message);

/// <summary>
/// The task role sessions ECS holds for running tasks, in memory only (credentials are never stored): opened when a
/// task is run or starts, renewed when <see cref="CredentialRenewal"/> says so as the task's containers ask for them,
/// and dropped when the task stops. After a berthd restart a running task's session is opened again on first ask.
/// </summary>
public sealed class TaskRoleCredentials(Arns arns, TimeProvider clock, IRoleSessions? sessions = null)
{
    readonly ConcurrentDictionary<string, HeldCredentials> _held = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _opening = new(1, 1);

    /// <summary>Opens the task's session unless one is held; throws <see cref="TaskRoleRefusedException"/> with ECS's words.</summary>
    public async Task EnsureAsync(TaskRecord task, CancellationToken ct)
    {
        if (!_held.ContainsKey(task.Task.TaskArn!))
            await OpenAsync(task, ct);
    }

    /// <summary>
    /// Credentials to hand the task now: those held, or a fresh session when they are due for renewal. When renewal
    /// fails the old credentials serve while they last; null when there is nothing to serve.
    /// </summary>
    public async Task<HeldCredentials?> CurrentAsync(TaskRecord task, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        _held.TryGetValue(task.Task.TaskArn!, out var held);
        if (!CredentialRenewal.IsDue(held, now))
            return held;
        try
        {
            return await OpenAsync(task, ct);
        }
        catch (TaskRoleRefusedException) when (CredentialRenewal.CanServe(held, now))
        {
            return held;
        }
    }

    /// <summary>Forgets the task's credentials (its task stopped).</summary>
    public void Drop(string taskArn) => _held.TryRemove(taskArn, out _);

    /// <summary>Whether credentials are held for the task (for tests: a stopped task's are gone).</summary>
    internal bool Holds(string taskArn) => _held.ContainsKey(taskArn);

    async Task<HeldCredentials> OpenAsync(TaskRecord task, CancellationToken ct)
    {
        var taskArn = task.Task.TaskArn!;
        var roleArn = TaskRoles.ArnOf(TaskRoles.Of(task) ?? throw new InvalidOperationException($"Task {taskArn} has no task role."), arns.AccountId);
        if (sessions is null)
            throw new TaskRoleRefusedException($"{TaskRoles.UnableToAssume(roleArn)} (This berthd has no STS to open role sessions with.)");
        await _opening.WaitAsync(ct);
        try
        {
            // Another caller may have renewed it while this one waited.
            if (_held.TryGetValue(taskArn, out var fresh) && !CredentialRenewal.IsDue(fresh, clock.GetUtcNow()))
                return fresh;
            Credential credential;
            try
            {
                credential = await sessions.AssumeForServiceAsync(
                    new ServiceRoleSession(roleArn, TaskRoles.ServicePrincipal, Arns.TaskId(taskArn), TaskRoles.SessionDuration), ct);
            }
            catch (AwsException)
            {
                throw new TaskRoleRefusedException(TaskRoles.UnableToAssume(roleArn));
            }
            var held = new HeldCredentials(credential, roleArn, clock.GetUtcNow());
            _held[taskArn] = held;
            return held;
        }
        finally
        {
            _opening.Release();
        }
    }
}
