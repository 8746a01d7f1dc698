using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Berth.Ecr;
using Berth.Ecs.Runtime;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>
/// An in-memory container engine on a fake clock, for driving the task controller end to end. Containers run until a
/// test makes them exit; a stop sends SIGTERM, which ends a container with 143 (0 for one that traps it) unless it
/// ignores it, and then SIGKILL (137) once the stop timeout has passed on the clock. Every state change is reported on
/// <see cref="WatchAsync"/>, as the engine's events are. <see cref="Journal"/> keeps what was asked of it, in order.
/// </summary>
sealed class FakeContainerRuntime(TimeProvider clock) : IContainerRuntime
{
    readonly object _gate = new();
    readonly Dictionary<string, FakeContainer> _containers = new(StringComparer.Ordinal);
    readonly Dictionary<string, Sandbox> _sandboxes = new(StringComparer.Ordinal);
    readonly List<string> _journal = [];
    readonly Channel<string> _events = Channel.CreateUnbounded<string>();
    int _next;

    /// <summary>Images that cannot be pulled (as if the registry refused them).</summary>
    public HashSet<string> Unpullable { get; } = [];

    /// <summary>Containers (by name) that exit with this code as soon as they start.</summary>
    public Dictionary<string, int> ExitOnStart { get; } = [];

    /// <summary>What containers (by name) print.</summary>
    public Dictionary<string, string[]> Prints { get; } = [];

    /// <summary>Containers (by name) that handle SIGTERM and exit 0.</summary>
    public HashSet<string> TrapSigterm { get; } = [];

    /// <summary>Containers (by name) that ignore SIGTERM, so only SIGKILL ends them.</summary>
    public HashSet<string> IgnoreSigterm { get; } = [];

    /// <summary>When set, creating a sandbox fails with it (a broken engine).</summary>
    public Exception? SandboxFault { get; set; }

    public IReadOnlyList<string> Journal
    {
        get
        {
            lock (_gate)
                return [.. _journal];
        }
    }

    public sealed class FakeContainer(string taskArn, string name, string runtimeId)
    {
        public string TaskArn { get; } = taskArn;
        public string Name { get; } = name;
        public string RuntimeId { get; } = runtimeId;
        public ContainerState State { get; set; } = ContainerState.Created;
        public int? ExitCode { get; set; }
        public string? Health { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public List<string> Output { get; } = [];
        public TaskCompletionSource Exited { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The task's containers as they are now (application containers only).</summary>
    public IReadOnlyList<FakeContainer> Containers(string taskArn)
    {
        lock (_gate)
            return _containers.Values.Where(c => c.TaskArn == taskArn).ToList();
    }

    public FakeContainer Container(string taskArn, string name) => Containers(taskArn).Single(c => c.Name == name);

    public bool HasSandbox(string taskArn)
    {
        lock (_gate)
            return _sandboxes.ContainsKey(taskArn);
    }

    /// <summary>The container's process ends with <paramref name="code"/>.</summary>
    public void Exit(string taskArn, string name, int code) => End(Container(taskArn, name), code);

    public void SetHealth(string taskArn, string name, string health)
    {
        lock (_gate)
            Container(taskArn, name).Health = health;
        Changed(taskArn);
    }

    /// <summary>Containers removed behind Berth's back (as <c>docker rm -f</c> would).</summary>
    public void RemoveBehindTheBack(string taskArn) => Forget(taskArn);

    /// <summary>A running container of a task Berth does not know (left over from another life).</summary>
    public void AddForeign(string taskArn, string name)
    {
        lock (_gate)
        {
            var c = new FakeContainer(taskArn, name, $"c{++_next}") { State = ContainerState.Running, StartedAt = clock.GetUtcNow() };
            _containers[c.RuntimeId] = c;
        }
    }

    public Task InitializeAsync(CancellationToken ct) => Task.CompletedTask;

    public Task<Sandbox> EnsureSandboxAsync(SandboxSpec spec, CancellationToken ct)
    {
        if (SandboxFault is { } fault)
            throw fault;
        lock (_gate)
        {
            if (!_sandboxes.TryGetValue(spec.TaskArn, out var s))
            {
                var n = _sandboxes.Count + 2;
                // With an interface the sandbox gets its address and MAC, as the engine does.
                _sandboxes[spec.TaskArn] = s = spec.Network is { } net
                    ? new Sandbox($"pause-{spec.TaskId}", net.Address, net.MacAddress, net.VpcCidr, null)
                    : new Sandbox($"pause-{spec.TaskId}", $"10.0.0.{n}", $"02:42:0a:00:00:{n:x2}", "10.0.0.0/24", "10.0.0.1");
                Sandboxes.Add(spec);
                _journal.Add($"sandbox {spec.TaskId}");
            }
            return Task.FromResult(s);
        }
    }

    public Task<string?> PullImageAsync(string image, RegistryCredential? credential, CancellationToken ct)
    {
        lock (_gate)
            _journal.Add($"pull {image}");
        if (Unpullable.Contains(image))
            throw new ImagePullException($"pull access denied for {image}, repository does not exist or may require 'docker login'");
        return Task.FromResult<string?>("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(image))));
    }

    public Task<string> EnsureContainerAsync(SandboxSpec task, Sandbox sandbox, ContainerSpec spec, CancellationToken ct)
    {
        lock (_gate)
        {
            var existing = _containers.Values.FirstOrDefault(c => c.TaskArn == task.TaskArn && c.Name == spec.Name);
            if (existing is not null)
                return Task.FromResult(existing.RuntimeId);
            var c = new FakeContainer(task.TaskArn, spec.Name, $"c{++_next}");
            c.Output.AddRange(Prints.GetValueOrDefault(spec.Name) ?? []);
            _containers[c.RuntimeId] = c;
            _journal.Add($"create {spec.Name}");
            return Task.FromResult(c.RuntimeId);
        }
    }

    public Task StartContainerAsync(string runtimeId, CancellationToken ct)
    {
        FakeContainer c;
        lock (_gate)
        {
            c = _containers[runtimeId];
            if (c.State != ContainerState.Created)
                return Task.CompletedTask;
            c.State = ContainerState.Running;
            c.StartedAt = clock.GetUtcNow();
            _journal.Add($"start {c.Name}");
        }
        if (ExitOnStart.TryGetValue(c.Name, out var code))
            End(c, code);
        else
            Changed(c.TaskArn);
        return Task.CompletedTask;
    }

    public async Task StopContainerAsync(string runtimeId, TimeSpan timeout, CancellationToken ct)
    {
        FakeContainer c;
        lock (_gate)
        {
            if (!_containers.TryGetValue(runtimeId, out c!) || c.State != ContainerState.Running)
                return;
        }
        // The SIGKILL timer is set before SIGTERM is journaled, so a test that saw the SIGTERM can move the clock.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var kill = Task.Delay(timeout, clock, timer.Token);
        lock (_gate)
            _journal.Add($"sigterm {c.Name}");
        if (TrapSigterm.Contains(c.Name))
            End(c, 0);
        else if (!IgnoreSigterm.Contains(c.Name))
            End(c, 143);
        await Task.WhenAny(kill, c.Exited.Task);
        await timer.CancelAsync();
        ct.ThrowIfCancellationRequested();
        if (c.State == ContainerState.Running)
        {
            lock (_gate)
                _journal.Add($"sigkill {c.Name}");
            End(c, 137);
        }
    }

    public Task<IReadOnlyList<ObservedContainer>> ObserveAsync(string taskArn, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<ObservedContainer> seen = _containers.Values.Where(c => c.TaskArn == taskArn)
                .Select(c => new ObservedContainer(c.Name, c.RuntimeId, c.State, c.ExitCode, false, c.Health, c.StartedAt, c.FinishedAt, null, "sha256:image"))
                .ToList();
            return Task.FromResult(seen);
        }
    }

    public Task ReleaseSandboxAsync(string taskArn, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_sandboxes.Remove(taskArn))
                _journal.Add($"release {taskArn[(taskArn.LastIndexOf('/') + 1)..]}");
        }
        return Task.CompletedTask;
    }

