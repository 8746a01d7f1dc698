using System.Text.RegularExpressions;
using Berth.Kernel;
using Berth.Kernel.Networking;

namespace Berth.Elb;

/// <summary>
/// A load balancer's place in the account's networks: its subnets and security groups checked through
/// <see cref="INetworkDirectory"/> and refused with ELB's error codes, and its interface (made with requester
/// amazon-elb, as AWS makes one per load balancer) whose address the data plane sends traffic to targets from.
/// </summary>
public sealed partial class LoadBalancerNetwork(INetworkDirectory directory)
{
    /// <summary>
    /// The VPC, subnets (one per Availability Zone; the default VPC's, one per zone, when none are named) and groups
    /// (the VPC's default group when none are named) for a load balancer.
    /// </summary>
    public async Task<NetworkChoice> ResolveAsync(IReadOnlyList<string>? subnetIds, IReadOnlyList<string>? groupIds, CancellationToken ct)
    {
        var subnets = await SubnetsAsync(subnetIds, ct);
        var groups = (groupIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        foreach (var g in groups)
        {
            if (!GroupPattern().IsMatch(g))
                throw InvalidGroup($"The security group '{g}' is not valid");
        }
        try
        {
            var choice = await directory.ResolveAsync(subnets.Select(s => s.SubnetId).ToList(), groups.Count == 0 ? null : groups, ct);
            return choice with { Subnets = subnets };
        }
        catch (NetworkReferenceException e)
        {
            // The subnets were resolved one by one above, so what is wrong now is a group (unknown, or of another VPC).
            throw InvalidGroup(e.Message);
        }
    }

    async Task<List<SubnetPlacement>> SubnetsAsync(IReadOnlyList<string>? subnetIds, CancellationToken ct)
    {
        var ids = (subnetIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            NetworkChoice defaults;
            try
            {
                defaults = await directory.ResolveAsync(null, null, ct);
            }
            catch (NetworkReferenceException e)
            {
                throw ElbRefusals.InvalidConfiguration($"No subnets were given and there is no default VPC to place the load balancer in ({e.Message}): specify Subnets.");
            }
            // One subnet per zone, as a load balancer has at most one in each.
            return defaults.Subnets.GroupBy(s => s.AvailabilityZone).Select(z => z.First()).ToList();
        }
        if (ids.Count > MaxSubnets)
            throw ElbRefusals.InvalidConfiguration($"A load balancer can be in at most {MaxSubnets} subnets (one per Availability Zone).");
        var placed = new List<SubnetPlacement>();
        foreach (var id in ids)
        {
            if (!SubnetPattern().IsMatch(id))
                throw new AwsException("SubnetNotFound", $"The subnet ID '{id}' is not valid");
            try
            {
                placed.Add((await directory.ResolveAsync([id], null, ct)).Subnets[0]);
            }
            catch (NetworkReferenceException)
            {
                throw new AwsException("SubnetNotFound", $"The subnet ID '{id}' was not found");
            }
        }
        if (placed.FirstOrDefault(s => s.VpcId != placed[0].VpcId) is { } other)
            throw new AwsException("InvalidSubnet", $"Subnets '{placed[0].SubnetId}' ({placed[0].VpcId}) and '{other.SubnetId}' ({other.VpcId}) are in different VPCs: a load balancer's subnets must all be in one VPC.");
        if (placed.GroupBy(s => s.AvailabilityZone).FirstOrDefault(z => z.Count() > 1) is { } zone)
            throw ElbRefusals.InvalidConfiguration($"A load balancer cannot be attached to multiple subnets in the same Availability Zone ({zone.Key}: {string.Join(", ", zone.Select(s => s.SubnetId))}).");
        return placed;
    }

    /// <summary>Creates the load balancer's interface in the subnet (or returns the one it has).</summary>
    public async Task<NetworkInterfaceInfo> AttachAsync(string loadBalancerArn, string subnet, IReadOnlyList<string> groups, CancellationToken ct)
    {
        try
        {
            return await directory.AttachAsync(new InterfaceRequest(loadBalancerArn, subnet, groups, Description(loadBalancerArn), "amazon-elb", []), ct);
        }
        catch (NetworkReferenceException e)
        {
            throw new AwsException("InvalidSubnet", $"The subnet '{subnet}' cannot hold the load balancer's network interface: {e.Message}");
        }
    }

    public async Task UpdateGroupsAsync(string loadBalancerArn, IReadOnlyList<string> groups, CancellationToken ct)
    {
        try
        {
            await directory.UpdateGroupsAsync(loadBalancerArn, groups, ct);
        }
        catch (NetworkReferenceException e)
        {
            throw InvalidGroup(e.Message);
        }
    }

    public Task DetachAsync(string loadBalancerArn, CancellationToken ct) => directory.DetachAsync(loadBalancerArn, ct);

    /// <summary>How EC2 describes a load balancer's interface: <c>ELB app/NAME/ID</c>.</summary>
    public static string Description(string loadBalancerArn)
    {
        var i = loadBalancerArn.IndexOf(":loadbalancer/", StringComparison.Ordinal);
        return "ELB " + (i < 0 ? loadBalancerArn : loadBalancerArn[(i + ":loadbalancer/".Length)..]);
    }

    /// <summary>The VPC a target group names, or the default VPC when it names none.</summary>
    public async Task<string> TargetGroupVpcAsync(string? vpcId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(vpcId))
        {
            try
            {
                return (await directory.ResolveAsync(null, null, ct)).Vpc.VpcId;
            }
            catch (NetworkReferenceException)
            {
                throw ElbErrors.Validation("A VPC ID must be specified");
            }
        }
        var vpcs = (await directory.ReadFirewallStateAsync(ct)).Vpcs;
        return vpcs.Any(v => v.VpcId == vpcId) ? vpcId : throw ElbErrors.Validation($"The VPC ID '{vpcId}' is not found");
    }

    /// <summary>The VPC whose range holds the address, if any (an ip target inside its target group's VPC).</summary>
    public Task<VpcNetwork?> VpcOfAsync(System.Net.IPAddress address, CancellationToken ct) => directory.VpcOfAsync(address, ct);

    public Task<SubnetPlacement?> SubnetOfAsync(System.Net.IPAddress address, CancellationToken ct) => directory.SubnetOfAsync(address, ct);

    public const int MaxSubnets = 6;

    static AwsException InvalidGroup(string message) => new("InvalidSecurityGroup", message);

    [GeneratedRegex("^subnet-[a-z0-9]{1,32}$")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex("^sg-[a-z0-9]{1,32}$")]
    private static partial Regex GroupPattern();
}
