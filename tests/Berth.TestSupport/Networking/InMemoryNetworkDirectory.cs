using System.Globalization;
using System.Net;
using Berth.Kernel.Networking;

namespace Berth.TestSupport.Networking;

/// <summary>
/// A small hand-written <see cref="INetworkDirectory"/> for module tests: a default VPC (10.0.0.0/16, subnets a/b/c in
/// us-east-1a/b/c, default group <c>sg-default</c>) and whatever a test adds. Addresses are handed out from each
/// subnet's fifth address on, as AWS reserves the first four.
/// </summary>
public sealed class InMemoryNetworkDirectory : INetworkDirectory
{
    readonly Lock _gate = new();
    readonly List<VpcNetwork> _vpcs = [];
    readonly List<SubnetPlacement> _subnets = [];
    readonly Dictionary<string, string> _groups = new(StringComparer.Ordinal); // group → VPC
    readonly Dictionary<string, string> _defaultGroups = new(StringComparer.Ordinal); // VPC → group
    readonly Dictionary<string, NetworkInterfaceInfo> _interfaces = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> _capacity = new(StringComparer.Ordinal);
    int _eni;

    public InMemoryNetworkDirectory()
    {
        AddVpc("vpc-default", "10.0.0.0/16", "sg-default", isDefault: true);
        AddSubnet("subnet-a", "vpc-default", "10.0.0.0/24", "us-east-1a");
        AddSubnet("subnet-b", "vpc-default", "10.0.1.0/24", "us-east-1b");
        AddSubnet("subnet-c", "vpc-default", "10.0.2.0/24", "us-east-1c");
    }

    public void AddVpc(string vpcId, string cidr, string defaultGroupId, bool isDefault = false)
    {
        lock (_gate)
        {
            _vpcs.Add(new VpcNetwork(vpcId, cidr, isDefault));
            _groups[defaultGroupId] = vpcId;
            _defaultGroups[vpcId] = defaultGroupId;
        }
    }

    /// <param name="capacity">How many interfaces fit before the subnet is full.</param>
    public void AddSubnet(string subnetId, string vpcId, string cidr, string zone, int capacity = 200)
    {
        lock (_gate)
        {
            _subnets.Add(new SubnetPlacement(subnetId, vpcId, cidr, zone, "use1-az" + zone[^1]));
            _capacity[subnetId] = capacity;
        }
    }

    public void AddGroup(string groupId, string vpcId)
    {
        lock (_gate)
            _groups[groupId] = vpcId;
    }

    public IReadOnlyList<NetworkInterfaceInfo> Interfaces
    {
        get
        {
            lock (_gate)
                return [.. _interfaces.Values];
        }
    }

