using Berth.Elb.Haproxy.Config;
using Berth.Kernel.Storage;

namespace Berth.Elb.Haproxy;

/// <summary>Writes each load balancer's State as the data plane sees it, only when it changes.</summary>
internal static class LoadBalancerStates
{
    public static async Task WriteAsync(IStateStore store, ProxyModel model, Func<LoadBalancer, (string Code, string? Reason)> stateOf, CancellationToken ct)
    {
        foreach (var lb in model.LoadBalancers)
        {
            var (code, reason) = stateOf(lb);
            if (lb.State.Code == code && lb.State.Reason == reason)
                continue;
            await store.MutateAsync(ElbKinds.LoadBalancers, lb.LoadBalancerArn, (l, _) =>
                l.State.Code == code && l.State.Reason == reason ? null : l with { State = new LoadBalancerState { Code = code, Reason = reason } }, ct);
        }
    }
}
