using Berth.Ecs.Api;
using Berth.Ecs.Model;
using Berth.Kernel;
using Berth.Kernel.Tagging;

namespace Berth.Ecs.Tests.Api;

public sealed class EcsAccessTests
{
    const string P = "arn:aws:ecs:us-east-1:123456789012:";
    readonly EcsAccess _a = new(new Arns("123456789012", "us-east-1"));

    [Fact]
    public void RunTask_TaskDefinitionResource_ClusterAndRequestTagsAsConditions()
    {
        var access = Assert.Single(_a.RunTask(new RunTaskRequest { Cluster = "a", TaskDefinition = "web:3", Tags = [new Tag { Key = "env", Value = "dev" }] }));

        Assert.Equal("ecs:RunTask", access.Action);
        Assert.Equal([P + "task-definition/web:3"], access.Resources);
        Assert.Equal([P + "cluster/a"], access.Context["ecs:cluster"]);
        Assert.Equal(["dev"], access.Context["aws:RequestTag/env"]);
        Assert.Equal(["env"], access.Context["aws:TagKeys"]);
    }

    [Theory]
    [InlineData("web", P + "task-definition/web:*")]
    [InlineData("web:7", P + "task-definition/web:7")]
    [InlineData(P + "task-definition/web:2", P + "task-definition/web:2")]
    [InlineData(P + "task-definition/web", P + "task-definition/web:*")]
    public void TaskDefinition_FamilyAloneIsItsLatestRevision(string reference, string arn) => Assert.Equal(arn, _a.TaskDefinition(reference));

    [Fact]
    public void DescribeTasks_EachTaskByArnInItsCluster_DefaultClusterWhenNoneNamed()
    {
        var access = Assert.Single(_a.Tasks("DescribeTasks", null, ["0123abcd", P + "task/b/4567ef"]));

        Assert.Equal([P + "task/default/0123abcd", P + "task/b/4567ef"], access.Resources);
        Assert.Equal([P + "cluster/default"], access.Context["ecs:cluster"]);
    }

    [Fact]
    public void DescribeClusters_NoneNamedIsTheDefaultCluster() =>
        Assert.Equal([P + "cluster/default"], Assert.Single(_a.Clusters("DescribeClusters", null)).Resources);

    [Fact]
    public void CreateService_ServiceResource_TaskDefinitionAsCondition()
    {
        var access = Assert.Single(_a.CreateService(new CreateServiceRequest { Cluster = "a", ServiceName = "web", TaskDefinition = "web" }));

        Assert.Equal([P + "service/a/web"], access.Resources);
        Assert.Equal([P + "task-definition/web:*"], access.Context["ecs:task-definition"]);
    }

    [Fact]
    public void ListTasks_AllResources_ClusterAsCondition()
    {
        var access = Assert.Single(_a.InCluster("ListTasks", "a"));

        Assert.Equal(["*"], access.Resources);
        Assert.Equal([P + "cluster/a"], access.Context["ecs:cluster"]);
    }

    [Fact]
    public void InvalidClusterArn_RefusedBeforeAnythingIsAsked() =>
        Assert.Throws<AwsException>(() => _a.Clusters("DeleteCluster", ["arn:aws:ecs:us-east-1:123456789012:service/x"]));

    [Fact]
    public void RegisterTaskDefinition_PassesItsRolesToEcsTasks()
    {
        var access = _a.RegisterTaskDefinition(new RegisterTaskDefinitionRequest
        {
            Family = "web",
            TaskRoleArn = "app",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/svc/exec",
        });

        Assert.Equal(["ecs:RegisterTaskDefinition", "iam:PassRole", "iam:PassRole"], access.Select(a => a.Action));
        Assert.Equal(["arn:aws:iam::123456789012:role/app"], access[1].Resources);
        Assert.Equal(["arn:aws:iam::123456789012:role/svc/exec"], access[2].Resources);
        Assert.Equal(["ecs-tasks.amazonaws.com"], access[1].Context["iam:PassedToService"]);
    }

    [Fact]
    public void RunTask_RoleOverridesArePassed_NoneWithoutThem()
    {
        Assert.Single(_a.RunTask(new RunTaskRequest { TaskDefinition = "web" }));
        var access = _a.RunTask(new RunTaskRequest { TaskDefinition = "web", Overrides = new TaskOverride { TaskRoleArn = "arn:aws:iam::123456789012:role/other" } });

        Assert.Equal(["ecs:RunTask", "iam:PassRole"], access.Select(a => a.Action));
    }
}
