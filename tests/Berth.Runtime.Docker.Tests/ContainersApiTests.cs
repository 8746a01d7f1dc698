using System.Diagnostics;
using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Runtime.Docker.Tests;

[Trait("Requires", "Docker")]
public sealed class ContainersApiTests(DockerFixture fixture, ITestOutputHelper output) : DockerTestBase(fixture, output)
{
    /// <summary>Exits with 0 on SIGTERM straight away (the wait builtin is interrupted by trapped signals).</summary>
    private const string TrapTerm = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

    [DockerFact]
    public async Task Lifecycle_CreateStartInspectStopRemove_ReportsEachState()
    {
        if (Skipped())
        {
            return;
        }

        var name = UniqueName("c");
        var id = await CreateAsync(
            new ContainerCreateRequest { Image = Image, Cmd = Shell(TrapTerm), Labels = new() { ["berth.task"] = "t1" } },
            name);

        var created = await Engine.Containers.InspectAsync(id, Ct);
        Assert.NotNull(created);
        Assert.Equal(id, created.Id);
        Assert.Equal("/" + name, created.Name);
        Assert.NotNull(created.Created);
        Assert.Equal(Image, created.Config?.Image);
        Assert.Equal(Fixture.ImageId, created.Image);
        Assert.Equal("t1", created.Config?.Labels?["berth.task"]);
        Assert.Equal("created", created.State?.Status);
        Assert.Null(created.State?.StartedAt);
        Assert.Null(created.State?.FinishedAt);

        await Engine.Containers.StartAsync(id, Ct);
        await Engine.Containers.StartAsync(id, Ct); // 304: already started

        var running = await Engine.Containers.InspectAsync(name, Ct);
        Assert.NotNull(running?.State);
        Assert.Equal("running", running.State.Status);
        Assert.True(running.State.Running);
        Assert.True(running.State.Pid > 0);
        Assert.NotNull(running.State.StartedAt);
        Assert.Null(running.State.FinishedAt);
        Assert.Null(running.State.Health);

        await Engine.Containers.StopAsync(id, 10, Ct);
        await Engine.Containers.StopAsync(id, 10, Ct); // 304: already stopped

        var stopped = await Engine.Containers.InspectAsync(id, Ct);
        Assert.NotNull(stopped?.State);
        Assert.Equal("exited", stopped.State.Status);
        Assert.False(stopped.State.Running);
        Assert.Equal(0, stopped.State.ExitCode);
        Assert.False(stopped.State.OomKilled);
        Assert.NotNull(stopped.State.FinishedAt);
        Assert.True(stopped.State.FinishedAt >= stopped.State.StartedAt);

        await Engine.Containers.RemoveAsync(id, force: false, removeVolumes: true, Ct);
        Assert.Null(await Engine.Containers.InspectAsync(id, Ct));
    }

    [DockerFact]
    public async Task Inspect_MissingContainer_ReturnsNull()
    {
        if (Skipped())
        {
            return;
        }

        Assert.Null(await Engine.Containers.InspectAsync(UniqueName("missing"), Ct));
    }

    [DockerFact]
    public async Task Remove_MissingContainer_IsNoOp()
    {
        if (Skipped())
        {
            return;
        }

        await Engine.Containers.RemoveAsync(UniqueName("missing"), force: true, removeVolumes: false, Ct);
    }

    [DockerFact]
    public async Task Create_MissingImage_ThrowsNotFoundWithEngineMessage()
    {
        if (Skipped())
        {
            return;
        }

        var error = await Assert.ThrowsAsync<DockerEngineException>(
            () => CreateAsync(new ContainerCreateRequest { Image = UniqueName("img") + ":nope" }));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("No such image", error.Message);
    }

    [DockerFact]
    public async Task Start_MissingContainer_ThrowsNotFound()
    {
        if (Skipped())
        {
            return;
        }

        var error = await Assert.ThrowsAsync<DockerEngineException>(() => Engine.Containers.StartAsync(UniqueName("missing"), Ct));

        Assert.Equal(404, error.StatusCode);
        Assert.Contains("No such container", error.Message);
    }

