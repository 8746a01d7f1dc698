using Berth.Core.LoadBalancing;
using Berth.Core.Storage;
using Berth.LoadBalancer.Config;

namespace Berth.LoadBalancer;

/// <summary>Writes each load balancer's State as the data plane sees it, only when it changes.</summary>
internal static class LoadBalancerStates
{
    public static async Task WriteAsync(IStateStore store, ProxyModel model, Func<Core.LoadBalancing.LoadBalancer, (string Code, string? Reason)> stateOf, CancellationToken ct)
    {
        foreach (var lb in model.LoadBalancers)
        {
            var (code, reason) = stateOf(lb);
            if (lb.State.Code == code && lb.State.Reason == reason)
                continue;
            await store.MutateAsync(Kinds.LoadBalancers, lb.LoadBalancerArn, (l, _) =>
                l.State.Code == code && l.State.Reason == reason ? null : l with { State = new LoadBalancerState { Code = code, Reason = reason } }, ct);
        }
    }
}
