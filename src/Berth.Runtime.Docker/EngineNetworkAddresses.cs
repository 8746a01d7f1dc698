using Berth.Kernel.Networking;
using Berth.Runtime.Docker.Engine;

namespace Berth.Runtime.Docker;

/// <summary>
/// <see cref="IHostAddresses"/> from the engine: the addresses of every container on the task networks (the default
/// one and each VPC's), whoever made them — e.g. tasks a berthd whose data directory was removed left running, which
/// the engine would not let a new sandbox take. Read again at most once a second; an engine that does not answer adds
/// nothing (the sandbox's own create then says why).
/// </summary>
public sealed class EngineNetworkAddresses(DockerEngine engine, DockerRuntimeOptions options, TimeProvider clock) : IHostAddresses
{
    static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    readonly SemaphoreSlim _gate = new(1, 1);
    IReadOnlySet<string> _addresses = new HashSet<string>();
    DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public async ValueTask<IReadOnlySet<string>> CurrentAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() - _readAt >= MaxAge)
            {
                _addresses = await ReadAsync(ct);
                _readAt = clock.GetUtcNow();
            }
            return _addresses;
        }
        finally
        {
            _gate.Release();
        }
    }

    async Task<IReadOnlySet<string>> ReadAsync(CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var names = new List<string> { options.NetworkName };
            var vpcs = await engine.Networks.ListAsync(new Dictionary<string, string[]> { ["label"] = [TaskNetworks.VpcLabel] }, ct);
            names.AddRange(vpcs.Select(n => n.Name).Where(n => n != options.NetworkName));
            foreach (var name in names)
            {
                var network = await engine.Networks.InspectAsync(name, ct);
                foreach (var endpoint in network?.Containers?.Values ?? Enumerable.Empty<NetworkEndpoint>())
                {
                    if (endpoint.Ipv4Address is { } a)
                        set.Add(a.Split('/')[0]);
                }
            }
        }
        catch (Exception e) when (e is DockerEngineException or HttpRequestException or IOException)
        {
            // The engine is not there: nothing to add.
        }
        return set;
    }
}
