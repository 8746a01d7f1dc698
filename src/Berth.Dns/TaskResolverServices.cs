using Berth.Kernel.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Berth.Dns;

public static class TaskResolverServices
{
    /// <summary>
    /// The task DNS resolver; Cloud Map's records and the network directory are used when their modules are there
    /// (without them, every name is forwarded, and every client sees every namespace). The options are made once the
    /// container is built, since the address tasks reach the host on comes from another service.
    /// </summary>
    public static IServiceCollection AddTaskResolver(this IServiceCollection s, Func<IServiceProvider, TaskResolverOptions> options, TaskResolverEndpoint endpoint)
    {
        s.AddSingleton(endpoint);
        s.AddHostedService(sp => new TaskResolverHost(
            options(sp), endpoint, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TaskResolverHost>>(),
            sp.GetService<IServiceRecords>(), sp.GetService<INetworkDirectory>()));
        return s;
    }
}
