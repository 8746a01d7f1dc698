using System.Text.Json;
using Berth.Ecs.Model;
using Berth.Kernel;

namespace Berth.Ecs.Scheduling;

/// <summary>
/// The decisions of one reconcile step of a service, as a pure function of its record, what was observed and the
/// time (Nomad's reconciler: desired + observed → buckets, no I/O). In order: account for stopped tasks, keep
/// target registrations in step with the running tasks, apply the rolling-update plan (drain, stop, launch), run
/// the circuit breaker, and record deployments, counts and events. Fresh identifiers (event ids, a rollback's
/// deployment id) are drawn as the API draws them: they name things and decide nothing.
/// </summary>
internal static partial class ServiceDecisions
{
    /// <summary>How long past the deregistration delay a draining task may take before it is stopped anyway.</summary>
    public static readonly TimeSpan DrainSlack = TimeSpan.FromSeconds(10);

    public const int MaxLaunchPerStep = 10;

    public const string OrphanReason = "Task is not part of a deployment of this service";

    public static ServicePlan Compute(ServiceRecord stored, ServiceObservation seen, DateTimeOffset now)
    {
        var d = new Draft(Copy(stored), now);
        var rec = d.Record;
        var s = d.Service;
        var primary = Deployments.Primary(s);
        var desired = s.Status == "ACTIVE" ? s.DesiredCount : 0;

        AccountStopped(d, seen.Tasks);

        var byId = seen.Tasks.Where(ServiceObservation.IsLive).ToDictionary(t => Arns.TaskId(t.Task.TaskArn!));
        var (views, failingWhy, orphans) = Classify(d, seen, byId, primary);

        RegisterTargets(d, views, byId, seen.TargetGroups);
        DeregisterStopped(d, seen, byId);

        var config = s.DeploymentConfiguration ?? new DeploymentConfiguration();
        var rolling = primary is null
            ? new RollingPlan(0, views.Select(v => new TaskRemoval(v.TaskId, "no deployment")).ToList())
            : RollingUpdate.Plan(desired, config.MinimumHealthyPercent ?? RollingUpdate.DefaultMinimumHealthyPercent,
                config.MaximumPercent ?? RollingUpdate.DefaultMaximumPercent, primary.Id!, views, rec.Draining.Count);
        var removals = rolling.Remove.Select(r => (r.TaskId, Reason: failingWhy.GetValueOrDefault(r.TaskId) ?? $"Scaling activity initiated by (deployment {primary?.Id})"))
            .Concat(orphans.Select(o => (TaskId: o, Reason: OrphanReason)))
            .ToList();
        foreach (var (id, _) in removals.Where(r => failingWhy.ContainsKey(r.TaskId)))
        {
            CountFailure(d, byId[id].Task.StartedBy);
            var health = seen.HealthOf(id);
            foreach (var lb in s.LoadBalancers.Where(lb => failingWhy[id].Contains(lb.TargetGroupArn!, StringComparison.Ordinal)))
            {
                var h = health.GetValueOrDefault(lb.TargetGroupArn!);
                d.Event($"(task {id}) (port {lb.ContainerPort}) is unhealthy in (target-group {lb.TargetGroupArn}) due to (reason {h?.Description ?? "Health checks failed"}).");
            }
        }
        Remove(d, removals, byId, seen.TargetGroups);
        FinishDraining(d, byId, seen.TargetGroups);
        SyncRegistries(d, views, byId, seen);

        TripBreaker(d, desired);
        primary = Deployments.Primary(s);
        if (primary is not null && rolling.Start > 0 && desired > 0 && (rec.NextLaunchAt is null || now >= rec.NextLaunchAt)
            && !(primary.RolloutState == "FAILED" && config.DeploymentCircuitBreaker?.Enable == true))
        {
            d.Launch = new TaskLaunch(primary.Id!, primary.TaskDefinition!, primary.NetworkConfiguration ?? s.NetworkConfiguration,
                Math.Min(rolling.Start, MaxLaunchPerStep));
        }

        Record(d, seen.Tasks, views, desired);
        return d.ToPlan();
    }

    /// <summary>
    /// Adds the event naming the tasks a launch started: their ids exist only once they are launched. It is the
    /// newest event either way, since no completion, steady-state or deletion event can follow a launch in a step.
    /// </summary>
    public static ServiceRecord Started(ServiceRecord rec, IReadOnlyList<string> taskIds, DateTimeOffset now)
    {
        var copy = Copy(rec);
        Deployments.AddEvent(copy.Service, $"has started {taskIds.Count} tasks: {string.Join(" ", taskIds.Select(id => $"(task {id})"))}.", now);
        return copy;
    }

    /// <summary>Counts each stopped task once: the failures among them feed the circuit breaker and the launch back-off.</summary>
    static void AccountStopped(Draft d, IReadOnlyList<TaskRecord> all)
    {
        var rec = d.Record;
        var present = all.Select(t => Arns.TaskId(t.Task.TaskArn!)).ToHashSet();
        rec.Accounted.RemoveAll(id => !present.Contains(id));
        foreach (var t in all.Where(t => t.Task.LastStatus == "STOPPED"))
        {
            var id = Arns.TaskId(t.Task.TaskArn!);
            rec.Draining.Remove(id);
            if (rec.Accounted.Contains(id))
                continue;
            rec.Accounted.Add(id);
            if (t.Task.StopCode is StopCodes.TaskFailedToStart or StopCodes.EssentialContainerExited)
            {
                CountFailure(d, t.Task.StartedBy);
                d.Event($"has stopped 1 running tasks: (task {id}).");
            }
        }
    }

