using System.Net;
using Berth.Kernel.Networking;

namespace Berth.TestSupport.Networking;

/// <summary>
/// The one hand-written <see cref="INetworkDirectory"/> for tests: VPCs, subnets, security groups with their rules and
/// interfaces, as placement (ECS, ELB), the packet filter and the DNS resolver read them. By default it holds a default
/// VPC with a /20 subnet per availability zone and a default group (members reach each other, everything may leave);
/// <see cref="WithShortNames"/> and <see cref="Empty"/> give other starting points. Addresses are handed out from each
/// subnet's fifth address on, as EC2 does (the first four and the last are reserved).
/// </summary>
public sealed class InMemoryNetworkDirectory : INetworkDirectory
{
    static readonly FirewallRule AllOut = new("-1", null, null, "0.0.0.0/0", null);

    readonly Lock _lock = new();
    readonly List<VpcNetwork> _vpcs = [];
    readonly List<SubnetPlacement> _subnets = [];
    readonly Dictionary<string, int> _capacity = new(StringComparer.Ordinal); // subnet → interfaces that fit, where a test limits it
    readonly Dictionary<string, (string VpcId, List<FirewallRule> Ingress, List<FirewallRule> Egress)> _groups = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _defaultGroups = new(StringComparer.Ordinal); // VPC → its default group
    readonly Dictionary<string, NetworkInterfaceInfo> _interfaces = new(StringComparer.Ordinal);
    int _next;
    int _vpcLookups;

    /// <summary>A default VPC (<c>vpc-default00000000</c>, group <c>sg-default00000000</c>) with subnets <c>subnet-default{a,b,c}</c>.</summary>
    public InMemoryNetworkDirectory(string defaultVpcCidr = "10.89.0.0/16", string region = "us-east-1")
        : this(region)
    {
        var vpc = AddVpc(defaultVpcCidr, isDefault: true);
        var bytes = IPNetwork.Parse(defaultVpcCidr).BaseAddress.GetAddressBytes();
        foreach (var (zone, third) in new[] { ("a", 0), ("b", 16), ("c", 32) })
        {
            var b = (byte[])bytes.Clone();
            b[2] = (byte)(b[2] + third);
            AddSubnet(vpc.VpcId, $"{new IPAddress(b)}/20", region + zone, $"subnet-default{zone}");
        }
    }

    InMemoryNetworkDirectory(string region) => Region = region;

    /// <summary>No VPC at all; the test adds its own.</summary>
    public static InMemoryNetworkDirectory Empty(string region = "us-east-1") => new(region);

    /// <summary>The short names ELB and Cloud Map tests assert on: <c>vpc-default</c> (10.0.0.0/16, group <c>sg-default</c>) with /24 subnets <c>subnet-a</c>, <c>-b</c>, <c>-c</c>.</summary>
    public static InMemoryNetworkDirectory WithShortNames()
    {
        var directory = Empty();
        directory.AddVpc("10.0.0.0/16", isDefault: true, id: "vpc-default", defaultGroupId: "sg-default");
        foreach (var (zone, third) in new[] { ("a", 0), ("b", 1), ("c", 2) })
            directory.AddSubnet("vpc-default", $"10.0.{third}.0/24", "us-east-1" + zone, "subnet-" + zone);
        return directory;
    }

    public string Region { get; }

    /// <summary>The first default VPC added.</summary>
    public VpcNetwork DefaultVpc { get { lock (_lock) return _vpcs.First(v => v.IsDefault); } }

    public IReadOnlyList<SubnetPlacement> Subnets { get { lock (_lock) return [.. _subnets]; } }

    /// <summary>Every interface now attached.</summary>
    public IReadOnlyList<NetworkInterfaceInfo> Interfaces { get { lock (_lock) return [.. _interfaces.Values]; } }

    /// <summary>Every interface request seen (the first for each owner), for tests of what ECS asks for.</summary>
    public List<InterfaceRequest> Requests { get; } = [];

    /// <summary>How often <see cref="VpcOfAsync"/> was asked, for tests of the DNS resolver's cache.</summary>
    public int VpcLookups => Volatile.Read(ref _vpcLookups);

