using Berth.Elb.Haproxy.Config;

namespace Berth.Elb.Haproxy.Runtime;

/// <summary>
/// Targets through HAProxy's runtime API (the worker's admin socket), without a reload: add, drain, remove, weigh,
/// and read the stats. Facts about 2.6 this relies on: <c>add server</c> ignores <c>default-server</c> and creates the
/// server in maintenance with checks disabled; leaving maintenance with checks on makes it UP at once, so a new server
/// goes maint → drain → health down → ready → enable health: DOWN until <c>rise</c> checks pass, never taking traffic early.
/// <c>del server</c> needs the server in maintenance with no connections left.
/// </summary>
internal sealed class HaproxyRuntime(ProxyPaths paths)
{
    public Task<string> SendAsync(string command, CancellationToken ct) => HaproxySocket.SendAsync(paths.AdminSocket, command, ct);

    public async Task<StatSnapshot> ShowStatAsync(CancellationToken ct) => StatParser.Parse(await SendAsync("show stat", ct));

    public Task<string> ShowServersStateAsync(CancellationToken ct) => SendAsync("show servers state", ct);

    /// <summary>Adds a server that starts DOWN (or draining); returns HAProxy's error text, or null when it is in.</summary>
    public async Task<string?> AddAsync(string backend, ServerSpec s, CancellationToken ct)
    {
        var id = $"{backend}/{s.Name}";
        var added = await SendAsync($"add server {id} {s.Address} {s.Arguments}", ct);
        if (!added.Contains("New server registered", StringComparison.Ordinal))
            return added.Trim();
        var hasCheck = s.Arguments.Contains("check", StringComparison.Ordinal);
        var commands = hasCheck
            ? $"set server {id} state drain; set server {id} health down; set server {id} state {(s.DrainingSince is null ? "ready" : "drain")}; enable health {id}"
            : $"set server {id} state {(s.DrainingSince is null ? "ready" : "drain")}";
        await SendAsync(commands, ct);
        return null;
    }

    public Task DrainAsync(string backend, string server, CancellationToken ct) => SendAsync($"set server {backend}/{server} state drain", ct);

    public Task ReadyAsync(string backend, string server, CancellationToken ct) => SendAsync($"set server {backend}/{server} state ready", ct);

    public Task SetWeightAsync(string backend, string server, int weight, CancellationToken ct) => SendAsync($"set server {backend}/{server} weight {weight}", ct);

    /// <summary>Maintenance, cut what is left, delete. True once the server is gone.</summary>
    public async Task<bool> RemoveAsync(string backend, string server, CancellationToken ct)
    {
        var id = $"{backend}/{server}";
        var answer = await SendAsync($"set server {id} state maint; shutdown sessions server {id}; del server {id}", ct);
        return answer.Contains("Server deleted", StringComparison.Ordinal) || answer.Contains("No such server", StringComparison.Ordinal);
    }
}
