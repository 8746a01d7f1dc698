using System.Security.Cryptography;
using Berth.Ecs.Model;

namespace Berth.Ecs.Scheduling;

/// <summary>How deployments and service events are made and kept, shared by the API and the scheduler.</summary>
public static class Deployments
{
    /// <summary>A deployment id as ECS writes it: <c>ecs-svc/</c> and 19 digits.</summary>
    public static string NewId() =>
        "ecs-svc/" + string.Concat(Enumerable.Range(0, 19).Select(i => (char)('0' + RandomNumberGenerator.GetInt32(i == 0 ? 1 : 0, 10))));

    public static ServiceDeployment New(EcsService s, string taskDefinitionArn, DateTimeOffset now) => new()
    {
        Id = NewId(),
        Status = "PRIMARY",
        TaskDefinition = taskDefinitionArn,
        DesiredCount = s.DesiredCount,
        CreatedAt = now,
        UpdatedAt = now,
        LaunchType = s.LaunchType,
        CapacityProviderStrategy = s.CapacityProviderStrategy,
        PlatformVersion = s.PlatformVersion,
        PlatformFamily = s.PlatformFamily,
        NetworkConfiguration = s.NetworkConfiguration,
        RolloutState = "IN_PROGRESS",
    };

    /// <summary>Makes <paramref name="next"/> the PRIMARY deployment; the previous primary keeps draining as ACTIVE.</summary>
    public static void Begin(EcsService s, ServiceDeployment next)
    {
        next.RolloutStateReason = $"ECS deployment {next.Id} in progress.";
        foreach (var d in s.Deployments.Where(d => d.Status == "PRIMARY"))
        {
            d.Status = "ACTIVE";
            d.UpdatedAt = next.CreatedAt;
        }
        s.Deployments.Insert(0, next);
        s.TaskDefinition = next.TaskDefinition;
    }

    public static ServiceDeployment? Primary(EcsService s) => s.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");

    const int MaxEvents = 100;

    /// <summary>Adds an event, newest first, keeping the 100 newest as DescribeServices shows them.</summary>
    public static void AddEvent(EcsService s, string message, DateTimeOffset now)
    {
        s.Events.Insert(0, new ServiceEvent { Id = Guid.NewGuid().ToString(), CreatedAt = now, Message = $"(service {s.ServiceName}) {message}" });
        if (s.Events.Count > MaxEvents)
            s.Events.RemoveRange(MaxEvents, s.Events.Count - MaxEvents);
    }
}
