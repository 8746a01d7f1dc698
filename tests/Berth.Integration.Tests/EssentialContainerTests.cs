using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>Only an essential container's exit stops the task.</summary>
[Trait("Requires", "Docker")]
public sealed class EssentialContainerTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    [BerthFact]
    public async Task ContainerExits_NonEssentialLeavesTaskRunning_EssentialStopsItWithEssentialContainerExited()
    {
        if (Skipped())
            return;

        var sideTd = await RegisterAsync("side", Container("main", Sleeper), Container("side", "echo side done; exit 3", essential: false));
        var jobTd = await RegisterAsync("job", Container("main", Sleeper), Container("job", "sleep 2; exit 5"));
        var withSide = await RunOneAsync(sideTd);
        var withJob = await RunOneAsync(jobTd);

        // Non-essential: the container is STOPPED with its exit code, the task goes on.
        var running = await WaitForAsync(withSide,
            t => t.LastStatus == "RUNNING" && t.Container("side").LastStatus == "STOPPED", "RUNNING with the side container stopped");
        Assert.Equal(3, running.Container("side").ExitCode);
        Assert.Equal("RUNNING", running.Container("main").LastStatus);

        // Essential: the task stops, and says why.
        var stopped = await WaitForStoppedAsync(withJob);
        Assert.Equal("EssentialContainerExited", stopped.StopCode);
        Assert.Contains("Essential container", stopped.StoppedReason ?? "", StringComparison.Ordinal);
        Assert.Equal(5, stopped.Container("job").ExitCode);
        Assert.Equal(0, stopped.Container("main").ExitCode);
        Assert.All(stopped.Containers, c => Assert.Equal("STOPPED", c.LastStatus));

        // By now the non-essential exit has long been seen by berthd; the task is still running.
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        var still = await DescribeAsync(withSide);
        Assert.Equal("RUNNING", still.LastStatus);
        Assert.Equal("RUNNING", still.DesiredStatus);
        Assert.Null(still.StopCode);
        Assert.Equal(3, still.Container("side").ExitCode);
        var main = await InspectAsync(still, "main");
        Assert.True(main.State?.Running, "the essential container of the task with the finished side container is not running");
    }
}
