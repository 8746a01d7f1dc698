using System.Net.Sockets;

namespace Berth.Runtime.Docker.Engine;

/// <summary>
/// A small typed client for the Docker Engine API over its unix socket, speaking the highest API version both it and
/// the engine know (<see cref="EngineApiVersion.Oldest"/> … <see cref="EngineApiVersion.Newest"/>).
/// </summary>
public sealed class DockerEngine : IDisposable
{
    public const string DefaultSocketPath = "/var/run/docker.sock";
    private readonly HttpClient _http;
    private readonly EngineTransport _transport;

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
            // Unversioned: the transport puts the agreed version in front of each path.
            BaseAddress = new Uri("http://docker/"),
            // Follow-mode logs, events and waits run for as long as the caller wants;
            // callers bound everything else with their CancellationToken.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var transport = _transport = new EngineTransport(_http, $"unix://{socketPath}");
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

    /// <summary>
    /// The API version agreed with the engine (asked once, on first use); throws <see cref="EngineApiVersionException"/>
    /// naming both ranges when there is none.
    /// </summary>
    public Task<EngineApiVersion> ApiVersionAsync(CancellationToken cancellationToken) => _transport.ApiVersionAsync(cancellationToken);

    /// <summary>True when something exists at <paramref name="path"/> (the engine socket).</summary>
    public static bool SocketExists(string path = DefaultSocketPath) => File.Exists(path);

    public void Dispose() => _http.Dispose();
}
