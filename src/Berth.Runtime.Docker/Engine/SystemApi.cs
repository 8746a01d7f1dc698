namespace Berth.Runtime.Docker.Engine;

/// <summary>/_ping, /version and /info.</summary>
public sealed class SystemApi
{
    private readonly EngineTransport _transport;

    internal SystemApi(EngineTransport transport) => _transport = transport;

    /// <summary>GET /_ping; true when the engine answers "OK".</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var response = await _transport.SendCheckedAsync(HttpMethod.Get, "_ping", null, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return body.Trim() == "OK";
    }

    public Task<SystemVersion> VersionAsync(CancellationToken cancellationToken) =>
        _transport.GetJsonAsync("version", EngineJsonContext.Default.SystemVersion, cancellationToken);

    public Task<SystemInfo> InfoAsync(CancellationToken cancellationToken) =>
        _transport.GetJsonAsync("info", EngineJsonContext.Default.SystemInfo, cancellationToken);
}
