using System.Net;
using Berth.CloudWatch;
using Berth.Dns;
using Berth.Ecs.Metrics;
using Berth.Ecs.Runtime;
using Berth.Kernel;
using Berth.Kernel.Auth;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;
using Berth.Kernel.Tagging;
using Berth.Logs;
using Berth.Network.Nftables;
using Berth.Runtime.Docker;
using Berth.Runtime.Docker.Engine;
using Berth.Server.TaskMetadata;
using Berth.Store;

namespace Berth.Server;

/// <summary>How berthd puts the kernel and the adapters together; the modules add themselves (Program.cs lists them).</summary>
static class Composition
{
    /// <summary>What every module may take: the clock, ARNs, tags, and the credentials callers sign with.</summary>
    public static IServiceCollection AddBerthKernel(this IServiceCollection s, BerthOptions options)
    {
        s.AddSingleton(TimeProvider.System);
        s.AddSingleton(new Arns(options.AccountId, options.Region));
        s.AddSingleton<TagService>();
        s.AddSingleton<NetworkChangeHub>();
        s.AddSingleton<INetworkChangeNotifier>(sp => sp.GetRequiredService<NetworkChangeHub>());
        s.AddSingleton(RootCredentials.Load(options));
        s.AddSingleton<ICredentialSource>(sp => sp.GetRequiredService<RootCredentials>());
        s.AddSingleton<ICredentialLookup>(sp => new CredentialLookup(sp.GetServices<ICredentialSource>()));
        s.AddSingleton<SigV4Verifier>();
        return s;
    }

    /// <summary>State, logs and metric points in one SQLite file in the data directory.</summary>
    public static IServiceCollection AddBerthStore(this IServiceCollection s, BerthOptions options)
    {
        s.AddSingleton(new SqliteDatabase(Path.Combine(options.DataDirectory, "berth.db")));
        s.AddSingleton<IStateStore, SqliteStateStore>();
        s.AddSingleton<ILogStore, SqliteLogStore>();
        s.AddSingleton<IMetricStore, SqliteMetricStore>();
        return s;
    }

    /// <summary>Tasks on the local Docker engine, measured from their cgroups, resolving names through <paramref name="taskDns"/>.</summary>
    public static IServiceCollection AddBerthDocker(this IServiceCollection s, BerthOptions options, TaskResolverEndpoint taskDns)
    {
        s.AddSingleton(new DockerEngine(options.DockerSocket));
        s.AddSingleton(new DockerRuntimeOptions
        {
            SocketPath = options.DockerSocket,
            Subnet = options.Subnet,
            NetworkName = TaskNetworkName(options.Subnet),
            InstanceId = InstanceId.Load(options.DataDirectory),
            Resolver = options.DnsPort is null ? null : taskDns.WaitAsync,
            TaskFilesDirectory = Path.Combine(options.DataDirectory, "tasks"),
            SearchDomain = ResolvConf.DefaultSearchDomain(options.Region),
        });
        s.AddSingleton<IContainerRuntime, DockerRuntime>();
        s.AddSingleton<IHostAddresses>(sp => new EngineNetworkAddresses(sp.GetRequiredService<DockerEngine>(), sp.GetRequiredService<DockerRuntimeOptions>(), sp.GetRequiredService<TimeProvider>()));
        s.AddSingleton<ITaskUsageReader>(sp => new TaskUsageReader(sp.GetRequiredService<DockerRuntimeOptions>().CgroupRoot));
        return s;
    }

    /// <summary>
    /// Security groups enforced with nftables. The table is named after the task network it guards, so berthds that
    /// share a host with task networks of their own (BERTH_SUBNET) never replace each other's filter.
    /// </summary>
    public static IServiceCollection AddBerthFirewall(this IServiceCollection s, BerthOptions options) =>
        s.AddBerthFirewall(new FirewallOptions { ApiPort = options.Port, DnsPort = options.DnsPort, Table = FirewallTable(options.Subnet) });

    /// <summary>
    /// The engine network of the default VPC: "berth" for the default BERTH_SUBNET (tasks running across an upgrade keep
    /// it), one named after the range otherwise, so berthds with task networks of their own never share one.
    /// </summary>
    public static string TaskNetworkName(string subnet) =>
        subnet == "10.89.0.0/16" ? "berth" : "berth-" + new string(subnet.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());

    public static string FirewallTable(string subnet) =>
        subnet == "10.89.0.0/16" ? "berth" : "berth_" + new string(subnet.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    /// <summary>
    /// The task DNS resolver (BERTH_DNS_PORT), on 127.0.0.1 and on the address tasks reach the host on — the task
    /// metadata endpoint's (169.254.170.2 on lo, or the task bridge's gateway), which every task network routes to.
    /// </summary>
    public static IServiceCollection AddBerthDns(this IServiceCollection s, BerthOptions options, TaskResolverEndpoint taskDns)
    {
        if (options.DnsPort is not { } port)
            return s;
        return s.AddTaskResolver(sp => new TaskResolverOptions
        {
            Port = port,
            TaskFacingAddress = ct => TaskFacingAddressAsync(sp.GetRequiredService<Berth.Ecs.TaskMetadata.TaskMetadataEnvironment>(), options, ct),
        }, taskDns);
    }

    static async Task<IPAddress?> TaskFacingAddressAsync(Berth.Ecs.TaskMetadata.TaskMetadataEnvironment metadata, BerthOptions options, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var uri = await metadata.EndpointAsync(ct);
                return uri is null ? TaskMetadataHost.Gateway(options.Subnet) : IPAddress.Parse(uri.Host);
            }
            catch (InvalidOperationException)
            {
                // The metadata endpoint has not bound yet (its bridge may not exist yet); keep waiting.
            }
        }
    }
}
