using Berth.Ec2.Api;
using Berth.Kernel;
using Berth.Kernel.Modules;
using Berth.Kernel.Networking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Berth.Ec2;

/// <summary>
/// EC2 networking (VPCs, subnets, security groups, network interfaces) on EC2's Query protocol, and the
/// <see cref="INetworkDirectory"/> the modules above place their tasks and load balancers through.
/// </summary>
public sealed class Ec2Module(Ec2Settings settings) : IBerthModule
{
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(settings);
        services.AddSingleton(sp => new AvailabilityZones(sp.GetRequiredService<Arns>().Region));
        services.AddSingleton<DefaultNetwork>();
        services.AddSingleton<Ec2Resources>();
        services.AddSingleton<VpcService>();
        services.AddSingleton<SubnetService>();
        services.AddSingleton<SecurityGroupService>();
        services.AddSingleton<SecurityGroupRuleService>();
        services.AddSingleton<InterfaceService>();
        services.AddSingleton<TagService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<NetworkDirectory>();
        services.AddSingleton<INetworkDirectory>(sp => sp.GetRequiredService<NetworkDirectory>());
        services.AddHostedService<DefaultNetworkSeeding>();
        services.AddOperations((sp, catalog) => Ec2Operations.Register(catalog.For(Ec2Operations.Service),
            sp.GetRequiredService<VpcService>(), sp.GetRequiredService<SubnetService>(), sp.GetRequiredService<SecurityGroupService>(),
            sp.GetRequiredService<SecurityGroupRuleService>(), sp.GetRequiredService<InterfaceService>(), sp.GetRequiredService<TagService>(),
            sp.GetRequiredService<AccountService>(), new Ec2Access(sp.GetRequiredService<Ec2Resources>())));
    }
}

/// <summary>Seeds the default VPC before berthd serves its first request (every call also makes sure of it).</summary>
sealed class DefaultNetworkSeeding(DefaultNetwork defaults) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => defaults.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
