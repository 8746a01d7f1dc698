using Berth.Kernel.Controllers;
using Berth.Kernel.Networking;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Network.Nftables;

public static class FirewallServices
{
    /// <summary>Security groups enforced by nftables on the host, rebuilt from the state at start and on every change.</summary>
    public static IServiceCollection AddBerthFirewall(this IServiceCollection s, FirewallOptions options)
    {
        s.AddSingleton(options);
        s.AddController<FirewallController>();
        s.AddSingleton<IHostAddresses, HostInterfaceAddresses>();
        return s;
    }
}