    static void CountFailure(Draft d, string? deploymentId)
    {
        var rec = d.Record;
        if (rec.Service.Deployments.FirstOrDefault(x => x.Id == deploymentId) is { } deployment)
            deployment.FailedTasks++;
        rec.ConsecutiveFailures++;
        rec.LastFailureAt = d.Now;
        rec.NextLaunchAt = d.Now + CircuitBreaker.LaunchBackoff(rec.ConsecutiveFailures);
        if (rec.ConsecutiveFailures == CircuitBreaker.ThrottleWarningAfter)
            d.Event("is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
    }

    /// <summary>
    /// Where each live task stands. Draining tasks are already on their way out; a task of no known deployment is
    /// an orphan (e.g. launched by a step whose commit was lost to a conflict or a crash) and goes. A healthy task
    /// of the primary deployment started after the last failure ends the run of failures.
    /// </summary>
    static (List<ServiceTaskView> Views, Dictionary<string, string> FailingWhy, List<string> Orphans) Classify(
        Draft d, ServiceObservation seen, Dictionary<string, TaskRecord> byId, ServiceDeployment? primary)
    {
        var rec = d.Record;
        var views = new List<ServiceTaskView>();
        var failingWhy = new Dictionary<string, string>();
        var orphans = new List<string>();
        var known = rec.Service.Deployments.Select(x => x.Id).ToHashSet();
        foreach (var (id, t) in byId)
        {
            if (rec.Draining.ContainsKey(id))
                continue;
            if (!known.Contains(t.Task.StartedBy))
            {
                orphans.Add(id);
                continue;
            }
            var (state, why) = ServiceTasks.Classify(t, rec.Service, seen.HealthOf(id), d.Now);
            if (why is not null)
                failingWhy[id] = why;
            views.Add(new ServiceTaskView(id, t.Task.StartedBy!, state, t.Task.CreatedAt ?? d.Now));
            if (state == ServiceTaskState.Healthy && t.Task.StartedBy == primary?.Id && rec.ConsecutiveFailures > 0
                && (rec.LastFailureAt is null || t.Task.CreatedAt >= rec.LastFailureAt))
            {
                rec.ConsecutiveFailures = 0;
                rec.NextLaunchAt = null;
            }
        }
        return (views, failingWhy, orphans);
    }

    static ServiceRecord Copy(ServiceRecord rec) =>
        JsonSerializer.Deserialize(JsonSerializer.Serialize(rec, EcsJson.Default.ServiceRecord), EcsJson.Default.ServiceRecord)!;

    /// <summary>The record being decided and the effects decided so far, for one <see cref="Compute"/>.</summary>
    sealed class Draft(ServiceRecord record, DateTimeOffset now)
    {
        readonly List<TargetRegistration> _register = [];
        readonly List<TargetDeregistration> _deregister = [];
        readonly List<TaskStop> _stop = [];
        readonly List<string> _drain = [];
        readonly List<string> _events = [];
        readonly List<RegistryChange> _registry = [];

        public ServiceRecord Record { get; } = record;
        public EcsService Service => Record.Service;
        public DateTimeOffset Now { get; } = now;

        /// <summary>The region, for the REGION attribute of Cloud Map instances (from the service's ARN).</summary>
        public string Region => Kernel.Arns.Parse(Service.ServiceArn)?.Region ?? "us-east-1";
        public TaskLaunch? Launch { get; set; }

        public void Event(string message)
        {
            Deployments.AddEvent(Service, message, Now);
            _events.Add(Service.Events[0].Message!);
        }

        public void Register(string targetGroupArn, IReadOnlyList<Elb.TargetRef> targets) => _register.Add(new(targetGroupArn, targets));

        /// <summary>Once per target: taking a draining target out again changes nothing.</summary>
        public void Deregister(string targetGroupArn, string ip, int? port, DeregistrationCause cause)
        {
            if (!_deregister.Any(x => x.TargetGroupArn == targetGroupArn && x.Ip == ip && x.Port == port))
                _deregister.Add(new(targetGroupArn, ip, port, cause));
        }

        public void Stop(string taskId, string reason) => _stop.Add(new(taskId, StopCodes.ServiceSchedulerInitiated, reason));

        public void Drain(string taskId, string reason)
        {
            Record.Draining[taskId] = new DrainingTask { Since = Now, Reason = reason };
            _drain.Add(taskId);
        }

        public bool Stopping(string taskId) => _stop.Any(x => x.TaskId == taskId);

        public void Registry(RegistryChange change) => _registry.Add(change);

        public ServicePlan ToPlan() => new(Record, _register, _deregister, _stop, _drain, Launch, _events, _registry);
    }
}
