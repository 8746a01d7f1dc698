using System.Text.RegularExpressions;
using Berth.Elb.Haproxy.Config;
using Berth.Elb.Haproxy.Process;
using Berth.Elb.Haproxy.Runtime;
using Microsoft.Extensions.Logging;

namespace Berth.Elb.Haproxy;

/// <summary>
/// Structural changes (listeners, rules, target groups) through config + check + reload. A candidate config is checked
/// with <c>haproxy -c</c> before it replaces the running one; a load balancer whose part of it is refused, or whose
/// port is taken, is left out (and reported failed) so the others keep serving.
/// </summary>
internal sealed partial class ConfigApplier(HaproxyProcess process, HaproxyRuntime runtime, TimeProvider clock, ILogger logger)
{
    string? _appliedStructure;
    HashSet<int> _appliedPorts = [];
    readonly Dictionary<string, string> _invalid = new(StringComparer.Ordinal);
    (string Structure, string Reason, DateTimeOffset At)? _lastFailure;

    ProxyPaths Paths => process.Paths;

    /// <summary>Whether the config HAProxy runs binds <paramref name="port"/>.</summary>
    public bool Serves(int port) => _appliedPorts.Contains(port);

    /// <summary>Takes over a running HAProxy: what its config on disk says is what runs.</summary>
    public void Adopt()
    {
        var text = File.Exists(Paths.ConfigFile) ? File.ReadAllText(Paths.ConfigFile) : "";
        _appliedStructure = HaproxyConfigWriter.StructureOf(text);
        _appliedPorts = BindPorts(text);
    }

    /// <summary>
    /// Makes HAProxy run the config for <paramref name="model"/>, each backend leaving from its load balancer's address
    /// in <paramref name="sources"/> (those on the host, by load balancer ARN); returns the config now in effect (the new one, or the
    /// same structure with current targets), the reasons load balancers could not be served, and whether it runs.
    /// </summary>
    public async Task<ApplyOutcome> ApplyAsync(ProxyModel model, StatSnapshot live, bool running, IReadOnlyDictionary<string, string> sources, CancellationToken ct)
    {
        var liveServers = live.Servers.Select(s => (s.Backend, s.Server)).ToHashSet();
        var blocked = new Dictionary<string, string>(_invalid, StringComparer.Ordinal);
        foreach (var l in model.Listeners)
        {
            if ((!running || !_appliedPorts.Contains(l.Port)) && !blocked.ContainsKey(l.ListenerArn) && !PortProbe.IsFree(Paths.ListenAddress, l.Port))
            {
                Log.PortInUse(logger, l.Port, l.LoadBalancerArn);
                blocked[l.ListenerArn] = $"Port {l.Port} is already in use on this host";
            }
        }
        for (var attempt = 0; ; attempt++)
        {
            var gen = HaproxyConfigWriter.Write(model, Paths, new ConfigInputs(blocked, (b, s) => liveServers.Contains((b, s)), sources));
            if (running && gen.Structure == _appliedStructure)
                return new ApplyOutcome(gen, true, null);
            // The same refused change is not retried in a hot loop; a start is retried sooner (a port may come free).
            if (_lastFailure is { } f && f.Structure == gen.Structure && clock.GetUtcNow() - f.At < (running ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(3)))
                return new ApplyOutcome(gen, running, f.Reason);

            await File.WriteAllTextAsync(Paths.CandidateFile, gen.Text, ct);
            var error = await process.CheckAsync(Paths.CandidateFile, ct);
            if (error is not null)
            {
                var culprits = Culprits(gen.Text, error, model);
                if (culprits.Count == 0 || attempt >= 5)
                {
                    _lastFailure = (gen.Structure, error, clock.GetUtcNow());
                    Log.ReloadFailed(logger, error);
                    return new ApplyOutcome(gen, running, error);
                }
                foreach (var lb in culprits)
                {
                    Log.InvalidConfig(logger, lb, error);
                    foreach (var l in model.Listeners.Where(l => l.LoadBalancerArn == lb))
                        _invalid[l.ListenerArn] = blocked[l.ListenerArn] = "Invalid load balancer configuration: " + error;
                }
                continue;
            }

            string? failure;
            if (running)
            {
                // The state file carries health, drain and weights of every server into the new worker.
                await File.WriteAllTextAsync(Paths.StateFile, await runtime.ShowServersStateAsync(ct), ct);
                var previous = File.Exists(Paths.ConfigFile) ? await File.ReadAllTextAsync(Paths.ConfigFile, ct) : null;
                File.Move(Paths.CandidateFile, Paths.ConfigFile, overwrite: true);
                failure = await process.ReloadAsync(ct);
                if (failure is not null && previous is not null)
                    await File.WriteAllTextAsync(Paths.ConfigFile, previous, ct);
                else
                    Log.Reloaded(logger, gen.Served.Count, gen.Backends.Count);
            }
            else
            {
                File.Move(Paths.CandidateFile, Paths.ConfigFile, overwrite: true);
                failure = await process.StartAsync(ct);
                if (failure is null)
                    Log.Started(logger, Paths.Directory);
                else
                    Log.StartFailed(logger, failure);
            }
            if (failure is not null)
            {
                if (running)
                    Log.ReloadFailed(logger, failure);
                _lastFailure = (gen.Structure, failure, clock.GetUtcNow());
                return new ApplyOutcome(gen, running, failure);
            }
            _appliedStructure = gen.Structure;
            _appliedPorts = gen.Served.Select(s => s.Port).ToHashSet();
            _lastFailure = null;
            return new ApplyOutcome(gen, true, null, Reloaded: true);
        }
    }