    /// <summary>The VPC's default group: its members reach each other on everything; all may leave.</summary>
    public string DefaultGroupOf(string vpcId) { lock (_lock) return _defaultGroups[vpcId]; }

    /// <summary>A VPC and its default group, named by the test or numbered.</summary>
    public VpcNetwork AddVpc(string cidr, bool isDefault = false, string? id = null, string? defaultGroupId = null)
    {
        lock (_lock)
        {
            var vpc = new VpcNetwork(id ?? (isDefault ? "vpc-default00000000" : $"vpc-{++_next:x17}"), cidr, isDefault);
            _vpcs.Add(vpc);
            var group = defaultGroupId ?? (isDefault ? "sg-default00000000" : $"sg-{++_next:x17}");
            _groups[group] = (vpc.VpcId, [new FirewallRule("-1", null, null, null, group)], [AllOut]);
            _defaultGroups[vpc.VpcId] = group;
            return vpc;
        }
    }

    /// <param name="capacity">How many interfaces fit before the subnet is full; by default as many as its range holds.</param>
    public SubnetPlacement AddSubnet(string vpcId, string cidr, string? zone = null, string? id = null, int? capacity = null)
    {
        lock (_lock)
        {
            zone ??= Region + "a";
            var subnet = new SubnetPlacement(id ?? $"subnet-{++_next:x17}", vpcId, cidr, zone, zone.Replace(Region, "use1-az", StringComparison.Ordinal));
            _subnets.Add(subnet);
            if (capacity is { } c)
                _capacity[subnet.SubnetId] = c;
            return subnet;
        }
    }

    /// <summary>A group with no ingress and all egress, as CreateSecurityGroup makes it.</summary>
    public string AddGroup(string vpcId, string? id = null)
    {
        lock (_lock)
        {
            id ??= $"sg-{++_next:x17}";
            _groups[id] = (vpcId, [], [AllOut]);
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

    public Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? securityGroupIds, CancellationToken ct)
    {
        lock (_lock)
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
            var address = _capacity.TryGetValue(subnet.SubnetId, out var capacity) && _interfaces.Values.Count(i => i.SubnetId == subnet.SubnetId) >= capacity
                ? null
                : FreeAddress(subnet.CidrBlock);
            if (address is null)
                throw new NetworkReferenceException($"The subnet {subnet.SubnetId} has no free addresses.");
            var n = ++_next;
            var info = new NetworkInterfaceInfo(
                $"eni-{n:x17}", request.OwnerArn, subnet.SubnetId, vpc.VpcId, subnet.AvailabilityZone, address, subnet.CidrBlock, vpc.CidrBlock,
                FromUInt(ToUInt(IPNetwork.Parse(subnet.CidrBlock).BaseAddress) + 1).ToString(), $"0a:b3:{(n >> 24) & 0xff:x2}:{(n >> 16) & 0xff:x2}:{(n >> 8) & 0xff:x2}:{n & 0xff:x2}",
                [.. request.SecurityGroupIds.Count > 0 ? request.SecurityGroupIds : [_defaultGroups[vpc.VpcId]]], "in-use");
            _interfaces[request.OwnerArn] = info;
            Requests.Add(request);
            return Task.FromResult(info);
        }
    }

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
        Interlocked.Increment(ref _vpcLookups);
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

    /// <summary>The lowest address from the fifth to the last but one that no interface holds; null when none is left.</summary>
    string? FreeAddress(string cidr)
    {
        var range = IPNetwork.Parse(cidr);
        var used = _interfaces.Values.Select(i => i.PrivateIpAddress).ToHashSet();
        var size = 1u << (32 - range.PrefixLength);
        var start = ToUInt(range.BaseAddress);
        for (var n = 4u; n < size - 1; n++)
        {
            var candidate = FromUInt(start + n).ToString();
            if (!used.Contains(candidate))
                return candidate;
        }
        return null;
    }

    static uint ToUInt(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    static IPAddress FromUInt(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}
