using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class LoadBalancerOperations
{
    public static void Register(QueryOperationTable ops, LoadBalancerService service)
    {
        var s = ElbOperations.Service;
        ops.Add(s, "CreateLoadBalancer", async (q, ct) =>
        {
            var lb = await service.CreateAsync(new CreateLoadBalancerRequest
            {
                Name = q.String("Name"),
                Subnets = q.Strings("Subnets"),
                SubnetMappings = q.Members("SubnetMappings")?.Select(m => m.String("SubnetId") ?? "").ToList(),
                SecurityGroups = q.Strings("SecurityGroups"),
                Scheme = q.String("Scheme"),
                Type = q.String("Type"),
                IpAddressType = q.String("IpAddressType"),
                Tags = ElbInput.Tags(q),
            }, ct);
            return w => w.List("LoadBalancers", [lb], x => ElbXml.LoadBalancer(w, x));
        });
        ops.Add(s, "DescribeLoadBalancers", async (q, ct) =>
        {
            var (found, next) = await service.DescribeAsync(q.Strings("LoadBalancerArns"), q.Strings("Names"), q.String("Marker"), q.Int("PageSize"), ct);
            return w =>
            {
                w.List("LoadBalancers", found, x => ElbXml.LoadBalancer(w, x));
                w.Value("NextMarker", next);
            };
        });
        ops.Add(s, "DeleteLoadBalancer", async (q, ct) =>
        {
            await service.DeleteAsync(q.String("LoadBalancerArn"), ct);
            return ElbOperations.Empty;
        });
        ops.Add(s, "DescribeLoadBalancerAttributes", async (q, ct) =>
        {
            var attributes = await service.DescribeAttributesAsync(q.String("LoadBalancerArn"), ct);
            return w => ElbXml.Attributes(w, attributes);
        });
        ops.Add(s, "ModifyLoadBalancerAttributes", async (q, ct) =>
        {
            var attributes = await service.ModifyAttributesAsync(q.String("LoadBalancerArn"), ElbInput.Attributes(q), ct);
            return w => ElbXml.Attributes(w, attributes);
        });
    }
}
