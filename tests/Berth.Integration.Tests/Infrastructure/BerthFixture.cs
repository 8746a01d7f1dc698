using System.Collections.Concurrent;
using Berth.Runtime.Docker.Engine;
using Berth.TestSupport;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// What the whole suite shares: the Docker engine, the busybox test image (built once from local files),
/// and one berthd child process on a temporary data directory. At the end berthd is stopped, every container
/// of the suite's clusters is removed (it fails when one cannot be), and the image is removed.
/// Without a Docker socket the tests are skipped, except with CI=true where that is an error.
/// </summary>
public sealed class BerthFixture : IAsyncLifetime
{
    public const string Image = "berth-it/busybox:1";
    public const string AccessKeyId = "AKIAIBERTHINTEGRATN1";
    public const string SecretAccessKey = "berth/integration/test/secret/key/0000000";
    public const string SocketPath = DockerEngine.DefaultSocketPath;

    const string ClusterLabel = "com.amazonaws.ecs.cluster";
    const string TaskArnLabel = "com.amazonaws.ecs.task-arn";
    const string ManagedLabel = "io.berth.managed";

    static readonly string[] Applets =
    [
        "sh", "sleep", "echo", "cat", "httpd", "wget", "nc", "dd", "head", "tail", "tr", "test", "touch", "mkdir",
        "true", "false", "kill", "ls", "env", "id", "seq",
    ];

    readonly ConcurrentDictionary<string, byte> _taskArns = new();
    string? _dataDirectory;

    public bool Available { get; private set; }

    public string SkipReason { get; private set; } = "";

    public DockerEngine Engine { get; private set; } = null!;

    public RawDocker RawDocker { get; private set; } = null!;

    public BerthProcess Berth { get; private set; } = null!;

    /// <summary>The client for the running berthd (replaced by <see cref="RestartBerthAsync"/>).</summary>
    public EcsClient Ecs { get; private set; } = null!;

    /// <summary>Every cluster of this run starts with this, so the run's containers can be told apart from others'.</summary>
    public string RunPrefix { get; } = $"bit-{Guid.NewGuid():N}"[..12];

    public static bool InCi => Environment.GetEnvironmentVariable("CI") == "true";

