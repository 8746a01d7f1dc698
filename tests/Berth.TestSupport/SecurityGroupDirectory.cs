using System.Net;
using Berth.Kernel.Networking;

namespace Berth.TestSupport;

/// <summary>
/// A hand-written network directory for tests of placement and the packet filter (security group rules, addresses handed out): a default VPC with a subnet per availability zone and a default group
/// (members reach each other, everything may leave), plus what a test adds. Addresses are handed out from each
/// subnet's fifth address on, as EC2 does (the first four and the last are reserved).
/// </summary>
public sealed class SecurityGroupDirectory : INetworkDirectory
{
    readonly object _lock = new();
    readonly List<VpcNetwork> _vpcs = [];
    readonly List<SubnetPlacement> _subnets = [];
    readonly Dictionary<string, (string VpcId, List<FirewallRule> Ingress, List<FirewallRule> Egress)> _groups = [];
    readonly Dictionary<string, string> _defaultGroups = [];
    readonly Dictionary<string, NetworkInterfaceInfo> _interfaces = [];
    int _next;

    public SecurityGroupDirectory(string defaultVpcCidr = "10.89.0.0/16", string region = "us-east-1")
    {
        Region = region;
        DefaultVpc = AddVpc(defaultVpcCidr, isDefault: true);
        var prefix = IPNetwork.Parse(defaultVpcCidr);
        var bytes = prefix.BaseAddress.GetAddressBytes();
        foreach (var (zone, third) in new[] { ("a", 0), ("b", 16), ("c", 32) })
        {
            var b = (byte[])bytes.Clone();
            b[2] = (byte)(b[2] + third);
            AddSubnet(DefaultVpc.VpcId, $"{new IPAddress(b)}/20", region + zone, $"subnet-default{zone}");
        }
    }

    public string Region { get; }
    public VpcNetwork DefaultVpc { get; }
    public IReadOnlyList<SubnetPlacement> Subnets { get { lock (_lock) return [.. _subnets]; } }

    /// <summary>The VPC's default group: its members reach each other on everything; all may leave.</summary>
    public string DefaultGroupOf(string vpcId) { lock (_lock) return _defaultGroups[vpcId]; }

    public VpcNetwork AddVpc(string cidr, bool isDefault = false)
    {
        lock (_lock)
        {
            var vpc = new VpcNetwork(isDefault ? "vpc-default00000000" : $"vpc-{++_next:x17}", cidr, isDefault);
            _vpcs.Add(vpc);
            var group = isDefault ? "sg-default00000000" : $"sg-{++_next:x17}";
            _groups[group] = (vpc.VpcId, [new FirewallRule("-1", null, null, null, group)], [new FirewallRule("-1", null, null, "0.0.0.0/0", null)]);
            _defaultGroups[vpc.VpcId] = group;
            return vpc;
        }
    }

    public SubnetPlacement AddSubnet(string vpcId, string cidr, string? zone = null, string? id = null)
    {
        lock (_lock)
        {
            var subnet = new SubnetPlacement(id ?? $"subnet-{++_next:x17}", vpcId, cidr, zone ?? Region + "a", (zone ?? Region + "a").Replace(Region, "use1-az", StringComparison.Ordinal));
            _subnets.Add(subnet);
            return subnet;
        }
    }

    /// <summary>A group with no ingress and all egress, as CreateSecurityGroup makes it.</summary>
    public string AddGroup(string vpcId)
    {
        lock (_lock)
        {
            var id = $"sg-{++_next:x17}";
            _groups[id] = (vpcId, [], [new FirewallRule("-1", null, null, "0.0.0.0/0", null)]);
            return id;
        }
    }

    public void Authorize(string groupId, FirewallRule rule, bool egress = false)
    {
        lock (_lock)
            (egress ? _groups[groupId].Egress : _groups[groupId].Ingress).Add(rule);
    }

    public void Revoke(string groupId, FirewallRule rule, bool egress = false)
    {
        lock (_lock)
            (egress ? _groups[groupId].Egress : _groups[groupId].Ingress).Remove(rule);
    }

    /// <summary>An interface for something else than a task (a load balancer), as the ELB module would ask for it.</summary>
    public IReadOnlyList<NetworkInterfaceInfo> Interfaces { get { lock (_lock) return [.. _interfaces.Values]; } }

