using System.Text.Json.Nodes;
using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// Base of the integration tests: each test has a cluster of its own; every task it runs is stopped and its
/// containers removed after the test, pass or fail; berthd's output during the test goes to the test output.
/// </summary>
[Collection(BerthCollection.Name)]
public abstract class BerthTestBase(BerthFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Runs until SIGTERM, then exits 0 at once (sh is PID 1; `wait` is interrupted by the trapped signal).</summary>
    protected const string Sleeper = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

    protected const string Image = BerthFixture.Image;

    readonly List<string> _tasks = [];
    readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(4));
    long _outputMark;

    protected BerthFixture Fixture { get; } = fixture;

    protected ITestOutputHelper Output { get; } = output;

    protected EcsClient Ecs => Fixture.Ecs;

    protected DockerEngine Engine => Fixture.Engine;

    /// <summary>This test's cluster.</summary>
    protected string Cluster { get; } = $"{fixture.RunPrefix}-{Guid.NewGuid():N}"[..24];

    /// <summary>Cancelled when the test runs for too long.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>
    /// False when there is an engine to test against. A test without one is skipped by <see cref="BerthFactAttribute"/>
    /// before it runs, so reaching here without one fails rather than passing silently.
    /// </summary>
    protected bool Skipped() =>
        Fixture.Available ? false : throw new InvalidOperationException($"No Docker engine to test against: {Fixture.SkipReason}");

    public async Task InitializeAsync()
    {
        if (!Fixture.Available)
            return;
        _outputMark = Fixture.Berth.OutputMark;
        await Ecs.CreateClusterAsync(Cluster, Ct);
    }

    // ---- task definitions ----

    /// <summary>A container of the test image running <c>sh -c <paramref name="script"/></c>.</summary>
    protected static JsonObject Container(string name, string script, bool essential = true, int? stopTimeout = 2)
    {
        var c = new JsonObject
        {
            ["name"] = name,
            ["image"] = Image,
            ["essential"] = essential,
            ["command"] = new JsonArray("sh", "-c", script),
        };
        if (stopTimeout is { } t)
            c["stopTimeout"] = t;
        return c;
    }

    /// <summary>Registers a Fargate task definition (family <c>&lt;cluster&gt;-<paramref name="name"/></c>) and returns its ARN.</summary>
    protected Task<string> RegisterAsync(string name, params JsonObject[] containers) => RegisterAsync(name, "256", "512", containers);

    protected Task<string> RegisterAsync(string name, string cpu, string memory, params JsonObject[] containers) =>
        Ecs.RegisterTaskDefinitionAsync(new JsonObject
        {
            ["family"] = $"{Cluster}-{name}",
            ["requiresCompatibilities"] = new JsonArray("FARGATE"),
            ["networkMode"] = "awsvpc",
            ["cpu"] = cpu,
            ["memory"] = memory,
            ["containerDefinitions"] = new JsonArray(containers.Select(c => (JsonNode)c).ToArray()),
        }, Ct);

    protected string Family(string name) => $"{Cluster}-{name}";

    // ---- tasks ----

    /// <summary>RunTask in this test's cluster; the tasks are stopped and removed after the test.</summary>
    protected async Task<IReadOnlyList<string>> RunAsync(string taskDefinitionArn, int count = 1)
    {
        var arns = await Ecs.RunTaskAsync(Cluster, taskDefinitionArn, count, Ct);
        lock (_tasks)
            _tasks.AddRange(arns);
        foreach (var arn in arns)
            Fixture.Track(arn);
        return arns;
    }

    protected async Task<string> RunOneAsync(string taskDefinitionArn) => (await RunAsync(taskDefinitionArn)).Single();

    protected Task<TaskView> DescribeAsync(string taskArn) => Ecs.DescribeTaskAsync(Cluster, taskArn, Ct);

    /// <summary>
    /// Polls DescribeTasks until <paramref name="condition"/> holds. A task that reaches STOPPED without it fails
    /// at once; so does the timeout (default 90 s), with the task and berthd's recent output in the message.
    /// </summary>
    protected async Task<TaskView> WaitForAsync(string taskArn, Func<TaskView, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var task = await DescribeAsync(taskArn);
            if (condition(task))
                return task;
            if (task.IsStopped)
                throw new InvalidOperationException($"Task stopped while waiting for {what}: {task}\n--- berthd:\n{Fixture.Berth.Tail(40)}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}; task: {task}\n--- berthd:\n{Fixture.Berth.Tail(40)}");
            await Task.Delay(200, Ct);
        }
    }

    protected Task<TaskView> WaitForStatusAsync(string taskArn, string status) =>
        WaitForAsync(taskArn, t => t.LastStatus == status, $"lastStatus {status}");

    protected Task<TaskView> WaitForStoppedAsync(string taskArn, TimeSpan? timeout = null) =>
        WaitForAsync(taskArn, t => t.IsStopped, "lastStatus STOPPED", timeout);

    /// <summary>Polls <paramref name="probe"/> until <paramref name="condition"/> holds or the timeout passes.</summary>
    protected async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (condition(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}; last value: {Show(value)}\n--- berthd:\n{Fixture.Berth.Tail(40)}");
            await Task.Delay(200, Ct);
        }
    }

    static string Show(object? value) => value switch
    {
        null => "null",
        string s => s,
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(x => x?.ToString())) + "]",
        _ => value.ToString() ?? "",
    };

    // ---- engine ----

    /// <summary>The engine's view of a task container (by its runtimeId, else by Berth's container name).</summary>
    protected async Task<ContainerInspect> InspectAsync(TaskView task, string containerName)
    {
        var id = task.Containers.FirstOrDefault(c => c.Name == containerName)?.RuntimeId ?? EngineName(task.TaskId, containerName);
        return await Engine.Containers.InspectAsync(id, Ct)
            ?? throw new InvalidOperationException($"The engine has no container {id} ({containerName} of task {task.TaskId}).");
    }

    /// <summary>The name berthd gives a task's container on the engine.</summary>
    protected static string EngineName(string taskId, string containerName) => $"berth-{taskId}-{containerName}";

    public async Task DisposeAsync()
    {
        if (Fixture.Available)
        {
            using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            List<string> tasks;
            lock (_tasks)
                tasks = [.. _tasks];
            if (Fixture.Berth.IsRunning)
                await Task.WhenAll(tasks.Select(arn => StopQuietlyAsync(arn, cleanup.Token)));
            foreach (var arn in tasks)
            {
                try
                {
                    await Fixture.RemoveTaskContainersAsync(arn, cleanup.Token);
                }
                catch (Exception e) when (e is DockerEngineException or HttpRequestException or OperationCanceledException)
                {
                    Output.WriteLine($"cleanup: removing containers of {arn} failed: {e.Message}");
                }
            }
            var lines = Fixture.Berth.OutputSince(_outputMark);
            if (lines.Count > 0)
                Output.WriteLine("--- berthd output during this test:\n" + string.Join('\n', lines));
        }
        _timeout.Dispose();
    }

    /// <summary>StopTask, then waits (bounded) for STOPPED so the task's sandbox and cgroup are released by berthd.</summary>
    async Task StopQuietlyAsync(string arn, CancellationToken ct)
    {
        try
        {
            var task = await Ecs.DescribeTaskAsync(Cluster, arn, ct);
            if (task.IsStopped)
                return;
            if (task.DesiredStatus != "STOPPED")
                await Ecs.StopTaskAsync(Cluster, arn, "integration test cleanup", ct);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline && !(await Ecs.DescribeTaskAsync(Cluster, arn, ct)).IsStopped)
                await Task.Delay(250, ct);
        }
        catch (Exception e) when (e is AwsCallException or HttpRequestException or InvalidOperationException or OperationCanceledException)
        {
            Output.WriteLine($"cleanup: stopping {arn} failed: {e.Message}");
        }
    }
}
