using System.Text.Json;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.TaskRole;
using Berth.Ecs.Tests.Controllers;
using Berth.Ecs.Tests.Support;
using Berth.Kernel;
using Berth.Kernel.Storage;
using static Berth.Ecs.Tests.Controllers.Tasks;

namespace Berth.Ecs.Tests.TaskRole;

/// <summary>
/// A task role through a task's life: RunTask refuses a role ECS cannot assume, the task gets its credentials id and
/// session, a role that cannot be assumed at start stops the task with ECS's words, and stopping drops the credentials.
/// </summary>
public sealed class TaskRoleLifecycleTests : IAsyncLifetime
{
    const string Role = "arn:aws:iam::123456789012:role/app";
    static readonly CancellationToken Ct = CancellationToken.None;

    readonly TaskControllerHarness _h;
    readonly FakeRoleSessions _sts;

    public TaskRoleLifecycleTests()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        _sts = new FakeRoleSessions(clock);
        _sts.Trusting.Add(Role);
        _h = new TaskControllerHarness(_sts);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _h.DisposeAsync().AsTask();

    [Fact]
    public void Next_ProvisioningWithARole_OpensTheSessionBeforeTheSandbox()
    {
        var r = New();
        r.CredentialsId = CredentialsId.New();

        var step = TaskNext.Next(r, new TaskObserved(), Now);

        Assert.Collection(step.Actions, a => Assert.IsType<OpenRoleSession>(a), a => Assert.IsType<EnsureSandbox>(a));
    }

    [Fact]
    public void Next_ProvisioningWithoutARole_NoSession() =>
        Assert.DoesNotContain(TaskNext.Next(New(), new TaskObserved(), Now).Actions, a => a is OpenRoleSession);

    [Fact]
    public void Next_StopWithARole_DropsTheCredentialsWithTheSandbox()
    {
        var r = Pulled().With("RUNNING", "STOPPED");
        r.CredentialsId = CredentialsId.New();

        var actions = TaskNext.Next(r, new TaskObserved(), Now).Actions;

        var drop = Assert.Single(actions.OfType<DropRoleSession>());
        Assert.Equal(TaskArn, drop.TaskArn);
        Assert.True(actions.ToList().IndexOf(drop) < actions.ToList().FindIndex(a => a is ReleaseSandbox));
    }

    [Fact]
    public async Task RunTask_RoleTrustsEcsTasks_TaskRunsWithItsIdAndOneSession_AndStoppingDropsIt()
    {
        await _h.StartAsync();
        _h.TaskRoleArn = Role;

        var arn = await _h.RunAsync(Defs.Container("app"));
        var r = await _h.WaitForStatusAsync(arn, "RUNNING");

        Assert.Matches("^[0-9a-f]{32}$", r.CredentialsId);
        var session = Assert.Single(_sts.Opened);
        Assert.Equal((Role, Arns.TaskId(arn)), (session.RoleArn, session.SessionName));
        Assert.True(_h.Roles.Holds(arn));
        Assert.DoesNotContain(r.CredentialsId!, JsonSerializer.Serialize(r.Task, EcsJson.Default.EcsTask), StringComparison.Ordinal);

        await _h.StopAsync(arn);
        await _h.WaitForStatusAsync(arn, "STOPPED");
        Assert.False(_h.Roles.Holds(arn));
    }

    [Fact]
    public async Task RunTask_ShortRoleName_AssumesTheRoleOfThisAccount()
    {
        await _h.StartAsync();
        _h.TaskRoleArn = "app";

        var arn = await _h.RunAsync(Defs.Container("app"));

        Assert.Equal(Role, Assert.Single(_sts.Opened).RoleArn);
        await _h.WaitForStatusAsync(arn, "RUNNING");
    }

    [Fact]
    public async Task RunTask_WithoutARole_NoIdNoSession()
    {
        await _h.StartAsync();

        var arn = await _h.RunAsync(Defs.Container("app"));
        var r = await _h.WaitForStatusAsync(arn, "RUNNING");

        Assert.Null(r.CredentialsId);
        Assert.Empty(_sts.Opened);
    }

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/untrusting")]
    [InlineData("arn:aws:iam::123456789012:role/missing")]
    public async Task RunTask_RoleEcsCannotAssume_ClientExceptionInEcsWords_NothingStored(string role)
    {
        await _h.StartAsync();
        _h.TaskRoleArn = role;

        var e = await Assert.ThrowsAsync<AwsException>(() => _h.RunAsync(Defs.Container("app")));

        Assert.Equal(("ClientException", TaskRoles.UnableToAssume(role)), (e.Code, e.Message));
        Assert.Equal(0, await _h.Store.CountAsync(EcsKinds.Tasks, new StoreQuery(), Ct));
    }

    [Fact]
    public async Task RunTask_OverrideNotARole_RoleIsNotValid()
    {
        await _h.StartAsync();
        var (td, _) = await new Services.TaskDefinitionService(_h.Store, new Arns("123456789012", "us-east-1"), new Kernel.Tagging.TagService(_h.Store), _h.Clock)
            .RegisterAsync(Defs.Task(), null, Ct);

        var e = await Assert.ThrowsAsync<AwsException>(() => _h.Tasks.RunAsync(new RunTaskRequest
        {
            Cluster = "c",
            TaskDefinition = td.TaskDefinitionArn,
            Overrides = new TaskOverride { TaskRoleArn = "arn:aws:iam::123456789012:user/alice" },
        }, Ct));

        Assert.Equal(("ClientException", "Role is not valid"), (e.Code, e.Message));
    }

    [Fact]
    public async Task TaskStart_RoleNoLongerAssumable_TaskStopsWithEcsWords()
    {
        // Run while the role trusts ECS tasks; by the time the task starts (here: a restarted berthd, which holds no
        // session) its trust policy no longer does.
        await _h.StartAsync();
        await _h.StopControllerAsync();
        _h.TaskRoleArn = Role;
        var arn = await _h.RunAsync(Defs.Container("app"));
        _h.Roles.Drop(arn);
        _sts.Trusting.Clear();

        await _h.StartAsync();
        var r = await _h.WaitForStatusAsync(arn, "STOPPED");

        Assert.Equal(StopCodes.TaskFailedToStart, r.Task.StopCode);
        Assert.Equal(TaskRoles.UnableToAssume(Role), r.Task.StoppedReason);
        Assert.False(_h.Runtime.HasSandbox(arn));
    }
}