    public Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? securityGroupIds, CancellationToken ct)
    {
        lock (_lock)
        {
            List<SubnetPlacement> subnets;
            if (subnetIds is { Count: > 0 })
            {
                subnets = [];
                foreach (var id in subnetIds)
                    subnets.Add(_subnets.FirstOrDefault(s => s.SubnetId == id) ?? throw new NetworkReferenceException($"The subnet ID '{id}' does not exist"));
            }
            else
            {
                subnets = _subnets.Where(s => s.VpcId == DefaultVpc.VpcId).ToList();
            }
            var vpcId = subnets[0].VpcId;
            if (subnets.FirstOrDefault(s => s.VpcId != vpcId) is { } other)
                throw new NetworkReferenceException($"The subnets {subnets[0].SubnetId} and {other.SubnetId} are in different VPCs.");
            var groups = securityGroupIds is { Count: > 0 } ? securityGroupIds.ToList() : [_defaultGroups[vpcId]];
            foreach (var g in groups)
            {
                if (!_groups.TryGetValue(g, out var group))
                    throw new NetworkReferenceException($"The security group '{g}' does not exist");
                if (group.VpcId != vpcId)
                    throw new NetworkReferenceException($"The security group '{g}' is in another VPC than the subnets ({vpcId}).");
            }
            return Task.FromResult(new NetworkChoice(_vpcs.First(v => v.VpcId == vpcId), subnets, groups));
        }
    }

    public Task<NetworkInterfaceInfo> AttachAsync(InterfaceRequest request, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_interfaces.TryGetValue(request.OwnerArn, out var existing))
                return Task.FromResult(existing);
            var subnet = _subnets.FirstOrDefault(s => s.SubnetId == request.SubnetId) ?? throw new NetworkReferenceException($"The subnet ID '{request.SubnetId}' does not exist");
            var vpc = _vpcs.First(v => v.VpcId == subnet.VpcId);
            var range = IPNetwork.Parse(subnet.CidrBlock);
            var used = _interfaces.Values.Select(i => i.PrivateIpAddress).ToHashSet();
            var size = 1u << (32 - range.PrefixLength);
            var start = ToUInt(range.BaseAddress);
            string? address = null;
            for (var n = 4u; n < size - 1 && address is null; n++)
            {
                var candidate = FromUInt(start + n).ToString();
                if (!used.Contains(candidate))
                    address = candidate;
            }
            if (address is null)
                throw new NetworkReferenceException($"The subnet {subnet.SubnetId} has no free addresses.");
            var n2 = ++_next;
            var info = new NetworkInterfaceInfo(
                $"eni-{n2:x17}", request.OwnerArn, subnet.SubnetId, vpc.VpcId, subnet.AvailabilityZone, address, subnet.CidrBlock, vpc.CidrBlock,
                FromUInt(start + 1).ToString(), $"0a:b3:{(n2 >> 24) & 0xff:x2}:{(n2 >> 16) & 0xff:x2}:{(n2 >> 8) & 0xff:x2}:{n2 & 0xff:x2}",
                [.. request.SecurityGroupIds.Count > 0 ? request.SecurityGroupIds : [_defaultGroups[vpc.VpcId]]], "in-use");
            _interfaces[request.OwnerArn] = info;
            Requests.Add(request);
            return Task.FromResult(info);
        }
    }

    /// <summary>Every interface request seen (the first for each owner), for tests of what ECS asks for.</summary>
    public List<InterfaceRequest> Requests { get; } = [];

    public Task<NetworkInterfaceInfo?> UpdateGroupsAsync(string ownerArn, IReadOnlyList<string> securityGroupIds, CancellationToken ct)
    {
        lock (_lock)
        {
            if (!_interfaces.TryGetValue(ownerArn, out var existing))
                return Task.FromResult<NetworkInterfaceInfo?>(null);
            var unknown = securityGroupIds.FirstOrDefault(g => !_groups.TryGetValue(g, out var group) || group.VpcId != existing.VpcId);
            if (unknown is not null)
                throw new NetworkReferenceException($"The security group '{unknown}' does not exist in {existing.VpcId}");
            var updated = existing with { SecurityGroupIds = [.. securityGroupIds] };
            _interfaces[ownerArn] = updated;
            return Task.FromResult<NetworkInterfaceInfo?>(updated);
        }
    }

    public Task<NetworkInterfaceInfo?> FindAsync(string ownerArn, CancellationToken ct)
    {
        lock (_lock)
            return Task.FromResult(_interfaces.GetValueOrDefault(ownerArn));
    }

    public Task DetachAsync(string ownerArn, CancellationToken ct)
    {
        lock (_lock)
            _interfaces.Remove(ownerArn);
        return Task.CompletedTask;
    }

    public Task<VpcNetwork?> VpcOfAsync(IPAddress address, CancellationToken ct)
    {
        lock (_lock)
            return Task.FromResult(_vpcs.FirstOrDefault(v => IPNetwork.Parse(v.CidrBlock).Contains(address)));
    }

    public Task<FirewallState> ReadFirewallStateAsync(CancellationToken ct)
    {
        lock (_lock)
        {
            var groups = _groups.OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new SecurityGroupRules(g.Key, g.Value.VpcId, [.. g.Value.Ingress], [.. g.Value.Egress])).ToList();
            return Task.FromResult(new FirewallState([.. _vpcs], groups, [.. _interfaces.Values]));
        }
    }

    static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    static IPAddress FromUInt(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}