    [DockerFact]
    public async Task Stop_ContainerTrappingSigterm_ExitsPromptlyWithItsOwnCode()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("trap 'exit 3' TERM; while :; do sleep 1 & wait $!; done"));
        await Task.Delay(300, Ct); // let the shell install its trap

        var clock = Stopwatch.StartNew();
        await Engine.Containers.StopAsync(id, 30, Ct);
        clock.Stop();

        var state = (await Engine.Containers.InspectAsync(id, Ct))?.State;
        Assert.Equal(3, state?.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stop took {clock.Elapsed}");
    }

    [DockerFact]
    public async Task Stop_ContainerIgnoringSigterm_IsKilledAfterTimeout()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("trap '' TERM; while :; do sleep 1 & wait $!; done"));
        await Task.Delay(300, Ct);

        var clock = Stopwatch.StartNew();
        await Engine.Containers.StopAsync(id, 1, Ct);
        clock.Stop();

        var state = (await Engine.Containers.InspectAsync(id, Ct))?.State;
        Assert.Equal(137, state?.ExitCode);
        Assert.False(state?.Running);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"stop took {clock.Elapsed}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stop took {clock.Elapsed}");
    }

    [DockerFact]
    public async Task Kill_RunningContainer_ExitsWithSignalAndKillingAgainIsNoOp()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync("sleep", "600");

        await Engine.Containers.KillAsync(id, "SIGKILL", Ct);
        var exitCode = await Engine.Containers.WaitAsync(id, Ct);
        await Engine.Containers.KillAsync(id, "SIGKILL", Ct); // 409 "is not running"

        Assert.Equal(137, exitCode);
    }

    [DockerFact]
    public async Task Kill_WithCustomSignal_IsDeliveredToTheProcess()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("trap 'echo got-usr1; exit 5' USR1; while :; do sleep 1 & wait $!; done"));
        await Task.Delay(300, Ct);

        await Engine.Containers.KillAsync(id, "SIGUSR1", Ct);

        Assert.Equal(5, await Engine.Containers.WaitAsync(id, Ct));
        Assert.Contains("got-usr1", (await LogsAsync(id)).Select(l => l.Text));
    }

    [DockerFact]
    public async Task Wait_ExitingContainer_ReturnsExitCode()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("sleep 0.2; exit 42"));

        Assert.Equal(42, await Engine.Containers.WaitAsync(id, "not-running", Ct));
        Assert.Equal(42, (await Engine.Containers.InspectAsync(id, Ct))?.State?.ExitCode);
    }

    [DockerFact]
    public async Task Create_EnvCmdWorkingDirUser_VisibleInOutput()
    {
        if (Skipped())
        {
            return;
        }

        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Entrypoint = ["/bin/sh", "-c"],
            Cmd = ["""echo "foo=$FOO"; echo "empty=[$EMPTY]"; pwd; id -u; id -g"""],
            Env = ["FOO=bar baz", "EMPTY="],
            WorkingDir = "/tmp",
            User = "1234:5678",
        });
        await Engine.Containers.StartAsync(id, Ct);

        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));
        Assert.Equal(["foo=bar baz", "empty=[]", "/tmp", "1234", "5678"], (await LogsAsync(id)).Select(l => l.Text));
        var inspect = await Engine.Containers.InspectAsync(id, Ct);
        Assert.Contains("FOO=bar baz", inspect?.Config?.Env ?? []);
    }

    [DockerFact]
    public async Task Create_HostConfigOptions_AreAppliedByTheEngine()
    {
        if (Skipped())
        {
            return;
        }

        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell("touch /scratch/x && echo tmpfs-ok; touch /bin/x 2>/dev/null || echo rootfs-ro; echo nnp=$(grep NoNewPrivs /proc/self/status | tr -dc 0-9)"),
            StopSignal = "SIGINT",
            StopTimeout = 2,
            HostConfig = new HostConfig
            {
                NetworkMode = "none",
                Memory = 64L * 1024 * 1024,
                MemoryReservation = 32L * 1024 * 1024,
                MemorySwap = 64L * 1024 * 1024,
                NanoCpus = 500_000_000,
                CpuShares = 512,
                PidsLimit = 64,
                CapDrop = ["ALL"],
                CapAdd = ["CHOWN"],
                SecurityOpt = ["no-new-privileges"],
                ReadonlyRootfs = true,
                Ulimits = [new Ulimit { Name = "nofile", Soft = 1024, Hard = 2048 }],
                Init = true,
                RestartPolicy = new RestartPolicy { Name = "no" },
                Tmpfs = new() { ["/scratch"] = "rw,size=1m" },
                ShmSize = 8L * 1024 * 1024,
                LogConfig = new LogConfig { Type = "json-file", Config = new() { ["max-size"] = "1m" } },
            },
        });
        await Engine.Containers.StartAsync(id, Ct);

        Assert.Equal(0, await Engine.Containers.WaitAsync(id, Ct));
        var lines = (await LogsAsync(id)).Select(l => l.Text).ToList();
        Assert.Equal(["tmpfs-ok", "rootfs-ro", "nnp=1"], lines);
        var inspect = await Engine.Containers.InspectAsync(id, Ct);
        Assert.Equal(64L * 1024 * 1024, inspect?.HostConfig?.Memory);
        Assert.Equal(500_000_000, inspect?.HostConfig?.NanoCpus);
        Assert.Equal("none", inspect?.HostConfig?.NetworkMode);
    }

    [DockerFact]
    public async Task Create_AutoRemove_ContainerDisappearsAfterExit()
    {
        if (Skipped())
        {
            return;
        }

        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = ["true"],
            HostConfig = new HostConfig { AutoRemove = true },
        });
        await Engine.Containers.StartAsync(id, Ct);

        await EventuallyAsync(() => Engine.Containers.InspectAsync(id, Ct), c => c is null, TimeSpan.FromSeconds(20), "auto-removal");
    }

    [DockerFact]
    public async Task List_ByLabelFilter_FindsOnlyMatchingContainers()
    {
        if (Skipped())
        {
            return;
        }

        var marker = Guid.NewGuid().ToString("N");
        var name = UniqueName("c");
        var id = await CreateAsync(
            new ContainerCreateRequest { Image = Image, Cmd = ["true"], Labels = new() { ["berth.test.list"] = marker } },
            name);
        await CreateAsync(new ContainerCreateRequest { Image = Image, Cmd = ["true"], Labels = new() { ["berth.test.list"] = "other" } });
        var filters = new Dictionary<string, string[]> { ["label"] = [$"berth.test.list={marker}"] };

        var all = await Engine.Containers.ListAsync(filters, all: true, Ct);
        var runningOnly = await Engine.Containers.ListAsync(filters, all: false, Ct);

        var summary = Assert.Single(all);
        Assert.Equal(id, summary.Id);
        Assert.Equal(["/" + name], summary.Names ?? []);
        Assert.Equal(Image, summary.Image);
        Assert.Equal("created", summary.State);
        Assert.False(string.IsNullOrEmpty(summary.Status));
        Assert.Equal(marker, summary.Labels?["berth.test.list"]);
        Assert.Empty(runningOnly);
    }

    [DockerFact]
    public async Task Stats_RunningContainer_ReportsMemoryAndCpuCounters()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell("i=0; while :; do i=$((i+1)); done"));
        await Task.Delay(500, Ct);

        var sampled = await Engine.Containers.StatsAsync(id, oneShot: false, Ct);
        var oneShot = await Engine.Containers.StatsAsync(id, oneShot: true, Ct);

        Assert.NotNull(sampled.Read);
        Assert.True(sampled.MemoryStats?.Usage > 0, "memory usage");
        Assert.True(sampled.MemoryStats?.Limit > 0, "memory limit");
        Assert.NotEmpty(sampled.MemoryStats?.Stats ?? []);
        Assert.True(sampled.CpuStats?.CpuUsage?.TotalUsage > 0, "cpu usage");
        Assert.True(sampled.CpuStats?.SystemCpuUsage > 0, "system cpu usage");
        Assert.True(sampled.CpuStats?.OnlineCpus > 0, "online cpus");
        Assert.True(sampled.PreCpuStats?.CpuUsage?.TotalUsage > 0, "precpu usage");
        Assert.True(sampled.CpuStats!.CpuUsage!.TotalUsage >= sampled.PreCpuStats!.CpuUsage!.TotalUsage);
        Assert.True(oneShot.MemoryStats?.Usage > 0, "one-shot memory usage");
    }

    [DockerFact]
    public async Task StatsJson_RunningContainer_IsTheEnginesDocument_UnknownIsNull()
    {
        if (Skipped())
        {
            return;
        }

        var id = await RunAsync(Shell(TrapTerm));

        var json = await Engine.Containers.StatsJsonAsync(id, Ct);

        using var doc = System.Text.Json.JsonDocument.Parse(json!);
        Assert.True(doc.RootElement.GetProperty("memory_stats").GetProperty("usage").GetUInt64() > 0, "memory usage");
        Assert.True(doc.RootElement.GetProperty("cpu_stats").TryGetProperty("cpu_usage", out _), "cpu_usage");
        Assert.True(doc.RootElement.TryGetProperty("precpu_stats", out _), "precpu_stats");
        Assert.Null(await Engine.Containers.StatsJsonAsync("berth-no-such-container-" + Guid.NewGuid().ToString("N"), Ct));
    }

    [DockerFact]
    public async Task Healthcheck_PassingCommand_BecomesHealthyWithLog()
    {
        if (Skipped())
        {
            return;
        }

        var id = await CreateAsync(new ContainerCreateRequest
        {
            Image = Image,
            Cmd = Shell(TrapTerm),
            Healthcheck = new HealthConfig
            {
                Test = ["CMD-SHELL", "echo probe-ok"],
                Interval = 200_000_000,
                Timeout = 2_000_000_000,
                StartPeriod = 0,
                Retries = 3,
            },
        });
        await Engine.Containers.StartAsync(id, Ct);

        var inspect = await EventuallyAsync(
            () => Engine.Containers.InspectAsync(id, Ct),
            c => c?.State?.Health?.Status == "healthy",
            TimeSpan.FromSeconds(20),
            "healthy");

        var health = inspect!.State!.Health!;
        Assert.Equal(0, health.FailingStreak);
        var entry = Assert.IsType<HealthLogEntry>(health.Log?.Last());
        Assert.Equal(0, entry.ExitCode);
        Assert.Contains("probe-ok", entry.Output);
        Assert.NotNull(entry.Start);
        Assert.True(entry.End >= entry.Start);
    }
}
