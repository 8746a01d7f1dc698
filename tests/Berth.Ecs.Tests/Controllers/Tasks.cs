using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Runtime;
using Berth.Ecs.Tests.Support;

namespace Berth.Ecs.Tests.Controllers;

/// <summary>Stored tasks and engine observations at a chosen point of a task's life, for the pure decisions' tests.</summary>
static class Tasks
{
    public const string TaskId = "0123456789abcdef0123456789abcdef";
    public const string TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/c/" + TaskId;
    public static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    public static string TaskIdOf(string taskArn) => Kernel.Arns.TaskId(taskArn);

    /// <summary>A task of these containers, as RunTask stores it (PROVISIONING, wanted RUNNING).</summary>
    public static TaskRecord New(params ContainerDefinition[] containers)
    {
        var td = Defs.Task(containers);
        return new TaskRecord
        {
            Definition = td,
            Task = new EcsTask
            {
                TaskArn = TaskArn,
                ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/c",
                LastStatus = "PROVISIONING",
                DesiredStatus = "RUNNING",
                Cpu = "256",
                Memory = "512",
                Attachments = [new Attachment { Id = "att-1", Type = "ElasticNetworkInterface", Status = "PRECREATED" }],
                Containers = td.ContainerDefinitions!.Select(c => new TaskContainer { Name = c.Name, Image = c.Image, LastStatus = "PENDING" }).ToList(),
            },
        };
    }

    /// <summary>The same task with its sandbox up and its images pulled (<paramref name="pulledAt"/>), ready to run containers.</summary>
    public static TaskRecord Pulled(params ContainerDefinition[] containers) => Pulled(Now, containers);

    public static TaskRecord Pulled(DateTimeOffset pulledAt, params ContainerDefinition[] containers)
    {
        var r = New(containers);
        r.SandboxId = "sandbox-1";
        r.Task.LastStatus = "PENDING";
        r.Task.PullStartedAt = pulledAt;
        r.Task.PullStoppedAt = pulledAt;
        return r;
    }

    public static TaskRecord With(this TaskRecord r, string lastStatus, string desiredStatus = "RUNNING")
    {
        r.Task.LastStatus = lastStatus;
        r.Task.DesiredStatus = desiredStatus;
        return r;
    }

    public static ContainerDefinition Logs(this ContainerDefinition c, string group, bool create = false)
    {
        c.LogConfiguration = new LogConfiguration
        {
            LogDriver = "awslogs",
            Options = new Dictionary<string, string> { ["awslogs-group"] = group, ["awslogs-stream-prefix"] = "ecs" },
        };
        if (create)
            c.LogConfiguration.Options["awslogs-create-group"] = "true";
        return c;
    }

    public static ContainerDefinition DependsOn(this ContainerDefinition c, string container, string condition)
    {
        c.DependsOn = [.. c.DependsOn ?? [], Defs.Dep(container, condition)];
        return c;
    }

    public static ObservedContainer Created(string name) => new(name, "id-" + name, ContainerState.Created, null, false, null, null, null, null, "sha256:x");

    public static ObservedContainer Running(string name, string? health = null) =>
        new(name, "id-" + name, ContainerState.Running, null, false, health, Now, null, null, "sha256:x");

    public static ObservedContainer Exited(string name, int code) =>
        new(name, "id-" + name, ContainerState.Exited, code, false, null, Now, Now, null, "sha256:x");

    public static TaskObserved Seen(params ObservedContainer[] containers) =>
        new() { Containers = containers.ToDictionary(c => c.Name, StringComparer.Ordinal) };
}
