using Berth.Ecs.Controllers;
using Berth.Ecs.Model;

namespace Berth.Ecs.Tests.Controllers;

public sealed class TaskPlanEnvironmentTests
{
    [Fact]
    public void WithPlatformEnvironment_PlatformVariablesWin_OthersKeepTheirOrder()
    {
        var rec = new TaskRecord
        {
            Task = new EcsTask { TaskArn = "arn:aws:ecs:us-east-1:000000000000:task/c/abc", ClusterArn = "arn:aws:ecs:us-east-1:000000000000:cluster/c" },
            Definition = new TaskDefinition
            {
                Family = "f",
                Revision = 1,
                ContainerDefinitions =
                [
                    new ContainerDefinition
                    {
                        Name = "app",
                        Image = "i",
                        Environment = [new KeyValue { Name = "A", Value = "1" }, new KeyValue { Name = "AWS_EXECUTION_ENV", Value = "mine" }],
                    },
                ],
            },
        };
        var spec = TaskPlan.Container(rec, rec.Definition.ContainerDefinitions![0]);

        var with = TaskPlan.WithPlatformEnvironment(spec, [new("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE"), new("ECS_CONTAINER_METADATA_URI_V4", "http://x/v4/t")]);

        Assert.Equal(["A=1", "AWS_EXECUTION_ENV=AWS_ECS_FARGATE", "ECS_CONTAINER_METADATA_URI_V4=http://x/v4/t"], with.Environment.Select(e => $"{e.Key}={e.Value}"));
        Assert.Same(spec, TaskPlan.WithPlatformEnvironment(spec, []));
    }
}
