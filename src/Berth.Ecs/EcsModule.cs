using Berth.Ecs.Api;
using Berth.Ecs.Controllers;
using Berth.Ecs.Logging;
using Berth.Ecs.Metrics;
using Berth.Ecs.Scheduling;
using Berth.Ecs.Secrets;
using Berth.Ecs.Services;
using Berth.Ecs.TaskRole;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Berth.Kernel.Tagging;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Ecs;

/// <summary>What ECS needs from the host beyond its ports: how tasks are kept and how often they are measured.</summary>
public sealed record EcsOptions
{
    public TaskControllerOptions Tasks { get; init; } = new();
    public MetricsSamplerOptions Sampling { get; init; } = new();
}

/// <summary>
/// ECS on Fargate: clusters, task definitions, tasks and services, with the task controller, the service scheduler
/// and the metrics sampler. The host supplies the container runtime (<see cref="Runtime.IContainerRuntime"/>), the
/// task usage reader, the network directory (EC2: where tasks are placed and their interfaces) and, optionally, the
/// task environment (metadata endpoint) and the packet filter's change notifier.
/// </summary>
public sealed class EcsModule(EcsOptions options) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(options.Tasks);
        services.AddSingleton(options.Sampling);
        services.AddSingleton<LogCollector>();
        services.AddSingleton<ExecutionResources>();
        services.AddSingleton(sp => new TaskRoleCredentials(sp.GetRequiredService<Arns>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IRoleSessions>()));
        services.AddController<TaskController>();
        services.AddSingleton<ITaskWaker>(sp => sp.GetRequiredService<TaskController>());
        services.AddSingleton<AccountSettingService>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<TaskDefinitionService>();
        services.AddSingleton<TaskService>();
        services.AddSingleton<ServiceReconciler>();
        services.AddController<ServiceScheduler>();
        services.AddSingleton<ServiceRegistries>();
        services.AddSingleton<ServiceService>();
        services.AddController<MetricsSampler>();
        services.AddOperations((sp, catalog) =>
        {
            var ops = catalog.For(EcsOperations.Service);
            var access = new EcsAccess(sp.GetRequiredService<Arns>());
            var serviceService = sp.GetRequiredService<ServiceService>();
            var accountSettings = sp.GetRequiredService<AccountSettingService>();
            EcsOperations.Register(ops, access, sp.GetRequiredService<ClusterService>(), sp.GetRequiredService<TaskDefinitionService>(),
                sp.GetRequiredService<TaskService>(), sp.GetRequiredService<TagService>(), serviceService, accountSettings);
            EcsAccountOperations.Register(ops, access, accountSettings, sp.GetRequiredService<ClusterService>(), serviceService, sp.GetRequiredService<Arns>());
            EcsServiceOperations.Register(ops, access, serviceService);
        });
    }
}
