using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Validation;
using Berth.Kernel;
using Berth.Kernel.Controllers;

namespace Berth.Ecs.Controllers;

/// <summary>The part of its life a stored task is in; it decides what the worker looks at and what it does.</summary>
enum TaskPhase
{
    /// <summary>STOPPED, or gone from the store: nothing more to do.</summary>
    Finished,
    /// <summary>Asked to stop: stop the containers (dependents first), release the sandbox, STOPPED.</summary>
    Stop,
    /// <summary>PROVISIONING: the awslogs groups, then the sandbox.</summary>
    Provision,
    /// <summary>PENDING with the images not yet pulled.</summary>
    Pull,
    /// <summary>Pulled: create and start the containers in dependency order, then watch them.</summary>
    Run,
}

/// <summary>What the worker must observe before it asks <see cref="TaskNext.Next"/>.</summary>
enum TaskLook
{
    Nothing,
    LogGroups,
    Containers,
}

/// <summary>Since when a worker's passes have been failing, and the last error.</summary>
sealed record TaskFailing(DateTimeOffset Since, string Error);

/// <summary>What the worker saw for one pass, beside the stored task: only what <see cref="TaskNext.Needs"/> asked for.</summary>
sealed record TaskObserved
{
    /// <summary>The task's containers as the engine reports them, by name.</summary>
    public IReadOnlyDictionary<string, ObservedContainer> Containers { get; init; } = new Dictionary<string, ObservedContainer>();

    /// <summary>The definition's awslogs groups that exist.</summary>
    public IReadOnlySet<string> LogGroups { get; init; } = new HashSet<string>();

    public TaskFailing? Failing { get; init; }

    /// <summary>Whether tasks get their interface from a network directory (berthd's do; a controller tested alone may not).</summary>
    public bool Interfaces { get; init; }
}

/// <summary>What to do in one pass, in order, and when to look again.</summary>
sealed record TaskStep(IReadOnlyList<TaskAction> Actions, NextPass Then)
{
    public static readonly TaskStep Done = new([], NextPass.Done);
}

/// <summary>
/// The task worker's decisions, with no I/O (the ECS agent's <c>containerNextState</c>, for a whole task): from the
/// stored task, what was observed and the time, the next actions as data. Every decision can be taken again after a
/// crash, since each action is idempotent and each status only moves forward.
/// </summary>
static class TaskNext
{
    /// <summary>How often a RUNNING task is looked at besides the engine's events.</summary>
    public static readonly TimeSpan Steady = TimeSpan.FromSeconds(5);
    /// <summary>How often a task on its way to RUNNING is looked at.</summary>
    public static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan RetryAfterError = TimeSpan.FromSeconds(1);
    /// <summary>A task whose passes keep failing this long is stopped with the error (not while it stops: that is retried).</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    /// <summary>How long a container may wait for its <c>dependsOn</c> conditions without a <c>startTimeout</c>.</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromMinutes(3);
    /// <summary>How long the last output of stopped containers may take to reach the log store.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static TaskPhase PhaseOf(TaskRecord? r)
    {
        if (r is null || TaskStatuses.Parse(r.Task.LastStatus) == Model.TaskStatus.STOPPED)
            return TaskPhase.Finished;
        if (r.Task.DesiredStatus == "STOPPED")
            return TaskPhase.Stop;
        if (TaskStatuses.Parse(r.Task.LastStatus) == Model.TaskStatus.PROVISIONING)
            return TaskPhase.Provision;
        return r.Task.PullStoppedAt is null ? TaskPhase.Pull : TaskPhase.Run;
    }

    public static TaskLook Needs(TaskRecord? r, TaskFailing? failing, DateTimeOffset now) =>
        GivesUp(r, failing, now) ? TaskLook.Nothing : PhaseOf(r) switch
        {
            TaskPhase.Provision => TaskLook.LogGroups,
            TaskPhase.Run or TaskPhase.Stop => TaskLook.Containers,
            _ => TaskLook.Nothing,
        };

