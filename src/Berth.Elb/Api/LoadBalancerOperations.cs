using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class LoadBalancerOperations
{
    public static void Register(ServiceOperations ops, LoadBalancerService service)
    {
        ops.AddHandWrittenQuery("CreateLoadBalancer", async (q, ct) =>
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
        ops.AddHandWrittenQuery("DescribeLoadBalancers", async (q, ct) =>
        {
            var (found, next) = await service.DescribeAsync(q.Strings("LoadBalancerArns"), q.Strings("Names"), q.String("Marker"), q.Int("PageSize"), ct);
            return w =>
            {
                w.List("LoadBalancers", found, x => ElbXml.LoadBalancer(w, x));
                w.Value("NextMarker", next);
            };
        });
        ops.AddHandWrittenQuery("DeleteLoadBalancer", async (q, ct) =>
        {
            await service.DeleteAsync(q.String("LoadBalancerArn"), ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("DescribeLoadBalancerAttributes", async (q, ct) =>
        {
            var attributes = await service.DescribeAttributesAsync(q.String("LoadBalancerArn"), ct);
            return w => ElbXml.Attributes(w, attributes);
        });
        ops.AddHandWrittenQuery("ModifyLoadBalancerAttributes", async (q, ct) =>
        {
            var attributes = await service.ModifyAttributesAsync(q.String("LoadBalancerArn"), ElbInput.Attributes(q), ct);
            return w => ElbXml.Attributes(w, attributes);
        });
    }
}