    public Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? securityGroupIds, CancellationToken ct)
    {
        lock (_gate)
        {
            List<SubnetPlacement> subnets;
            if (subnetIds is { Count: > 0 })
            {
                subnets = [.. subnetIds.Select(id => _subnets.FirstOrDefault(s => s.SubnetId == id) ?? throw new NetworkReferenceException($"The subnet ID '{id}' does not exist"))];
            }
            else
            {
                var vpc = _vpcs.FirstOrDefault(v => v.IsDefault) ?? throw new NetworkReferenceException("There is no default VPC");
                subnets = [.. _subnets.Where(s => s.VpcId == vpc.VpcId)];
            }
            var vpcId = subnets[0].VpcId;
            if (subnets.FirstOrDefault(s => s.VpcId != vpcId) is { } other)
                throw new NetworkReferenceException($"Subnets '{subnets[0].SubnetId}' and '{other.SubnetId}' are in different VPCs");
            var groups = securityGroupIds is { Count: > 0 } ? securityGroupIds.ToList() : [_defaultGroups[vpcId]];
            foreach (var g in groups)
            {
                if (!_groups.TryGetValue(g, out var groupVpc))
                    throw new NetworkReferenceException($"The security group '{g}' does not exist");
                if (groupVpc != vpcId)
                    throw new NetworkReferenceException($"The security group '{g}' is in VPC '{groupVpc}', not '{vpcId}'");
            }
            return Task.FromResult(new NetworkChoice(_vpcs.First(v => v.VpcId == vpcId), subnets, groups));
        }
    }

    public Task<NetworkInterfaceInfo> AttachAsync(InterfaceRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_interfaces.TryGetValue(request.OwnerArn, out var existing))
                return Task.FromResult(existing);
            var subnet = _subnets.FirstOrDefault(s => s.SubnetId == request.SubnetId) ?? throw new NetworkReferenceException($"The subnet ID '{request.SubnetId}' does not exist");
            var used = _interfaces.Values.Where(i => i.SubnetId == subnet.SubnetId).Select(i => i.PrivateIpAddress).ToHashSet();
            if (used.Count >= _capacity[subnet.SubnetId])
                throw new NetworkReferenceException($"The subnet '{subnet.SubnetId}' has no free addresses");
            var (network, _) = Split(subnet.CidrBlock);
            var address = Enumerable.Range(4, 250).Select(n => Offset(network, n)).First(a => !used.Contains(a));
            var vpc = _vpcs.First(v => v.VpcId == subnet.VpcId);
            var info = new NetworkInterfaceInfo($"eni-{++_eni:x8}", request.OwnerArn, subnet.SubnetId, subnet.VpcId, subnet.AvailabilityZone, address,
                subnet.CidrBlock, vpc.CidrBlock, Offset(network, 1), $"02:42:ac:11:00:{_eni:x2}", [.. request.SecurityGroupIds], "in-use");
            _interfaces[request.OwnerArn] = info;
            return Task.FromResult(info);
        }
    }

    public Task<NetworkInterfaceInfo?> UpdateGroupsAsync(string ownerArn, IReadOnlyList<string> securityGroupIds, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_interfaces.TryGetValue(ownerArn, out var info))
                return Task.FromResult<NetworkInterfaceInfo?>(null);
            foreach (var g in securityGroupIds)
            {
                if (_groups.GetValueOrDefault(g) != info.VpcId)
                    throw new NetworkReferenceException($"The security group '{g}' does not exist in VPC '{info.VpcId}'");
            }
            return Task.FromResult<NetworkInterfaceInfo?>(_interfaces[ownerArn] = info with { SecurityGroupIds = [.. securityGroupIds] });
        }
    }

    public Task<NetworkInterfaceInfo?> FindAsync(string ownerArn, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_interfaces.GetValueOrDefault(ownerArn));
    }

    public Task DetachAsync(string ownerArn, CancellationToken ct)
    {
        lock (_gate)
            _interfaces.Remove(ownerArn);
        return Task.CompletedTask;
    }

    public Task<VpcNetwork?> VpcOfAsync(IPAddress address, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_vpcs.FirstOrDefault(v => Contains(v.CidrBlock, address)));
    }

    public Task<FirewallState> ReadFirewallStateAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            var groups = _groups.Select(g => new SecurityGroupRules(g.Key, g.Value, [], [])).ToList();
            return Task.FromResult(new FirewallState([.. _vpcs], groups, [.. _interfaces.Values]));
        }
    }

    static (uint Network, int Prefix) Split(string cidr)
    {
        var parts = cidr.Split('/');
        var bytes = IPAddress.Parse(parts[0]).GetAddressBytes();
        return ((uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    static string Offset(uint network, int n)
    {
        var a = network + (uint)n;
        return $"{a >> 24}.{(a >> 16) & 255}.{(a >> 8) & 255}.{a & 255}";
    }

    static bool Contains(string cidr, IPAddress address)
    {
        var (network, prefix) = Split(cidr);
        var b = address.GetAddressBytes();
        if (b.Length != 4)
            return false;
        var a = (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return (a & mask) == (network & mask);
    }
}