    /// <summary>Forgets refusals, so a changed load balancer is tried again.</summary>
    public void ForgetInvalid(ProxyModel model)
    {
        var listeners = model.Listeners.Select(l => l.ListenerArn).ToHashSet(StringComparer.Ordinal);
        foreach (var arn in _invalid.Keys.Where(k => !listeners.Contains(k)).ToList())
            _invalid.Remove(arn);
    }

    /// <summary>The load balancers whose frontends (or whose target groups' backends) hold the lines HAProxy refused.</summary>
    static HashSet<string> Culprits(string text, string error, ProxyModel model)
    {
        var lines = text.Split('\n');
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in ErrorLine().Matches(error))
        {
            var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
            for (var i = Math.Min(n, lines.Length - 1); i >= 0; i--)
            {
                if (lines[i].StartsWith("frontend ", StringComparison.Ordinal) || lines[i].StartsWith("backend ", StringComparison.Ordinal))
                {
                    // The comment under each section header names the resource's ARN.
                    var arn = i + 1 < lines.Length ? lines[i + 1].Trim().Split(' ').LastOrDefault() ?? "" : "";
                    foreach (var l in model.Listeners.Where(l => l.ListenerArn == arn))
                        result.Add(l.LoadBalancerArn);
                    foreach (var l in model.Listeners)
                    {
                        var rules = model.Rules.Where(r => r.ListenerArn == l.ListenerArn).SelectMany(r => r.Actions);
                        if (ElbActions.TargetGroupsOf(l.DefaultActions.Concat(rules)).Contains(arn))
                            result.Add(l.LoadBalancerArn);
                    }
                    break;
                }
            }
        }
        return result;
    }

    static HashSet<int> BindPorts(string text) =>
        BindLine().Matches(text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    [GeneratedRegex(@"\[[^\]]*:(\d+)\]")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"^\s+bind \S+:(\d+)$", RegexOptions.Multiline)]
    private static partial Regex BindLine();
}

/// <summary>The config in effect after an apply, whether HAProxy runs, and why the last change failed if it did.</summary>
internal sealed record ApplyOutcome(GeneratedConfig Config, bool Running, string? Failure, bool Reloaded = false);
