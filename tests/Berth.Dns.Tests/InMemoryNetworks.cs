using System.Net;
using Berth.Kernel.Networking;

namespace Berth.Dns.Tests;

/// <summary>VPCs by address range, counting how often it is asked (the resolver caches the answer).</summary>
internal sealed class InMemoryNetworks(params VpcNetwork[] vpcs) : INetworkDirectory
{
    public int Lookups;

    public Task<VpcNetwork?> VpcOfAsync(IPAddress address, CancellationToken ct)
    {
        Interlocked.Increment(ref Lookups);
        return Task.FromResult(vpcs.FirstOrDefault(v => IPNetwork.Parse(v.CidrBlock).Contains(address)));
    }

    public Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? securityGroupIds, CancellationToken ct) => throw new NotSupportedException();
    public Task<NetworkInterfaceInfo> AttachAsync(InterfaceRequest request, CancellationToken ct) => throw new NotSupportedException();
    public Task<NetworkInterfaceInfo?> FindAsync(string ownerArn, CancellationToken ct) => throw new NotSupportedException();
    public Task DetachAsync(string ownerArn, CancellationToken ct) => throw new NotSupportedException();
    public Task<NetworkInterfaceInfo?> UpdateGroupsAsync(string ownerArn, IReadOnlyList<string> securityGroupIds, CancellationToken ct) => throw new NotSupportedException();
    public Task<FirewallState> ReadFirewallStateAsync(CancellationToken ct) => throw new NotSupportedException();
}
