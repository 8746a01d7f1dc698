using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Validation;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Controllers;

/// <summary>
/// The one owner of a task's observed state. Each step reads the task, observes the engine, acts, and writes
/// back what it saw; every step can be repeated after a crash because every runtime call is idempotent.
/// </summary>
sealed partial class TaskWorker(string taskId, TaskControllerContext ctx)
{
    static readonly TimeSpan Steady = TimeSpan.FromSeconds(5);
    static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromMinutes(3);
    static readonly TimeSpan GiveUpOnErrors = TimeSpan.FromSeconds(30);

    readonly SemaphoreSlim _wake = new(0, 1);
    DateTimeOffset? _firstError;

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken; one wake-up is enough.
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TimeSpan? next;
            try
            {
                next = await StepAsync(ct);
                _firstError = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogStepFailed(ctx.Log, e, taskId);
                next = await OnErrorAsync(e, ct);
            }
            if (next is null)
                return;
            if (next > TimeSpan.Zero)
                await _wake.WaitAsync(next.Value, ct);
        }
    }

    DateTimeOffset Now => ctx.Clock.GetUtcNow();

    /// <summary>Retries a failing step for a while, then stops the task with the error as its reason.</summary>
    async Task<TimeSpan?> OnErrorAsync(Exception e, CancellationToken ct)
    {
        _firstError ??= Now;
        if (Now - _firstError < GiveUpOnErrors)
            return TimeSpan.FromSeconds(1);
        await FailAsync(StopCodes.TaskFailedToStart, $"ResourceInitializationError: {e.Message}", ct);
        _firstError = null;
        return TimeSpan.Zero;
    }

    async Task<TimeSpan?> StepAsync(CancellationToken ct)
    {
        var rec = (await ctx.Store.GetAsync(EcsKinds.Tasks, taskId, ct))?.Value;
        if (rec is null)
            return null;
        var status = TaskStatuses.Parse(rec.Task.LastStatus);
        if (status == Model.TaskStatus.STOPPED)
            return null;
        if (rec.Task.DesiredStatus == "STOPPED")
        {
            await StopAsync(rec, ct);
            return null;
        }
        if (status == Model.TaskStatus.PROVISIONING)
        {
            await ProvisionAsync(rec, ct);
            return TimeSpan.Zero;
        }
        if (rec.Task.PullStoppedAt is null)
        {
            await PullAsync(rec, ct);
            return TimeSpan.Zero;
        }
        return await StartAndMonitorAsync(rec, ct);
    }

    async Task ProvisionAsync(TaskRecord rec, CancellationToken ct)
    {
        foreach (var c in rec.Definition.ContainerDefinitions!)
        {
            if (c.LogConfiguration?.Options is not { } opts)
                continue;
            var group = opts["awslogs-group"];
            if (await ctx.Logs.GetGroupAsync(group, ct) is not null)
                continue;
            if (opts.TryGetValue("awslogs-create-group", out var create) && create == "true")
            {
                await ctx.Logs.CreateGroupAsync(group, ct);
                continue;
            }
            await FailAsync(StopCodes.TaskFailedToStart,
                $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. (log group '{group}'; create it or set awslogs-create-group to \"true\")", ct);
            return;
        }

        var sandbox = await ctx.Runtime.EnsureSandboxAsync(TaskPlan.Sandbox(rec), ct);
        await Mutate(r =>
        {
            r.SandboxId = sandbox.Id;
            (r.SubnetCidr, r.Gateway) = (sandbox.Subnet, sandbox.Gateway);
            var t = r.Task;
            var eni = t.Attachments?.FirstOrDefault(a => a.Type == "ElasticNetworkInterface");
            if (eni is not null)
            {
                eni.Status = "ATTACHED";
                SetDetail(eni, "networkInterfaceId", "eni-" + taskId[..17]);
                SetDetail(eni, "macAddress", sandbox.MacAddress);
                SetDetail(eni, "privateDnsName", $"ip-{sandbox.IpAddress.Replace('.', '-')}.ec2.internal");
                SetDetail(eni, "privateIPv4Address", sandbox.IpAddress);
            }
            foreach (var c in t.Containers ?? [])
                c.NetworkInterfaces = [new NetworkInterface { AttachmentId = eni?.Id, PrivateIpv4Address = sandbox.IpAddress }];
            t.Connectivity = "CONNECTED";
            t.ConnectivityAt ??= Now;
            TaskStatuses.Advance(t, Model.TaskStatus.PENDING);
            return true;
        }, ct);
    }

    static void SetDetail(Attachment a, string name, string? value)
    {
        a.Details ??= [];
        a.Details.RemoveAll(d => d.Name == name);
        if (value is not null)
            a.Details.Add(new KeyValue { Name = name, Value = value });
    }

    async Task PullAsync(TaskRecord rec, CancellationToken ct)
    {
        if (rec.Task.PullStartedAt is null)
        {
            rec = await Mutate(r =>
            {
                r.Task.PullStartedAt ??= Now;
                return true;
            }, ct) ?? rec;
        }
        var digests = new Dictionary<string, string?>();
        foreach (var c in rec.Definition.ContainerDefinitions!)
        {
            if (digests.ContainsKey(c.Image!))
                continue;
            try
            {
                digests[c.Image!] = await ctx.Runtime.PullImageAsync(c.Image!, ctx.Credentials(c.Image!), ct);
            }
            catch (ImagePullException e)
            {
                var reason = $"CannotPullContainerError: {e.Message}";
                await Mutate(r =>
                {
                    r.Task.PullStoppedAt ??= Now;
                    foreach (var tc in (r.Task.Containers ?? []).Where(x => x.Image == c.Image))
                        tc.Reason = reason;
                    return true;
                }, ct);
                await FailAsync(StopCodes.TaskFailedToStart, reason, ct);
                return;
            }
        }
        await Mutate(r =>
        {
            r.Task.PullStoppedAt ??= Now;
            foreach (var tc in r.Task.Containers ?? [])
                tc.ImageDigest ??= digests.GetValueOrDefault(tc.Image!);
            return true;
        }, ct);
    }

    async Task<TimeSpan?> StartAndMonitorAsync(TaskRecord rec, CancellationToken ct)
    {
        var defs = rec.Definition.ContainerDefinitions!;
        var spec = TaskPlan.Sandbox(rec);
        var status = TaskStatuses.Parse(rec.Task.LastStatus);
        var observed = await Observe(rec, ct);

        // Containers that were created once and are gone now were removed behind Berth's back.
        var vanished = status >= Model.TaskStatus.ACTIVATING ? defs.Where(d => !observed.ContainsKey(d.Name!)).ToList() : [];
        if (vanished.FirstOrDefault(d => d.IsEssential) is { } lost)
        {
            await FailAsync(StopCodes.EssentialContainerExited, $"Essential container in task was removed from the container engine: {lost.Name}.", ct);
            return TimeSpan.Zero;
        }

        var changed = false;
        foreach (var def in DependencyGraph.StartOrder(defs) ?? defs)
        {
            if (vanished.Contains(def))
                continue;
            if (!observed.TryGetValue(def.Name!, out var oc))
            {
                var sandbox = new Sandbox(rec.SandboxId!, "", null, null, null);
                var container = TaskPlan.Container(rec, def);
                if (ctx.Environment is { } platform)
                    container = TaskPlan.WithPlatformEnvironment(container, await platform.ForContainerAsync(rec, def.Name!, ct));
                await ctx.Runtime.EnsureContainerAsync(spec, sandbox, container, ct);
                changed = true;
                continue;
            }
            if (oc.State != ContainerState.Created)
                continue;
            var (verdict, why) = Dependencies.Evaluate(def, observed);
            if (verdict == Dependencies.Verdict.Impossible)
            {
                await FailAsync(StopCodes.TaskFailedToStart, why!, ct);
                return TimeSpan.Zero;
            }
            if (verdict == Dependencies.Verdict.Wait)
            {
                var limit = def.StartTimeout is { } s ? TimeSpan.FromSeconds(s) : DefaultStartTimeout;
                if (Now - (rec.Task.PullStoppedAt ?? Now) > limit)
                {
                    await FailAsync(StopCodes.TaskFailedToStart, $"Container '{def.Name}' did not start: its dependsOn conditions were not met within {limit.TotalSeconds:0} seconds (startTimeout).", ct);
                    return TimeSpan.Zero;
                }
                continue;
            }
            await ctx.Runtime.StartContainerAsync(oc.RuntimeId, ct);
            changed = true;
        }
        if (changed)
            observed = await Observe(rec, ct);
        // Copy output only once a container has started: the engine ends a follow of a not-yet-started
        // container at once, and the output of one that ran and exited is still there to copy.
        foreach (var def in defs)
        {
            if (observed.TryGetValue(def.Name!, out var oc) && oc.State != ContainerState.Created)
                CollectLogs(rec, def, oc.RuntimeId, ct);
        }

        var exitedEssential = defs.FirstOrDefault(d => d.IsEssential && observed.TryGetValue(d.Name!, out var o) && o.State == ContainerState.Exited);
        var saved = await Mutate(r => TaskObservations.Record(r, observed, Now), ct);
        if (exitedEssential is not null)
        {
            await ctx.Store.MutateAsync(taskId, r => RequestStop(r, StopCodes.EssentialContainerExited, "Essential container in task exited", Now), ct);
            return TimeSpan.Zero;
        }
        return TaskStatuses.Parse(saved?.Task.LastStatus) == Model.TaskStatus.RUNNING ? Steady : Busy;
    }

    async Task StopAsync(TaskRecord rec, CancellationToken ct)
    {
        var defs = rec.Definition.ContainerDefinitions!;
        if (TaskStatuses.Parse(rec.Task.LastStatus) < Model.TaskStatus.STOPPING)
        {
            await Mutate(r =>
            {
                r.Task.StoppingAt ??= Now;
                return TaskStatuses.Advance(r.Task, Model.TaskStatus.DEACTIVATING);
            }, ct);
            await Mutate(r => TaskStatuses.Advance(r.Task, Model.TaskStatus.STOPPING), ct);
        }

        var observed = await Observe(rec, ct);
        while (true)
        {
            var running = observed.Values.Where(o => o.State == ContainerState.Running).Select(o => o.Name).ToHashSet();
            var next = Dependencies.NextToStop(defs, running);
            if (next.Count == 0)
                break;
            await Task.WhenAll(next.Select(d => ctx.Runtime.StopContainerAsync(
                observed[d.Name!].RuntimeId, TimeSpan.FromSeconds(d.StopTimeout ?? TaskPlan.DefaultStopTimeoutSeconds), ct)));
            observed = await Observe(rec, ct);
        }
        // Let the last lines of output reach the log store before the task is reported stopped.
        await Task.WhenAny(Task.WhenAll(observed.Values.Select(o => ctx.Collector.DrainedAsync(o.RuntimeId))), Task.Delay(TimeSpan.FromSeconds(5), ct));

        await Mutate(r =>
        {
            TaskObservations.Record(r, observed, Now);
            foreach (var tc in r.Task.Containers ?? [])
                tc.LastStatus = "STOPPED";
            r.Task.ExecutionStoppedAt ??= Now;
            TaskStatuses.Advance(r.Task, Model.TaskStatus.DEPROVISIONING);
            return true;
        }, ct);
        await ctx.Runtime.ReleaseSandboxAsync(rec.Task.TaskArn!, ct);
        await Mutate(r =>
        {
            r.Deprovisioned = true;
            foreach (var eni in r.Task.Attachments ?? [])
                eni.Status = "DELETED";
            r.Task.StoppedAt ??= Now;
            TaskStatuses.Advance(r.Task, Model.TaskStatus.STOPPED);
            return true;
        }, ct);
    }

    Task FailAsync(string stopCode, string reason, CancellationToken ct) =>
        ctx.Store.MutateAsync(taskId, r => RequestStop(r, stopCode, reason, Now), ct);

    /// <summary>Records the wish to stop with its cause; the first cause wins.</summary>
    public static bool RequestStop(TaskRecord r, string stopCode, string reason, DateTimeOffset now)
    {
        if (r.Task.DesiredStatus == "STOPPED")
            return false;
        r.Task.DesiredStatus = "STOPPED";
        r.Task.StopCode = stopCode;
        r.Task.StoppedReason = reason;
        r.Task.StoppingAt ??= now;
        return true;
    }

    void CollectLogs(TaskRecord rec, ContainerDefinition def, string runtimeId, CancellationToken ct)
    {
        if (def.LogConfiguration?.Options is not { } opts)
            return;
        var stream = $"{opts["awslogs-stream-prefix"]}/{def.Name}/{taskId}";
        ctx.Collector.EnsureCollecting(runtimeId, opts["awslogs-group"], stream, ct);
    }

    async Task<IReadOnlyDictionary<string, ObservedContainer>> Observe(TaskRecord rec, CancellationToken ct) =>
        (await ctx.Runtime.ObserveAsync(rec.Task.TaskArn!, ct)).ToDictionary(o => o.Name, StringComparer.Ordinal);

    Task<TaskRecord?> Mutate(Func<TaskRecord, bool> change, CancellationToken ct) => ctx.Store.MutateAsync(taskId, change, ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Step of task {TaskId} failed")]
    static partial void LogStepFailed(ILogger logger, Exception e, string taskId);
}
