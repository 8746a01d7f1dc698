using Berth.Ecs.Model;
using Berth.Kernel.Controllers;

namespace Berth.Ecs.Controllers;

/// <summary>
/// The one owner of a task's observed state. Each pass reads the task, observes what its phase needs, asks
/// <see cref="TaskNext"/> what to do and does it (<see cref="TaskApplier"/>); every pass can be repeated after a
/// crash because every action is idempotent.
/// </summary>
sealed class TaskWorker(string taskId, TaskControllerContext ctx)
{
    readonly ControllerLoop _loop = new("task-worker", ctx.Clock, ctx.Log) { Subject = taskId };
    readonly TaskApplier _applier = new(taskId, ctx);
    TaskFailing? _failing;

    public void Wake() => _loop.Notify();

    /// <summary>Runs until the task is STOPPED (or gone) or <paramref name="ct"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken ct) => _loop.RunAsync(PassAsync, OnError, ct);

    async Task<NextPass> PassAsync(CancellationToken ct)
    {
        var rec = (await ctx.Store.GetAsync(EcsKinds.Tasks, taskId, ct))?.Value;
        var now = ctx.Clock.GetUtcNow();
        var seen = await ObserveAsync(rec, TaskNext.Needs(rec, _failing, now), ct) with { Interfaces = ctx.Network is not null };
        var step = TaskNext.Next(rec, seen, now);
        await _applier.ApplyAsync(rec, step.Actions, ct);
        _failing = null;
        return step.Then;
    }

    /// <summary>Failed passes are retried; once they have failed for a while, the next pass gives up on the task.</summary>
    NextPass OnError(Exception e)
    {
        _failing = new TaskFailing(_failing?.Since ?? ctx.Clock.GetUtcNow(), e.Message);
        return NextPass.In(TaskNext.RetryAfterError);
    }

    async Task<TaskObserved> ObserveAsync(TaskRecord? rec, TaskLook look, CancellationToken ct)
    {
        switch (look)
        {
            case TaskLook.Containers:
                var containers = await ctx.Runtime.ObserveAsync(rec!.Task.TaskArn!, ct);
                return new TaskObserved { Containers = containers.ToDictionary(o => o.Name, StringComparer.Ordinal), Failing = _failing };
            case TaskLook.LogGroups:
                var groups = new HashSet<string>(StringComparer.Ordinal);
                foreach (var g in rec!.Definition.ContainerDefinitions!.Select(c => c.LogConfiguration?.Options?.GetValueOrDefault("awslogs-group")).OfType<string>().Distinct())
                {
                    if (await ctx.Logs.GetGroupAsync(g, ct) is not null)
                        groups.Add(g);
                }
                return new TaskObserved { LogGroups = groups, Failing = _failing };
            default:
                return new TaskObserved { Failing = _failing };
        }
    }

    /// <summary>Records the wish to stop with its cause; the first cause wins (the API and the service scheduler stop tasks with it).</summary>
    public static bool RequestStop(TaskRecord r, string stopCode, string reason, DateTimeOffset now) =>
        Controllers.RequestStop.Apply(r, stopCode, reason, now);
}
