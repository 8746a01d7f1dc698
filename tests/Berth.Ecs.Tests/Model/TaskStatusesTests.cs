using Berth.Ecs.Model;
using TaskStatus = Berth.Ecs.Model.TaskStatus;

namespace Berth.Ecs.Tests.Model;

public sealed class TaskStatusesTests
{
    static readonly TaskStatus[] Lifecycle =
    [
        TaskStatus.PROVISIONING, TaskStatus.PENDING, TaskStatus.ACTIVATING, TaskStatus.RUNNING,
        TaskStatus.DEACTIVATING, TaskStatus.STOPPING, TaskStatus.DEPROVISIONING, TaskStatus.STOPPED,
    ];

    [Fact]
    public void Statuses_AreOrderedAsTheEcsLifecycle()
    {
        Assert.Equal(Lifecycle, Enum.GetValues<TaskStatus>().Order());
        for (var i = 0; i < Lifecycle.Length; i++)
        {
            for (var j = 0; j < Lifecycle.Length; j++)
                Assert.Equal(j > i, Lifecycle[j].IsAfter(Lifecycle[i]));
        }
    }

    [Theory]
    [InlineData("PROVISIONING", TaskStatus.PROVISIONING)]
    [InlineData("RUNNING", TaskStatus.RUNNING)]
    [InlineData("STOPPED", TaskStatus.STOPPED)]
    [InlineData(null, TaskStatus.PROVISIONING)]
    [InlineData("", TaskStatus.PROVISIONING)]
    [InlineData("NOT_A_STATUS", TaskStatus.PROVISIONING)]
    public void Parse_Text_GivesStatus(string? text, TaskStatus expected)
    {
        Assert.Equal(expected, TaskStatuses.Parse(text));
    }

    [Fact]
    public void Advance_EveryForwardMove_IsTakenAndRecorded()
    {
        for (var i = 0; i < Lifecycle.Length; i++)
        {
            for (var j = i + 1; j < Lifecycle.Length; j++)
            {
                var task = new EcsTask { LastStatus = Lifecycle[i].ToString() };
                Assert.True(TaskStatuses.Advance(task, Lifecycle[j]));
                Assert.Equal(Lifecycle[j].ToString(), task.LastStatus);
            }
        }
    }

    [Fact]
    public void Advance_EveryBackwardOrEqualMove_IsIgnored()
    {
        for (var i = 0; i < Lifecycle.Length; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var task = new EcsTask { LastStatus = Lifecycle[i].ToString() };
                Assert.False(TaskStatuses.Advance(task, Lifecycle[j]));
                Assert.Equal(Lifecycle[i].ToString(), task.LastStatus);
            }
        }
    }

    [Fact]
    public void Advance_StepByStep_WalksTheLifecycleOnce()
    {
        var task = new EcsTask { LastStatus = "PROVISIONING" };
        Assert.True(TaskStatuses.Advance(task, TaskStatus.PENDING));
        Assert.True(TaskStatuses.Advance(task, TaskStatus.RUNNING));
        Assert.False(TaskStatuses.Advance(task, TaskStatus.PENDING));
        Assert.Equal("RUNNING", task.LastStatus);
        Assert.False(TaskStatuses.Advance(task, TaskStatus.RUNNING));
        Assert.True(TaskStatuses.Advance(task, TaskStatus.STOPPED));
        Assert.False(TaskStatuses.Advance(task, TaskStatus.STOPPING));
        Assert.Equal("STOPPED", task.LastStatus);
    }

    [Fact]
    public void Advance_FromNoStatus_TreatsItAsProvisioning()
    {
        var task = new EcsTask();
        Assert.False(TaskStatuses.Advance(task, TaskStatus.PROVISIONING));
        Assert.Null(task.LastStatus);
        Assert.True(TaskStatuses.Advance(task, TaskStatus.PENDING));
        Assert.Equal("PENDING", task.LastStatus);
    }

    [Theory]
    [InlineData(TaskStatus.PROVISIONING, true)]
    [InlineData(TaskStatus.PENDING, true)]
    [InlineData(TaskStatus.ACTIVATING, true)]
    [InlineData(TaskStatus.RUNNING, false)]
    [InlineData(TaskStatus.DEACTIVATING, false)]
    [InlineData(TaskStatus.STOPPING, false)]
    [InlineData(TaskStatus.DEPROVISIONING, false)]
    [InlineData(TaskStatus.STOPPED, false)]
    public void IsPending_CoversStatusesBeforeRunning(TaskStatus status, bool pending)
    {
        Assert.Equal(pending, TaskStatuses.IsPending(status));
    }
}
