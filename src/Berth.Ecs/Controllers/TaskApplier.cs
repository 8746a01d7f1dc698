using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.TaskRole;

namespace Berth.Ecs.Controllers;

/// <summary>
/// Carries out a task worker's actions, in order: engine and log-store calls, and changes to the stored task. What
/// only the engine's answer tells (the sandbox's address, image digests, a failed pull) is written back with the
/// pure <see cref="TaskChange"/>s made for it.
/// </summary>
sealed class TaskApplier(string taskId, TaskControllerContext ctx)
{
    public async Task ApplyAsync(TaskRecord? rec, IReadOnlyList<TaskAction> actions, CancellationToken ct)
    {
        foreach (var action in actions)
        {
            if (!await ApplyAsync(rec, action, ct))
                return;
        }
    }

    /// <summary>Carries out one action; false when what follows it no longer applies (a pull failed and the task stops).</summary>
    async Task<bool> ApplyAsync(TaskRecord? rec, TaskAction action, CancellationToken ct)
    {
        switch (action)
        {
            case TaskChange change:
                await ChangeAsync(change, ct);
                break;
            case CreateLogGroup a:
                await ctx.Logs.CreateGroupAsync(a.Group, ct);
                break;
            case OpenRoleSession:
                return await OpenRoleSessionAsync(rec!, ct);
            case DropRoleSession a:
                ctx.Roles?.Drop(a.TaskArn);
                break;
            case EnsureSandbox a:
                await ChangeAsync(new Provisioned(await ctx.Runtime.EnsureSandboxAsync(await WithCredentialsEndpointAsync(rec!, a.Spec, ct), ct)), ct);
                break;
            case PullImages a:
                return await PullAsync(a.Images, ct);
            case CreateContainer a:
                var spec = a.Spec;
                if (ctx.Environment is { } platform)
                    spec = TaskPlan.WithPlatformEnvironment(spec, await platform.ForContainerAsync(rec!, spec.Name, ct));
                await ctx.Runtime.EnsureContainerAsync(a.Task, a.Sandbox, spec, ct);
                break;
            case StartContainer a:
                await ctx.Runtime.StartContainerAsync(a.RuntimeId, ct);
                break;
            case CollectLogs a:
                ctx.Collector.EnsureCollecting(a.RuntimeId, a.Group, a.Stream, ct);
                break;
            case StopContainers a:
                await Task.WhenAll(a.Containers.Select(c => ctx.Runtime.StopContainerAsync(c.RuntimeId, c.Timeout, ct)));
                break;
            case DrainLogs a:
                await DrainAsync(a, ct);
                break;
            case ReleaseSandbox a:
                await ctx.Runtime.ReleaseSandboxAsync(a.TaskArn, ct);
                break;
            default:
                throw new InvalidOperationException($"No way to carry out {action}.");
        }
        return true;
    }

    /// <summary>A task with a role gets the SDKs' credentials address redirected to the endpoint that serves them.</summary>
    async Task<SandboxSpec> WithCredentialsEndpointAsync(TaskRecord rec, SandboxSpec spec, CancellationToken ct)
    {
        if (rec.CredentialsId is null || ctx.Environment is null)
            return spec;
        var endpoint = await ctx.Environment.EndpointAsync(ct)
            ?? throw new InvalidOperationException("The task has a task role, whose credentials are served by the task metadata endpoint, which is turned off (BERTH_METADATA_LISTEN=off).");
        return spec with { CredentialsEndpoint = new System.Net.IPEndPoint(System.Net.IPAddress.Parse(endpoint.Host), endpoint.Port) };
    }

    /// <summary>Opens the task role's session; a role ECS cannot assume stops the task with ECS's words.</summary>
    async Task<bool> OpenRoleSessionAsync(TaskRecord rec, CancellationToken ct)
    {
        try
        {
            if (ctx.Roles is null)
                throw new TaskRoleRefusedException(TaskRoles.UnableToAssume(TaskRoles.Of(rec) ?? ""));
            await ctx.Roles.EnsureAsync(rec, ct);
            return true;
        }
        catch (TaskRoleRefusedException e)
        {
            await ChangeAsync(new RequestStop(StopCodes.TaskFailedToStart, e.Message), ct);
            return false;
        }
    }

    async Task<bool> PullAsync(IReadOnlyList<string> images, CancellationToken ct)
    {
        var digests = new Dictionary<string, string?>();
        foreach (var image in images)
        {
            try
            {
                digests[image] = await ctx.Runtime.PullImageAsync(image, ctx.Credentials(image), ct);
            }
            catch (ImagePullException e)
            {
                foreach (var change in TaskNext.PullFailed(image, e.Message))
                    await ChangeAsync(change, ct);
                return false;
            }
        }
        await ChangeAsync(new Pulled(digests), ct);
        return true;
    }

    async Task DrainAsync(DrainLogs a, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(Task.WhenAll(a.RuntimeIds.Select(ctx.Collector.DrainedAsync)), Task.Delay(a.Timeout, ctx.Clock, timeout.Token));
        timeout.Cancel();
    }

    Task<TaskRecord?> ChangeAsync(TaskChange change, CancellationToken ct) =>
        ctx.Store.MutateAsync(taskId, r => change.Apply(r, ctx.Clock.GetUtcNow()), ct);
}
