using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class TargetGroupOperations
{
    static readonly string[] HealthIncludes = ["AnomalyDetection", "All"];

    public static void Register(ServiceOperations ops, TargetGroupService service, TargetRegistry targets)
    {
        ops.AddHandWrittenQuery("CreateTargetGroup", async (q, ct) =>
        {
            var tg = await service.CreateAsync(new CreateTargetGroupRequest
            {
                Name = q.String("Name"),
                Protocol = q.String("Protocol"),
                ProtocolVersion = q.String("ProtocolVersion"),
                Port = q.Int("Port"),
                VpcId = q.String("VpcId"),
                TargetType = q.String("TargetType"),
                IpAddressType = q.String("IpAddressType"),
                HealthCheck = ElbInput.HealthCheck(q),
                Tags = ElbInput.Tags(q),
            }, ct);
            return w => w.List("TargetGroups", [tg], x => ElbXml.TargetGroup(w, x));
        });
        ops.AddHandWrittenQuery("DescribeTargetGroups", async (q, ct) =>
        {
            var (found, next) = await service.DescribeAsync(q.String("LoadBalancerArn"), q.Strings("TargetGroupArns"), q.Strings("Names"), q.String("Marker"), q.Int("PageSize"), ct);
            return w =>
            {
                w.List("TargetGroups", found, x => ElbXml.TargetGroup(w, x));
                w.Value("NextMarker", next);
            };
        });
        ops.AddHandWrittenQuery("ModifyTargetGroup", async (q, ct) =>
        {
            var tg = await service.ModifyAsync(q.String("TargetGroupArn"), ElbInput.HealthCheck(q), ct);
            return w => w.List("TargetGroups", [tg], x => ElbXml.TargetGroup(w, x));
        });
        ops.AddHandWrittenQuery("DeleteTargetGroup", async (q, ct) =>
        {
            await service.DeleteAsync(q.String("TargetGroupArn"), ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("DescribeTargetGroupAttributes", async (q, ct) =>
        {
            var attributes = await service.DescribeAttributesAsync(q.String("TargetGroupArn"), ct);
            return w => ElbXml.Attributes(w, attributes);
        });
        ops.AddHandWrittenQuery("ModifyTargetGroupAttributes", async (q, ct) =>
        {
            var attributes = await service.ModifyAttributesAsync(q.String("TargetGroupArn"), ElbInput.Attributes(q), ct);
            return w => ElbXml.Attributes(w, attributes);
        });

        ops.AddHandWrittenQuery("RegisterTargets", async (q, ct) =>
        {
            var (arn, list) = await TargetsOf(service, q, ct);
            await targets.RegisterAsync(arn, list, ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("DeregisterTargets", async (q, ct) =>
        {
            var (arn, list) = await TargetsOf(service, q, ct);
            await targets.DeregisterAsync(arn, list, ct);
            return ElbOperations.Empty;
        });
        ops.AddHandWrittenQuery("DescribeTargetHealth", async (q, ct) =>
        {
            var tg = await service.RequireAsync(q.String("TargetGroupArn"), ct);
            foreach (var include in q.Strings("Include") ?? [])
            {
                if (!HealthIncludes.Contains(include))
                    throw ElbErrors.Validation($"Include value '{include}' is not valid: use AnomalyDetection or All.");
            }
            var health = await targets.DescribeHealthAsync(tg.TargetGroupArn, ElbInput.Targets(q), ct);
            return w => w.List("TargetHealthDescriptions", health, d => ElbXml.TargetHealth(w, d));
        });
    }

    /// <summary>The target group (checked first, so a bad ARN is named before the targets) and the targets.</summary>
    static async Task<(string Arn, List<TargetRef> Targets)> TargetsOf(TargetGroupService service, QueryInput q, CancellationToken ct)
    {
        var tg = await service.RequireAsync(q.String("TargetGroupArn"), ct);
        var list = ElbInput.Targets(q) ?? throw ElbRefusals.Missing("targets");
        if (list.Count > 1000)
            throw new Berth.Kernel.AwsException("TooManyTargets", "You can register or deregister at most 1000 targets at a time.");
        return (tg.TargetGroupArn, list);
    }
}
