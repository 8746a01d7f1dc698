using Berth.Integration.Tests.Infrastructure;
using Berth.Runtime.Docker.Engine;
using Xunit.Abstractions;

namespace Berth.Integration.Tests;

/// <summary>
/// After a crash (SIGKILL) berthd adopts running tasks, notices vanished ones, and removes containers of tasks it does
/// not know, but only its own (other berthd instances may share the engine).
/// </summary>
[Trait("Requires", "Docker")]
public sealed class RestartTests(BerthFixture fixture, ITestOutputHelper output) : BerthTestBase(fixture, output)
{
    const string InstanceLabel = "io.berth.instance";

    [BerthFact]
    public async Task KilledAndRestarted_AdoptsRunningTask_StopsTaskWhoseContainersVanished_RemovesUnknownContainers()
    {
        if (Skipped())
            return;

        var td = await RegisterAsync("survivor", Container("app", Sleeper), Container("side", Sleeper));
        var arns = await RunAsync(td, count: 2);
        var (kept, lost) = (arns[0], arns[1]);
        var before = (await Task.WhenAll(arns.Select(a => WaitForStatusAsync(a, "RUNNING"))))[0];
        var ids = before.Containers.ToDictionary(c => c.Name!, c => c.RuntimeId);
        Assert.All(ids.Values, id => Assert.False(string.IsNullOrEmpty(id)));
        var startedAt = new Dictionary<string, DateTimeOffset?>();
        foreach (var name in ids.Keys)
            startedAt[name] = (await InspectAsync(before, name)).State?.StartedAt;

        // berthd marks its containers with its instance; containers of other instances sharing the engine are not its to remove.
        var instance = (await InspectAsync(before, "app")).Config?.Labels?.GetValueOrDefault(InstanceLabel);
        Assert.False(string.IsNullOrEmpty(instance), $"task containers carry no {InstanceLabel} label");

        string? orphan = null, foreign = null;
        await Fixture.KillBerthAsync();
        try
        {
            // While berthd is down: one task's containers disappear, and a container of a task nobody knows appears.
            await Fixture.RemoveTaskContainersAsync(lost, Ct);
            orphan = await StartUnknownTaskContainerAsync(instance);
            foreign = await StartUnknownTaskContainerAsync("another-berthd-instance");

            await Fixture.RestartBerthAsync(Ct);

            // The task whose containers vanished is stopped, with a reason.
            var gone = await WaitForStoppedAsync(lost);
            Assert.False(string.IsNullOrWhiteSpace(gone.StoppedReason), $"no stoppedReason: {gone}");
            Assert.NotNull(gone.StoppedAt);

            // The unknown task's container is removed.
            await EventuallyAsync(() => Engine.Containers.InspectAsync(orphan, Ct), i => i is null, "the unknown task's container to be removed", TimeSpan.FromSeconds(30));

            // ...but not one that another berthd instance on the same engine owns.
            var other = await Engine.Containers.InspectAsync(foreign, Ct);
            Assert.True(other?.State?.Running == true, "berthd removed or stopped a container of another berthd instance");

            // The surviving task was adopted as it was: same ARN, same containers, not restarted.
            var after = await DescribeAsync(kept);
            Assert.Equal("RUNNING", after.LastStatus);
            Assert.Equal(kept, after.TaskArn);
            Assert.Equal(ids, after.Containers.ToDictionary(c => c.Name!, c => c.RuntimeId));
            foreach (var name in ids.Keys)
            {
                var inspect = await InspectAsync(after, name);
                Assert.True(inspect.State?.Running, $"{name} is not running after the restart");
                Assert.Equal(startedAt[name], inspect.State?.StartedAt);
            }

            // And berthd still manages it: it stops on request.
            await Ecs.StopTaskAsync(Cluster, kept, ct: Ct);
            var stopped = await WaitForStoppedAsync(kept);
            Assert.Equal("UserInitiated", stopped.StopCode);
            Assert.All(stopped.Containers, c => Assert.Equal(0, c.ExitCode));
        }
        finally
        {
            if (!Fixture.Berth.IsRunning)
                await Fixture.RestartBerthAsync(CancellationToken.None);
            foreach (var id in new[] { orphan, foreign }.OfType<string>())
                await Engine.Containers.RemoveAsync(id, force: true, removeVolumes: true, CancellationToken.None);
        }
    }

    /// <summary>
    /// Starts a container labelled as a Berth task container of berthd <paramref name="instance"/> for a task ARN
    /// no berthd knows (<c>deadbeef...</c>); the suite's final sweep removes it if berthd does not.
    /// </summary>
    async Task<string> StartUnknownTaskContainerAsync(string instance)
    {
        var arn = $"arn:aws:ecs:us-east-1:000000000000:task/{Cluster}/deadbeef{Guid.NewGuid():N}"[..^8];
        var taskId = arn[(arn.LastIndexOf('/') + 1)..];
        var labels = new Dictionary<string, string>
        {
            ["io.berth.managed"] = "true",
            ["com.amazonaws.ecs.task-arn"] = arn,
            ["com.amazonaws.ecs.cluster"] = Cluster,
            ["com.amazonaws.ecs.container-name"] = "app",
            [InstanceLabel] = instance,
        };
        Fixture.Track(arn);
        var id = await Engine.Containers.CreateAsync(EngineName(taskId, "app"), new ContainerCreateRequest
        {
            Image = Image,
            Cmd = ["sh", "-c", Sleeper],
            Labels = labels,
        }, Ct);
        await Engine.Containers.StartAsync(id, Ct);
        return id;
    }
}
