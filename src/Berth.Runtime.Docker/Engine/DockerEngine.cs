using System.Net.Sockets;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// A small typed client for the Docker Engine API (v1.41) over its unix socket.
/// </summary>
public sealed class DockerEngine : IDisposable
{
    public const string DefaultSocketPath = "/var/run/docker.sock";
    public const string ApiVersion = "v1.41";

    private readonly HttpClient _http;

    public DockerEngine(string socketPath = DefaultSocketPath)
    {
        SocketPath = socketPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = new Uri($"http://docker/{ApiVersion}/"),
            // Follow-mode logs, events and waits run for as long as the caller wants;
            // callers bound everything else with their CancellationToken.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var transport = new EngineTransport(_http);
        Containers = new ContainersApi(transport);
        Images = new ImagesApi(transport);
        Networks = new NetworksApi(transport);
        System = new SystemApi(transport);
        Events = new EventsApi(transport);
    }

    public string SocketPath { get; }

    public ContainersApi Containers { get; }

    public ImagesApi Images { get; }

    public NetworksApi Networks { get; }

    public SystemApi System { get; }

    public EventsApi Events { get; }

    /// <summary>True when something exists at <paramref name="path"/> (the engine socket).</summary>
    public static bool SocketExists(string path = DefaultSocketPath) => File.Exists(path);

    public void Dispose() => _http.Dispose();
}
