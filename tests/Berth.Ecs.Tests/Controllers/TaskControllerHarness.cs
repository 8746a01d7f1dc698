using System.Diagnostics;
using Berth.Ecs.Controllers;
using Berth.Ecs.Logging;
using Berth.Ecs.Model;
using Berth.Ecs.Secrets;
using Berth.Ecs.Services;
using Berth.Ecs.TaskRole;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Logs;
using Berth.Store;
using Berth.TestSupport;
using Berth.TestSupport.Networking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>
/// The task controller over a real SQLite store, the in-memory engine and a fake clock; tasks are run and stopped
/// through <see cref="TaskService"/>, as the API does. <see cref="RestartAsync"/> replaces the controller with a new
/// one over the same store and engine, as a restarted berthd.
/// </summary>
sealed class TaskControllerHarness : ITaskWaker, IAsyncDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TempDatabase _temp = new();
    readonly SqliteLogStore _logs;
    readonly TaskDefinitionService _definitions;
    readonly ClusterService _clusters;
    readonly TagService _tags;
    TaskController? _controller;
    CancellationTokenSource? _stop;
    Task? _run;


    /// <param name="sessions">STS for task roles; without it a task with a role is refused.</param>
    public TaskControllerHarness(IRoleSessions? sessions = null)
    {
        Runtime = new FakeContainerRuntime(Clock);
        Store = new SqliteStateStore(_temp.Db);
        _logs = new SqliteLogStore(_temp.Db, Clock);
        var arns = new Arns("123456789012", "us-east-1");
        var tags = _tags = new TagService(Store);
        _clusters = new ClusterService(Store, arns, tags);
        _definitions = new TaskDefinitionService(Store, arns, tags, Clock);
        Roles = new TaskRoleCredentials(arns, Clock, sessions);
        Tasks = new TaskService(Store, arns, _clusters, _definitions, tags, this, Network, Clock, Roles);
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    public FakeContainerRuntime Runtime { get; }
    public InMemoryNetworkDirectory Network { get; } = new();
    public IStateStore Store { get; }
    public TaskService Tasks { get; }
    public TaskControllerOptions Options { get; } = new();

    /// <summary>What the controller fetches under execution roles (none: nothing is authorized or served).</summary>
    public ExecutionResources? Execution { get; set; }

    /// <summary>The executionRoleArn of the definitions <see cref="RunAsync"/> registers.</summary>
    public string? ExecutionRoleArn { get; set; }

    /// <summary>The task role sessions ECS holds (shared by RunTask and the controller, as in berthd).</summary>
    public TaskRoleCredentials Roles { get; }

    /// <summary>The awsvpcConfiguration <see cref="RunAsync"/> runs tasks with (none: the default VPC's).</summary>
    public AwsVpcConfiguration? AwsVpc { get; set; }

    /// <summary>The task definitions <see cref="RunAsync"/> registers name this task role.</summary>
    public string? TaskRoleArn { get; set; }

    public void Notify(string taskId) => _controller?.Notify(taskId);

    public async Task StartAsync()
    {
        if (await _clusters.DescribeAsync(["c"], null, Ct) is { Clusters.Count: 0 })
            await _clusters.CreateAsync("c", null, new ClusterService.ClusterInput(), null, Ct);
        var collector = new LogCollector(_logs, Runtime, NullLogger<LogCollector>.Instance);
        _controller = new TaskController(Store, Runtime, _logs, collector, Clock, Options, NullLogger<TaskController>.Instance, execution: Execution, roles: Roles, network: Network, tags: _tags);
        _stop = new CancellationTokenSource();
        var controller = _controller;
        var stop = _stop.Token;
        _run = Task.Run(() => controller.RunAsync(stop), CancellationToken.None);
    }

    /// <summary>A new controller over the same store and engine; the old one is gone (its workers with it).</summary>
    public async Task RestartAsync()
    {
        await StopControllerAsync();
        await StartAsync();
    }

    public async Task StopControllerAsync()
    {
        if (_stop is null)
            return;
        await _stop.CancelAsync();
        await _run!.WaitAsync(Patience);
        _stop.Dispose();
        (_stop, _run, _controller) = (null, null, null);
    }

    public async Task<string> RunAsync(params ContainerDefinition[] containers)
    {
        var (td, _) = await _definitions.RegisterAsync(new TaskDefinition
        {
            Family = "app",
            ExecutionRoleArn = ExecutionRoleArn,
            NetworkMode = "awsvpc",
            RequiresCompatibilities = ["FARGATE"],
            Cpu = "256",
            Memory = "512",
            TaskRoleArn = TaskRoleArn,
            ContainerDefinitions = [.. containers],
        }, null, Ct);
        var (tasks, failures) = await Tasks.RunAsync(new RunTaskRequest
        {
            Cluster = "c",
            TaskDefinition = td.TaskDefinitionArn,
            NetworkConfiguration = AwsVpc is null ? null : new NetworkConfiguration { AwsvpcConfiguration = AwsVpc },
        }, Ct);
        Assert.Empty(failures);
        return Assert.Single(tasks).TaskArn!;
    }

    public Task StopAsync(string taskArn) => Tasks.StopAsync("c", taskArn, null, Ct);

    public async Task<TaskRecord> TaskAsync(string taskArn) => (await Store.GetAsync(EcsKinds.Tasks, Arns.TaskId(taskArn), Ct))!.Value;

    /// <summary>
    /// Until the task satisfies <paramref name="condition"/>: looks at it, moves the clock by <paramref name="step"/>
    /// (zero: time stands still) and lets the controller work. Returns the task as it then is.
    /// </summary>
    public async Task<TaskRecord> WaitForAsync(string taskArn, Func<TaskRecord, bool> condition, string what, TimeSpan step = default)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var r = await TaskAsync(taskArn);
            if (condition(r))
                return r;
            if (watch.Elapsed > Patience)
                Assert.Fail($"Task never was {what}: {r.Task.LastStatus}/{r.Task.DesiredStatus} {r.Task.StopCode} {r.Task.StoppedReason}; engine: {string.Join(", ", Runtime.Journal)}");
            if (step > TimeSpan.Zero)
                Clock.Advance(step);
            await Task.Delay(2);
        }
    }

    public Task<TaskRecord> WaitForStatusAsync(string taskArn, string status, TimeSpan step = default) =>
        WaitForAsync(taskArn, r => r.Task.LastStatus == status, status, step);

    /// <summary>Until the engine's journal has <paramref name="entry"/>, moving the clock by <paramref name="step"/> meanwhile.</summary>
    public async Task WaitForJournalAsync(string entry, TimeSpan step = default)
    {
        var watch = Stopwatch.StartNew();
        while (!Runtime.Journal.Contains(entry))
        {
            if (watch.Elapsed > Patience)
                Assert.Fail($"The engine was never asked to {entry}: {string.Join(", ", Runtime.Journal)}");
            if (step > TimeSpan.Zero)
                Clock.Advance(step);
            await Task.Delay(2);
        }
    }

    /// <summary>Moves the clock <paramref name="span"/> forward in <paramref name="step"/>s, letting the controller work after each.</summary>
    public async Task LetTimePassAsync(TimeSpan span, TimeSpan step)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += step)
        {
            Clock.Advance(step);
            await Task.Delay(2);
        }
    }

    public async Task<List<string>> LogEventsAsync(string group, string stream) =>
        (await _logs.ReadAsync(new EventQuery(group, [stream], null, null, null, false, null, 100), Ct)).Select(e => e.Message).ToList();

    public async ValueTask DisposeAsync()
    {
        await StopControllerAsync();
        _temp.Dispose();
    }
}
