using Berth.Kernel.Storage;

namespace Berth.Elb;

/// <summary>Which load balancers each target group serves, from the listeners and rules that forward to it.</summary>
public sealed class ElbAssociations
{
    readonly Dictionary<string, SortedSet<string>> _byTargetGroup = new(StringComparer.Ordinal);

    ElbAssociations()
    {
    }

    public static async Task<ElbAssociations> LoadAsync(IStateStore store, CancellationToken ct)
    {
        var a = new ElbAssociations();
        var listeners = (await store.ListAsync(ElbKinds.Listeners, new StoreQuery(), ct)).ToDictionary(l => l.Value.ListenerArn, l => l.Value, StringComparer.Ordinal);
        foreach (var l in listeners.Values)
            a.Add(ElbActions.TargetGroupsOf(l.DefaultActions), l.LoadBalancerArn);
        foreach (var r in await store.ListAsync(ElbKinds.ListenerRules, new StoreQuery(), ct))
        {
            if (listeners.TryGetValue(r.Value.ListenerArn, out var l))
                a.Add(ElbActions.TargetGroupsOf(r.Value.Actions), l.LoadBalancerArn);
        }
        return a;
    }

    void Add(IEnumerable<string> targetGroups, string loadBalancerArn)
    {
        foreach (var tg in targetGroups)
        {
            if (!_byTargetGroup.TryGetValue(tg, out var set))
                _byTargetGroup[tg] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(loadBalancerArn);
        }
    }

    public List<string> LoadBalancersOf(string targetGroupArn) =>
        _byTargetGroup.TryGetValue(targetGroupArn, out var set) ? [.. set] : [];

    public bool IsInUse(string targetGroupArn) => _byTargetGroup.ContainsKey(targetGroupArn);
}
