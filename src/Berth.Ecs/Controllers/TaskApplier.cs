using Berth.Ecs.Model;
using Berth.Ecs.Runtime;

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
            case EnsureSandbox a:
                await ChangeAsync(new Provisioned(await ctx.Runtime.EnsureSandboxAsync(a.Spec, ct)), ct);
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
