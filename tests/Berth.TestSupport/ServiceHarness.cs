using Berth.Ecs;
using Berth.Ecs.Controllers;
using Berth.Ecs.Model;
using Berth.Ecs.Scheduling;
using Berth.Ecs.Services;
using Berth.Elb;
using Berth.Kernel;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Store;
using Berth.TestSupport.Networking;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Berth.TestSupport;

/// <summary>
/// The service API and scheduler over a real SQLite store and a manual clock. There is no engine: the
/// harness plays the task controller's part by moving tasks forward itself (<see cref="Progress"/>), so each
/// test controls exactly when tasks run, fail or stop.
/// </summary>
public sealed class ServiceHarness : IDisposable, ITaskWaker
{
    public static readonly CancellationToken Ct = CancellationToken.None;
    readonly TempDatabase _temp = new();
    int _nextIp = 2;

    public ServiceHarness()
    {
        Store = new SqliteStateStore(_temp.Db);
        Build();
    }

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
    public SqliteDatabase Db => _temp.Db;
    /// <summary>Where tasks are placed (kept across <see cref="Restart"/>, as EC2's state would be).</summary>
    public InMemoryNetworkDirectory Network { get; } = new();
    public IStateStore Store { get; private set; }
    public Arns Arns { get; } = new("123456789012", "us-east-1");
    public ClusterService Clusters { get; private set; } = null!;
    public TaskDefinitionService Definitions { get; private set; } = null!;
    public TargetRegistry Targets { get; private set; } = null!;
    public ServiceScheduler Scheduler { get; private set; } = null!;
    public ServiceService Services { get; private set; } = null!;

    /// <summary>Cloud Map as the scheduler sees it; it survives <see cref="Restart"/> like a separate service would.</summary>
    public InMemoryServiceRegistry Registry { get; } = new();

    /// <summary>Builds every service object afresh over the same database, as a restarted berthd does.</summary>
    public void Build()
    {
        var tags = new TagService(Store);
        Clusters = new ClusterService(Store, Arns, tags);
        Definitions = new TaskDefinitionService(Store, Arns, tags, Clock);
        var tasks = new TaskService(Store, Arns, Clusters, Definitions, tags, this, Network, Clock);
        Targets = new TargetRegistry(Store, new NoDataPlane(), Clock);
        var reconciler = new ServiceReconciler(Store, tasks, Definitions, Clusters, tags, Targets, this, Clock, Registry);
        Scheduler = new ServiceScheduler(Store, reconciler, Clock, NullLogger<ServiceScheduler>.Instance);
        Services = new ServiceService(Store, Arns, Clusters, Definitions, tasks, tags, Targets, Scheduler, Clock, new ServiceRegistries(Registry));
    }

    public void Restart()
    {
        _temp.Reopen();
        Store = new SqliteStateStore(_temp.Db);
        Build();
    }

    public void Notify(string taskId)
    {
    }

    public async Task<string> SetUpAsync(string image = "web:1", string family = "web")
    {
        await Clusters.CreateAsync("c", null, new ClusterService.ClusterInput(), null, Ct);
        return await RegisterAsync(image, family);
    }

    public async Task<string> RegisterAsync(string image, string family = "web")
    {
        var (td, _) = await Definitions.RegisterAsync(new TaskDefinition
        {
            Family = family,
            NetworkMode = "awsvpc",
            RequiresCompatibilities = ["FARGATE"],
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions = [new ContainerDefinition { Name = "app", Image = image, Essential = true, PortMappings = [new PortMapping { ContainerPort = 8080 }] }],
        }, null, Ct);
        return td.TaskDefinitionArn!;
    }

    public Task<EcsService> CreateAsync(string td, int desired, DeploymentConfiguration? config = null, List<ServiceLoadBalancer>? lbs = null) =>
        Services.CreateAsync(new CreateServiceRequest
        {
            Cluster = "c",
            ServiceName = "svc",
            TaskDefinition = td,
            DesiredCount = desired,
            DeploymentConfiguration = config,
            LoadBalancers = lbs,
        }, Ct);

    public async Task<EcsService> ServiceAsync() => (await Store.GetAsync(EcsKinds.Services, "c/svc", Ct))!.Value.Service;

    public async Task<List<TaskRecord>> TasksAsync() =>
        (await Store.ListAsync(EcsKinds.Tasks, new StoreQuery { Scope = "c" }, Ct)).Select(t => t.Value).ToList();

    public async Task<List<TaskRecord>> LiveAsync() => (await TasksAsync()).Where(t => t.Task.LastStatus != "STOPPED").ToList();

    public Task PassAsync() => Scheduler.PassAsync(Ct);

    /// <summary>
    /// Plays the engine: tasks asked to stop become STOPPED; new tasks become RUNNING with an address,
    /// unless their image is in <paramref name="broken"/>, in which case they fail to start.
    /// </summary>
    public async Task Progress(params string[] broken)
    {
        foreach (var t in await LiveAsync())
        {
            var id = Arns.TaskId(t.Task.TaskArn!);
            var ip = $"10.0.0.{_nextIp}";
            var moved = await Store.MutateAsync(id, r =>
            {
                if (r.Task.DesiredStatus == "STOPPED")
                {
                    r.Task.LastStatus = "STOPPED";
                    r.Task.StoppedAt = Clock.GetUtcNow();
                    return true;
                }
                if (r.Task.LastStatus == "RUNNING")
                    return false;
                if (broken.Contains(r.Definition.ContainerDefinitions![0].Image))
                {
                    r.Task.LastStatus = "STOPPED";
                    r.Task.DesiredStatus = "STOPPED";
                    r.Task.StopCode = StopCodes.TaskFailedToStart;
                    r.Task.StoppedReason = "CannotPullContainerError: pull access denied";
                    return true;
                }
                r.Task.LastStatus = "RUNNING";
                r.Task.StartedAt = Clock.GetUtcNow();
                r.Task.Containers![0].NetworkInterfaces = [new NetworkInterface { PrivateIpv4Address = ip }];
                return true;
            }, Ct);
            if (moved?.Task.LastStatus == "RUNNING" && moved.Task.StartedAt == Clock.GetUtcNow())
                _nextIp++;
        }
    }

    /// <summary>Scheduler passes and engine progress, the clock moving a second each time, until the service is stable.</summary>
    public async Task SettleAsync(int rounds = 30, params string[] broken)
    {
        for (var i = 0; i < rounds; i++)
        {
            await PassAsync();
            await Progress(broken);
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
        await PassAsync();
    }

    public void Dispose() => _temp.Dispose();
}
