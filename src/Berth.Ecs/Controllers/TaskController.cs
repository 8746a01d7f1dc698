using Berth.Ecr;
using Berth.Ecs.Logging;
using Berth.Ecs.Runtime;
using Berth.Ecs.Secrets;
using Berth.Ecs.TaskRole;
using Berth.Kernel;
using Berth.Kernel.Controllers;
using Berth.Kernel.Networking;
using Berth.Kernel.Observability;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Logs;
using Microsoft.Extensions.Logging;

namespace Berth.Ecs.Controllers;

/// <summary>
/// Keeps one <see cref="TaskWorker"/> per unfinished task, wakes it on engine events and API changes,
/// adopts what survives a restart, removes what nobody owns, and forgets stopped tasks after their retention.
/// </summary>
public sealed partial class TaskController : ITaskWaker, IController
{
    readonly IStateStore _store;
    readonly IContainerRuntime _runtime;
    readonly TimeProvider _clock;
    readonly TaskControllerOptions _options;
    readonly ILogger<TaskController> _log;
    readonly TaskControllerContext _ctx;
    readonly Dictionary<string, TaskWorker> _workers = [];
    readonly ControllerLoop _loop;
    CancellationToken _stopping;

    static readonly string[] Unfinished = Enum.GetNames<Model.TaskStatus>().Where(s => s != nameof(Model.TaskStatus.STOPPED)).ToArray();

    public TaskController(IStateStore store, IContainerRuntime runtime, ILogStore logs, LogCollector collector, TimeProvider clock,
        TaskControllerOptions options, ILogger<TaskController> log, ImageCredentials? credentials = null, ITaskEnvironment? environment = null, ExecutionResources? execution = null,
        TaskRoleCredentials? roles = null, INetworkDirectory? network = null, TagService? tags = null, INetworkChangeNotifier? networkChanges = null)
    {
        (_store, _runtime, _clock, _options, _log) = (store, runtime, clock, options, log);
        _loop = new ControllerLoop("task-controller", clock, log);
        // Without the module's ExecutionResources (tests of the controller alone) nothing is authorized and no secret is served.
        _ctx = new TaskControllerContext(store, runtime, logs, collector, clock, log,
            execution ?? new ExecutionResources(new Arns("000000000000", "us-east-1"), [], images: credentials), environment, roles, network, tags, networkChanges);
    }

    /// <summary>Called after the API changed a task's desired state, so the change is acted on at once.</summary>
    public void Notify(string taskId)
    {
        lock (_workers)
        {
            if (_workers.TryGetValue(taskId, out var w))
            {
                w.Wake();
                return;
            }
        }
        _loop.Notify();
    }

    /// <summary>True once the container engine has answered and the task network exists (/readyz).</summary>
    public bool EngineReady { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        _stopping = ct;
        if (!await InitializeAsync(ct))
            return;
        await RemoveOrphansAsync(ct);
        var watch = WatchAsync(ct);
        await _loop.RunAsync(_options.ResyncInterval, PassAsync, ct);
        await watch;
    }

    async Task PassAsync(CancellationToken ct)
    {
        await ResyncAsync(ct);
        await CollectStoppedAsync(ct);
        await CollectDeletedDefinitionsAsync(ct);
    }

