using System.Net;
using System.Net.Sockets;

namespace Berth.Dns;

/// <summary>
/// The resolver's UDP side, in place of ARSoft's transport (which handed every datagram through the thread pool twice
/// and armed a timer per send): a few threads, each blocked in recvfrom on the socket and answering what it received
/// before the next receive — so a local answer costs no thread-pool hop and no timer.
/// Blocking calls only: an async call would switch the socket to non-blocking mode and every receive would then wait
/// on the event loop. Questions the resolver must wait for (forwards) are sent when their answer comes, from there.
/// </summary>
internal sealed class UdpListener : IDisposable
{
    /// <summary>Room for any datagram: one too long for the buffer would arrive cut short and be misread.</summary>
    const int MaxDatagram = 65_535;

    readonly Socket _socket;
    readonly DatagramResponder _responder;
    readonly Action<Exception> _onError;
    readonly Thread[] _loops;
    volatile bool _disposed;

    /// <summary>Binds <paramref name="endpoint"/> (throws its <see cref="SocketException"/> when taken) and starts <paramref name="loops"/> receive loops.</summary>
    public UdpListener(IPEndPoint endpoint, DatagramResponder responder, Action<Exception> onError, int loops)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(endpoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _responder = responder;
        _onError = onError;
        _loops = new Thread[Math.Max(1, loops)];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = new Thread(Receive) { IsBackground = true, Name = $"dns udp {Endpoint} #{i}" };
            _loops[i].Start();
        }
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>One loop per processor: more only take turns on the same cores.</summary>
    public static int DefaultLoops => Math.Clamp(Environment.ProcessorCount, 1, 8);

    void Receive()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(MaxDatagram);
        var from = new SocketAddress(Endpoint.AddressFamily);
        var template = new IPEndPoint(Endpoint.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        SocketAddress? lastFrom = null;
        IPEndPoint? client = null;
        while (!_disposed)
        {
            int received;
            try
            {
                received = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_disposed)
                    return;
                continue; // e.g. an ICMP error reported on the socket: the next datagram is unaffected
            }
            // A stub resolver asks from one socket again and again: its endpoint is built once, not per query.
            if (client is null || !from.Equals(lastFrom))
            {
                client = (IPEndPoint)template.Create(from);
                lastFrom = client.Serialize();
            }
            var answer = _responder.AnswerAsync(new ArraySegment<byte>(buffer, 0, received), client.Address);
            if (answer.IsCompletedSuccessfully)
                Send(answer.Result, from);
            else
                _ = SendLaterAsync(answer, client);
        }
    }

    async Task SendLaterAsync(ValueTask<ArraySegment<byte>> answer, IPEndPoint client) => Send(await answer.ConfigureAwait(false), client.Serialize());

    void Send(ArraySegment<byte> answer, SocketAddress client)
    {
        if (answer.Count == 0)
            return;
        try
        {
            _socket.SendTo(answer.AsSpan(), SocketFlags.None, client);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (!_disposed)
                _onError(e); // the client is gone or the send buffer is full: it will ask again
        }
    }

    /// <summary>Whether every loop had ended when <see cref="Dispose"/> returned.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Closes the socket, which wakes every loop out of its receive (on Linux), and waits a while for them.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _socket.Dispose();
        var stopped = true;
        foreach (var loop in _loops)
            stopped &= loop.Join(TimeSpan.FromSeconds(5));
        Stopped = stopped;
    }
}
