using Berth.AutoScaling.Api;
using Berth.Kernel.Controllers;
using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.AutoScaling;

/// <summary>Application Auto Scaling for ECS services: scalable targets, scaling policies, scheduled actions and the scaler.</summary>
public sealed class AutoScalingModule(AutoScalingOptions options) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(options);
        services.AddSingleton<ScalableTargetService>();
        services.AddSingleton<ScalingPolicyService>();
        services.AddSingleton<ScheduledActionService>();
        services.AddController<AutoScaler>();
        services.AddOperations((sp, catalog) => AutoScalingOperations.Register(catalog.For(AutoScalingOperations.Service), sp.GetRequiredService<ScalableTargetService>(),
            sp.GetRequiredService<ScalingPolicyService>(), sp.GetRequiredService<ScheduledActionService>()));
    }
}

