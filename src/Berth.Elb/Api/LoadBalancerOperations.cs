using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class LoadBalancerOperations
{
    public static void Register(ServiceOperations ops, LoadBalancerService service)
    {
        var j = ElbWireJson.Default;
        ops.Add("CreateLoadBalancer", j.CreateLoadBalancerInput, j.LoadBalancersOutput, async (r, ct) =>
            new LoadBalancersOutput([LoadBalancerShape.From(await service.CreateAsync(r.ToRequest(), ct))]),
            access: r => ElbAccess.Create("CreateLoadBalancer", r.Tags));
        ops.Add("DescribeLoadBalancers", j.DescribeLoadBalancersInput, j.LoadBalancersOutput, async (r, ct) =>
        {
            var (found, next) = await service.DescribeAsync(r.LoadBalancerArns, r.Names, r.Marker, r.PageSize, ct);
            return new LoadBalancersOutput(found.Select(LoadBalancerShape.From).ToList(), next);
        });
        ops.Add("DeleteLoadBalancer", j.LoadBalancerArnInput, j.ElbEmpty, async (r, ct) =>
        {
            await service.DeleteAsync(r.LoadBalancerArn, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("DeleteLoadBalancer", r.LoadBalancerArn));
        ops.Add("DescribeLoadBalancerAttributes", j.LoadBalancerArnInput, j.AttributesOutput, async (r, ct) =>
            AttributesOutput.From(await service.DescribeAttributesAsync(r.LoadBalancerArn, ct)),
            access: r => ElbAccess.On("DescribeLoadBalancerAttributes", r.LoadBalancerArn));
        ops.Add("ModifyLoadBalancerAttributes", j.ModifyLoadBalancerAttributesInput, j.AttributesOutput, async (r, ct) =>
            AttributesOutput.From(await service.ModifyAttributesAsync(r.LoadBalancerArn, r.Attributes, ct)),
            access: r => ElbAccess.On("ModifyLoadBalancerAttributes", r.LoadBalancerArn));
        ops.Add("SetSecurityGroups", j.SetSecurityGroupsInput, j.SetSecurityGroupsOutput, async (r, ct) =>
            new SetSecurityGroupsOutput(await service.SetSecurityGroupsAsync(r.LoadBalancerArn, r.SecurityGroups, r.EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic, ct)),
            access: r => ElbAccess.On("SetSecurityGroups", r.LoadBalancerArn));
        ops.Add("SetSubnets", j.SetSubnetsInput, j.SetSubnetsOutput, async (r, ct) =>
            new SetSubnetsOutput(AvailabilityZoneShape.From(await service.SetSubnetsAsync(r.LoadBalancerArn, r.Subnets, SubnetMapping.SubnetIds(r.SubnetMappings),
                r.IpAddressType, r.EnablePrefixForIpv6SourceNat, ct)), "ipv4"),
            access: r => ElbAccess.On("SetSubnets", r.LoadBalancerArn));
    }
}
