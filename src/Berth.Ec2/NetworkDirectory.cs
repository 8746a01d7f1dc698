using System.Net;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;

namespace Berth.Ec2;

/// <summary>
/// <see cref="INetworkDirectory"/> over EC2's records: what ECS and ELB place their tasks and load balancers in, and what
/// the packet filter is rendered from. An interface's address is held by a unique key committed with it, so two
/// attaches racing for one address (or one owner) cannot both win: the loser reads again and takes the next. An address
/// already in use on the host (<paramref name="host"/>: its own, the engine's) is never handed out.
/// </summary>
public sealed class NetworkDirectory(Ec2Resources res, IEnumerable<IHostAddresses>? host = null) : INetworkDirectory
{
    const int MaxAttempts = 64;

    public async Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? securityGroupIds, CancellationToken ct)
    {
        var vpcs = (await res.AllAsync(Ec2Kinds.Vpcs, ct)).ToDictionary(v => v.VpcId);
        var allSubnets = await res.AllAsync(Ec2Kinds.Subnets, ct);
        List<SubnetRecord> subnets;
        if (subnetIds is { Count: > 0 })
        {
            subnets = [.. subnetIds.Distinct(StringComparer.Ordinal).Select(id => allSubnets.FirstOrDefault(s => s.SubnetId == id)
                ?? throw new NetworkReferenceException($"The subnet ID '{id}' does not exist"))];
            if (subnets.Select(s => s.VpcId).Distinct().Count() > 1)
                throw new NetworkReferenceException($"The subnets {string.Join(", ", subnets.Select(s => $"{s.SubnetId} ({s.VpcId})"))} are in different VPCs: name subnets of one VPC.");
        }
        else
        {
            subnets = [.. allSubnets.Where(s => s.VpcId == DefaultNetwork.VpcId && s.DefaultForAz).OrderBy(s => s.AvailabilityZone, StringComparer.Ordinal)];
        }
        var vpc = vpcs.GetValueOrDefault(subnets.Count > 0 ? subnets[0].VpcId : DefaultNetwork.VpcId)
            ?? throw new NetworkReferenceException("The default VPC has no subnets: name a subnet.");
        var groups = await res.AllAsync(Ec2Kinds.SecurityGroups, ct, scope: null);
        List<string> groupIds;
        if (securityGroupIds is { Count: > 0 })
        {
            groupIds = [.. securityGroupIds.Distinct(StringComparer.Ordinal)];
            foreach (var id in groupIds)
            {
                var group = groups.FirstOrDefault(g => g.GroupId == id) ?? throw new NetworkReferenceException($"The security group '{id}' does not exist");
                if (group.VpcId != vpc.VpcId)
                    throw new NetworkReferenceException($"The security group '{id}' is in {group.VpcId}, not in the subnets' VPC {vpc.VpcId}: security groups and subnets must be in the same VPC.");
            }
        }
        else
        {
            groupIds = [groups.FirstOrDefault(g => g.VpcId == vpc.VpcId && g.IsDefault)?.GroupId
                ?? throw new NetworkReferenceException($"The VPC {vpc.VpcId} has no default security group: name a security group.")];
        }
        return new NetworkChoice(Network(vpc), [.. subnets.Select(Placement)], groupIds);
    }

    public async Task<NetworkInterfaceInfo> AttachAsync(InterfaceRequest request, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await FindRecordAsync(request.OwnerArn, ct) is { } existing)
                return await InfoAsync(existing.Value, ct);
            var subnet = (await res.GetAsync(Ec2Kinds.Subnets, request.SubnetId, ct))?.Value
                ?? throw new NetworkReferenceException($"The subnet ID '{request.SubnetId}' does not exist");
            Ipv4Cidr.TryParse(subnet.CidrBlock, out var range, out _);
            var taken = (await res.Store.ListAsync(Ec2Kinds.Interfaces, new StoreQuery { Scope = subnet.SubnetId }, ct)).Select(i => i.Value.PrivateIpAddress).ToHashSet(StringComparer.Ordinal);
            foreach (var used in host ?? [])
                taken.UnionWith(await used.CurrentAsync(ct));
            var address = AddressAllocation.LowestFree(range, taken)
                ?? throw new NetworkReferenceException($"The subnet {subnet.SubnetId} ({subnet.CidrBlock}) has no free address left.");
            var id = Ec2Ids.New(Ec2Ids.NetworkInterface);
            var eni = new InterfaceRecord
            {
                NetworkInterfaceId = id,
                OwnerArn = request.OwnerArn,
                SubnetId = subnet.SubnetId,
                VpcId = subnet.VpcId,
                AvailabilityZone = subnet.AvailabilityZone,
                AvailabilityZoneId = subnet.AvailabilityZoneId,
                PrivateIpAddress = address,
                MacAddress = AddressAllocation.Mac(id),
                SecurityGroupIds = [.. request.SecurityGroupIds],
                Description = request.Description,
                RequesterId = request.RequesterId,
                InterfaceType = request.InterfaceType,
                AttachmentId = "ela-attach-" + id[4..],
                Tags = [.. request.Tags.Select(t => new Ec2Tag(t.Key, t.Value))],
                Created = res.Clock.GetUtcNow(),
            };
            try
            {
                await res.Store.CommitAsync(
                [
                    StoreWrite.Insert(Ec2Kinds.Keys, new UniqueKey(UniqueKey.Owner(request.OwnerArn), id)),
                    StoreWrite.Insert(Ec2Kinds.Keys, new UniqueKey(UniqueKey.Address(subnet.SubnetId, address), id)),
                    StoreWrite.Insert(Ec2Kinds.Interfaces, eni),
                ], ct);
                res.FilterInputChanged();
                return Info(eni, subnet, await res.Store.GetAsync(Ec2Kinds.Vpcs, subnet.VpcId, ct) is { } v ? v.Value.CidrBlock : "");
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // The address or the owner was taken meanwhile: look again.
            }
        }
    }

    public async Task<NetworkInterfaceInfo?> FindAsync(string ownerArn, CancellationToken ct) =>
        await FindRecordAsync(ownerArn, ct) is { } found ? await InfoAsync(found.Value, ct) : null;

    public async Task<NetworkInterfaceInfo?> UpdateGroupsAsync(string ownerArn, IReadOnlyList<string> securityGroupIds, CancellationToken ct)
    {
        var found = await FindRecordAsync(ownerArn, ct);
        if (found is null)
            return null;
        var groups = await res.AllAsync(Ec2Kinds.SecurityGroups, ct, scope: null);
        foreach (var id in securityGroupIds)
        {
            var group = groups.FirstOrDefault(g => g.GroupId == id) ?? throw new NetworkReferenceException($"The security group '{id}' does not exist");
            if (group.VpcId != found.Value.VpcId)
                throw new NetworkReferenceException($"The security group '{id}' is in {group.VpcId}, not in the interface's VPC {found.Value.VpcId}.");
        }
        var updated = await res.Store.MutateAsync(Ec2Kinds.Interfaces, found.Value.NetworkInterfaceId, (i, _) => i with { SecurityGroupIds = [.. securityGroupIds] }, ct);
        res.FilterInputChanged();
        return updated is null ? null : await InfoAsync(updated, ct);
    }

    public async Task DetachAsync(string ownerArn, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = await FindRecordAsync(ownerArn, ct);
            if (found is null)
                return;
            var eni = found.Value;
            List<StoreWrite> writes = [StoreWrite.Delete(Ec2Kinds.Interfaces, eni.NetworkInterfaceId, found.Version)];
            foreach (var key in new[] { UniqueKey.Owner(ownerArn), UniqueKey.Address(eni.SubnetId, eni.PrivateIpAddress) })
            {
                if (await res.Store.GetAsync(Ec2Kinds.Keys, key, ct) is { } stored && stored.Value.ResourceId == eni.NetworkInterfaceId)
                    writes.Add(StoreWrite.Delete(Ec2Kinds.Keys, key, stored.Version));
            }
            try
            {
                await res.Store.CommitAsync(writes, ct);
                res.FilterInputChanged();
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Changed meanwhile (another detach): look again.
            }
        }
    }

    public async Task<VpcNetwork?> VpcOfAsync(IPAddress address, CancellationToken ct) =>
        await HoldingAsync(Ec2Kinds.Vpcs, v => v.CidrBlock, address, ct) is { } v ? Network(v) : null;

    public async Task<SubnetPlacement?> SubnetOfAsync(IPAddress address, CancellationToken ct) =>
        await HoldingAsync(Ec2Kinds.Subnets, s => s.CidrBlock, address, ct) is { } s ? Placement(s) : null;

    /// <summary>The first resource whose IPv4 range holds <paramref name="address"/>.</summary>
    async Task<T?> HoldingAsync<T>(ResourceKind<T> kind, Func<T, string> range, IPAddress address, CancellationToken ct) where T : class
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            return null;
        var a = Ipv4Cidr.Of(address);
        return (await res.AllAsync(kind, ct)).FirstOrDefault(r => Ipv4Cidr.TryParse(range(r), out var c, out _) && c.Contains(a));
    }

    public async Task<FirewallState> ReadFirewallStateAsync(CancellationToken ct)
    {
        var vpcs = await res.AllAsync(Ec2Kinds.Vpcs, ct);
        var subnets = (await res.AllAsync(Ec2Kinds.Subnets, ct)).ToDictionary(s => s.SubnetId);
        var groups = await res.AllAsync(Ec2Kinds.SecurityGroups, ct);
        var interfaces = await res.AllAsync(Ec2Kinds.Interfaces, ct);
        var vpcCidrs = vpcs.ToDictionary(v => v.VpcId, v => v.CidrBlock);
        return new FirewallState(
            [.. vpcs.Select(Network)],
            [.. groups.Select(g => new SecurityGroupRules(g.GroupId, g.VpcId,
                [.. g.Rules.Where(r => !r.IsEgress).Select(Rule)], [.. g.Rules.Where(r => r.IsEgress).Select(Rule)]))],
            [.. interfaces.Where(i => subnets.ContainsKey(i.SubnetId)).Select(i => Info(i, subnets[i.SubnetId], vpcCidrs.GetValueOrDefault(i.VpcId) ?? ""))]);
    }

    /// <summary>ICMP's -1 (all types or codes) is "no port" to the packet filter, as protocol -1 has none.</summary>
    static FirewallRule Rule(SecurityGroupRuleRecord r) =>
        new(r.Protocol, r.FromPort is -1 ? null : r.FromPort, r.ToPort is -1 ? null : r.ToPort, r.CidrIpv4, r.ReferencedGroupId);

    async Task<Stored<InterfaceRecord>?> FindRecordAsync(string ownerArn, CancellationToken ct) =>
        (await res.Store.ListAsync(Ec2Kinds.Interfaces, new StoreQuery { Name = ownerArn }, ct)).FirstOrDefault();

    async Task<NetworkInterfaceInfo> InfoAsync(InterfaceRecord eni, CancellationToken ct)
    {
        var subnet = (await res.GetAsync(Ec2Kinds.Subnets, eni.SubnetId, ct))?.Value
            ?? throw new NetworkReferenceException($"The subnet ID '{eni.SubnetId}' does not exist");
        var vpc = (await res.Store.GetAsync(Ec2Kinds.Vpcs, eni.VpcId, ct))?.Value;
        return Info(eni, subnet, vpc?.CidrBlock ?? "");
    }

    static NetworkInterfaceInfo Info(InterfaceRecord eni, SubnetRecord subnet, string vpcCidr)
    {
        Ipv4Cidr.TryParse(subnet.CidrBlock, out var range, out _);
        return new NetworkInterfaceInfo(eni.NetworkInterfaceId, eni.OwnerArn, eni.SubnetId, eni.VpcId, eni.AvailabilityZone, eni.PrivateIpAddress,
            subnet.CidrBlock, vpcCidr, AddressAllocation.Gateway(range), eni.MacAddress, eni.SecurityGroupIds, "in-use");
    }

    static VpcNetwork Network(VpcRecord v) => new(v.VpcId, v.CidrBlock, v.IsDefault);

    static SubnetPlacement Placement(SubnetRecord s) => new(s.SubnetId, s.VpcId, s.CidrBlock, s.AvailabilityZone, s.AvailabilityZoneId);
}
