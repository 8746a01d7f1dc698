using Berth.Ecs.Model;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Networking;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// What one reconcile step of a service sees, read once before anything is decided: every task of the service
/// (stopped ones too, so each is accounted for once), the target groups of its load balancers (a deleted group is
/// absent), and the health of each live task in those groups. Nothing here is changed after it is made.
/// </summary>
/// <param name="Health">Task id → target group ARN → the task's health there, for the live tasks that have an address.</param>
internal sealed record ServiceObservation(
    IReadOnlyList<TaskRecord> Tasks,
    IReadOnlyDictionary<string, TargetGroup> TargetGroups,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, TargetHealth>> Health)
{
    /// <summary>Registry ARN → the instances registered in that Cloud Map service now (a registry that could not be read is absent).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<RegistryInstance>> Registered { get; init; } = new Dictionary<string, IReadOnlyList<RegistryInstance>>();

    static readonly IReadOnlyDictionary<string, TargetHealth> NoHealth = new Dictionary<string, TargetHealth>();

    /// <summary>A task counts as in service until it is stopped or asked to stop.</summary>
    public static bool IsLive(TaskRecord t) => t.Task.LastStatus != "STOPPED" && t.Task.DesiredStatus != "STOPPED";

    public IReadOnlyDictionary<string, TargetHealth> HealthOf(string taskId) => Health.GetValueOrDefault(taskId) ?? NoHealth;

    /// <summary>
    /// Takes each live task's health in each target group of the service: a registered target as
    /// <paramref name="evaluate"/> says (the data plane's view), one not registered yet as registration in progress.
    /// </summary>
    public static ServiceObservation Create(EcsService s, IReadOnlyList<TaskRecord> tasks, IReadOnlyDictionary<string, TargetGroup> groups,
        Func<TargetGroup, RegisteredTarget, TargetHealth> evaluate)
    {
        var health = new Dictionary<string, IReadOnlyDictionary<string, TargetHealth>>();
        foreach (var t in tasks.Where(IsLive))
        {
            var ip = ServiceTasks.IpAddress(t.Task);
            var mine = new Dictionary<string, TargetHealth>();
            foreach (var lb in s.LoadBalancers)
            {
                if (ip is null || !groups.TryGetValue(lb.TargetGroupArn!, out var tg))
                    continue;
                var target = tg.Targets.FirstOrDefault(x => x.Id == ip && x.Port == lb.ContainerPort);
                mine[tg.TargetGroupArn] = target is null
                    ? new TargetHealth("initial", "Elb.RegistrationInProgress", null)
                    : evaluate(tg, target);
            }
            health[Arns.TaskId(t.Task.TaskArn!)] = mine;
        }
        return new ServiceObservation(tasks, groups, health);
    }
}
