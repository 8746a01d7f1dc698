using Microsoft.Extensions.Logging;

namespace Berth.Elb.Haproxy.Host;

/// <summary>
/// Keeps the load balancers' addresses on the host (observe with <c>ip</c> → <see cref="SourceAddressPlan"/> → add or
/// remove, each idempotent). Added before HAProxy is given a config that leaves from them, removed after the config
/// that did is gone; an address that cannot be added is left out of the config, so that load balancer's traffic
/// leaves from the host's own address instead of failing.
/// </summary>
internal sealed class SourceAddresses(LoopbackAddresses loopback, ILogger logger)
{
    bool _reportedUnavailable;
    (string Key, IReadOnlyDictionary<string, string> Present)? _last;
    string? _cleanedFor;

    /// <summary>
    /// Adds the wanted addresses; returns those now on the host, by load balancer ARN. The host is asked again only
    /// when the wanted set changes (passes run every second; the addresses are Berth's alone to change).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> EnsureAsync(IReadOnlyDictionary<string, string> wanted, CancellationToken ct)
    {
        var key = Key(wanted);
        if (_last is { } last && last.Key == key && last.Present.Count == wanted.Count)
            return last.Present;
        var present = await AddAsync(wanted, ct);
        _last = (key, present);
        return present;
    }

    async Task<IReadOnlyDictionary<string, string>> AddAsync(IReadOnlyDictionary<string, string> wanted, CancellationToken ct)
    {
        if (wanted.Count == 0)
            return wanted;
        var host = await loopback.ReadAsync(ct);
        if (host is null)
        {
            if (!_reportedUnavailable)
                Log.AddressesUnavailable(logger);
            _reportedUnavailable = true;
            return new Dictionary<string, string>();
        }
        var (add, _) = SourceAddressPlan.Compute(wanted, host);
        var present = host.Present.ToHashSet(StringComparer.Ordinal);
        foreach (var a in add)
        {
            if (await loopback.AddAsync(a, ct) is { } error)
                Log.AddressFailed(logger, a, error);
            else
                present.Add(a);
        }
        return wanted.Where(w => present.Contains(w.Value)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
    }

    /// <summary>Removes this data plane's addresses no load balancer leaves from any more.</summary>
    public async Task RemoveStaleAsync(IReadOnlyDictionary<string, string> wanted, CancellationToken ct)
    {
        var key = Key(wanted);
        if (_cleanedFor == key)
            return;
        var host = await loopback.ReadAsync(ct);
        if (host is null)
            return;
        _cleanedFor = key;
        foreach (var a in SourceAddressPlan.Compute(wanted, host).Remove)
        {
            if (await loopback.RemoveAsync(a, ct) is { } error)
                Log.AddressFailed(logger, a, error);
        }
    }

    static string Key(IReadOnlyDictionary<string, string> wanted) =>
        string.Join(',', wanted.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Key + "=" + w.Value));
}
