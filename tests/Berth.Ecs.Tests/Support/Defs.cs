using Berth.Ecs.Model;

namespace Berth.Ecs.Tests.Support;

/// <summary>Small valid task and container definitions that a test changes one thing in.</summary>
public static class Defs
{
    public static ContainerDefinition Container(string name = "app", bool? essential = null) => new()
    {
        Name = name,
        Image = "nginx:latest",
        Essential = essential,
    };

    public static TaskDefinition Task(params ContainerDefinition[] containers) => new()
    {
        Family = "web",
        RequiresCompatibilities = ["FARGATE"],
        NetworkMode = "awsvpc",
        Cpu = "256",
        Memory = "512",
        ContainerDefinitions = containers.Length == 0 ? [Container()] : [.. containers],
    };

    public static ContainerDependency Dep(string container, string condition) => new() { ContainerName = container, Condition = condition };

    public static HealthCheck Health() => new() { Command = ["CMD-SHELL", "true"] };
}