    public async Task InitializeAsync()
    {
        if (!DockerEngine.SocketExists(SocketPath))
        {
            if (InCi)
                throw new InvalidOperationException($"CI=true but there is no Docker engine socket at {SocketPath}.");
            SkipReason = $"Skipped: no Docker engine socket at {SocketPath} (set CI=true to make this a failure).";
            return;
        }

        Engine = new DockerEngine(SocketPath);
        RawDocker = new RawDocker(SocketPath);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
        using (var context = BusyboxContext().ToStream())
        {
            await Engine.Images.BuildAsync(context, Image, timeout.Token);
        }

        _dataDirectory = Directory.CreateTempSubdirectory("berth-it-").FullName;
        Berth = new BerthProcess(_dataDirectory, BerthProcess.FreePort(), AccessKeyId, SecretAccessKey);
        // Measure every second, give target tracking 5 s alarm periods and evaluate alarms every 2 s, so scaling
        // tests take a minute or two, not the quarter of an hour AWS's 60 s periods would.
        Berth.Settings["BERTH_METRICS_INTERVAL"] = "1";
        Berth.Settings["BERTH_TARGET_TRACKING_PERIOD"] = "5";
        Berth.Settings["BERTH_ALARM_EVALUATION_SECONDS"] = "2";
        using (var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
        {
            await Berth.StartAsync(timeout.Token);
            await HostAccess.OpenAsync(Berth, "10.89.0.1", timeout.Token);
        }
        Ecs = new EcsClient(Berth.Endpoint, AccessKeyId, SecretAccessKey);
        Available = true;
    }

    /// <summary>Remembers a task of this run, for the final sweep of its containers and cgroups.</summary>
    public void Track(string taskArn) => _taskArns.TryAdd(taskArn, 0);

    /// <summary>SIGKILLs berthd (nothing of its shutdown runs).</summary>
    public async Task KillBerthAsync()
    {
        await Berth.KillAsync();
        Ecs.Dispose();
    }

    /// <summary>Starts berthd again on the same data directory and port, with a fresh client.</summary>
    public async Task RestartBerthAsync(CancellationToken ct)
    {
        if (Berth.IsRunning)
            await Berth.KillAsync();
        await Berth.RestartAsync(ct);
        Ecs.Dispose();
        Ecs = new EcsClient(Berth.Endpoint, AccessKeyId, SecretAccessKey);
    }

    /// <summary>This run's containers on the engine: those of its clusters or of the tasks it ran.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> RunContainersAsync(CancellationToken ct)
    {
        var all = await Engine.Containers.ListAsync(new Dictionary<string, string[]> { ["label"] = [ManagedLabel] }, all: true, ct);
        return all.Where(c =>
                (c.Labels?.GetValueOrDefault(ClusterLabel)?.StartsWith(RunPrefix, StringComparison.Ordinal) ?? false)
                || (c.Labels?.GetValueOrDefault(TaskArnLabel) is { } arn && _taskArns.ContainsKey(arn)))
            .ToList();
    }

    /// <summary>Removes (force) every engine container of the task.</summary>
    public async Task RemoveTaskContainersAsync(string taskArn, CancellationToken ct)
    {
        var list = await Engine.Containers.ListAsync(new Dictionary<string, string[]> { ["label"] = [$"{TaskArnLabel}={taskArn}"] }, all: true, ct);
        foreach (var c in list)
            await Engine.Containers.RemoveAsync(c.Id, force: true, removeVolumes: true, ct);
    }

    public async Task DisposeAsync()
    {
        if (Engine is null)
            return;
        var problems = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        if (Berth is not null)
        {
            await Berth.DisposeAsync();
            Ecs?.Dispose();
        }

        foreach (var c in await RunContainersAsync(timeout.Token))
            await Engine.Containers.RemoveAsync(c.Id, force: true, removeVolumes: true, timeout.Token);
        var left = await RunContainersAsync(timeout.Token);
        if (left.Count > 0)
            problems.Add($"containers left after the sweep: {string.Join(", ", left.Select(c => c.Names?.FirstOrDefault() ?? c.Id))}");

        foreach (var arn in _taskArns.Keys)
            Cgroups.TryRemoveTask(arn[(arn.LastIndexOf('/') + 1)..]);

        await Engine.Images.RemoveAsync(Image, force: true, timeout.Token);
        Engine.Dispose();
        RawDocker.Dispose();
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
        if (problems.Count > 0)
            throw new InvalidOperationException("Integration suite cleanup: " + string.Join("; ", problems));
    }

    public static string BusyboxPath() =>
        new[] { "/bin/busybox", "/usr/bin/busybox", "/usr/local/bin/busybox" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("No static busybox binary on this machine (apt-get install -y busybox-static).");

    /// <summary>Build context: FROM scratch with a static busybox, its applet symlinks, /tmp and /etc/passwd.</summary>
    static ImageContext BusyboxContext()
    {
        var context = new ImageContext()
            .AddFile("Dockerfile", "FROM scratch\nENV PATH=/bin\nCOPY rootfs/ /\nCMD [\"sh\"]\n")
            .AddDirectory("rootfs/bin")
            .AddFile("rootfs/bin/busybox", File.ReadAllBytes(BusyboxPath()), (UnixFileMode)0b111_101_101)
            .AddDirectory("rootfs/tmp", (UnixFileMode)0b1_111_111_111)
            .AddDirectory("rootfs/etc")
            .AddFile("rootfs/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n")
            .AddFile("rootfs/etc/group", "root:x:0:\nnogroup:x:65534:\n");
        foreach (var applet in Applets)
            context.AddSymlink($"rootfs/bin/{applet}", "busybox");
        return context;
    }
}

/// <summary>Every test shares one berthd and runs one after another (a berthd restart must not hit another test).</summary>
[CollectionDefinition(Name)]
public sealed class BerthCollection : ICollectionFixture<BerthFixture>
{
    public const string Name = "berthd";
}
