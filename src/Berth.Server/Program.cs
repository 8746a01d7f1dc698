using Berth.Api.Auth;
using Berth.Api.AutoScaling;
using Berth.Api.Ecr;
using Berth.Api.Ecs;
using Berth.Api.Elb;
using Berth.Api.Logs;
using Berth.Api.Observability;
using Berth.Api.Protocol;
using Berth.Api.Query;
using Berth.Core;
using Berth.Core.AutoScaling;
using Berth.Core.Controllers;
using Berth.Core.LoadBalancing;
using Berth.Core.Logs;
using Berth.Core.Metrics;
using Berth.Core.Registry;
using Berth.Core.Runtime;
using Berth.Core.Scheduling;
using Berth.Core.Services;
using Berth.Core.Storage;
using Berth.LoadBalancer;
using Berth.Registry;
using Berth.Runtime.Docker;
using Berth.Runtime.Docker.Engine;
using Berth.Server;
using Berth.Server.Console;
using Berth.Server.TaskMetadata;
using Berth.Store;

BerthOptions options;
try
{
    options = BerthOptions.FromEnvironment(Environment.GetEnvironmentVariable);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"berthd: {e.Message}");
    return 2;
}
Directory.CreateDirectory(options.DataDirectory);

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://{options.Listen}:{options.Port}");
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64L * 1024 * 1024);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var s = builder.Services;
s.AddSingleton(options);
s.AddSingleton(TimeProvider.System);
s.AddSingleton(new Arns(options.AccountId, options.Region));
s.AddSingleton(new SqliteDatabase(Path.Combine(options.DataDirectory, "berth.db")));
s.AddSingleton<IStateStore, SqliteStateStore>();
s.AddSingleton<ILogStore, SqliteLogStore>();
s.AddSingleton(new DockerEngine(options.DockerSocket));
s.AddSingleton(new DockerRuntimeOptions { SocketPath = options.DockerSocket, Subnet = options.Subnet, InstanceId = InstanceId.Load(options.DataDirectory) });
s.AddSingleton<IContainerRuntime, DockerRuntime>();
s.AddSingleton<LogCollector>();
s.AddSingleton(new TaskControllerOptions());
s.AddSingleton<TaskController>();
s.AddSingleton<ITaskWaker>(sp => sp.GetRequiredService<TaskController>());
s.AddHostedService<TaskControllerHost>();
s.AddTaskMetadata(options);
// Load balancers: HAProxy is the data plane; Core only knows ILoadBalancerDataPlane.
s.AddSingleton(new LoadBalancerSettings(options.LbListen, options.LbDomain));
s.AddSingleton(sp => new LoadBalancerOptions { DataDirectory = options.DataDirectory, HaproxyBinary = options.Haproxy, Settings = sp.GetRequiredService<LoadBalancerSettings>() });
s.AddSingleton<LoadBalancerController>();
s.AddSingleton<ILoadBalancerDataPlane>(sp => sp.GetRequiredService<LoadBalancerController>());
s.AddHostedService<LoadBalancerHost>();
s.AddSingleton(new NetworkDefaults("subnet-0b3e7a1f00000000a", "sg-0b3e7a1f00000000a"));
s.AddSingleton<TagService>();
s.AddSingleton<ClusterService>();
s.AddSingleton<TaskDefinitionService>();
s.AddSingleton<TaskService>();
s.AddSingleton<LogService>();
s.AddSingleton<ServiceReconciler>();
s.AddSingleton<ServiceScheduler>();
s.AddHostedService<ServiceSchedulerHost>();
s.AddSingleton<ServiceService>();
// Metrics: tasks measured from their cgroups, load balancers from HAProxy; points kept in SQLite.
s.AddSingleton<IMetricStore, SqliteMetricStore>();
s.AddSingleton<ITaskUsageReader>(sp => new TaskUsageReader(sp.GetRequiredService<DockerRuntimeOptions>().CgroupRoot));
s.AddSingleton(new MetricsSamplerOptions { Interval = options.MetricsInterval });
s.AddSingleton<MetricsSampler>();
s.AddHostedService<MetricsSamplerHost>();
s.AddBerthAutoScaling(options);
var registryHost = options.RegistryHost ?? $"localhost:{options.Port}";
var registrySettings = new RegistrySettings(registryHost, $"http://{registryHost}", Path.Combine(options.DataDirectory, "registry"));
Directory.CreateDirectory(registrySettings.RootDirectory);
s.AddSingleton(registrySettings);
s.AddSingleton(sp => new RegistryTokens(RegistryTokens.LoadKey(Path.Combine(options.DataDirectory, "registry.key")), sp.GetRequiredService<TimeProvider>()));
s.AddSingleton<ImageCredentials>();
s.AddSingleton<RepositoryService>();
s.AddBerthRegistry(new RegistryOptions { RootDirectory = registrySettings.RootDirectory });
s.AddHostedService<RegistryCollectorHost>();
s.AddHostedService<LifecyclePolicyHost>();
s.AddSingleton(RootCredentials.Load(options));
s.AddSingleton<ICredentialLookup>(sp => sp.GetRequiredService<RootCredentials>());
s.AddSingleton<SigV4Verifier>();
s.AddSingleton(sp =>
{
    var table = new OperationTable();
    EcsOperations.Register(table, sp.GetRequiredService<ClusterService>(), sp.GetRequiredService<TaskDefinitionService>(),
        sp.GetRequiredService<TaskService>(), sp.GetRequiredService<TagService>(), sp.GetRequiredService<ServiceService>());
    EcsServiceOperations.Register(table, sp.GetRequiredService<ServiceService>());
    LogsOperations.Register(table, sp.GetRequiredService<LogService>());
    EcrOperations.Register(table, sp.GetRequiredService<RepositoryService>(), sp.GetRequiredService<RegistryTokens>(),
        sp.GetRequiredService<RegistrySettings>(), sp.GetRequiredService<TagService>(), sp.GetRequiredService<IStateStore>());
    EcrLifecycleOperations.Register(table, sp.GetRequiredService<RepositoryService>(), sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>());
    AutoScalingOperations.Register(table, sp.GetRequiredService<ScalableTargetService>(), sp.GetRequiredService<ScalingPolicyService>(), sp.GetRequiredService<ScheduledActionService>());
    return table;
});
s.AddSingleton<AwsJsonEndpoint>();
s.AddSingleton(new PrometheusExporter());
s.AddSingleton<TargetRegistry>();
s.AddSingleton<ActionValidator>();
s.AddSingleton<LoadBalancerService>();
s.AddSingleton<TargetGroupService>();
s.AddSingleton<ListenerService>();
s.AddSingleton<RuleService>();
s.AddSingleton<ElbTags>();
s.AddSingleton(sp =>
{
    var table = new QueryOperationTable();
    ElbOperations.Register(table, sp.GetRequiredService<LoadBalancerService>(), sp.GetRequiredService<TargetGroupService>(),
        sp.GetRequiredService<TargetRegistry>(), sp.GetRequiredService<ListenerService>(), sp.GetRequiredService<RuleService>(), sp.GetRequiredService<ElbTags>());
    return table;
});
s.AddSingleton<QueryEndpoint>();
s.AddBerthCloudWatch(new MetricsOptions { EvaluationInterval = options.AlarmEvaluationInterval, Retention = options.MetricsRetention });
s.AddBerthConsole(options);

