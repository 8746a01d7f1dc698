using Berth.Elb.Api;
using Berth.Kernel.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Elb;

/// <summary>
/// Elastic Load Balancing v2 (application load balancers) on the Query protocol. The host supplies the data plane
/// (<see cref="ILoadBalancerDataPlane"/>) that carries the traffic; the EC2 module the networks load balancers are
/// placed in (<see cref="Berth.Kernel.Networking.INetworkDirectory"/>).
/// </summary>
public sealed class ElbModule(LoadBalancerSettings settings) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(settings);
        services.AddSingleton<TargetRegistry>();
        services.AddSingleton<ActionValidator>();
        services.AddSingleton<LoadBalancerNetwork>();
        services.AddSingleton<LoadBalancerService>();
        services.AddSingleton<TargetGroupService>();
        services.AddSingleton<ListenerService>();
        services.AddSingleton<RuleService>();
        services.AddSingleton<ElbTags>();
        services.AddOperations((sp, catalog) => ElbOperations.Register(catalog.For(ElbOperations.Service), sp.GetRequiredService<LoadBalancerService>(),
            sp.GetRequiredService<TargetGroupService>(), sp.GetRequiredService<TargetRegistry>(), sp.GetRequiredService<ListenerService>(),
            sp.GetRequiredService<RuleService>(), sp.GetRequiredService<ElbTags>()));
    }
}
