using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>An image that cannot be pulled fails the task before any container starts.</summary>
[Trait("Requires", "Docker")]
public sealed class PullFailureTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    [BerthFact]
    public async Task RunTask_ImageCannotBePulled_StopsWithCannotPullContainerError()
    {
        if (Skipped())
            return;

        var app = Container("app", Sleeper);
        app["image"] = "localhost:1/nope:1";
        var td = await RegisterAsync("nopull", app);
        var arn = await RunOneAsync(td);

        var task = await WaitForStoppedAsync(arn);
        Assert.Equal("TaskFailedToStart", task.StopCode);
        Assert.True(task.StoppedReason?.StartsWith("CannotPullContainerError:", StringComparison.Ordinal) == true, $"stoppedReason: '{task.StoppedReason}'");
        Assert.NotNull(task.PullStartedAt);
        Assert.NotNull(task.PullStoppedAt);
        Assert.True(task.PullStartedAt <= task.PullStoppedAt, $"pullStartedAt > pullStoppedAt: {task}");
        Assert.True(task.PullStoppedAt <= task.StoppedAt, $"pullStoppedAt > stoppedAt: {task}");
        Assert.Null(task.StartedAt);
        var container = task.Container("app");
        Assert.Equal("STOPPED", container.LastStatus);
        Assert.Null(container.ExitCode);
        Assert.True(container.Reason?.StartsWith("CannotPullContainerError:", StringComparison.Ordinal) == true, $"container reason: '{container.Reason}'");

        // Nothing of the task is left on the engine but what berthd keeps for describing it.
        Assert.Null(await Engine.Containers.InspectAsync(EngineName(task.TaskId, "app"), Ct));
        Assert.Null(await Engine.Containers.InspectAsync(EngineName(task.TaskId, "pause"), Ct));
    }
}