var app = builder.Build();
app.Services.GetRequiredService<PrometheusExporter>(); // listening from the start, so no early measurement is missed
app.Use(ApiMetrics.MeasureAsync);
var endpoint = app.Services.GetRequiredService<AwsJsonEndpoint>();
var queryEndpoint = app.Services.GetRequiredService<QueryEndpoint>();
app.MapPost("/", http => QueryEndpoint.IsQueryRequest(http.Request) ? queryEndpoint.HandleAsync(http) : endpoint.HandleAsync(http));
app.MapRegistry();
app.MapBerthConsole();
app.MapGet("/healthz", () => Results.Text("ok\n"));
app.MapGet("/readyz", async (TaskController tasks, IStateStore store, CancellationToken ct) =>
{
    // Ready when the store answers and the container engine is there: before that, RunTask would only queue.
    await store.CountAsync(Kinds.Clusters, new StoreQuery(), ct);
    return tasks.EngineReady ? Results.Text("ready\n") : Results.Text("waiting for the container engine\n", statusCode: 503);
});
app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
app.MapGet("/", () => Results.Text($"Berth {typeof(BerthOptions).Assembly.GetName().Version} — ECS/Fargate API on this endpoint. Use the AWS CLI with --endpoint-url.\n"));
await app.RunAsync();
return 0;
