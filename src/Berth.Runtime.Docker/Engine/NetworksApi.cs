using System.Net;

namespace Berth.Runtime.Docker.Engine;

/// <summary>/networks.</summary>
public sealed class NetworksApi
{
    private readonly EngineTransport _transport;

    internal NetworksApi(EngineTransport transport) => _transport = transport;

    /// <summary>GET /networks/{nameOrId}; null when there is no such network.</summary>
    public Task<NetworkInspect?> InspectAsync(string nameOrId, CancellationToken cancellationToken) =>
        _transport.GetJsonOrNullAsync($"networks/{Query.Segment(nameOrId)}", EngineJsonContext.Default.NetworkInspect, cancellationToken);

    /// <summary>GET /networks?filters=.. (e.g. <c>{"label": ["io.berth.instance=x"]}</c>).</summary>
    public async Task<IReadOnlyList<NetworkInspect>> ListAsync(IDictionary<string, string[]>? filters, CancellationToken cancellationToken)
    {
        var uri = new Query("networks").AddFilters(filters);
        return await _transport.GetJsonAsync(uri, EngineJsonContext.Default.NetworkInspectArray, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POST /networks/create: a bridge network with one IPv4 subnet (e.g. <c>10.213.0.0/24</c>);
    /// the engine picks the gateway when <paramref name="gateway"/> is null. Returns the network ID.
    /// A name that already exists throws <see cref="DockerEngineException"/> (409).
    /// </summary>
    public async Task<string> CreateAsync(
        string name,
        string subnet,
        string? gateway,
        IReadOnlyDictionary<string, string>? labels,
        CancellationToken cancellationToken)
    {
        var version = await _transport.ApiVersionAsync(cancellationToken).ConfigureAwait(false);
        var request = new NetworkCreateRequest
        {
            Name = name,
            CheckDuplicate = version < EngineApiVersion.EndpointMacAddress ? true : null,
            Driver = "bridge",
            Ipam = new NetworkIpam
            {
                Driver = "default",
                Config = [new NetworkIpamConfig { Subnet = subnet, Gateway = gateway }],
            },
            Labels = labels is null ? null : new Dictionary<string, string>(labels),
        };
        var created = await _transport.PostJsonAsync(
            "networks/create",
            request,
            EngineJsonContext.Default.NetworkCreateRequest,
            EngineJsonContext.Default.IdResponse,
            cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary>DELETE /networks/{nameOrId}; a network that is already gone is not an error.</summary>
    public Task RemoveAsync(string nameOrId, CancellationToken cancellationToken) =>
        _transport.SendNoContentAsync(HttpMethod.Delete, $"networks/{Query.Segment(nameOrId)}", cancellationToken, HttpStatusCode.NotFound);
}
