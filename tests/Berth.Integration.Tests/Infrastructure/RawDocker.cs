using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Runtime.Docker.Engine;

namespace Berth.Integration.Tests.Infrastructure;

/// <summary>
/// The engine's untyped <c>GET /containers/{id}/json</c>, for the fields the typed <c>ContainerInspect</c> of
/// Berth.Runtime.Docker does not model (HostConfig.Privileged, HostConfig.SecurityOpt, ...).
/// </summary>
public sealed class RawDocker : IDisposable
{
    readonly HttpClient _http;

    public RawDocker(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The API version Berth's client would use with this engine (the same negotiation, on its unversioned /version).</summary>
    async Task<EngineApiVersion> ApiVersionAsync(CancellationToken ct)
    {
        using var version = JsonDocument.Parse(await _http.GetStringAsync("version", ct));
        var min = version.RootElement.TryGetProperty("MinAPIVersion", out var m) ? m.GetString() : null;
        var agreed = EngineApiVersion.Negotiate(min, version.RootElement.GetProperty("ApiVersion").GetString());
        return agreed.Version ?? throw new InvalidOperationException(agreed.Error);
    }

    /// <summary>The container's full inspect document, or null when there is no such container.</summary>
    public async Task<JsonDocument?> InspectContainerAsync(string idOrName, CancellationToken ct)
    {
        var version = await ApiVersionAsync(ct);
        using var response = await _http.GetAsync($"{version.PathSegment}/containers/{Uri.EscapeDataString(idOrName)}/json", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    public void Dispose() => _http.Dispose();
}