    public static TaskStep Next(TaskRecord? r, TaskObserved seen, DateTimeOffset now)
    {
        if (GivesUp(r, seen.Failing, now))
            return Fail(StopCodes.TaskFailedToStart, $"ResourceInitializationError: {seen.Failing!.Error}");
        return PhaseOf(r) switch
        {
            TaskPhase.Finished => TaskStep.Done,
            TaskPhase.Stop => Stop(r!, seen.Containers, seen.Interfaces),
            TaskPhase.Provision => Provision(r!, seen.LogGroups, seen.Interfaces),
            TaskPhase.Pull => Pull(r!),
            _ => Run(r!, seen.Containers, now),
        };
    }

    /// <summary>What an image that cannot be pulled does to the task: its containers say why, and it stops.</summary>
    public static IReadOnlyList<TaskChange> PullFailed(string image, string error)
    {
        var reason = $"CannotPullContainerError: {error}";
        return [new PullFailed(image, reason), new RequestStop(StopCodes.TaskFailedToStart, reason)];
    }

    /// <summary>What an execution resource that cannot be had does to the task: it stops before it starts.</summary>
    public static IReadOnlyList<TaskChange> StartFailed(string reason) => [new RequestStop(StopCodes.TaskFailedToStart, reason)];

    static bool GivesUp(TaskRecord? r, TaskFailing? failing, DateTimeOffset now) =>
        failing is not null && now - failing.Since >= GiveUpAfter && PhaseOf(r) is TaskPhase.Provision or TaskPhase.Pull or TaskPhase.Run;

    static TaskStep Fail(string stopCode, string reason, List<TaskAction>? before = null) =>
        new([.. before ?? [], new RequestStop(stopCode, reason)], NextPass.Now);

    static TaskStep Provision(TaskRecord r, IReadOnlySet<string> existingGroups, bool withInterface)
    {
        var actions = new List<TaskAction>();
        var groups = new HashSet<string>(existingGroups, StringComparer.Ordinal);
        foreach (var c in r.Definition.ContainerDefinitions!)
        {
            if (c.LogConfiguration?.Options is not { } opts)
                continue;
            var group = opts["awslogs-group"];
            if (!groups.Add(group))
                continue;
            if (opts.TryGetValue("awslogs-create-group", out var create) && create == "true")
            {
                actions.Add(new CreateLogGroup(group));
                continue;
            }
            return Fail(StopCodes.TaskFailedToStart,
                $"ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. (log group '{group}'; create it or set awslogs-create-group to \"true\")",
                actions);
        }
        if (r.CredentialsId is not null)
            actions.Add(new OpenRoleSession());
        // The interface first (its address and MAC are what the sandbox is made with), recorded before the sandbox is.
        if (r.Interface is null && withInterface)
        {
            actions.Add(new AttachInterface(TaskPlan.Interface(r, [])));
            return new(actions, NextPass.Now);
        }
        actions.Add(new EnsureSandbox(TaskPlan.Sandbox(r)));
        return new(actions, NextPass.Now);
    }

    static TaskStep Pull(TaskRecord r)
    {
        var images = r.Definition.ContainerDefinitions!.Select(c => c.Image!).Distinct().ToList();
        TaskAction[] actions = r.Task.PullStartedAt is null ? [new PullStarted(), new PullImages(images)] : [new PullImages(images)];
        return new(actions, NextPass.Now);
    }