    /// <summary>
    /// Waits for the container engine, saying so every time it is still missing; the API keeps serving
    /// meanwhile and tasks wait in PROVISIONING.
    /// </summary>
    async Task<bool> InitializeAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _runtime.InitializeAsync(ct);
                EngineReady = true;
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                LogEngineUnavailable(_log, e.Message, delay.TotalSeconds);
            }
            try
            {
                await Task.Delay(delay, _clock, ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
        }
        return false;
    }

    /// <summary>Starts a worker for every task that is not yet STOPPED (this is also how a restart adopts them).</summary>
    async Task ResyncAsync(CancellationToken ct)
    {
        var active = await _store.ListAsync(EcsKinds.Tasks, new StoreQuery { Statuses = Unfinished }, ct);
        var counts = active.GroupBy(t => t.Value.Task.LastStatus ?? "PROVISIONING").ToDictionary(g => g.Key, g => g.Count());
        counts["STOPPED"] = await _store.CountAsync(EcsKinds.Tasks, new StoreQuery { Statuses = ["STOPPED"] }, ct);
        ControllerMetrics.SetTasksByStatus(counts);
        foreach (var t in active)
        {
            var id = Arns.TaskId(t.Value.Task.TaskArn!);
            lock (_workers)
            {
                if (_workers.ContainsKey(id))
                    continue;
                var worker = new TaskWorker(id, _ctx);
                _workers[id] = worker;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await worker.RunAsync(_stopping);
                    }
                    finally
                    {
                        lock (_workers)
                            _workers.Remove(id);
                    }
                }, CancellationToken.None);
            }
        }
    }

    /// <summary>Removes STOPPED tasks older than the retention, with whatever they left on the engine.</summary>
    async Task CollectStoppedAsync(CancellationToken ct)
    {
        var cutoff = _clock.GetUtcNow() - _options.StoppedRetention;
        var stopped = await _store.ListAsync(EcsKinds.Tasks, new StoreQuery { Statuses = ["STOPPED"] }, ct);
        foreach (var t in stopped)
        {
            if (t.Value.Task.StoppedAt > cutoff)
                continue;
            await _runtime.RemoveTaskAsync(t.Value.Task.TaskArn!, ct);
            try
            {
                await _store.CommitAsync(StoreWrite.Delete(EcsKinds.Tasks, Arns.TaskId(t.Value.Task.TaskArn!), t.Version), ct);
            }
            catch (ConcurrencyConflictException)
            {
                // Changed meanwhile; the next pass sees it again.
            }
        }
    }

    /// <summary>Task definitions marked for deletion go once no task refers to them any more.</summary>
    async Task CollectDeletedDefinitionsAsync(CancellationToken ct)
    {
        var doomed = await _store.ListAsync(EcsKinds.TaskDefinitions, new StoreQuery { Statuses = ["DELETE_IN_PROGRESS"] }, ct);
        if (doomed.Count == 0)
            return;
        var inUse = (await _store.ListAsync(EcsKinds.Tasks, new StoreQuery(), ct)).Select(t => t.Value.Task.TaskDefinitionArn).ToHashSet();
        foreach (var td in doomed.Where(td => !inUse.Contains(td.Value.TaskDefinitionArn)))
        {
            try
            {
                await _store.CommitAsync(StoreWrite.Delete(EcsKinds.TaskDefinitions, EcsKinds.TaskDefinitions.Id(td.Value), td.Version), ct);
            }
            catch (ConcurrencyConflictException)
            {
                // Changed meanwhile; the next pass sees it again.
            }
        }
    }

    /// <summary>Containers whose task Berth no longer knows (or has long finished with) are removed.</summary>
    async Task RemoveOrphansAsync(CancellationToken ct)
    {
        foreach (var arn in await _runtime.ListTaskArnsAsync(ct))
        {
            var known = await _store.GetAsync(EcsKinds.Tasks, Arns.TaskId(arn), ct);
            if (known is null)
            {
                LogOrphan(_log, arn);
                await _runtime.RemoveTaskAsync(arn, ct);
            }
        }
    }

    async Task WatchAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await foreach (var arn in _runtime.WatchAsync(ct))
                    Notify(Arns.TaskId(arn));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchFailed(_log, e);
                await Task.Delay(TimeSpan.FromSeconds(1), _clock, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The container engine is not available ({Reason}); tasks cannot start until it is. Retrying in {Seconds} s")]
    static partial void LogEngineUnavailable(ILogger logger, string reason, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching engine events failed; retrying")]
    static partial void LogWatchFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removing containers of unknown task {TaskArn}")]
    static partial void LogOrphan(ILogger logger, string taskArn);
}
