using Berth.Kernel;
using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class TargetGroupOperations
{
    static readonly string[] HealthIncludes = ["AnomalyDetection", "All"];

    public static void Register(ServiceOperations ops, TargetGroupService service, TargetRegistry targets)
    {
        var j = ElbWireJson.Default;
        ops.Add("CreateTargetGroup", j.CreateTargetGroupInput, j.TargetGroupsOutput, async (r, ct) =>
            new TargetGroupsOutput([TargetGroupShape.From(await service.CreateAsync(r.ToRequest(), ct))]),
            access: r => ElbAccess.Create("CreateTargetGroup", r.Tags));
        ops.Add("DescribeTargetGroups", j.DescribeTargetGroupsInput, j.TargetGroupsOutput, async (r, ct) =>
        {
            var (found, next) = await service.DescribeAsync(r.LoadBalancerArn, r.TargetGroupArns, r.Names, r.Marker, r.PageSize, ct);
            return new TargetGroupsOutput(found.Select(TargetGroupShape.From).ToList(), next);
        });
        ops.Add("ModifyTargetGroup", j.ModifyTargetGroupInput, j.TargetGroupsOutput, async (r, ct) =>
            new TargetGroupsOutput([TargetGroupShape.From(await service.ModifyAsync(r.TargetGroupArn, r.HealthCheck(), ct))]),
            access: r => ElbAccess.On("ModifyTargetGroup", r.TargetGroupArn));
        ops.Add("DeleteTargetGroup", j.TargetGroupArnInput, j.ElbEmpty, async (r, ct) =>
        {
            await service.DeleteAsync(r.TargetGroupArn, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("DeleteTargetGroup", r.TargetGroupArn));
        ops.Add("DescribeTargetGroupAttributes", j.TargetGroupArnInput, j.AttributesOutput, async (r, ct) =>
            AttributesOutput.From(await service.DescribeAttributesAsync(r.TargetGroupArn, ct)),
            access: r => ElbAccess.On("DescribeTargetGroupAttributes", r.TargetGroupArn));
        ops.Add("ModifyTargetGroupAttributes", j.ModifyTargetGroupAttributesInput, j.AttributesOutput, async (r, ct) =>
            AttributesOutput.From(await service.ModifyAttributesAsync(r.TargetGroupArn, r.Attributes, ct)),
            access: r => ElbAccess.On("ModifyTargetGroupAttributes", r.TargetGroupArn));

        ops.Add("RegisterTargets", j.TargetsInput, j.ElbEmpty, async (r, ct) =>
        {
            var (arn, list) = await TargetsOf(service, r, ct);
            await targets.RegisterAsync(arn, list, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("RegisterTargets", r.TargetGroupArn));
        ops.Add("DeregisterTargets", j.TargetsInput, j.ElbEmpty, async (r, ct) =>
        {
            var (arn, list) = await TargetsOf(service, r, ct);
            await targets.DeregisterAsync(arn, list, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("DeregisterTargets", r.TargetGroupArn));
        ops.Add("DescribeTargetHealth", j.DescribeTargetHealthInput, j.DescribeTargetHealthOutput, async (r, ct) =>
        {
            var tg = await service.RequireAsync(r.TargetGroupArn, ct);
            foreach (var include in r.Include ?? [])
            {
                if (!HealthIncludes.Contains(include))
                    throw ElbErrors.Validation($"Include value '{include}' is not valid: use AnomalyDetection or All.");
            }
            var health = await targets.DescribeHealthAsync(tg.TargetGroupArn, r.Targets?.Select(t => t.ToRef()).ToList(), ct);
            return new DescribeTargetHealthOutput(health.Select(TargetHealthDescriptionShape.From).ToList());
        });
    }

    /// <summary>The target group (checked first, so a bad ARN is named before a bad target address) and the targets.</summary>
    static async Task<(string Arn, List<TargetRef> Targets)> TargetsOf(TargetGroupService service, TargetsInput r, CancellationToken ct)
    {
        var tg = await service.RequireAsync(r.TargetGroupArn, ct);
        var list = r.Targets?.Select(t => t.ToRef()).ToList() ?? throw ElbRefusals.Missing("targets");
        if (list.Count > 1000)
            throw new AwsException("TooManyTargets", "You can register or deregister at most 1000 targets at a time.");
        return (tg.TargetGroupArn, list);
    }
}
