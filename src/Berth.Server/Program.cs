using Berth.AutoScaling;
using Berth.CloudWatch;
using Berth.Dns;
using Berth.Ec2;
using Berth.Ecr;
using Berth.Ecr.Registry;
using Berth.Ecs;
using Berth.Ecs.Controllers;
using Berth.Ecs.Metrics;
using Berth.Elb;
using Berth.Elb.Haproxy;
using Berth.Iam;
using Berth.Kernel.Modules;
using Berth.Kernel.Storage;
using Berth.Logs;
using Berth.SecretsManager;
using Berth.Server;
using Berth.Server.Console;
using Berth.Server.Edge;
using Berth.Server.Observability;
using Berth.Server.TaskMetadata;
using Berth.ServiceDiscovery;
using Berth.Ssm;
using Berth.Sts;

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

var registryHost = options.RegistryHost ?? $"localhost:{options.Port}";
var registryDirectory = Path.Combine(options.DataDirectory, "registry");
Directory.CreateDirectory(registryDirectory);

// The AWS services berthd serves, each a module with its rules, controllers and operations (lower ones first).
// Secret values (Secrets Manager, SecureString parameters) are encrypted at rest with this key.
var secretsKey = KeyFiles.Load(Path.Combine(options.DataDirectory, "secrets.key"));
// IAM's key seals access keys' secrets; STS seals its sessions' secrets and tokens with it too.
var iamKey = KeyFiles.Load(Path.Combine(options.DataDirectory, "iam.key"));
IBerthModule[] modules =
[
    new IamModule(iamKey),
    new StsModule(iamKey),
    new SecretsManagerModule(secretsKey),
    new SsmModule(secretsKey),
    new LogsModule(),
    new CloudWatchModule(new MetricsOptions { EvaluationInterval = options.AlarmEvaluationInterval, Retention = options.MetricsRetention }),
    new Ec2Module(new Ec2Settings(options.Subnet)),
    new ElbModule(new LoadBalancerSettings(options.LbListen, options.LbDomain)),
    new EcrModule(new RegistrySettings(registryHost, $"http://{registryHost}"), KeyFiles.Load(Path.Combine(options.DataDirectory, "registry.key"))),
    new ServiceDiscoveryModule(),
    new EcsModule(new EcsOptions
    {
        Sampling = new MetricsSamplerOptions { Interval = options.MetricsInterval },
    }),
    new AutoScalingModule(new AutoScalingOptions { TargetTrackingPeriodSeconds = options.TargetTrackingPeriod }),
];

var s = builder.Services;
s.AddSingleton(options);
s.AddBerthKernel(options);
// Adapters: the modules' ports on real parts — SQLite, the Docker engine, HAProxy, the registry's files.
s.AddBerthStore(options);
var taskDns = new TaskResolverEndpoint();
s.AddBerthDocker(options, taskDns);
s.AddBerthFirewall(options);
s.AddHaproxyDataPlane(new LoadBalancerOptions
{
    DataDirectory = options.DataDirectory,
    HaproxyBinary = options.Haproxy,
    Settings = new LoadBalancerSettings(options.LbListen, options.LbDomain),
});
s.AddBerthRegistry(new RegistryOptions { RootDirectory = registryDirectory });
s.AddTaskMetadata(options);
s.AddBerthDns(options, taskDns);
foreach (var module in modules)
    module.AddTo(s);
s.AddBerthEdge();
s.AddBerthConsole(options);

var app = builder.Build();
app.Services.GetRequiredService<PrometheusExporter>(); // listening from the start, so no early measurement is missed
app.Use(ApiMetrics.MeasureAsync);
app.MapAwsEdge();
app.MapRegistry();
app.MapBerthConsole();
app.MapGet("/healthz", () => Results.Text("ok\n"));
app.MapGet("/readyz", async (TaskController tasks, IStateStore store, CancellationToken ct) =>
{
    // Ready when the store answers and the container engine is there: before that, RunTask would only queue.
    await store.CountAsync(EcsKinds.Clusters, new StoreQuery(), ct);
    return tasks.EngineReady ? Results.Text("ready\n") : Results.Text("waiting for the container engine\n", statusCode: 503);
});
app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
app.MapGet("/", () => Results.Text($"Berth {typeof(BerthOptions).Assembly.GetName().Version} — ECS/Fargate API on this endpoint. Use the AWS CLI with --endpoint-url.\n"));
await app.RunAsync();
return 0;