    public Task RemoveTaskAsync(string taskArn, CancellationToken ct)
    {
        lock (_gate)
            _journal.Add($"remove {taskArn[(taskArn.LastIndexOf('/') + 1)..]}");
        Forget(taskArn);
        return Task.CompletedTask;
    }

    /// <summary>Every sandbox asked for, as asked.</summary>
    public List<SandboxSpec> Sandboxes { get; } = [];

    public Task<IReadOnlyList<TaskBridge>> ListBridgesAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<TaskBridge>>([new TaskBridge(null, "10.0.0.0/24", "br-fake")]);

    public Task<IReadOnlyList<string>> ListTaskArnsAsync(CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>(_containers.Values.Select(c => c.TaskArn).Concat(_sandboxes.Keys).Distinct().ToList());
    }

    public IAsyncEnumerable<string> WatchAsync(CancellationToken ct) => _events.Reader.ReadAllAsync(ct);

    public async IAsyncEnumerable<OutputLine> ReadOutputAsync(string runtimeId, DateTimeOffset? since, bool follow, [EnumeratorCancellation] CancellationToken ct)
    {
        FakeContainer? c;
        lock (_gate)
            _containers.TryGetValue(runtimeId, out c);
        if (c is null)
            yield break;
        if (follow)
            await c.Exited.Task.WaitAsync(ct);
        string[] lines;
        lock (_gate)
            lines = [.. c.Output];
        foreach (var line in lines)
            yield return new OutputLine(c.StartedAt ?? clock.GetUtcNow(), false, line);
    }

    public Task<string?> ReadStatsJsonAsync(string runtimeId, CancellationToken ct) => Task.FromResult<string?>(null);

    void End(FakeContainer c, int code)
    {
        lock (_gate)
        {
            if (c.State == ContainerState.Exited)
                return;
            c.State = ContainerState.Exited;
            c.ExitCode = code;
            c.FinishedAt = clock.GetUtcNow();
        }
        c.Exited.TrySetResult();
        Changed(c.TaskArn);
    }

    void Forget(string taskArn)
    {
        List<FakeContainer> gone;
        lock (_gate)
        {
            gone = _containers.Values.Where(c => c.TaskArn == taskArn).ToList();
            foreach (var c in gone)
                _containers.Remove(c.RuntimeId);
            _sandboxes.Remove(taskArn);
        }
        foreach (var c in gone)
            c.Exited.TrySetResult();
        Changed(taskArn);
    }

    void Changed(string taskArn) => _events.Writer.TryWrite(taskArn);
}