    static TaskStep Run(TaskRecord r, IReadOnlyDictionary<string, ObservedContainer> observed, DateTimeOffset now)
    {
        var defs = r.Definition.ContainerDefinitions!;
        var status = TaskStatuses.Parse(r.Task.LastStatus);

        // Containers that were created once and are gone now were removed behind Berth's back.
        var vanished = status >= Model.TaskStatus.ACTIVATING ? defs.Where(d => !observed.ContainsKey(d.Name!)).ToList() : [];
        if (vanished.FirstOrDefault(d => d.IsEssential) is { } lost)
            return Fail(StopCodes.EssentialContainerExited, $"Essential container in task was removed from the container engine: {lost.Name}.");

        var actions = new List<TaskAction>();
        var spec = TaskPlan.Sandbox(r);
        foreach (var def in DependencyGraph.StartOrder(defs) ?? defs)
        {
            if (vanished.Contains(def))
                continue;
            if (!observed.TryGetValue(def.Name!, out var oc))
            {
                actions.Add(new CreateContainer(spec, new Sandbox(r.SandboxId!, "", null, null, null), TaskPlan.Container(r, def)));
                continue;
            }
            if (oc.State != ContainerState.Created)
                continue;
            var (verdict, why) = Dependencies.Evaluate(def, observed);
            if (verdict == Dependencies.Verdict.Impossible)
                return Fail(StopCodes.TaskFailedToStart, why!, actions);
            if (verdict == Dependencies.Verdict.Wait)
            {
                var limit = def.StartTimeout is { } s ? TimeSpan.FromSeconds(s) : DefaultStartTimeout;
                if (now - (r.Task.PullStoppedAt ?? now) > limit)
                    return Fail(StopCodes.TaskFailedToStart, $"Container '{def.Name}' did not start: its dependsOn conditions were not met within {limit.TotalSeconds:0} seconds (startTimeout).", actions);
                continue;
            }
            actions.Add(new StartContainer(def.Name!, oc.RuntimeId));
        }
        // What was created or started is looked at again at once, before it is recorded.
        if (actions.Count > 0)
            return new(actions, NextPass.Now);

        // Copy output only once a container has started: the engine ends a follow of a not-yet-started
        // container at once, and the output of one that ran and exited is still there to copy.
        var taskId = Arns.TaskId(r.Task.TaskArn!);
        foreach (var def in defs)
        {
            if (def.LogConfiguration?.Options is { } opts && observed.TryGetValue(def.Name!, out var oc) && oc.State != ContainerState.Created)
                actions.Add(new CollectLogs(oc.RuntimeId, opts["awslogs-group"], $"{opts["awslogs-stream-prefix"]}/{def.Name}/{taskId}"));
        }
        actions.Add(new RecordObserved(observed));
        if (defs.Any(d => d.IsEssential && observed.TryGetValue(d.Name!, out var o) && o.State == ContainerState.Exited))
            return Fail(StopCodes.EssentialContainerExited, "Essential container in task exited", actions);
        var running = status == Model.TaskStatus.RUNNING || (status < Model.TaskStatus.ACTIVATING && TaskObservations.AllStarted(r, observed));
        return new(actions, NextPass.In(running ? Steady : Busy));
    }

    static TaskStep Stop(TaskRecord r, IReadOnlyDictionary<string, ObservedContainer> observed, bool interfaces)
    {
        var actions = new List<TaskAction>();
        if (TaskStatuses.Parse(r.Task.LastStatus) < Model.TaskStatus.STOPPING)
        {
            actions.Add(new Deactivating());
            actions.Add(new AdvanceTo(Model.TaskStatus.STOPPING));
        }
        var running = observed.Values.Where(o => o.State == ContainerState.Running).Select(o => o.Name).ToHashSet();
        var next = Dependencies.NextToStop(r.Definition.ContainerDefinitions!, running);
        if (next.Count > 0)
        {
            actions.Add(new StopContainers(next.Select(d => new ContainerStop(
                d.Name!, observed[d.Name!].RuntimeId, TimeSpan.FromSeconds(d.StopTimeout ?? TaskPlan.DefaultStopTimeoutSeconds))).ToList()));
            return new(actions, NextPass.Now);
        }
        // Let the last lines of output reach the log store before the task is reported stopped.
        actions.Add(new DrainLogs(observed.Values.Select(o => o.RuntimeId).ToList(), DrainTimeout));
        actions.Add(new ExecutionStopped(observed));
        if (r.CredentialsId is not null)
            actions.Add(new DropRoleSession(r.Task.TaskArn!));
        actions.Add(new ReleaseSandbox(r.Task.TaskArn!));
        if (interfaces)
            actions.Add(new DetachInterface(r.Task.TaskArn!));
        actions.Add(new Deprovisioned());
        return new(actions, NextPass.Done);
    }
}
