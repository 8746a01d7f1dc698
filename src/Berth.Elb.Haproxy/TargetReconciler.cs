using Berth.Elb.Haproxy.Config;
using Berth.Elb.Haproxy.Runtime;
using Microsoft.Extensions.Logging;

namespace Berth.Elb.Haproxy;

/// <summary>
/// Targets through the runtime API only: adds servers for new targets, drains deregistered ones and removes them once
/// their deregistration delay has passed or they have no connection left (ALB completes early when nothing is in
/// flight), removes servers whose target is gone. Returns the targets whose deregistration is complete.
/// </summary>
internal sealed class TargetReconciler(HaproxyRuntime runtime, TimeProvider clock, ILogger logger)
{
    public async Task<List<(string TargetGroupArn, string Key)>> ReconcileAsync(ProxyModel model, GeneratedConfig config, StatSnapshot live, CancellationToken ct)
    {
        var done = new List<(string, string)>();
        var now = clock.GetUtcNow();
        var byBackend = live.Servers.ToLookup(s => s.Backend, StringComparer.Ordinal);
        foreach (var spec in config.Backends.Values)
        {
            if (!live.Backends.Contains(spec.Name))
                continue;
            var tg = spec.TargetGroup;
            var running = byBackend[spec.Name].ToDictionary(s => s.Server, StringComparer.Ordinal);
            foreach (var s in spec.Servers)
            {
                running.Remove(s.Name, out var stat);
                if (stat is null)
                {
                    if (s.DrainingSince is not null)
                    {
                        done.Add((tg.TargetGroupArn, s.Key));
                    }
                    else if (await runtime.AddAsync(spec.Name, s, ct) is { } error)
                    {
                        Log.AddFailed(logger, s.Key, spec.Name, error);
                    }
                    continue;
                }
                if (s.DrainingSince is { } since)
                {
                    var expired = now - since >= TargetGroupAttributes.DeregistrationDelayOf(tg);
                    // A down target gets nothing new either, so with nothing in flight it is done too: else a dead
                    // task's target would drain the whole delay, and a new task given its address would inherit it.
                    var idle = (stat.IsDraining || stat.IsDown) && stat.CurrentSessions == 0 && stat.Queued == 0;
                    if (expired || idle)
                    {
                        if (await runtime.RemoveAsync(spec.Name, s.Name, ct))
                            done.Add((tg.TargetGroupArn, s.Key));
                    }
                    else if (!stat.IsDraining)
                    {
                        await runtime.DrainAsync(spec.Name, s.Name, ct);
                    }
                }
                else if (stat.IsDraining)
                {
                    // Registered again while draining: back in service, as ELB does.
                    await runtime.ReadyAsync(spec.Name, s.Name, ct);
                }
            }
            foreach (var gone in running.Values.Where(r => ProxyNames.KeyOf(r.Server) is not null))
                await runtime.RemoveAsync(spec.Name, gone.Server, ct);
        }

        // A target group no listener forwards to has nothing to drain: its deregistrations complete at once.
        foreach (var tg in model.TargetGroups.Where(g => !config.Backends.ContainsKey(ProxyNames.Backend(g))))
        {
            foreach (var t in tg.Targets.Where(t => t.DrainingSince is not null))
                done.Add((tg.TargetGroupArn, t.Key));
        }
        return done;
    }
}
