using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Tests.Support;
using TaskStatus = Berth.Ecs.Model.TaskStatus;

namespace Berth.Ecs.Tests.Controllers;

public sealed class TaskObservationsTests
{
    static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    static TaskRecord Task(params ContainerDefinition[] containers)
    {
        var td = Defs.Task(containers);
        return new TaskRecord
        {
            Definition = td,
            Task = new EcsTask
            {
                LastStatus = "PENDING",
                Containers = td.ContainerDefinitions!.Select(c => new TaskContainer { Name = c.Name, LastStatus = "PENDING" }).ToList(),
            },
        };
    }

    static ObservedContainer Seen(string name, ContainerState state, int? exit = null, bool oom = false, string? health = null, bool started = true) =>
        new(name, "id-" + name, state, exit, oom, health, started ? Now : null, state == ContainerState.Exited ? Now : null, null, "sha256:x");

    static Dictionary<string, ObservedContainer> Observed(params ObservedContainer[] cs) => cs.ToDictionary(c => c.Name);

    [Fact]
    public void Record_AllContainersStarted_MovesTaskToRunningWithStartedAt()
    {
        var r = Task(Defs.Container("a"), Defs.Container("b", essential: false));
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Running), Seen("b", ContainerState.Exited, exit: 0)), Now);
        Assert.Equal(nameof(TaskStatus.RUNNING), r.Task.LastStatus);
        Assert.Equal(Now, r.Task.StartedAt);
        Assert.Equal("STOPPED", r.Task.Containers![1].LastStatus);
        Assert.Equal(0, r.Task.Containers[1].ExitCode);
    }

    [Fact]
    public void Record_OneContainerNotYetStarted_StaysPending()
    {
        var r = Task(Defs.Container("a"), Defs.Container("b"));
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Running), Seen("b", ContainerState.Created, started: false)), Now);
        Assert.Equal(nameof(TaskStatus.PENDING), r.Task.LastStatus);
        Assert.Null(r.Task.StartedAt);
        Assert.Equal("PENDING", r.Task.Containers![1].LastStatus);
    }

    [Fact]
    public void Record_OomKilledContainer_ReportsOutOfMemoryReasonAndExitCode()
    {
        var r = Task(Defs.Container("a"));
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Exited, exit: 137, oom: true)), Now);
        Assert.Equal(137, r.Task.Containers![0].ExitCode);
        Assert.StartsWith("OutOfMemoryError", r.Task.Containers[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_TaskAlreadyStopping_NeverMovesBackToRunning()
    {
        var r = Task(Defs.Container("a"));
        r.Task.LastStatus = nameof(TaskStatus.STOPPING);
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Running)), Now);
        Assert.Equal(nameof(TaskStatus.STOPPING), r.Task.LastStatus);
    }

    [Fact]
    public void Record_ContainerRemovedFromEngine_IsStoppedWithReason()
    {
        var r = Task(Defs.Container("a"), Defs.Container("b", essential: false));
        r.Task.Containers![1].RuntimeId = "id-b";
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Running)), Now);
        Assert.Equal("STOPPED", r.Task.Containers[1].LastStatus);
        Assert.Contains("removed", r.Task.Containers[1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HEALTHY", "HEALTHY", "HEALTHY")]
    [InlineData("HEALTHY", "UNKNOWN", "UNKNOWN")]
    [InlineData("UNHEALTHY", "HEALTHY", "UNHEALTHY")]
    public void Record_EssentialHealthChecks_AggregateIntoTaskHealth(string a, string b, string expected)
    {
        var ca = Defs.Container("a");
        ca.HealthCheck = Defs.Health();
        var cb = Defs.Container("b");
        cb.HealthCheck = Defs.Health();
        var r = Task(ca, cb);
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Running, health: a), Seen("b", ContainerState.Running, health: b)), Now);
        Assert.Equal(expected, r.Task.HealthStatus);
        Assert.Equal(a, r.Task.Containers![0].HealthStatus);
    }

    [Fact]
    public void Record_NoHealthChecks_TaskHealthUnknown()
    {
        var r = Task(Defs.Container("a"));
        TaskObservations.Record(r, Observed(Seen("a", ContainerState.Running)), Now);
        Assert.Equal("UNKNOWN", r.Task.HealthStatus);
    }
}
