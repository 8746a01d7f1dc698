using System.Net;
using Berth.Ecs.Runtime;
using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker;

/// <summary>
/// One engine bridge network per VPC: the default VPC's tasks stay on the network every task was on before VPCs
/// (<see cref="DockerRuntimeOptions.NetworkName"/>, so tasks running across an upgrade keep their addresses); each
/// other VPC gets a network of its own with the VPC's range; every network's gateway is the range's base + 1, named
/// explicitly so the engine reports it (tasks reach berthd there). Separate bridges are what
/// keeps VPCs apart (the engine does not route between them, and the packet filter drops it besides).
/// </summary>
sealed class TaskNetworks(DockerEngine engine, DockerRuntimeOptions options)
{
    public const string VpcLabel = "io.berth.vpc";

    readonly HashSet<string> _ensured = [];

    /// <summary>The engine network a sandbox joins.</summary>
    public string NameFor(SandboxNetwork? network) =>
        network is null || network.DefaultVpc ? options.NetworkName : $"{options.NetworkName}-{network.VpcId}";

    /// <summary>Creates the default network unless it exists (what every task needed before VPCs).</summary>
    public Task EnsureDefaultAsync(CancellationToken ct) => EnsureAsync(options.NetworkName, options.Subnet, Gateway(options.Subnet), null, ct);

    /// <summary>Creates the network of the sandbox's VPC unless it exists; the default VPC's must have the VPC's range.</summary>
    public async Task<string> EnsureAsync(SandboxNetwork? network, CancellationToken ct)
    {
        var name = NameFor(network);
        if (network is null)
            return name;
        if (network.DefaultVpc)
        {
            if (!SameRange(network.VpcCidr, options.Subnet))
                throw new InvalidOperationException($"The default VPC's range {network.VpcCidr} is not the task network's {options.Subnet} (BERTH_SUBNET): they must be the same.");
            await EnsureAsync(name, options.Subnet, Gateway(options.Subnet), null, ct);
            return name;
        }
        await EnsureAsync(name, network.VpcCidr, Gateway(network.VpcCidr), network.VpcId, ct);
        return name;
    }

    async Task EnsureAsync(string name, string cidr, string? gateway, string? vpcId, CancellationToken ct)
    {
        lock (_ensured)
        {
            if (_ensured.Contains(name))
                return;
        }
        if (await engine.Networks.InspectAsync(name, ct) is { } existing)
        {
            // An engine network of that name with another range (another berthd's) cannot hold this VPC's addresses.
            var range = existing.Ipam?.Config?.FirstOrDefault()?.Subnet;
            if (range is not null && !SameRange(range, cidr))
                throw new InvalidOperationException($"The engine network {name} has the range {range}, not {cidr}: another berthd's? Give this one a BERTH_SUBNET of its own, or remove the network.");
        }
        else
        {
            var labels = new Dictionary<string, string> { [TaskLabels.Managed] = "true", [TaskLabels.Instance] = options.InstanceId };
            if (vpcId is not null)
                labels[VpcLabel] = vpcId;
            try
            {
                await engine.Networks.CreateAsync(name, cidr, gateway, labels, ct);
            }
            catch (DockerEngineException e) when (e.StatusCode == 409)
            {
                // Created concurrently.
            }
        }
        lock (_ensured)
            _ensured.Add(name);
    }

    /// <summary>The default network and every VPC network of this instance, with their bridges.</summary>
    public async Task<IReadOnlyList<TaskBridge>> ListAsync(CancellationToken ct)
    {
        var bridges = new List<TaskBridge>();
        if (await engine.Networks.InspectAsync(options.NetworkName, ct) is { } main)
            bridges.Add(new TaskBridge(null, main.Ipam?.Config?.FirstOrDefault()?.Subnet ?? options.Subnet, main.BridgeName));
        var filters = new Dictionary<string, string[]> { ["label"] = [$"{TaskLabels.Instance}={options.InstanceId}", VpcLabel] };
        foreach (var n in await engine.Networks.ListAsync(filters, ct))
        {
            if (n.Labels?.GetValueOrDefault(VpcLabel) is { } vpc && n.Name != options.NetworkName)
                bridges.Add(new TaskBridge(vpc, n.Ipam?.Config?.FirstOrDefault()?.Subnet ?? "", n.BridgeName));
        }
        return bridges;
    }

    /// <summary>Removes this instance's VPC networks (tests; a network with sandboxes on it is refused by the engine).</summary>
    public async Task RemoveVpcNetworksAsync(CancellationToken ct)
    {
        var filters = new Dictionary<string, string[]> { ["label"] = [$"{TaskLabels.Instance}={options.InstanceId}", VpcLabel] };
        foreach (var n in await engine.Networks.ListAsync(filters, ct))
            await engine.Networks.RemoveAsync(n.Id, ct);
        lock (_ensured)
            _ensured.Clear();
    }

    /// <summary>A range's base + 1, as AWS's VPC router.</summary>
    public static string Gateway(string cidr)
    {
        var bytes = IPNetwork.Parse(cidr).BaseAddress.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 0 && ++bytes[i] == 0; i--)
        {
        }
        return new IPAddress(bytes).ToString();
    }

    static bool SameRange(string a, string b) =>
        IPNetwork.TryParse(a, out var x) && IPNetwork.TryParse(b, out var y) && x.Equals(y);
}
