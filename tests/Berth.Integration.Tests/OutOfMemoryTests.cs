using Berth.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>The task memory is a hard limit on the task cgroup: going over it is an OOM kill, reported as ECS does.</summary>
[Trait("Requires", "Docker")]
public sealed class OutOfMemoryTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    /// <summary>
    /// dd allocates its whole 1000 MiB block and fills it from /dev/zero: twice the task memory. It is exec'd so
    /// that the process the OOM killer picks is the container's main process (PID 1).
    /// </summary>
    const string Hog = "echo allocating; exec dd if=/dev/zero of=/dev/null bs=1000M count=1";

    [BerthFact]
    public async Task RunTask_ContainerAllocatesMoreThanTaskMemory_StopsWithOutOfMemoryError()
    {
        if (Skipped())
            return;

        var td = await RegisterAsync("oom", "256", "512", Container("hog", Hog));
        var arn = await RunOneAsync(td);
        var task = await WaitForStoppedAsync(arn);

        var hog = task.Container("hog");
        Assert.Equal(137, hog.ExitCode);
        Assert.Equal("STOPPED", hog.LastStatus);
        Assert.True(hog.Reason?.StartsWith("OutOfMemoryError", StringComparison.Ordinal) == true, $"container reason: '{hog.Reason}'; task: {task}");
        Assert.Equal("EssentialContainerExited", task.StopCode);

        var inspect = await InspectAsync(task, "hog");
        Assert.Equal(137, inspect.State?.ExitCode);
    }
}
