using Berth.Kernel.Protocol;

namespace Berth.Elb.Api;

internal static class ListenerOperations
{
    public static void Register(ServiceOperations ops, ListenerService service)
    {
        var j = ElbWireJson.Default;
        ops.Add("CreateListener", j.CreateListenerInput, j.ListenersOutput, async (r, ct) =>
            new ListenersOutput([ListenerShape.From(await service.CreateAsync(r.ToRequest(), ct))]),
            access: r => ElbAccess.On("CreateListener", [r.LoadBalancerArn], r.Tags));
        ops.Add("DescribeListeners", j.DescribeListenersInput, j.ListenersOutput, async (r, ct) =>
        {
            var (found, next) = await service.DescribeAsync(r.LoadBalancerArn, r.ListenerArns, r.Marker, r.PageSize, ct);
            return new ListenersOutput(found.Select(ListenerShape.From).ToList(), next);
        });
        ops.Add("ModifyListener", j.ModifyListenerInput, j.ListenersOutput, async (r, ct) =>
            new ListenersOutput([ListenerShape.From(await service.ModifyAsync(r.ToRequest(), ct))]),
            access: r => ElbAccess.On("ModifyListener", r.ListenerArn));
        ops.Add("DescribeListenerAttributes", j.ListenerArnInput, j.AttributesOutput, async (r, ct) =>
            AttributesOutput.From(await service.DescribeAttributesAsync(r.ListenerArn, ct)),
            access: r => ElbAccess.On("DescribeListenerAttributes", r.ListenerArn));
        ops.Add("ModifyListenerAttributes", j.ModifyListenerAttributesInput, j.AttributesOutput, async (r, ct) =>
            AttributesOutput.From(await service.ModifyAttributesAsync(r.ListenerArn, r.Attributes, ct)),
            access: r => ElbAccess.On("ModifyListenerAttributes", r.ListenerArn));
        ops.Add("DeleteListener", j.ListenerArnInput, j.ElbEmpty, async (r, ct) =>
        {
            await service.DeleteAsync(r.ListenerArn, ct);
            return ElbOperations.None;
        },
            access: r => ElbAccess.On("DeleteListener", r.ListenerArn));
    }
}
