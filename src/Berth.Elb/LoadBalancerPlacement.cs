using Berth.Kernel;
using Berth.Kernel.Networking;
using Berth.Kernel.Storage;

namespace Berth.Elb;

// SetSecurityGroups and SetSubnets: a load balancer's groups and subnets change in place, in its VPC, and its
// interface follows (new groups on the same address; a new address when its subnet is left).
public sealed partial class LoadBalancerService
{
    /// <summary>Replaces the load balancer's security groups; an application load balancer keeps at least one.</summary>
    public async Task<List<string>> SetSecurityGroupsAsync(string? arn, IReadOnlyList<string>? securityGroups, string? enforceOnPrivateLink, CancellationToken ct)
    {
        var lb = await RequireAsync(arn, ct);
        if (enforceOnPrivateLink is not null)
            throw ElbRefusals.InvalidConfiguration("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic applies to Network Load Balancers only; this is an application load balancer.");
        if (securityGroups is null)
            throw ElbRefusals.Missing("securityGroups");
        if (securityGroups.Count == 0)
            throw ElbRefusals.InvalidConfiguration("An application load balancer must have at least one security group.");
        var choice = await network.ResolveAsync(lb.AvailabilityZones.Select(z => z.SubnetId!).ToList(), securityGroups, ct);
        if (choice.Vpc.VpcId != lb.VpcId)
            throw ElbRefusals.InvalidConfiguration($"The load balancer is in VPC '{lb.VpcId}', its subnets now in '{choice.Vpc.VpcId}'.");
        var groups = choice.SecurityGroupIds.ToList();
        await network.UpdateGroupsAsync(lb.LoadBalancerArn, groups, ct);
        await store.MutateAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn,
            (l, _) => l.SecurityGroups.SequenceEqual(groups) ? null : l with { SecurityGroups = groups }, ct);
        dataPlane.Notify();
        return groups;
    }

    /// <summary>Moves the load balancer to other subnets of its VPC; returns its zones.</summary>
    public async Task<List<AvailabilityZone>> SetSubnetsAsync(string? arn, IReadOnlyList<string>? subnets, IReadOnlyList<string>? subnetMappings,
        string? ipAddressType, string? enablePrefixForIpv6SourceNat, CancellationToken ct)
    {
        var lb = await RequireAsync(arn, ct);
        if (subnets is not null && subnetMappings is not null)
            throw ElbErrors.Validation("Specify Subnets or SubnetMappings, not both.");
        if (subnets is not { Count: > 0 } && subnetMappings is not { Count: > 0 })
            throw ElbErrors.Validation("You must specify either subnets or subnet mappings.");
        if (ipAddressType is not (null or "ipv4"))
            throw ElbErrors.Validation($"IP address type '{ipAddressType}' is not supported: Berth load balancers are IPv4 only.");
        if (enablePrefixForIpv6SourceNat is not null)
            throw ElbRefusals.InvalidConfiguration("EnablePrefixForIpv6SourceNat applies to Network Load Balancers only; this is an application load balancer.");
        // The groups stay: subnets of the load balancer's VPC fit them.
        var choice = await network.ResolveAsync(subnets ?? subnetMappings, null, ct);
        if (choice.Vpc.VpcId != lb.VpcId)
            throw ElbRefusals.InvalidConfiguration($"The subnets are in VPC '{choice.Vpc.VpcId}', but the load balancer is in VPC '{lb.VpcId}': a load balancer cannot move to another VPC.");
        var zones = ZonesOf(choice);

        var eni = (Id: lb.NetworkInterfaceId, Subnet: lb.InterfaceSubnetId, Address: lb.PrivateIpAddress);
        if (eni.Subnet is not null && zones.All(z => z.SubnetId != eni.Subnet))
        {
            // The interface's subnet is left: it moves to the first new one (a new address), or back when that one is full.
            await network.DetachAsync(lb.LoadBalancerArn, ct);
            NetworkInterfaceInfo moved;
            try
            {
                moved = await network.AttachAsync(lb.LoadBalancerArn, zones[0].SubnetId!, lb.SecurityGroups, ct);
            }
            catch (AwsException)
            {
                var back = await network.AttachAsync(lb.LoadBalancerArn, eni.Subnet, lb.SecurityGroups, ct);
                await store.MutateAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn,
                    (l, _) => l with { NetworkInterfaceId = back.NetworkInterfaceId, PrivateIpAddress = back.PrivateIpAddress }, ct);
                dataPlane.Notify();
                throw;
            }
            eni = (moved.NetworkInterfaceId, moved.SubnetId, moved.PrivateIpAddress);
        }
        await store.MutateAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn,
            (l, _) => l with { AvailabilityZones = zones, NetworkInterfaceId = eni.Id, InterfaceSubnetId = eni.Subnet, PrivateIpAddress = eni.Address }, ct);
        dataPlane.Notify();
        return zones;
    }

    static List<AvailabilityZone> ZonesOf(NetworkChoice choice) =>
        choice.Subnets.Select(s => new AvailabilityZone { SubnetId = s.SubnetId, ZoneName = s.AvailabilityZone }).ToList();
}
