using Microsoft.Extensions.DependencyInjection;

namespace Berth.Elb.Haproxy;

public static class DataPlaneServices
{
    /// <summary>HAProxy as ELB's data plane: the controller that writes its configuration and watches its targets.</summary>
    public static IServiceCollection AddHaproxyDataPlane(this IServiceCollection s, LoadBalancerOptions options)
    {
        s.AddSingleton(options);
        s.AddSingleton<LoadBalancerController>();
        s.AddSingleton<ILoadBalancerDataPlane>(sp => sp.GetRequiredService<LoadBalancerController>());
        s.AddHostedService<LoadBalancerHost>();
        return s;
    }
}
